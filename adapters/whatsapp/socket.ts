// The part of Baileys' socket the channel uses, and the factory that makes the real one.
import makeWASocket, {
  Browsers,
  makeCacheableSignalKeyStore,
  type AuthenticationState,
  type BaileysEventEmitter,
  type WAMessageKey,
  type WAPresence,
} from '@whiskeysockets/baileys';
import type { Logger } from 'pino';
import { makeBaileysLogger } from './baileys-logger.js';

/** The subset of Baileys' `WASocket` the channel uses; tests drive a fake with the same events. */
export interface WhatsAppSocket {
  /** Typed events: the channel listens to `connection.update`, `creds.update` and `messages.upsert`. */
  readonly ev: Pick<BaileysEventEmitter, 'on' | 'off'>;
  /** Sends a text message to a chat. */
  sendMessage(jid: string, content: { text: string }): Promise<unknown>;
  /** Sends read receipts (blue ticks) for received messages. */
  readMessages(keys: WAMessageKey[]): Promise<void>;
  /** Shows the bot as typing ('composing') or not ('paused') in a chat. */
  sendPresenceUpdate(type: WAPresence, toJid?: string): Promise<void>;
  /** Closes the connection (the socket then emits `connection.update` with `connection: 'close'`). */
  end(error: Error | undefined): Promise<void>;
}

/** Makes a socket logged in with `auth` (or pairing, when `auth` holds fresh credentials). */
export type WhatsAppSocketFactory = (auth: AuthenticationState, logger: Logger) => WhatsAppSocket;

/**
 * The real socket: Baileys' multi-device Web client with signal keys cached in memory in front of the
 * database, its own logs masked and at 'warn', not shown as online (so the phone keeps notifying), and no
 * full history sync (the bot only answers new messages).
 */
export const makeBaileysSocket: WhatsAppSocketFactory = (auth, logger) => {
  const baileysLogger = makeBaileysLogger(logger);
  return makeWASocket({
    auth: { creds: auth.creds, keys: makeCacheableSignalKeyStore(auth.keys, baileysLogger) },
    logger: baileysLogger,
    browser: Browsers.ubuntu('Chrome'),
    markOnlineOnConnect: false,
    syncFullHistory: false,
    generateHighQualityLinkPreview: false,
  });
};
