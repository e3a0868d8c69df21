import { randomUUID } from 'node:crypto';
import { TestAdapter, type Activity, type TurnContext } from 'botbuilder-core';
import { AlwaysSavedConversationState } from '../../bot/always-saved-state.js';
import { afterAll, beforeAll } from 'vitest';
import { ConversationEvents } from '../../bot/conversation-events.js';
import { ConversationRecorder } from '../../bot/conversation-recorder.js';
import { DebtBot } from '../../bot/debt-bot.js';
import { demoPortfolioPath } from '../../server/demo-data.js';
import { LedgerStorage } from '../../bot/ledger-storage.js';
import { makeMetrics, turnMeterOf } from '../../server/metrics.js';
import { defaultPaymentMethods, paymentMethodsFor } from '../../server/payment-methods.js';
import { makeTurnErrorHandler, makeTurnLogic } from '../../bot/turn-runner.js';
import type { DialogServices } from '../../dialogs/services.js';
import { defaultPolicy, importPortfolio, stateStoreOf, type LedgerContext, type Policy, type SqlRunner } from '../../ledger/index.js';
import { makeRecognizer, type NluRecognizer } from '../../nlu/make-recognizer.js';
import type { Recognizer } from '../../nlu/types.js';
import { makeFixedRecognizer } from './fixed-recognizer.js';
import { testLogs } from './log-capture.js';
import { openTempDatabase, type TempDatabase } from './temp-database.js';

/** The fixed instant dialog tests run at: Monday 2026-11-23, 12:00 in Santiago. */
export const testNow = new Date('2026-11-23T15:00:00Z');

let sharedRecognizer: Promise<NluRecognizer> | undefined;

/** The real local recognizer, trained (or loaded from its cache) once per test process. */
export function localRecognizer(): Promise<NluRecognizer> {
  sharedRecognizer ??= makeRecognizer({ mode: 'local', logger: testLogs.logger('debug') });
  return sharedRecognizer;
}

/**
 * The NLU a harness runs with: `'fixed'` (the default) answers intents from a fixed phrase table with the real entity
 * extractors, for specs whose subject is the dialog; `'trained'` is the real {@link localRecognizer}, for specs where
 * understanding is part of what is tested; or any recognizer (e.g. one that fails).
 */
export type RecognizerChoice = 'fixed' | 'trained' | Recognizer;

/** Options of {@link makeBotHarness}: the NLU (default `'fixed'`) and the clock (default {@link testNow}). */
export interface BotHarnessOptions {
  readonly recognizer?: RecognizerChoice;
  readonly now?: () => Date;
  /** Wraps the ledger's SQL runner (e.g. to count the statements a turn runs). */
  readonly wrapSql?: (sql: SqlRunner) => SqlRunner;
  /** The reminder scheduler runs (default false). */
  readonly remindersOn?: boolean;
  /** The negotiation policy (default the built-in one). */
  readonly policy?: Policy;
  /** Opens a way to pay an agreed amount now (default absent: the bot lists how to pay). */
  readonly payNow?: DialogServices['payNow'];
  /** The ledger's database (default SQLite; PostgreSQL needs TEST_DATABASE_URL). */
  readonly provider?: 'sqlite' | 'postgresql';
}

/** The recognizer a choice stands for. */
async function recognizerFor(choice: RecognizerChoice): Promise<Recognizer> {
  if (choice === 'fixed') return makeFixedRecognizer();
  if (choice === 'trained') return localRecognizer();
  return choice;
}

/** A bot wired like production on a temporary ledger (SQLite unless told) loaded with the demo portfolio. */
export interface BotHarness {
  readonly database: TempDatabase;
  readonly ledger: LedgerContext;
  /** The live events the console would receive (every transcript line, as published). */
  readonly events: ConversationEvents;
  /** Opens a conversation as a new channel user; `locale` as a channel would send it; `channelId` (default "test") names the channel. */
  conversation(locale?: string, userId?: string, channelId?: string): TestConversation;
  destroy(): Promise<void>;
}

/** One debtor's conversation through botbuilder's TestAdapter. */
export interface TestConversation {
  readonly adapter: TestAdapter;
  readonly userId: string;
  readonly conversationId: string;
  /** Sends a message (or activity) and returns every reply of that turn. */
  say(message: string | Partial<Activity>): Promise<Partial<Activity>[]>;
  /** Like say, joined into one text. */
  ask(message: string | Partial<Activity>): Promise<string>;
}

/** Builds the harness; `recognizer` picks the NLU (see {@link RecognizerChoice}), `now` the fixed clock. */
export async function makeBotHarness(options: BotHarnessOptions = {}): Promise<BotHarness> {
  const database = await openTempDatabase(options.provider ?? 'sqlite');
  const imported = await importPortfolio(database, demoPortfolioPath, { todayIso: '2026-11-23' });
  if (!imported.ok) throw new Error('demo portfolio did not import');
  const sql = options.wrapSql ? options.wrapSql(database.sql) : database.sql;
  const ledger: LedgerContext = { prisma: database.prisma, sql, policy: options.policy ?? defaultPolicy };
  const recognizer = await recognizerFor(options.recognizer ?? 'fixed');
  const metrics = makeMetrics(() => ({}));
  const services: DialogServices = {
    ledger,
    recognizer,
    now: options.now ?? (() => testNow),
    lenderName: 'Banco Demo',
    paymentMethods: (country, language) => paymentMethodsFor(defaultPaymentMethods, country, language),
    verificationTtl: { sessionMinutes: 30, linkDays: 90 },
    remindersOn: options.remindersOn ?? false,
    ...(options.payNow ? { payNow: options.payNow } : {}),
    metrics: {
      agreementRecorded: (kind) => metrics.agreements.inc({ kind }),
      handoffRequested: (reason) => metrics.handoffs.inc({ reason }),
    },
  };
  const logger = testLogs.logger('debug');
  const storage = new LedgerStorage(stateStoreOf({ sql }));
  const conversationState = new AlwaysSavedConversationState(storage);
  const bot = new DebtBot(services, conversationState);
  const logic = makeTurnLogic(bot, turnMeterOf(metrics), 15_000, logger);
  const events = new ConversationEvents();
  return {
    database,
    ledger,
    events,
    conversation(locale = 'es-CL', userId = `user-${randomUUID()}`, channelId = 'test') {
      const conversationId = `conv-${randomUUID()}`;
      const adapter = new TestAdapter((context: TurnContext) => logic(context), { channelId, locale });
      adapter.locale = locale;
      adapter.conversation.conversation = { id: conversationId, isGroup: false, conversationType: 'personal', name: 'test' };
      adapter.conversation.user = { id: userId, name: 'Debtor', role: 'user' };
      adapter.use(new ConversationRecorder(ledger, logger, { conversationState, storage }, events));
      adapter.onTurnError = makeTurnErrorHandler(bot, turnMeterOf(metrics), logger);
      const say = async (message: string | Partial<Activity>) => {
        await adapter.receiveActivity(typeof message === 'string' ? message : { ...adapter.makeActivity(), ...message });
        const replies: Partial<Activity>[] = [];
        for (let reply = adapter.getNextReply(); reply; reply = adapter.getNextReply()) if (reply.type === 'message') replies.push(reply);
        return replies;
      };
      return {
        adapter,
        userId,
        conversationId,
        say,
        ask: async (message) => (await say(message)).map((reply) => reply.text ?? '').join('\n---\n'),
      };
    },
    destroy: () => database.destroy(),
  };
}

/** The titles of the suggested actions of a reply. */
export function buttonsOf(reply: Partial<Activity> | undefined): string[] {
  return (reply?.suggestedActions?.actions ?? []).map((action) => String(action.title));
}

/** A harness whose clock a test moves with `at`, opened before the file's tests and destroyed after them. */
export interface ClockedHarness {
  /** The harness (open inside tests). */
  readonly harness: () => BotHarness;
  /** Runs `action` with the clock at `instant`, then puts it back at `testNow`. */
  at<T>(instant: Date, action: () => Promise<T>): Promise<T>;
}

/** Opens a {@link ClockedHarness} for the enclosing test file, with the NLU `recognizer` picks (default `'fixed'`). */
export function useClockedHarness(recognizer: RecognizerChoice = 'fixed'): ClockedHarness {
  let clock = testNow;
  let opened: BotHarness | undefined;
  beforeAll(async () => {
    opened = await makeBotHarness({ recognizer, now: () => clock });
  });
  afterAll(async () => {
    await opened?.destroy();
  });
  return {
    harness: () => {
      if (!opened) throw new Error('the harness is not open (outside a test)');
      return opened;
    },
    async at(instant, action) {
      clock = instant;
      try {
        return await action();
      } finally {
        clock = testNow;
      }
    },
  };
}
