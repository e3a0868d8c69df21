import type { Activity } from 'botbuilder';
import { ComponentDialog, WaterfallDialog, type DialogContext, type DialogTurnResult, type WaterfallStepContext } from 'botbuilder-dialogs';
import { recordOptOut } from '../ledger/index.js';
import type { Intent } from '../nlu/types.js';
import { AlreadyPaidDialog } from './already-paid-dialog.js';
import { sendBalance } from './balance.js';
import { resolveChoice, withChoices, type Choice } from './choices.js';
import { catalogOf } from './debtor.js';
import { DisputeDialog } from './dispute-dialog.js';
import { handToHuman } from './handoff.js';
import { HardshipDialog } from './hardship-dialog.js';
import { dialogIds } from './ids.js';
import type { Catalog } from './messages/index.js';
import { PayFullDialog } from './pay-full-dialog.js';
import { PlanDialog } from './plan-dialog.js';
import { PromiseDialog } from './promise-dialog.js';
import type { DialogServices } from './services.js';
import { turnInfo } from './turn.js';
import { VerifyDialog } from './verify-dialog.js';

/** Intents that need a verified debtor, because answering them discloses something about a debt. */
const disclosingIntents: ReadonlySet<Intent> = new Set(['balance', 'pay_full', 'payment_plan', 'promise_to_pay', 'already_paid', 'dispute', 'hardship']);

/** Intents that interrupt whatever dialog is running, with the confidence they need. */
const interruptions: ReadonlyMap<Intent, number> = new Map([
  ['human', 0.7],
  ['opt_out', 0.7],
  ['wrong_person', 0.75],
  ['dispute', 0.85],
  ['balance', 0.85],
]);

/** Intents with consequences (a handoff, an opt-out, a hold) need this much confidence; others need `minimumScore`. */
const consequentialIntents: ReadonlyMap<Intent, number> = new Map([
  ['human', 0.7],
  ['opt_out', 0.7],
  ['wrong_person', 0.7],
  ['dispute', 0.7],
]);
const minimumScore = 0.45;

/** The intent the bot acts on: the NLU's proposal when confident enough, else `none` (the bot asks instead of guessing). */
export function actionableIntent(intent: Intent, score: number): Intent {
  return score >= (consequentialIntents.get(intent) ?? minimumScore) ? intent : 'none';
}

/** The main menu: the same options whatever the channel. */
export function menuChoices(messages: Catalog): Choice[] {
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

/** The greeting with the short menu (the main options and a person). */
export function greetingMessage(messages: Catalog, lenderName: string): Partial<Activity> {
  const choices = menuChoices(messages);
  return withChoices(messages.greeting(lenderName), [...choices.slice(0, 4), ...choices.slice(-1)]);
}

interface RouteOptions {
  readonly intent?: Intent;
}

/**
 * The conversation's root: understands what the debtor wants, verifies identity before anything
 * is disclosed, and starts the dialog for the intent; "a person", "stop" and "wrong person" interrupt any dialog.
 */
export class MainDialog extends ComponentDialog {
  constructor(private readonly services: DialogServices) {
    super(dialogIds.main);
    this.addDialog(new WaterfallDialog(dialogIds.route, [this.understand.bind(this), this.dispatch.bind(this)]));
    this.addDialog(new VerifyDialog(services));
    this.addDialog(new PayFullDialog(services));
    this.addDialog(new PlanDialog(services));
    this.addDialog(new PromiseDialog(services));
    this.addDialog(new AlreadyPaidDialog(services));
    this.addDialog(new DisputeDialog(services));
    this.addDialog(new HardshipDialog(services));
    this.initialDialogId = dialogIds.route;
  }

  protected override async onContinueDialog(innerDc: DialogContext): Promise<DialogTurnResult> {
    const info = turnInfo(innerDc.context);
    const text = innerDc.context.activity.text ?? '';
    const menuIntent = resolveChoice(text, menuChoices(catalogOf(innerDc.context)).slice(-1), null, false)?.value as Intent | undefined;
    const { intent, score } = info.recognition;
    // While identity data or a free-text answer is expected, only a clear "a person" / "stop" interrupts.
    const awaitingRaw = info.memory.awaitingRawInput === true;
    const threshold = awaitingRaw ? (intent === 'human' || intent === 'opt_out' ? 0.9 : undefined) : interruptions.get(intent);
    const rawInputGuard = awaitingRaw && /\d/.test(text);
    if (menuIntent || (threshold !== undefined && score >= threshold && !rawInputGuard)) {
      info.memory.awaitingRawInput = false;
      await innerDc.cancelAllDialogs();
      return innerDc.beginDialog(dialogIds.route, { intent: menuIntent ?? intent } satisfies RouteOptions);
    }
    return super.onContinueDialog(innerDc);
  }

  /** Picks the intent (a menu option, or the NLU's proposal) and verifies identity first when it discloses. */
  private async understand(step: WaterfallStepContext) {
    const info = turnInfo(step.context);
    const text = step.context.activity.text ?? '';
    const fromMenu = resolveChoice(text, menuChoices(catalogOf(step.context)), null)?.value as Intent | undefined;
    const intent = (step.options as RouteOptions | undefined)?.intent ?? fromMenu ?? actionableIntent(info.recognition.intent, info.recognition.score);
    (step.values as { intent?: Intent }).intent = intent;
    if (disclosingIntents.has(intent) && !info.memory.verified) return step.beginDialog(dialogIds.verify);
    return step.next(info.memory.verified);
  }

  /** Starts the dialog for the intent, or answers directly. */
  private async dispatch(step: WaterfallStepContext) {
    const info = turnInfo(step.context);
    const intent = (step.values as { intent?: Intent }).intent ?? 'none';
    const messages = catalogOf(step.context);
    const { entities } = info.recognition;
    const text = step.context.activity.text ?? '';
    if (disclosingIntents.has(intent) && !info.memory.verified) return step.endDialog();
    if (intent !== 'none') info.memory.misses = 0;
    const channelUser = { channel: info.channel, channelUserId: info.channelUserId };
    switch (intent) {
      case 'balance':
        await sendBalance(step.context, this.services);
        return step.endDialog();
      case 'pay_full':
        return step.replaceDialog(dialogIds.payFull, { text });
      case 'payment_plan':
        return step.replaceDialog(dialogIds.plan, { text, entities });
      case 'promise_to_pay':
        return step.replaceDialog(dialogIds.promise, { entities });
      case 'already_paid':
        return step.replaceDialog(dialogIds.alreadyPaid);
      case 'dispute':
        return step.replaceDialog(dialogIds.dispute);
      case 'hardship':
        return step.replaceDialog(dialogIds.hardship);
      case 'human':
        await handToHuman(step.context, this.services, 'human');
        return step.endDialog();
      case 'opt_out':
        await recordOptOut(this.services.ledger, channelUser, 'opt_out', info.memory.verified?.debtorId ?? null, this.services.now());
        await step.context.sendActivity(messages.optOutConfirmed);
        return step.endDialog();
      case 'wrong_person':
        await recordOptOut(this.services.ledger, channelUser, 'wrong_person', null, this.services.now());
        delete info.memory.verified;
        await step.context.sendActivity(messages.wrongPerson);
        return step.endDialog();
      case 'payment_methods':
        await step.context.sendActivity(messages.paymentMethods(this.services.paymentMethods(info.memory.verified?.country ?? null, info.language)));
        return step.endDialog();
      case 'goodbye':
        await step.context.sendActivity(messages.goodbye);
        return step.endDialog();
      case 'greet':
        await step.context.sendActivity(greetingMessage(messages, this.services.lenderName));
        return step.endDialog();
      case 'help':
      case 'affirm':
        await step.context.sendActivity(withChoices(`${messages.help}\n\n${messages.menuTitle}`, menuChoices(messages)));
        return step.endDialog();
      default:
        return this.notUnderstood(step, messages);
    }
  }

  private async notUnderstood(step: WaterfallStepContext, messages: Catalog) {
    const memory = turnInfo(step.context).memory;
    memory.misses = (memory.misses ?? 0) + 1;
    if (memory.misses >= 2) {
      memory.misses = 0;
      await step.context.sendActivity(withChoices(messages.notUnderstoodAgain, menuChoices(messages)));
    } else {
      await step.context.sendActivity(messages.notUnderstood);
    }
    return step.endDialog();
  }
}
