import { ComponentDialog, TextPrompt, WaterfallDialog, type WaterfallStepContext } from './dialog-library.js';
import { disputeCategories, openDispute, type DisputeCategory } from '../ledger/index.js';
import { accountChoiceSteps, chosenAccount } from './account-choice.js';
import { resolveChoice, type Choice } from './choices.js';
import { catalogOf, debtorActor, sendDisclosing, turnKey } from './debtor.js';
import { handToHuman } from './handoff.js';
import { dialogIds } from './ids.js';
import { ask } from './prompting.js';
import type { DialogServices } from './services.js';
import { turnInfo } from './turn.js';

/** Options of DisputeDialog: the debtor's words that opened it ("no es mía" already names the reason). */
export interface DisputeOptions {
  readonly text?: string;
}

interface DisputeValues {
  category?: DisputeCategory;
  firstWords?: string;
}

/** Folded phrases that name each reason, in both languages, as people write them. */
const categoryKeywords: Readonly<Record<DisputeCategory, readonly string[]>> = {
  not_mine: [
    'no es mia',
    'no es mio',
    'no es mi deuda',
    'no reconozco',
    'no la reconozco',
    'no lo reconozco',
    'desconozco',
    'not mine',
    'not my debt',
    'isn t mine',
    'dont recognize',
    'don t recognize',
    'do not recognize',
  ],
  amount_wrong: [
    'de mas',
    'monto esta mal',
    'monto incorrecto',
    'mal el monto',
    'cobran mas',
    'cobrando mas',
    'wrong amount',
    'amount is wrong',
    'too much',
    'overcharged',
    'overcharging',
    'overcharge',
  ],
  already_paid: ['ya la pague', 'ya lo pague', 'ya pague', 'ya la cancele', 'already paid', 'paid it', 'paid this'],
  fraud: ['fraude', 'fraudulenta', 'robaron', 'robo', 'suplantacion', 'suplantaron', 'estafa', 'fraud', 'identity theft', 'stolen', 'scam'],
  other: [],
};

/** A dispute: the reason and the debtor's own words; the account goes on hold and the case to a person, with a reference. */
export class DisputeDialog extends ComponentDialog {
  constructor(private readonly services: DialogServices) {
    super(dialogIds.dispute);
    this.addDialog(new TextPrompt(dialogIds.text));
    const steps = `${dialogIds.dispute}.steps`;
    this.addDialog(
      new WaterfallDialog(steps, [
        ...accountChoiceSteps(
          services,
          (account) => account.status === 'active' || account.status === 'on_hold',
          async (step) => {
            await sendDisclosing(step.context, catalogOf(step.context).noAccounts);
          },
        ),
        this.askCategory.bind(this),
        this.askText.bind(this),
        this.record.bind(this),
      ]),
    );
    this.initialDialogId = steps;
  }

  private categoryChoices(step: WaterfallStepContext): Choice[] {
    const labels = catalogOf(step.context).disputeCategories;
    return disputeCategories.map((category) => ({
      value: category,
      title: labels[category],
      keywords: categoryKeywords[category],
      ...(category === 'already_paid' ? { intents: ['already_paid' as const] } : {}),
    }));
  }

  /** Asks the reason, unless the words that opened the dispute already name it. */
  private async askCategory(step: WaterfallStepContext) {
    const opening = (step.options as DisputeOptions | undefined)?.text ?? '';
    const named = opening
      ? resolveChoice(
          opening,
          this.categoryChoices(step).filter((choice) => (choice.keywords ?? []).length > 0),
          null,
          false,
        )
      : undefined;
    if (named) {
      (step.values as DisputeValues).firstWords = opening;
      return step.next(named.title);
    }
    return ask(step, 'dispute.category', catalogOf(step.context).askDisputeCategory, {
      choices: this.categoryChoices(step),
      answers: ['dispute', 'already_paid', 'deny'],
    });
  }

  private async askText(step: WaterfallStepContext) {
    const picked = resolveChoice(String(step.result ?? ''), this.categoryChoices(step), turnInfo(step.context).recognition.intent);
    const values = step.values as DisputeValues;
    values.category = (picked?.value as DisputeCategory | undefined) ?? 'other';
    if (!picked) values.firstWords = String(step.result ?? '');
    return ask(step, 'dispute.text', catalogOf(step.context).askDisputeText, { raw: true });
  }

  private async record(step: WaterfallStepContext) {
    const account = await chosenAccount(this.services, step);
    if (!account) return step.endDialog();
    const values = step.values as DisputeValues;
    const text = [values.firstWords, String(step.result ?? '')].filter(Boolean).join('\n');
    const { dispute } = await openDispute(turnInfo(step.context).ledger, {
      idempotencyKey: turnKey(step.context, 'dispute'),
      accountId: account.id,
      category: values.category ?? 'other',
      text,
      actor: debtorActor(step.context),
    });
    await handToHuman(step.context, this.services, 'dispute', catalogOf(step.context).disputeRecorded(dispute.reference));
    return step.endDialog(dispute);
  }
}
