import { ComponentDialog, TextPrompt, WaterfallDialog, type WaterfallStepContext } from './dialog-library.js';
import { addDays } from '../lib/calendar.js';
import { matchPaymentClaim, recordedPaymentFor, recordPaymentClaim } from '../ledger/index.js';
import { accountChoiceSteps, chosenAccount } from './account-choice.js';
import { amountFromReply, amountOfEntity, amountProblemText } from './amount-input.js';
import type { Amount, Entities } from '../nlu/types.js';
import { catalogOf, debtorActor, debtorToday, sendDisclosing, turnKey, verifiedDebtor } from './debtor.js';
import { longDate, money } from './format.js';
import { dialogIds } from './ids.js';
import { ask } from './prompting.js';
import type { DialogServices } from './services.js';
import { turnInfo } from './turn.js';

/**
 * The day a payment was made: the NLU already reads dates backwards for payments (DESIGN §5), so this
 * only guards the ledger: a day after today is never recorded as a payment date.
 */
function paidOn(dateIso: string, todayIso: string): string | null {
  return dateIso <= todayIso ? dateIso : null;
}

/** Options of AlreadyPaidDialog: what the opening message already said ("ya pagué 50 lucas ayer"). */
export interface AlreadyPaidOptions {
  readonly entities?: Entities;
}

interface AlreadyPaidValues {
  paidOnIso?: string | null;
  amount?: Amount;
}

/** "I already paid": asks when and how much (only what the debtor did not already say), and records a claim for an agent to check. */
export class AlreadyPaidDialog extends ComponentDialog {
  constructor(private readonly services: DialogServices) {
    super(dialogIds.alreadyPaid);
    this.addDialog(new TextPrompt(dialogIds.text));
    const steps = `${dialogIds.alreadyPaid}.steps`;
    this.addDialog(
      new WaterfallDialog(steps, [
        ...accountChoiceSteps(
          services,
          (account) => account.status !== 'closed',
          async (step) => {
            await sendDisclosing(step.context, catalogOf(step.context).noAccounts);
          },
        ),
        this.askDate.bind(this),
        this.askAmount.bind(this),
        this.record.bind(this),
      ]),
    );
    this.initialDialogId = steps;
  }

  private async askDate(step: WaterfallStepContext) {
    const values = step.values as AlreadyPaidValues;
    const entities = (step.options as AlreadyPaidOptions | undefined)?.entities;
    const today = debtorToday(this.services, verifiedDebtor(step.context));
    if (entities?.amount) values.amount = entities.amount;
    if (entities?.date) {
      values.paidOnIso = paidOn(entities.date, today);
      return step.next();
    }
    return ask(step, 'alreadyPaid.date', catalogOf(step.context).askPaidDate, { answers: ['already_paid'] });
  }

  private async askAmount(step: WaterfallStepContext) {
    const info = turnInfo(step.context);
    const values = step.values as AlreadyPaidValues;
    if (values.paidOnIso === undefined) {
      const date = info.recognition.entities.date;
      values.paidOnIso = date ? paidOn(date, debtorToday(this.services, verifiedDebtor(step.context))) : null;
      if (!values.amount && info.recognition.entities.amount) values.amount = info.recognition.entities.amount;
    }
    if (values.amount) return step.next();
    return ask(step, 'alreadyPaid.amount', catalogOf(step.context).askPaidAmount, { answers: ['already_paid'] });
  }

  private async record(step: WaterfallStepContext) {
    const account = await chosenAccount(this.services, step);
    if (!account) return step.endDialog();
    const info = turnInfo(step.context);
    const values = step.values as AlreadyPaidValues;
    const reading = values.amount
      ? amountOfEntity(values.amount, account.currency)
      : amountFromReply(String(step.result ?? ''), info.recognition.entities.amount, account.currency);
    if (reading && !reading.ok)
      await step.context.sendActivity(amountProblemText(reading.problem, catalogOf(step.context), account.currency));
    const amountMinor = reading?.ok ? reading.amountMinor : null;
    const { claimId } = await recordPaymentClaim(info.ledger, {
      idempotencyKey: turnKey(step.context, 'paid-claim'),
      accountId: account.id,
      amountMinor,
      paidOnIso: values.paidOnIso ?? null,
      actor: debtorActor(step.context),
    });
    // A payment the ledger already applied (through a pay link, a provider, the bank file) answers the claim at once.
    const debtor = verifiedDebtor(step.context);
    const sinceIso = values.paidOnIso ?? addDays(debtorToday(this.services, debtor), -7);
    const recorded = await recordedPaymentFor(info.ledger, { accountId: account.id, sinceIso, amountMinor });
    if (!recorded) {
      await step.context.sendActivity(catalogOf(step.context).paidClaimRecorded);
      return step.endDialog();
    }
    await matchPaymentClaim(info.ledger, { claimId, paymentId: recorded.id, actor: { type: 'system', id: 'already-paid' } });
    const now = await chosenAccount(this.services, step);
    const format = (minor: number) => money(minor, account.currency, info.language, debtor.country);
    await sendDisclosing(
      step.context,
      catalogOf(step.context).paymentAlreadyRecorded(
        format(recorded.amountMinor),
        longDate(recorded.paidOnIso, info.language),
        format(now?.balanceMinor ?? account.balanceMinor),
      ),
    );
    return step.endDialog();
  }
}
