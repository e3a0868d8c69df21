// The composition root (DESIGN §10.1): wires configuration, ledger, policy, NLU, bot, channels and
// the HTTP server. `start.ts` runs it; end-to-end tests start it on a random port.
import type { Server } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { AddressInfo } from 'node:net';
import { AlwaysSavedConversationState } from './bot/always-saved-state.js';
import type { Logger } from 'pino';
import { makeAgentConsole } from './adapters/agent-console/index.js';
import type { TelegramChannel } from './adapters/telegram/index.js';
import type { WhatsAppChannel, WhatsAppSocketFactory } from './adapters/whatsapp/index.js';
import type { WhatsAppCloudChannel } from './adapters/whatsapp-cloud/index.js';
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
import { recordCloudDeliveryStatuses, WhatsAppCloudOutbound } from './server/whatsapp-cloud-outbound.js';
import { paymentWebhookRouter } from './adapters/payments/webhook.js';
import { providerWebhookRouter } from './adapters/payments/provider-webhooks.js';
import { paymentPagesRouter } from './adapters/payments/simulator.js';
import { makePaymentProviders } from './server/payment-providers.js';
import { makePayNow } from './server/pay-now.js';
import { ReceiptSender } from './server/receipt-sender.js';
import { makeReadinessProbe } from './server/readiness.js';
import { scheduleTranscriptPurge } from './server/retention-job.js';
import { relayConversationEvents } from './server/event-relay.js';
import { makeRedisTurnLock } from './server/turn-lock.js';
import type { ChannelAdapter } from './adapters/shared/channel-adapter.js';
import { makeRateLimitStores } from './server/rate-limit-store.js';
import { defaultLoginRateLimit } from './adapters/agent-console/login-guard.js';
import type { DialogServices } from './dialogs/services.js';
import {
  claimSingleInstance,
  collectionMetrics,
  isDatabaseReachable,
  warmUpPrisma,
  ledgerContextOf,
  loadContactRules,
  loadPolicy,
  openLedgerDatabase,
  stateStoreOf,
  whatsAppCloudChannel,
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

/** How long requests in flight may take to finish when the server shuts down: a message waits up to 15 s for its turn. */
const requestGraceMs = 16_000;
/** How often idle connections are closed while requests finish at shutdown, in ms. */
const closeIdleEveryMs = 50;

/**
 * Closes `server` gracefully: no new connections, idle ones closed (also those that become idle), `endLongLived`
 * ends the streams that never finish by themselves, and requests in flight get `requestGraceMs` before every
 * connection is cut.
 */
async function finishRequests(server: Server, endLongLived: () => Promise<void>): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  const closeIdle = setInterval(() => server.closeIdleConnections(), closeIdleEveryMs);
  let graceOver: NodeJS.Timeout | undefined;
  try {
    await endLongLived();
    await Promise.race([closed, new Promise<void>((resolve) => (graceOver = setTimeout(resolve, requestGraceMs)))]);
  } finally {
    clearInterval(closeIdle);
    clearTimeout(graceOver);
  }
  server.closeAllConnections();
  await closed;
}

/** How long a fleet-wide turn lock outlives the turn deadline: the wait for an aborted turn (5 s) and a margin. */
const turnLockMarginMs = 10_000;

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
  const database = await openLedgerDatabase(config.databaseUrl, { poolSize: config.databasePoolSize });
  if (database.appliedMigrations.length > 0) logger.info({ migrations: database.appliedMigrations }, 'database migrated');
  const demoLoaded = config.demoData && (await loadDemoDataIfEmpty(database, now()));
  await warmUpPrisma(database);

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
  // With REDIS_URL the instances form a fleet (DESIGN §15): console events cross instances, and a conversation's
  // turns run one at a time fleet-wide (the lock frees itself after the turn deadline plus the aborted turn's grace).
  const eventRelay = config.redisUrl ? await relayConversationEvents(events, config.redisUrl, config.redisPrefix, logger) : undefined;
  const turnLock = config.redisUrl
    ? makeRedisTurnLock(config.redisUrl, config.redisPrefix, config.turnTimeoutMs + turnLockMarginMs, logger)
    : undefined;
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
  const conversationState = new AlwaysSavedConversationState(storage);
  const bot = new DebtBot(services, conversationState);
  const logic = makeTurnLogic(bot, turnMeterOf(metrics), config.turnTimeoutMs, logger);
  const senders = new ChannelSenders();

  // The per-IP limits count in Redis with REDIS_URL: one budget per IP across the fleet.
  const rateLimits = makeRateLimitStores(config.redisUrl, config.redisPrefix, logger);
  const webchat = makeWebChat({
    logic,
    tokenSecret: config.webchat.tokenSecret,
    ...(config.webchat.directLineSecret ? { directLineSecret: config.webchat.directLineSecret } : {}),
    allowedOrigins: config.webchat.allowedOrigins,
    tokenRateLimit: rateLimits.shared('webchat-token', { windowMs: 60_000, max: config.webchat.tokensPerMinute }),
    activityCacheBytes: config.webchat.activityCacheBytes,
    logger,
    ...(config.redisUrl ? { redis: { url: config.redisUrl, prefix: config.redisPrefix } } : {}),
  });
  /** Puts a channel's adapter on the common pipeline: transcript, error boundary, agent replies. */
  const connectChannel = (channelId: string, adapter: ChannelAdapter) => {
    if (turnLock) adapter.serializeTurnsWith(turnLock);
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
    const { onePollerPerFleet } = await import('./server/telegram-leadership.js');
    // With REDIS_URL only the holder of the poller's lock polls (DESIGN §15); a webhook or a lone instance is unchanged.
    telegram = onePollerPerFleet(
      makeTelegram({
        token: config.telegram.token,
        logic,
        logger,
        ...(config.telegram.apiRoot ? { apiRoot: config.telegram.apiRoot } : {}),
        ...(config.telegram.webhook ? { webhook: config.telegram.webhook } : {}),
      }),
      config,
      logger,
    );
    connectChannel(telegramChannelId, telegram.adapter);
  }
  let whatsapp: WhatsAppChannel | undefined;
  if (config.whatsapp) {
    const { makeWhatsApp, whatsAppChannelId } = await import('./adapters/whatsapp/index.js');
    const { oneSocketPerFleet } = await import('./server/whatsapp-leadership.js');
    const whatsappSettings = config.whatsapp;
    // With REDIS_URL only the holder of the socket's lock connects, and every instance's texts reach it through Redis.
    whatsapp = oneSocketPerFleet(
      (fleetOutbox) =>
        makeWhatsApp({
          logic,
          ledger,
          logger,
          sendRatePerSecond: whatsappSettings.sendRatePerSecond,
          backoff: { initialMs: 1000, maxMs: whatsappSettings.reconnectMaxMs },
          ...(overrides.whatsappSocketFactory ? { socketFactory: overrides.whatsappSocketFactory } : {}),
          ...(overrides.printWhatsAppQr ? { printQr: overrides.printWhatsAppQr } : {}),
          ...(fleetOutbox ? { fleetOutbox } : {}),
        }),
      config,
      logger,
    );
    connectChannel(whatsAppChannelId, whatsapp.adapter);
  }
  // The Cloud API (Meta's official HTTP API) is its own channel, beside Baileys (both may run, on different numbers).
  let whatsappCloud: WhatsAppCloudChannel | undefined;
  if (config.whatsappCloud) {
    const { makeWhatsAppCloud, whatsAppCloudChannelId } = await import('./adapters/whatsapp-cloud/index.js');
    const { token, phoneNumberId, appSecret, verifyToken, apiRoot } = config.whatsappCloud;
    whatsappCloud = makeWhatsAppCloud({ token, phoneNumberId, appSecret, verifyToken, apiRoot, logic, logger });
    connectChannel(whatsAppCloudChannelId, whatsappCloud.adapter);
  }

  const agentConsole = await makeAgentConsole({
    ledger,
    events,
    sendToDebtor: async (channel, referenceJson, text) => {
      await senders.send(channel, referenceJson, text);
    },
    logger,
    ...(config.agents.bootstrapAdmin ? { bootstrapAdmin: config.agents.bootstrapAdmin } : {}),
    secureCookies: config.publicUrl.startsWith('https:'),
    now,
    ...(whatsapp ? { whatsapp } : {}),
    loginRateLimit: rateLimits.shared('console-login', defaultLoginRateLimit),
  });
  const gate = makeOutboundGate(ledger, logger, metrics.outboundRefused);
  // Reminders on the Cloud API: free text in the debtor's 24-hour window, else the kind's approved template; the
  // delivery statuses of what was sent move its contact log line (sent → delivered → read, or failed).
  const cloudOutbound = whatsappCloud
    ? new WhatsAppCloudOutbound({
        channel: whatsAppCloudChannel,
        messenger: whatsappCloud,
        templates: config.whatsappCloud?.templates ?? {},
        ledger,
      })
    : undefined;
  const stopRecordingStatuses = whatsappCloud
    ? recordCloudDeliveryStatuses(ledger, whatsAppCloudChannel, whatsappCloud, logger, { now })
    : undefined;
  const outbound = config.outbound.enabled
    ? new OutboundScheduler({
        ledger,
        rules: contactRules,
        channels: new Set([
          'webchat',
          ...(telegram ? ['telegram'] : []),
          ...(whatsapp && config.outbound.whatsapp ? ['whatsapp'] : []),
          ...(cloudOutbound ? [cloudOutbound.channel] : []),
        ]),
        senders,
        ...(cloudOutbound ? { whatsAppCloud: cloudOutbound } : {}),
        gate,
        logger,
        lenderName: config.lenderName,
        now,
        planDays: config.outbound.planDays,
        replanEveryMs: 15 * 60_000,
        batchSize: 200,
        leaseMs: 5 * 60_000,
        ...(config.redisUrl ? { redisUrl: config.redisUrl, queuePrefix: `${config.redisPrefix}bull` } : {}),
      })
    : undefined;
  const receipts = new ReceiptSender({ ledger, senders, gate, logger, now });
  const sendReceipts = () => {
    receipts.flush().catch((error: unknown) => logger.warn({ err: errorForLog(error) }, 'receipts not sent'));
  };
  // With REDIS_URL the purge is one BullMQ schedule for the fleet (once a day in all), else a timer here.
  const stopPurging = scheduleTranscriptPurge({
    ledger,
    retentionDays: config.transcriptRetentionDays,
    now,
    logger,
    ...(config.redisUrl ? { redisUrl: config.redisUrl, queuePrefix: `${config.redisPrefix}bull` } : {}),
  });
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
    trustProxy: config.trustProxy,
    // The web chat's router first: every Direct Line message goes through it, and express tries the routers in order.
    routers: [
      webchat.router,
      paymentWebhookRouter({ ledger, secret: config.payments.webhookSecret, logger, onApplied: sendReceipts }),
      providerWebhookRouter({ ledger, providers: providers.all, logger, onApplied: sendReceipts }),
      paymentPagesRouter({ ledger, simulator: config.payments.simulator, lenderName: config.lenderName, logger, onApplied: sendReceipts }),
      agentConsole.router,
      ...(telegram ? [telegram.router] : []),
      ...(whatsappCloud ? [whatsappCloud.router] : []),
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
  /**
   * Shuts down gracefully: /readyz answers 503 at once (and for SHUTDOWN_DRAIN_SECONDS nothing else changes, so the load
   * balancer stops sending here); then the jobs and channels stop, the server takes no new connection, open streams
   * are closed (1001: Web Chat reconnects, to another instance in a fleet), the console's event streams end, requests
   * in flight (a message waiting for its turn) get up to `requestGraceMs` to finish; then everything else closes.
   */
  const close = async () => {
    readiness.stop();
    if (config.shutdownDrainMs > 0) await sleep(config.shutdownDrainMs);
    await outbound?.stop();
    await receipts.stop();
    stopWatching();
    stopRecordingStatuses?.();
    await stopPurging();
    await telegram?.stop();
    await whatsapp?.stop();
    await whatsappCloud?.stop();
    await finishRequests(server, async () => {
      await webchat.stopStreaming();
      await agentConsole.close();
    });
    await webchat.close();
    await rateLimits.close();
    await readiness.close();
    await eventRelay?.close();
    await turnLock?.close();
    await database.close();
    instance.release();
  };
  try {
    await telegram?.start();
    await whatsapp?.start();
    await whatsappCloud?.start();
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
