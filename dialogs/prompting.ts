import type { Activity } from 'botbuilder-core';
import type { DialogTurnResult, WaterfallStepContext } from './dialog-library.js';
import type { Intent } from '../nlu/types.js';
import { withChoices, type Choice } from './choices.js';
import { catalogOf, sendDisclosing } from './debtor.js';
import { dialogIds } from './ids.js';
import { actionableIntent } from './intents.js';
import type { Catalog } from './messages/index.js';
import { turnInfo } from './turn.js';

/** A step asks the same question at most this many times in a row. */
export const maxAsks = 3;

/** How a question is asked: its options, which intents answer it, and whether it discloses debt information. */
export interface AskOptions {
  /** Options shown as buttons (or numbered); chosen by title, number, bound intent or keyword. */
  readonly choices?: readonly Choice[];
  /** Intents that answer this question rather than interrupt it (e.g. `payment_plan` for "how many installments?"). */
  readonly answers?: readonly Intent[];
  /** Raw data or free text is expected: only commands (menu, a person, stop, wrong person) interrupt. */
  readonly raw?: boolean;
  /** The question discloses something about a debt (the US disclosure goes first, once). */
  readonly disclosing?: boolean;
}

/** The commands offered with a question that was missed twice: the menu and a person. */
export function escapeChoices(messages: Catalog): Choice[] {
  return [
    { value: 'cmd:menu', title: messages.choices.menu },
    { value: 'cmd:human', title: messages.menu.human },
  ];
}

/**
 * Asks a question and waits for the answer (DESIGN §4). The question is remembered with what answers
 * it, so the main dialog knows what may interrupt it. Asked a second time in a row it is asked again;
 * the third time it also offers the menu and a person; it is never asked a fourth time: the menu is shown
 * instead (saying the bot did not understand, or, when the message was understood but was no answer, that the question
 * is let go) and the dialog ends.
 */
export async function ask(
  step: WaterfallStepContext,
  key: string,
  message: string | Partial<Activity>,
  options: AskOptions = {},
): Promise<DialogTurnResult> {
  const { memory, recognition } = turnInfo(step.context);
  const messages = catalogOf(step.context);
  const count = memory.prompt?.key === key ? memory.prompt.count + 1 : 1;
  if (count > maxAsks) {
    delete memory.prompt;
    // Understood but not an answer ("pago 200 mil" when the document is asked): the bot did not fail to understand.
    const understood = actionableIntent(recognition.intent, recognition.score) !== 'none';
    await step.context.sendActivity(
      withChoices(understood ? messages.questionDropped : messages.notUnderstoodAgain, menuOptions(messages)),
    );
    return step.endDialog();
  }
  const titles = (options.choices ?? []).map((choice) => choice.title);
  memory.prompt = {
    key,
    count,
    ...(titles.length > 0 ? { titles } : {}),
    ...(options.answers ? { answers: options.answers } : {}),
    ...(options.raw ? { raw: true } : {}),
  };
  const activity: Partial<Activity> = typeof message === 'string' ? { type: 'message', text: message } : { ...message };
  const choices = [...(options.choices ?? [])];
  if (count === maxAsks) {
    const shown = new Set(choices.map((choice) => choice.title));
    choices.push(...escapeChoices(messages).filter((choice) => !shown.has(choice.title)));
  }
  const question = choices.length > 0 ? withChoices(activity.text ?? '', choices) : activity;
  if (options.disclosing) await sendDisclosing(step.context, question);
  else await step.context.sendActivity(question);
  return step.prompt(dialogIds.text, {});
}

/** The full menu of what the bot can do (its titles select the intents). */
export function menuOptions(messages: Catalog): Choice[] {
  return [
    { value: 'balance', title: messages.menu.balance },
    { value: 'pay_full', title: messages.menu.payFull },
    { value: 'payment_plan', title: messages.menu.plan },
    { value: 'promise_to_pay', title: messages.menu.promise },
    { value: 'already_paid', title: messages.menu.alreadyPaid },
    { value: 'dispute', title: messages.menu.dispute },
    { value: 'payment_methods', title: messages.menu.methods },
    { value: 'human', title: messages.menu.human },
  ];
}
