// The socket's life: connect, show the pairing QR, keep the login state, and reconnect after every
// disconnect with a growing delay — except when WhatsApp logged the device out, which needs a new pairing.
import { DisconnectReason, type BaileysEventMap } from '@whiskeysockets/baileys';
import type { Logger } from 'pino';
import { errorForLog } from '../../bot/log-scrub.js';
import type { DatabaseAuthState } from './auth-state.js';
import type { Backoff } from './backoff.js';
import { maskText } from './log-safety.js';
import type { WhatsAppSocket, WhatsAppSocketFactory } from './socket.js';

/** Where the WhatsApp connection stands. */
export type WhatsAppState = 'stopped' | 'connecting' | 'waiting-for-pairing' | 'open' | 'logged-out';

/** The connection's state, the QR code to scan while pairing (else null), and reconnect attempts since it was last open. */
export interface WhatsAppStatus {
  readonly state: WhatsAppState;
  readonly qr: string | null;
  readonly reconnectAttempt: number;
}

/** What the connection needs and whom it tells. */
export interface WhatsAppConnectionOptions {
  /** Loads the stored login state (once, at the first start). */
  readonly loadAuth: () => Promise<DatabaseAuthState>;
  readonly socketFactory: WhatsAppSocketFactory;
  readonly backoff: Backoff;
  readonly logger: Logger;
  /** Shows a new pairing QR code (e.g. in the terminal). */
  readonly printQr: (qr: string) => void;
  /** The connection opened: messages can be sent. */
  readonly onOpen: () => void;
  /** The connection closed: hold outgoing messages. */
  readonly onClose: () => void;
  /** Messages were received or synced. */
  readonly onMessages: (upsert: BaileysEventMap['messages.upsert']) => void;
}

/** The HTTP-like status code Baileys puts on a disconnect error (a Boom), if any. */
function statusCodeOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null || !('output' in error)) return undefined;
  const { output } = error;
  if (typeof output !== 'object' || output === null || !('statusCode' in output)) return undefined;
  return typeof output.statusCode === 'number' ? output.statusCode : undefined;
}

/** One WhatsApp login kept connected: a new socket per connection attempt, one at a time. */
export class WhatsAppConnection {
  private auth: DatabaseAuthState | null = null;
  private socket: WhatsAppSocket | null = null;
  private unsubscribe: (() => void) | null = null;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private state: WhatsAppState = 'stopped';
  private qr: string | null = null;

  constructor(private readonly options: WhatsAppConnectionOptions) {}

  /** The current state, pairing QR and reconnect attempt. */
  status(): WhatsAppStatus {
    return { state: this.state, qr: this.qr, reconnectAttempt: this.options.backoff.attempt };
  }

  /** The socket while the connection is open; null otherwise. */
  openSocket(): WhatsAppSocket | null {
    return this.state === 'open' ? this.socket : null;
  }

  /** Loads the login state and connects; does nothing when already started (a logged-out connection waits for `pairAgain`). */
  async start(): Promise<void> {
    if (this.state !== 'stopped') return;
    this.state = 'connecting';
    try {
      this.auth ??= await this.options.loadAuth();
    } catch (error) {
      this.state = 'stopped';
      throw error;
    }
    // stop() may have been called while the state loaded.
    if (this.state === 'connecting') this.connect(this.auth);
  }

  /** Closes the socket and cancels any reconnect; nothing connects again until `start` or `pairAgain`. */
  async stop(): Promise<void> {
    this.state = 'stopped';
    this.qr = null;
    this.options.backoff.reset();
    await this.closeSocket();
  }

  /** Forgets the current login (if any) and connects with fresh credentials, so a new pairing QR appears. */
  async pairAgain(): Promise<void> {
    this.state = 'connecting';
    this.qr = null;
    await this.closeSocket();
    this.auth ??= await this.options.loadAuth();
    await this.auth.clear();
    this.options.backoff.reset();
    this.options.logger.info({}, 'WhatsApp pairing started again');
    this.connect(this.auth);
  }

  private connect(auth: DatabaseAuthState): void {
    this.state = 'connecting';
    this.qr = null;
    let socket: WhatsAppSocket;
    try {
      socket = this.options.socketFactory(auth.state, this.options.logger);
    } catch (error) {
      this.options.logger.error({ err: errorForLog(error, maskText) }, 'WhatsApp socket could not be created');
      this.scheduleReconnect(auth, undefined);
      return;
    }
    const onConnection = (update: BaileysEventMap['connection.update']) => this.onConnectionUpdate(socket, auth, update);
    const onCreds = (update: BaileysEventMap['creds.update']) => {
      auth
        .saveCreds(update)
        .catch((error: unknown) =>
          this.options.logger.error({ err: errorForLog(error, maskText) }, 'WhatsApp credentials could not be stored'),
        );
    };
    const onMessages = (upsert: BaileysEventMap['messages.upsert']) => this.options.onMessages(upsert);
    socket.ev.on('connection.update', onConnection);
    socket.ev.on('creds.update', onCreds);
    socket.ev.on('messages.upsert', onMessages);
    this.socket = socket;
    this.unsubscribe = () => {
      socket.ev.off('connection.update', onConnection);
      socket.ev.off('creds.update', onCreds);
      socket.ev.off('messages.upsert', onMessages);
    };
  }

  private onConnectionUpdate(socket: WhatsAppSocket, auth: DatabaseAuthState, update: BaileysEventMap['connection.update']): void {
    if (socket !== this.socket) return;
    if (update.qr) {
      this.qr = update.qr;
      this.state = 'waiting-for-pairing';
      this.options.logger.info({}, 'WhatsApp is waiting for pairing: scan the QR code in the terminal or in the agent console');
      this.options.printQr(update.qr);
    }
    if (update.connection === 'open') {
      this.state = 'open';
      this.qr = null;
      this.options.backoff.reset();
      this.options.logger.info({}, 'WhatsApp connected');
      this.options.onOpen();
    } else if (update.connection === 'close') {
      this.onClosed(auth, statusCodeOf(update.lastDisconnect?.error));
    }
  }

  private onClosed(auth: DatabaseAuthState, statusCode: number | undefined): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.socket = null;
    this.qr = null;
    this.options.onClose();
    if (statusCode === DisconnectReason.loggedOut) {
      this.state = 'logged-out';
      this.options.logger.warn({ statusCode }, 'WhatsApp logged this device out: pair again from the agent console');
      auth
        .clear()
        .catch((error: unknown) =>
          this.options.logger.error({ err: errorForLog(error, maskText) }, 'WhatsApp login state could not be cleared'),
        );
      return;
    }
    this.scheduleReconnect(auth, statusCode);
  }

  private scheduleReconnect(auth: DatabaseAuthState, statusCode: number | undefined): void {
    const delayMs = this.options.backoff.nextDelayMs();
    this.state = 'connecting';
    this.options.logger.info({ statusCode, attempt: this.options.backoff.attempt, delayMs }, 'WhatsApp disconnected; reconnecting');
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      this.connect(auth);
    }, delayMs);
  }

  /** Cancels a pending reconnect and ends the socket without reacting to its close. */
  private async closeSocket(): Promise<void> {
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    this.unsubscribe?.();
    this.unsubscribe = null;
    const socket = this.socket;
    this.socket = null;
    this.options.onClose();
    if (socket) {
      try {
        await socket.end(undefined);
      } catch (error) {
        this.options.logger.warn({ err: errorForLog(error, maskText) }, 'WhatsApp socket did not close cleanly');
      }
    }
  }
}
