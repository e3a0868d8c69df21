import type { TurnContext } from 'botbuilder-core';
import { daysBetween } from '../lib/calendar.js';
import type { AccountView } from '../ledger/index.js';
import { withChoices, type Choice } from './choices.js';
import { accountsAtTurnStart, catalogOf, debtorToday, sendDisclosing, verifiedDebtor } from './debtor.js';
import { money, productName, referenceTail } from './format.js';
import type { Catalog } from './messages/index.js';
import { menuOptions } from './prompting.js';
import type { DialogServices } from './services.js';
import { turnInfo } from './turn.js';

function statusText(account: AccountView, todayIso: string, messages: Catalog): string {
  if (account.status === 'on_hold') return messages.accountStatus.onHold;
  if (account.status === 'settled') return messages.accountStatus.settled;
  if (account.status === 'closed') return messages.accountStatus.closed;
  const days = daysBetween(account.dueDateIso, todayIso);
  return days > 0 ? messages.accountStatus.pastDue(days) : messages.accountStatus.current;
}

/** The options offered after the balance: pay in full, plan, promise, talk to a person. */
export function nextStepChoices(messages: Catalog): Choice[] {
  const next = new Set(['pay_full', 'payment_plan', 'promise_to_pay', 'human']);
  return menuOptions(messages).filter((choice) => next.has(choice.value));
}

/** Tells the verified debtor the balance of each account, in its currency, and offers what to do next. */
export async function sendBalance(context: TurnContext, services: DialogServices): Promise<void> {
  const debtor = verifiedDebtor(context);
  const language = turnInfo(context).language;
  const messages = catalogOf(context);
  const accounts = await accountsAtTurnStart(context, debtor);
  if (accounts.length === 0) {
    await sendDisclosing(context, messages.noAccounts);
    return;
  }
  const today = debtorToday(services, debtor);
  const lines = accounts.map((account) =>
    messages.balanceLine(
      productName(account.product, language),
      referenceTail(account),
      money(account.balanceMinor, account.currency, language, debtor.country),
      statusText(account, today, messages),
    ),
  );
  const text = `${messages.balanceHeader(accounts.length)}\n${lines.join('\n')}`;
  const payable = accounts.some((account) => account.status === 'active' && account.balanceMinor > 0);
  await sendDisclosing(context, payable ? withChoices(`${text}\n\n${messages.whatNext}`, nextStepChoices(messages)) : text);
}
