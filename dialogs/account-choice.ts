import type { WaterfallStep, WaterfallStepContext } from './dialog-library.js';
import { listAccounts, type AccountView } from '../ledger/index.js';
import { resolveChoice } from './choices.js';
import { catalogOf, verifiedDebtor } from './debtor.js';
import { accountLabel } from './format.js';
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
      const carried = (step.options as { accountId?: string } | undefined)?.accountId;
      const candidates = accounts.filter((account) => eligible(account) && (!carried || account.id === carried));
      if (candidates.length === 0) {
        await onNone(step, accounts);
        return step.endDialog();
      }
      if (candidates.length === 1) {
        values.accountId = candidates[0]?.id;
        return step.next();
      }
      values.candidates = candidates.map((account) => account.id);
      const language = turnInfo(step.context).language;
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
      const picked = resolveChoice(String(step.result ?? ''), choices, null);
      if (!picked) return step.replaceDialog(step.activeDialog?.id ?? dialogIds.main, step.options);
      values.accountId = picked.value;
      return step.next();
    },
  ];
}
