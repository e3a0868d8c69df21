import { ComponentDialog, TextPrompt, WaterfallDialog, type WaterfallStepContext } from './dialog-library.js';
import { resolveChoice, type Choice } from './choices.js';
import { catalogOf } from './debtor.js';
import { handToHuman } from './handoff.js';
import { dialogIds } from './ids.js';
import type { PlanOptions } from './plan-dialog.js';
import { ask } from './prompting.js';
import type { DialogServices } from './services.js';
import { turnInfo } from './turn.js';

/** Hardship: an empathetic reply, then the smallest installments the policy allows or a person. */
export class HardshipDialog extends ComponentDialog {
  constructor(private readonly services: DialogServices) {
    super(dialogIds.hardship);
    this.addDialog(new TextPrompt(dialogIds.text));
    const steps = `${dialogIds.hardship}.steps`;
    this.addDialog(new WaterfallDialog(steps, [this.offer.bind(this), this.decide.bind(this)]));
    this.initialDialogId = steps;
  }

  private choices(step: WaterfallStepContext): Choice[] {
    const messages = catalogOf(step.context);
    return [
      { value: 'plan', title: messages.hardshipSmallestPlan, intents: ['payment_plan', 'affirm'] },
      { value: 'human', title: messages.choices.human, intents: ['human'] },
      { value: 'decline', title: messages.choices.decline, intents: ['deny', 'goodbye'] },
    ];
  }

  private async offer(step: WaterfallStepContext) {
    return ask(step, 'hardship.choice', catalogOf(step.context).hardship, {
      choices: this.choices(step),
      answers: ['payment_plan', 'hardship', 'human', 'deny'],
    });
  }

  private async decide(step: WaterfallStepContext) {
    const picked = resolveChoice(String(step.result ?? ''), this.choices(step), turnInfo(step.context).recognition.intent);
    if (picked?.value === 'plan') return step.replaceDialog(dialogIds.plan, { request: {}, lowest: true } satisfies PlanOptions);
    if (picked?.value === 'human') {
      await handToHuman(step.context, this.services, 'hardship');
      return step.endDialog();
    }
    await step.context.sendActivity(catalogOf(step.context).planDeclined);
    return step.endDialog();
  }
}
