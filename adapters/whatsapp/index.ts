// The WhatsApp channel (DESIGN §6): Baileys' multi-device Web protocol behind a botbuilder BotAdapter, the
// login state in the ledger database, the pairing QR in the terminal and the agent console, reconnects with
// backoff, and outgoing messages throttled and held while disconnected.
import type { TurnContext } from 'botbuilder-core';
import type { Logger } from 'pino';
import { errorForLog } from '../../bot/log-scrub.js';
import type { LedgerContext } from '../../ledger/index.js';
import { loadDatabaseAuthState } from './auth-state.js';
import { Backoff, defaultBackoff, type BackoffOptions } from './backoff.js';
import { WhatsAppConnection, type WhatsAppStatus } from './connection.js';
import { chatTag } from '../shared/chat-tag.js';
import { maskText } from './log-safety.js';
import { SendQueue } from './send-queue.js';
import { makeBaileysSocket, type WhatsAppSocketFactory } from './socket.js';
import { printQrToTerminal } from './terminal-qr.js';
import { WhatsAppAdapter, type OutgoingText, type WhatsAppOutbox } from './whatsapp-adapter.js';

export { whatsAppChannelId } from './incoming.js';
export { WhatsAppAdapter } from './whatsapp-adapter.js';
export type { OutgoingText, WhatsAppOutbox } from './whatsapp-adapter.js';
export type { WhatsAppState, WhatsAppStatus } from './connection.js';
export type { WhatsAppSocket, WhatsAppSocketFactory } from './socket.js';
export type { BackoffOptions } from './backoff.js';

/** Delivery attempts of one message, while connected, before it is given up and logged. */
const maxSendAttempts = 5;
/** Longest wait, on stop, for queued messages to go out while connected, in ms. */
const drainOnStopMs = 5_000;
/** Wait before retrying a failed send, in ms (doubled on each further retry). */
const sendRetryDelayMs = 1_000;

/** Settings of the WhatsApp channel. */
export interface WhatsAppOptions {
  /** Runs one turn (the bot's ActivityHandler.run); called for every incoming text message. */
  readonly logic: (context: TurnContext) => Promise<void>;
  /** Where the login state (creds and signal keys) is kept. */
  readonly ledger: LedgerContext;
  /** Where connection events are logged (never JIDs, phone numbers or message text). */
  readonly logger: Logger;
  /** Most messages sent per second, across all chats. */
  readonly sendRatePerSecond: number;
  /** Reconnect delays (default 1 s doubling up to 60 s). */
  readonly backoff?: BackoffOptions;
  /** Makes the socket (default: Baileys' real one); tests pass a fake. */
  readonly socketFactory?: WhatsAppSocketFactory;
  /** Shows a pairing QR code (default: drawn in the terminal). */
  readonly printQr?: (qr: string) => void;
  /**
   * Where the bot's texts go instead of this channel's own send queue: in a fleet (DESIGN §15), the line every instance
   * puts them in and the socket's holder takes them from (with `enqueue`).
   */
  readonly fleetOutbox?: WhatsAppOutbox;
}

/** A text in this instance's send queue, and whom to tell once it was delivered or given up. */
interface QueuedText extends OutgoingText {
  readonly settled?: (delivered: boolean) => void;
}

/** The running WhatsApp channel. */
export interface WhatsAppChannel {
  /** The BotAdapter: register middleware with adapter.use(...), set adapter.onTurnError, send proactively with continueConversation. */
  readonly adapter: WhatsAppAdapter;
  /** Loads the login state and connects (pairing when there is none); resolves once connecting, not once open. */
  start(): Promise<void>;
  /** Sends what is queued (up to 5 s, if connected), then disconnects and cancels reconnects; what is left stays queued for a later start. */
  stop(): Promise<void>;
  /** The connection's state, the QR code while pairing, and reconnect attempts since last open. */
  status(): WhatsAppStatus;
  /** Forgets the current login and starts a new pairing (a new QR code appears in `status()`). */
  pairAgain(): Promise<void>;
  /**
   * Puts a text in this instance's send queue (sent while the socket is open, in order, at the send rate); `settled` is
   * told once it was delivered (true) or given up (false). The fleet's holder feeds the fleet's line in through it.
   */
  enqueue(item: OutgoingText, settled?: (delivered: boolean) => void): void;
  /** Texts in this instance's send queue, not delivered yet. */
  queued(): number;
  /** Forgets the texts in this instance's send queue (after the socket went to another instance, which sends them); returns how many. */
  dropQueued(): number;
}

/** Builds the WhatsApp channel; nothing connects until `start()`. Throws if `sendRatePerSecond` is not positive. */
export function makeWhatsApp(options: WhatsAppOptions): WhatsAppChannel {
  const logger = options.logger.child({ channel: 'whatsapp' });
  // The connection's callbacks run only after start(), when the queue and the adapter below exist.
  const connection = new WhatsAppConnection({
    loadAuth: () => loadDatabaseAuthState(options.ledger),
    socketFactory: options.socketFactory ?? makeBaileysSocket,
    backoff: new Backoff(options.backoff ?? defaultBackoff),
    logger,
    printQr: options.printQr ?? printQrToTerminal,
    onOpen: () => outbox.resume(),
    onClose: () => outbox.pause(),
    onMessages: (upsert) => void adapter.receive(upsert),
  });

  const outbox = new SendQueue<QueuedText>({
    ratePerSecond: options.sendRatePerSecond,
    maxAttempts: maxSendAttempts,
    retryDelayMs: sendRetryDelayMs,
    async deliver({ jid, text, settled }) {
      const socket = connection.openSocket();
      if (!socket) throw new Error('WhatsApp is not connected');
      await socket.sendMessage(jid, { text });
      settled?.(true);
    },
    onFailure(error, { jid, settled }, attempt, givenUp) {
      if (givenUp) settled?.(false);
      const err = errorForLog(error, maskText);
      if (givenUp) logger.error({ chat: chatTag(jid), attempt, err }, 'WhatsApp message not delivered; given up');
      else logger.warn({ chat: chatTag(jid), attempt, err }, 'WhatsApp message not delivered; will retry');
    },
  });

  const adapter = new WhatsAppAdapter({
    logic: options.logic,
    outbox: options.fleetOutbox ?? outbox,
    logger,
    link: {
      async markRead(key) {
        await connection.openSocket()?.readMessages([key]);
      },
      async setTyping(jid, typing) {
        await connection.openSocket()?.sendPresenceUpdate(typing ? 'composing' : 'paused', jid);
      },
    },
  });

  return {
    adapter,
    start: () => connection.start(),
    async stop() {
      await outbox.drain(drainOnStopMs);
      await connection.stop();
    },
    status: () => connection.status(),
    pairAgain: () => connection.pairAgain(),
    enqueue: (item, settled) => outbox.push({ ...item, ...(settled ? { settled } : {}) }),
    queued: () => outbox.size,
    dropQueued: () => outbox.clear(),
  };
}
