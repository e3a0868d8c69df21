import type { WaterfallStep, WaterfallStepContext } from './dialog-library.js';
import { listAccounts, type AccountView } from '../ledger/index.js';
import { currenciesNamed, fold, type Language } from '../nlu/index.js';
import { resolveChoice } from './choices.js';
import { catalogOf, verifiedDebtor } from './debtor.js';
import { accountLabel, referenceTail } from './format.js';
import { dialogIds } from './ids.js';
import { ask } from './prompting.js';
import type { DialogServices } from './services.js';
import { turnInfo } from './turn.js';

/** The waterfall values where the chosen account is kept. */
export interface AccountStepValues {
  accountId?: string;
  candidates?: string[];
}

/** The account chosen by accountChoiceSteps. */
export async function chosenAccount(services: DialogServices, step: WaterfallStepContext): Promise<AccountView | undefined> {
  const values = step.values as AccountStepValues;
  const accounts = await listAccounts(services.ledger, verifiedDebtor(step.context).debtorId);
  return accounts.find((account) => account.id === values.accountId);
}

/**
 * The one account among `accounts` that `text` names by a currency no other account has ("la de dólares", "the peso
 * one") or, in an answer to "which account?" (`answer`), by its last digits ("la terminada en 0001"); undefined when it
 * names none or more than one. In a request the digits are left alone: "quiero pagar 1000" names an amount.
 */
export function accountNamedIn(
  text: string,
  accounts: readonly AccountView[],
  { language, country, answer }: { readonly language: Language; readonly country: string; readonly answer: boolean },
): AccountView | undefined {
  const folded = fold(text);
  const digits = new Set(answer ? (folded.match(/\d{3,}/g) ?? []) : []);
  const byDigits = accounts.filter((account) => digits.has(referenceTail(account)));
  if (byDigits.length === 1) return byDigits[0];
  const currencies = currenciesNamed(folded, language, country);
  const byCurrency = accounts.filter((account) => currencies.includes(account.currency));
  return byCurrency.length === 1 && byDigits.length === 0 ? byCurrency[0] : undefined;
}

/**
 * Two waterfall steps that pick the account to act on: the only eligible one, or the one the debtor
 * chooses from a list. With none eligible, `onNone` answers and the dialog ends.
 */
export function accountChoiceSteps(
  services: DialogServices,
  eligible: (account: AccountView) => boolean,
  onNone: (step: WaterfallStepContext, accounts: AccountView[]) => Promise<void>,
): WaterfallStep[] {
  return [
    async (step) => {
      const values = step.values as AccountStepValues;
      const debtor = verifiedDebtor(step.context);
      const accounts = await listAccounts(services.ledger, debtor.debtorId);
      const { accountId: carried, text } = (step.options ?? {}) as { accountId?: string; text?: string };
      const language = turnInfo(step.context).language;
      const eligibleAccounts = accounts.filter((account) => eligible(account) && (!carried || account.id === carried));
      // "quiero pagar la tarjeta en dólares": the request already names the account.
      const named =
        text && eligibleAccounts.length > 1
          ? accountNamedIn(text, eligibleAccounts, { language, country: debtor.country, answer: false })
          : undefined;
      const candidates = named ? [named] : eligibleAccounts;
      if (candidates.length === 0) {
        await onNone(step, accounts);
        return step.endDialog();
      }
      if (candidates.length === 1) {
        values.accountId = candidates[0]?.id;
        return step.next();
      }
      values.candidates = candidates.map((account) => account.id);
      const choices = candidates.map((account) => ({ value: account.id, title: accountLabel(account, language, debtor.country) }));
      return ask(step, 'account', catalogOf(step.context).chooseAccount, { choices, disclosing: true });
    },
    async (step) => {
      const values = step.values as AccountStepValues;
      if (values.accountId) return step.next();
      const debtor = verifiedDebtor(step.context);
      const language = turnInfo(step.context).language;
      const accounts = (await listAccounts(services.ledger, debtor.debtorId)).filter((account) => values.candidates?.includes(account.id));
      const choices = accounts.map((account) => ({ value: account.id, title: accountLabel(account, language, debtor.country) }));
      const reply = String(step.result ?? '');
      const picked =
        resolveChoice(reply, choices, null)?.value ??
        accountNamedIn(reply, accounts, { language, country: debtor.country, answer: true })?.id;
      if (!picked) return step.replaceDialog(step.activeDialog?.id ?? dialogIds.main, step.options);
      values.accountId = picked;
      return step.next();
    },
  ];
}
