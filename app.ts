// The composition root (DESIGN §10.1): wires configuration, ledger, policy, NLU, bot, channels and
// the HTTP server. `start.ts` runs it; end-to-end tests start it on a random port.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConversationState } from 'botbuilder';
import type { Logger } from 'pino';
import type { BotAdapter } from 'botbuilder';
import { makeAgentConsole } from './adapters/agent-console/index.js';
import type { TelegramChannel } from './adapters/telegram/index.js';
import type { WhatsAppChannel, WhatsAppSocketFactory } from './adapters/whatsapp/index.js';
import { makeWebChat } from './adapters/webchat/index.js';
import { ChannelSenders } from './server/channel-senders.js';
import type { Config } from './server/config.js';
import { ConversationEvents } from './bot/conversation-events.js';
import { ConversationRecorder } from './bot/conversation-recorder.js';
import { DebtBot } from './bot/debt-bot.js';
import { loadDemoDataIfEmpty } from './server/demo-data.js';
import { makeHttpApp } from './server/http-app.js';
import { LedgerStorage } from './bot/ledger-storage.js';
import { makeMetrics, turnMeterOf } from './server/metrics.js';
import { loadPaymentMethods, paymentMethodsFor } from './server/payment-methods.js';
import { makeTurnErrorHandler, makeTurnLogic } from './bot/turn-runner.js';
import { watchUnansweredQueue } from './server/unanswered-queue.js';
import { makeOutboundGate } from './server/outbound-gate.js';
import { OutboundScheduler } from './server/outbound-scheduler.js';
import { paymentWebhookRouter } from './adapters/payments/webhook.js';
import { providerWebhookRouter } from './adapters/payments/provider-webhooks.js';
import { paymentPagesRouter } from './adapters/payments/simulator.js';
import { makePaymentProviders } from './server/payment-providers.js';
import { makePayNow } from './server/pay-now.js';
import { ReceiptSender } from './server/receipt-sender.js';
import { makeReadinessProbe } from './server/readiness.js';
import { scheduleTranscriptPurge } from './server/retention-job.js';
import type { DialogServices } from './dialogs/services.js';
import {
  claimSingleInstance,
  collectionMetrics,
  isDatabaseReachable,
  ledgerContextOf,
  loadContactRules,
  loadPolicy,
  openLedgerDatabase,
  stateStoreOf,
  type InstanceLock,
  type LedgerDatabase,
} from './ledger/index.js';
import { makeRecognizer, type Recognizer } from './nlu/index.js';
import { errorForLog } from './bot/log-scrub.js';

/** A running server. */
export interface RunningApp {
  /** Base URL, e.g. http://127.0.0.1:3978 */
  readonly url: string;
  readonly database: LedgerDatabase;
  readonly demoLoaded: boolean;
  readonly server: Server;
  close(): Promise<void>;
}

/** Test seams: a clock, a recognizer and a WhatsApp socket (and QR display) instead of the real ones. */
export interface AppOverrides {
  readonly now?: () => Date;
  readonly recognizer?: Recognizer;
  readonly whatsappSocketFactory?: WhatsAppSocketFactory;
  readonly printWhatsAppQr?: (qr: string) => void;
}

/** How long an idle keep-alive HTTP connection is kept, in ms: more than the 60 s of common load balancers. */
const idleConnectionMs = 65_000;

/**
 * Opens the database (migrating it, loading demo data on an empty one), builds the bot and channels, and listens.
 * On SQLite it first claims the database for this instance: a second one on the same file is refused.
 */
export async function startApp(config: Config, logger: Logger, overrides: AppOverrides = {}): Promise<RunningApp> {
  const instance = claimSingleInstance(config.databaseUrl);
  try {
    return await startClaimed(config, logger, overrides, instance);
  } catch (error) {
    instance.release();
    throw error;
  }
}

async function startClaimed(config: Config, logger: Logger, overrides: AppOverrides, instance: InstanceLock): Promise<RunningApp> {
  const now = overrides.now ?? (() => new Date());
  const policy = await loadPolicy(config.policyFile);
  const contactRules = await loadContactRules(config.outbound.contactRulesFile);
  const paymentMethods = await loadPaymentMethods(config.paymentMethodsFile);
  const database = await openLedgerDatabase(config.databaseUrl);
  if (database.appliedMigrations.length > 0) logger.info({ migrations: database.appliedMigrations }, 'database migrated');
  const demoLoaded = config.demoData && (await loadDemoDataIfEmpty(database, now()));

  const nlu = overrides.recognizer
    ? null
    : await makeRecognizer({ mode: config.nlu.mode, logger, ...(config.nlu.openai ? { openai: config.nlu.openai } : {}) });
  const recognizer = overrides.recognizer ?? nlu;
  if (!recognizer) throw new Error('no recognizer');
  const metrics = makeMetrics(
    () => ({ ...(nlu?.counters() ?? {}) }),
    () => collectionMetrics(ledger),
  );
  const events = new ConversationEvents();
  const ledger = ledgerContextOf(database, policy);
  const providers = await makePaymentProviders(config.payments);
  /** Where people reach the server; on a random port (tests) it is known once listening. */
  let publicUrl = config.publicUrl;
  if (config.payments.simulator)
    logger.warn('payment simulator on: pay links are paid with one click, no money moves (PAYMENTS_SIMULATOR)');
  const services: DialogServices = {
    ledger,
    recognizer,
    now,
    lenderName: config.lenderName,
    paymentMethods: (country, language) => paymentMethodsFor(paymentMethods, country, language),
    verificationTtl: { sessionMinutes: config.verification.sessionTtlMinutes, linkDays: config.verification.linkTtlDays },
    remindersOn: config.outbound.enabled,
    payNow: makePayNow({
      ledger,
      providersByCountry: providers.byCountry,
      simulator: config.payments.simulator,
      publicUrl: () => publicUrl,
      lenderName: config.lenderName,
      bankDetails: config.payments.bankDetails ?? null,
      logger,
    }),
    metrics: {
      agreementRecorded: (kind) => metrics.agreements.inc({ kind }),
      handoffRequested: (reason) => {
        metrics.handoffs.inc({ reason });
        events.publish({ type: 'queue' });
      },
    },
  };
  const storage = new LedgerStorage(stateStoreOf(database));
  const conversationState = new ConversationState(storage);
  const bot = new DebtBot(services, conversationState);
  const logic = makeTurnLogic(bot, turnMeterOf(metrics), config.turnTimeoutMs, logger);
  const senders = new ChannelSenders();

  const webchat = makeWebChat({
    logic,
    tokenSecret: config.webchat.tokenSecret,
    ...(config.webchat.directLineSecret ? { directLineSecret: config.webchat.directLineSecret } : {}),
    allowedOrigins: config.webchat.allowedOrigins,
    tokenRateLimit: { windowMs: 60_000, max: config.webchat.tokensPerMinute },
    activityCacheBytes: config.webchat.activityCacheBytes,
    logger,
    ...(config.redisUrl ? { redis: { url: config.redisUrl, prefix: config.redisPrefix } } : {}),
  });
  /** Puts a channel's adapter on the common pipeline: transcript, error boundary, agent replies. */
  const connectChannel = (channelId: string, adapter: BotAdapter) => {
    adapter.use(new ConversationRecorder(ledger, logger, { conversationState, storage }, events));
    adapter.onTurnError = makeTurnErrorHandler(bot, turnMeterOf(metrics), logger);
    // A failed delivery rejects the send (the caller falls back or reports it); it must not reach onTurnError, which
    // would apologise into the same broken chat and reset the debtor's conversation.
    senders.register(channelId, async (reference, text) => {
      let failure: unknown;
      await adapter.continueConversation(reference, async (context) => {
        try {
          await context.sendActivity(text);
        } catch (error) {
          failure = error;
        }
      });
      if (failure) throw failure;
    });
  };
  connectChannel('webchat', webchat.adapter);
  // Channel libraries are loaded only for the channels that are on: a server without WhatsApp does not carry Baileys.
  let telegram: TelegramChannel | undefined;
  if (config.telegram) {
    const { makeTelegram, telegramChannelId } = await import('./adapters/telegram/index.js');
    telegram = makeTelegram({
      token: config.telegram.token,
      logic,
      logger,
      ...(config.telegram.apiRoot ? { apiRoot: config.telegram.apiRoot } : {}),
      ...(config.telegram.webhook ? { webhook: config.telegram.webhook } : {}),
    });
    connectChannel(telegramChannelId, telegram.adapter);
  }
  let whatsapp: WhatsAppChannel | undefined;
  if (config.whatsapp) {
    const { makeWhatsApp, whatsAppChannelId } = await import('./adapters/whatsapp/index.js');
    whatsapp = makeWhatsApp({
      logic,
      ledger,
      logger,
      sendRatePerSecond: config.whatsapp.sendRatePerSecond,
      backoff: { initialMs: 1000, maxMs: config.whatsapp.reconnectMaxMs },
      ...(overrides.whatsappSocketFactory ? { socketFactory: overrides.whatsappSocketFactory } : {}),
      ...(overrides.printWhatsAppQr ? { printQr: overrides.printWhatsAppQr } : {}),
    });
    connectChannel(whatsAppChannelId, whatsapp.adapter);
  }

  const agentConsole = await makeAgentConsole({
    ledger,
    events,
    sendToDebtor: (channel, referenceJson, text) => senders.send(channel, referenceJson, text),
    logger,
    ...(config.agents.bootstrapAdmin ? { bootstrapAdmin: config.agents.bootstrapAdmin } : {}),
    secureCookies: config.publicUrl.startsWith('https:'),
    now,
    ...(whatsapp ? { whatsapp } : {}),
  });
  const gate = makeOutboundGate(ledger, logger, metrics.outboundRefused);
  const outbound = config.outbound.enabled
    ? new OutboundScheduler({
        ledger,
        rules: contactRules,
        channels: new Set(['webchat', ...(telegram ? ['telegram'] : []), ...(whatsapp && config.outbound.whatsapp ? ['whatsapp'] : [])]),
        senders,
        gate,
        logger,
        lenderName: config.lenderName,
        now,
        planDays: config.outbound.planDays,
        replanEveryMs: 15 * 60_000,
        batchSize: 200,
        leaseMs: 5 * 60_000,
        ...(config.redisUrl ? { redisUrl: config.redisUrl } : {}),
      })
    : undefined;
  const receipts = new ReceiptSender({ ledger, senders, gate, logger, now });
  const sendReceipts = () => {
    receipts.flush().catch((error: unknown) => logger.warn({ err: errorForLog(error) }, 'receipts not sent'));
  };
  const stopPurging = scheduleTranscriptPurge({ ledger, retentionDays: config.transcriptRetentionDays, now, logger });
  const stopWatching = watchUnansweredQueue({
    ledger,
    senders,
    events,
    logger,
    gate,
    timeoutMinutes: config.agents.handoffTimeoutMinutes,
    businessHours: config.agents.businessHours,
    now,
  });

  const readiness = makeReadinessProbe(() => isDatabaseReachable(database), config.redisUrl);
  const app = makeHttpApp({
    metrics,
    logger,
    isHealthy: () => isDatabaseReachable(database),
    readiness: () => readiness.check(),
    routers: [
      paymentWebhookRouter({ ledger, secret: config.payments.webhookSecret, logger, onApplied: sendReceipts }),
      providerWebhookRouter({ ledger, providers: providers.all, logger, onApplied: sendReceipts }),
      paymentPagesRouter({ ledger, simulator: config.payments.simulator, lenderName: config.lenderName, logger, onApplied: sendReceipts }),
      agentConsole.router,
      webchat.router,
      ...(telegram ? [telegram.router] : []),
    ],
  });
  const server = app.listen(config.port, config.host);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  // Idle keep-alive connections stay open longer than clients and load balancers keep them (node's 5 s default made a
  // client that reused a connection at the moment the server closed it see "socket hang up" on its POST).
  server.keepAliveTimeout = idleConnectionMs;
  server.headersTimeout = idleConnectionMs + 1_000;
  webchat.attach(server);
  /** Stops the channels first (no new turns), then the server, then the database. */
  const close = async () => {
    await outbound?.stop();
    await receipts.stop();
    stopWatching();
    stopPurging();
    await telegram?.stop();
    await whatsapp?.stop();
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
    await webchat.close();
    await agentConsole.close();
    await readiness.close();
    await database.close();
    instance.release();
  };
  try {
    await telegram?.start();
    await whatsapp?.start();
  } catch (error) {
    await close();
    throw error;
  }
  outbound?.start(config.outbound.tickMs);
  receipts.start(config.payments.receiptsTickMs);
  const address = server.address() as AddressInfo;
  const url = config.port === 0 ? `http://127.0.0.1:${address.port}` : config.publicUrl;
  publicUrl = url;
  return {
    url,
    database,
    demoLoaded,
    server,
    close,
  };
}
