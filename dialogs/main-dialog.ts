import type { Activity } from 'botbuilder-core';
import {
  ComponentDialog,
  WaterfallDialog,
  type DialogContext,
  type DialogTurnResult,
  type WaterfallStepContext,
} from './dialog-library.js';
import { dateInTimeZone } from '../lib/calendar.js';
import { recordOptOut, revokeChannelLink } from '../ledger/index.js';
import type { Entities, Intent } from '../nlu/types.js';
import { AlreadyPaidDialog } from './already-paid-dialog.js';
import { sendBalance } from './balance.js';
import { foldReply, selectOffered, withChoices } from './choices.js';
import { commandIntent, commandOf, type Command } from './commands.js';
import { catalogOf } from './debtor.js';
import { DisputeDialog } from './dispute-dialog.js';
import { handToHuman } from './handoff.js';
import { HardshipDialog } from './hardship-dialog.js';
import { findVolunteeredIdentity } from './identity-input.js';
import { dialogIds } from './ids.js';
import { actionableIntent, disclosingIntents, interruptingIntents } from './intents.js';
import type { Catalog } from './messages/index.js';
import { PayFullDialog } from './pay-full-dialog.js';
import { PlanDialog } from './plan-dialog.js';
import { PromiseDialog } from './promise-dialog.js';
import { escapeChoices, menuOptions } from './prompting.js';
import { offerNextDue } from './pay-now.js';
import type { DialogServices } from './services.js';
import { turnInfo, type TurnInfo } from './turn.js';
import { VerifyDialog } from './verify-dialog.js';

/** Options of the route: the intent to act on, when it is already known (a command, a menu option, a restart). */
export interface RouteOptions {
  readonly intent?: Intent;
  /** What the message that started the flow carried, when the flow starts again (after a language switch). */
  readonly entities?: Entities;
  /** The words of that message. */
  readonly words?: string;
}

/** The greeting with the short menu (the main options and a person). */
export function greetingMessage(messages: Catalog, lenderName: string): Partial<Activity> {
  const choices = menuOptions(messages);
  return withChoices(messages.greeting(lenderName), [...choices.slice(0, 4), ...choices.slice(-1)]);
}

/** The intent a shown option stands for, when it is one of the menu's options or an escape command. */
function optionIntent(title: string, messages: Catalog): Intent | Command | undefined {
  const folded = foldReply(title);
  const escape = escapeChoices(messages).find((choice) => foldReply(choice.title) === folded);
  if (escape) return escape.value === 'cmd:menu' ? 'menu' : 'human';
  return menuOptions(messages).find((choice) => foldReply(choice.title) === folded)?.value as Intent | undefined;
}

/** What the route remembers between its two steps: the intent, and the debtor's own words (none when an option was picked). */
interface RouteValues {
  intent?: Intent;
  words?: string;
  entities?: Entities;
}

/** Requests a message carrying identity data may also make ("mi rut es …, quiero un plan"); its numbers are identity, never amounts or dates. */
const requestsBesideIdentity: ReadonlySet<Intent> = new Set(['balance', 'payment_plan', 'pay_full', 'dispute', 'hardship']);

/** What to do with a message that arrives while a question is open. */
type Interruption = { readonly kind: 'answer' } | { readonly kind: 'route'; readonly intent: Intent };

/**
 * Decides whether a message answers the open question or interrupts it (DESIGN §4): an option shown
 * (typed or pressed, by title or number) or an intent the question accepts is an answer and wins;
 * then the commands (menu, a person, stop, wrong person) interrupt any question; then a clear top-level
 * request interrupts questions that do not expect raw data.
 */
function interruption(info: TurnInfo, text: string, messages: Catalog): Interruption {
  const selected = selectOffered(text, info.offered);
  if (selected && info.memory.prompt?.titles?.includes(selected.title)) return { kind: 'answer' };
  if (selected) {
    const intent = optionIntent(selected.title, messages);
    if (intent === 'menu' || intent === 'human') return { kind: 'route', intent: commandIntent(intent) };
    return { kind: 'answer' };
  }
  const prompt = info.memory.prompt;
  const { intent, score } = info.recognition;
  const command = commandOf(text, info.recognition, messages);
  if (command === 'menu') return { kind: 'route', intent: commandIntent(command) };
  if (prompt?.answers?.includes(intent)) return { kind: 'answer' };
  if (command) return { kind: 'route', intent: commandIntent(command) };
  const needed = interruptingIntents.get(intent);
  const hasWords = /\p{L}{2,}/u.test(text);
  if (!prompt?.raw && hasWords && needed !== undefined && score >= needed) return { kind: 'route', intent };
  return { kind: 'answer' };
}

/**
 * The conversation's root: understands what the debtor wants, verifies identity before anything
 * is disclosed (taking identity data the debtor volunteers), and starts the dialog for the intent;
 * commands and clear requests interrupt any dialog, but never an option the debtor picked.
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
    const decision = interruption(info, innerDc.context.activity.text ?? '', catalogOf(innerDc.context));
    if (decision.kind === 'route') {
      delete info.memory.prompt;
      await innerDc.cancelAllDialogs();
      return innerDc.beginDialog(dialogIds.route, { intent: decision.intent } satisfies RouteOptions);
    }
    return super.onContinueDialog(innerDc);
  }

  /** Picks the intent (a shown option, a command, identity data, or the NLU's proposal) and verifies identity first when it discloses. */
  private async understand(step: WaterfallStepContext) {
    const info = turnInfo(step.context);
    const messages = catalogOf(step.context);
    const text = step.context.activity.text ?? '';
    const options = (step.options ?? {}) as RouteOptions;
    const given = options.intent;
    const selected = given ? undefined : selectOffered(text, info.offered);
    const option = selected ? optionIntent(selected.title, messages) : undefined;
    const command = given || option ? null : commandOf(text, info.recognition, messages);
    let intent: Intent =
      given ??
      (option === 'menu' ? 'help' : option) ??
      (command ? commandIntent(command) : actionableIntent(info.recognition.intent, info.recognition.score));
    let identityGiven = false;
    if (!info.memory.verified && !given && !option && !command) {
      const today = dateInTimeZone(this.services.now(), info.timezone);
      const volunteered = findVolunteeredIdentity(text, info.language, today);
      if (volunteered.documentNumber || volunteered.dateOfBirthIso) {
        identityGiven = true;
        info.memory.identity = { ...info.memory.identity, ...volunteered };
        intent = info.memory.pendingIntent ?? (requestsBesideIdentity.has(intent) && info.recognition.score >= 0.85 ? intent : 'balance');
      }
    }
    const values = step.values as RouteValues;
    values.intent = intent;
    values.words = options.words ?? (given || option || identityGiven ? '' : text);
    values.entities = options.entities ?? (identityGiven || option ? {} : info.recognition.entities);
    info.memory.flow = { intent, words: values.words, entities: values.entities };
    if (disclosingIntents.has(intent) && !info.memory.verified) {
      info.memory.pendingIntent = intent;
      return step.beginDialog(dialogIds.verify);
    }
    return step.next(info.memory.verified);
  }

  /** Starts the dialog for the intent, or answers directly. */
  private async dispatch(step: WaterfallStepContext) {
    const info = turnInfo(step.context);
    const values = step.values as RouteValues;
    const intent = (info.memory.verified ? info.memory.pendingIntent : undefined) ?? values.intent ?? 'none';
    const messages = catalogOf(step.context);
    const entities = values.entities ?? {};
    const text = values.words ?? '';
    if (disclosingIntents.has(intent) && !info.memory.verified) return step.endDialog();
    delete info.memory.pendingIntent;
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
        return step.replaceDialog(dialogIds.alreadyPaid, { entities });
      case 'dispute':
        return step.replaceDialog(dialogIds.dispute, { text });
      case 'hardship':
        return step.replaceDialog(dialogIds.hardship);
      case 'human':
        await handToHuman(step.context, this.services, 'human');
        return step.endDialog();
      case 'opt_out':
        await recordOptOut(info.ledger, channelUser, 'opt_out', info.memory.verified?.debtorId ?? null, this.services.now());
        await step.context.sendActivity(messages.optOutConfirmed);
        return step.endDialog();
      case 'wrong_person':
        await revokeChannelLink(info.ledger, channelUser, this.services.now());
        delete info.memory.verified;
        delete info.memory.identity;
        await step.context.sendActivity(messages.wrongPerson);
        return step.endDialog();
      case 'payment_methods':
        if (info.memory.verified && (await offerNextDue(step.context, this.services))) return step.endDialog();
        await step.context.sendActivity(
          messages.paymentMethods(this.services.paymentMethods(info.memory.verified?.country ?? null, info.language)),
        );
        return step.endDialog();
      case 'goodbye':
      case 'deny':
        await step.context.sendActivity(messages.goodbye);
        return step.endDialog();
      case 'greet':
        await step.context.sendActivity(greetingMessage(messages, this.services.lenderName));
        return step.endDialog();
      case 'help':
      case 'affirm':
        await step.context.sendActivity(withChoices(`${messages.help}\n\n${messages.menuTitle}`, menuOptions(messages)));
        return step.endDialog();
      default:
        return this.notUnderstood(step, messages);
    }
  }

  private async notUnderstood(step: WaterfallStepContext, messages: Catalog) {
    const info = turnInfo(step.context);
    info.notUnderstood = true;
    const memory = info.memory;
    memory.misses = (memory.misses ?? 0) + 1;
    if (memory.misses >= 2) {
      memory.misses = 0;
      await step.context.sendActivity(withChoices(messages.notUnderstoodAgain, menuOptions(messages)));
    } else {
      await step.context.sendActivity(messages.notUnderstood);
    }
    return step.endDialog();
  }
}
