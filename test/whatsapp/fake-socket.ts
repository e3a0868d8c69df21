// A stand-in for Baileys' socket: the same typed events (`connection.update`, `messages.upsert`,
// `creds.update`) on a node EventEmitter, and a record of what the channel asked it to do.
import { EventEmitter } from 'node:events';
import {
  DisconnectReason,
  type AuthenticationCreds,
  type AuthenticationState,
  type WAMessage,
  type WAMessageKey,
  type WAPresence,
} from '@whiskeysockets/baileys';
import type { WhatsAppSocket, WhatsAppSocketFactory } from '../../adapters/whatsapp/index.js';

/** A text the channel sent, with the (possibly fake) clock time it was sent at. */
export interface SentText {
  readonly jid: string;
  readonly text: string;
  readonly atMs: number;
}

/** One fake connection. */
export class FakeSocket implements WhatsAppSocket {
  readonly ev = new EventEmitter();
  readonly sent: SentText[] = [];
  readonly reads: WAMessageKey[] = [];
  readonly presences: Array<{ readonly type: WAPresence; readonly jid: string | undefined }> = [];
  ended = false;
  /** How many of the next sends fail before one succeeds. */
  failingSends = 0;

  constructor(readonly auth: AuthenticationState) {}

  async sendMessage(jid: string, content: { text: string }): Promise<unknown> {
    if (this.failingSends > 0) {
      this.failingSends -= 1;
      throw new Error('send failed');
    }
    this.sent.push({ jid, text: content.text, atMs: Date.now() });
    return { key: { remoteJid: jid, fromMe: true, id: `out-${this.sent.length}` } };
  }

  async readMessages(keys: WAMessageKey[]): Promise<void> {
    this.reads.push(...keys);
  }

  async sendPresenceUpdate(type: WAPresence, jid?: string): Promise<void> {
    this.presences.push({ type, jid });
  }

  /** Like Baileys: ending the socket emits a close. */
  async end(): Promise<void> {
    this.ended = true;
    this.close(DisconnectReason.connectionClosed);
  }

  open(): void {
    this.ev.emit('connection.update', { connection: 'open' });
  }

  showQr(qr: string): void {
    this.ev.emit('connection.update', { connection: 'connecting', qr });
  }

  /** Closes with a Boom-shaped error carrying `statusCode`, as Baileys does. */
  close(statusCode: number): void {
    const error = Object.assign(new Error('Connection Failure'), { output: { statusCode } });
    this.ev.emit('connection.update', { connection: 'close', lastDisconnect: { error, date: new Date() } });
  }

  receive(messages: WAMessage[], type: 'notify' | 'append' = 'notify'): void {
    this.ev.emit('messages.upsert', { messages, type });
  }

  updateCreds(update: Partial<AuthenticationCreds>): void {
    this.ev.emit('creds.update', update);
  }
}

/** A socket factory that keeps every socket it made, newest last. */
export function makeFakeSockets(): { readonly factory: WhatsAppSocketFactory; readonly sockets: FakeSocket[]; latest(): FakeSocket } {
  const sockets: FakeSocket[] = [];
  return {
    factory: (auth) => {
      const socket = new FakeSocket(auth);
      sockets.push(socket);
      return socket;
    },
    sockets,
    latest() {
      const socket = sockets.at(-1);
      if (!socket) throw new Error('no socket was made');
      return socket;
    },
  };
}

/** A debtor's JID (a made-up number). */
export const debtorJid = '56911112222@s.whatsapp.net';

let counter = 0;

/** A received text message in a personal chat, WAMessage-shaped. */
export function textMessage(text: string, options: { jid?: string; id?: string; fromMe?: boolean } = {}): WAMessage {
  counter += 1;
  return {
    key: {
      remoteJid: options.jid ?? debtorJid,
      fromMe: options.fromMe ?? false,
      id: options.id ?? `3EB0${counter.toString(16).padStart(8, '0')}`,
    },
    message: { conversation: text },
    messageTimestamp: Math.floor(Date.now() / 1000),
    pushName: 'Debtor',
  };
}

/** The debtor at `jid` writes `text`; resolves to the first reply sent to them afterwards that matches `expected` (fails after 15 s). */
export async function sayOnWhatsApp(socket: FakeSocket, jid: string, text: string, expected: RegExp): Promise<string> {
  const from = socket.sent.length;
  socket.receive([textMessage(text, { jid })]);
  for (let waited = 0; waited < 15_000; waited += 20) {
    const reply = socket.sent.slice(from).find((sent) => sent.jid === jid && expected.test(sent.text));
    if (reply) return reply.text;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`no WhatsApp reply matching ${expected}; sent: ${socket.sent.map((sent) => sent.text).join(' | ')}`);
}
