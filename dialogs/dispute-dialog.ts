import { ComponentDialog, TextPrompt, WaterfallDialog, type WaterfallStepContext } from 'botbuilder-dialogs';
import { disputeCategories, openDispute, type DisputeCategory } from '../ledger/index.js';
import { accountChoiceSteps, chosenAccount } from './account-choice.js';
import { resolveChoice, withChoices, type Choice } from './choices.js';
import { catalogOf, debtorActor, sendDisclosing, turnKey } from './debtor.js';
import { handToHuman } from './handoff.js';
import { dialogIds } from './ids.js';
import type { DialogServices } from './services.js';
import { turnInfo } from './turn.js';

/** A dispute: the reason and the debtor's own words; the account goes on hold and the case to a person, with a reference. */
export class DisputeDialog extends ComponentDialog {
  constructor(private readonly services: DialogServices) {
    super(dialogIds.dispute);
    this.addDialog(new TextPrompt(dialogIds.text));
    const steps = `${dialogIds.dispute}.steps`;
    this.addDialog(
      new WaterfallDialog(steps, [
        ...accountChoiceSteps(services, (account) => account.status === 'active' || account.status === 'on_hold', async (step) => {
          await sendDisclosing(step.context, catalogOf(step.context).noAccounts);
        }),
        this.askCategory.bind(this),
        this.askText.bind(this),
        this.record.bind(this),
      ]),
    );
    this.initialDialogId = steps;
  }

  private categoryChoices(step: WaterfallStepContext): Choice[] {
    const labels = catalogOf(step.context).disputeCategories;
    return disputeCategories.map((category) => ({ value: category, title: labels[category], ...(category === 'already_paid' ? { intents: ['already_paid' as const] } : {}) }));
  }

  private async askCategory(step: WaterfallStepContext) {
    await step.context.sendActivity(withChoices(catalogOf(step.context).askDisputeCategory, this.categoryChoices(step)));
    return step.prompt(dialogIds.text, {});
  }

  private async askText(step: WaterfallStepContext) {
    const picked = resolveChoice(String(step.result ?? ''), this.categoryChoices(step), turnInfo(step.context).recognition.intent);
    const values = step.values as { category?: DisputeCategory; firstWords?: string };
    values.category = (picked?.value as DisputeCategory | undefined) ?? 'other';
    if (!picked) values.firstWords = String(step.result ?? '');
    turnInfo(step.context).memory.awaitingRawInput = true;
    return step.prompt(dialogIds.text, { prompt: catalogOf(step.context).askDisputeText });
  }

  private async record(step: WaterfallStepContext) {
    const info = turnInfo(step.context);
    info.memory.awaitingRawInput = false;
    const account = await chosenAccount(this.services, step);
    if (!account) return step.endDialog();
    const values = step.values as { category?: DisputeCategory; firstWords?: string };
    const text = [values.firstWords, String(step.result ?? '')].filter(Boolean).join('\n');
    const { dispute } = await openDispute(this.services.ledger, {
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
