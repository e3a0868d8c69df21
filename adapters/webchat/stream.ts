// The Direct Line WebSocket stream: `GET /v3/directline/conversations/:id/stream?watermark=…&t=<stream token>`.
// As in the service: the stream token is valid 60 s, the stream first replays what came after the watermark,
// then pushes each ActivitySet as it happens, sends empty messages to keep the connection alive, ignores what
// the client sends, and a second socket on the same conversation closes the first (reason `collision`).
import { STATUS_CODES, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { errorForLog } from '../../bot/log-scrub.js';
import type { StreamSubscriber } from './conversation.js';
import type { ConversationHub } from './conversation-hub.js';
import type { WebChatLogger } from './logger.js';
import type { TokenService } from './tokens.js';

/** Close code and reason sent to a socket replaced by a newer one on the same conversation. */
const collisionClose = { code: 1000, reason: 'collision' } as const;
/** Close code sent to every socket when the server shuts down. */
const goingAwayCode = 1001;
/** Largest message accepted from a client, in bytes (clients only send empty keep-alives). */
const maxClientMessageBytes = 4096;
/** A socket whose unsent data exceeds this many bytes is dropped (the client reconnects with its watermark). */
const maxBufferedBytes = 4 * 1024 * 1024;
/** How long close() waits for sockets to finish their closing handshake, in ms. */
const closeGraceMs = 1000;

const streamPathPattern = /^\/v3\/directline\/conversations\/([^/]+)\/stream$/;

/** The path of a conversation's stream. */
export function streamPath(conversationId: string): string {
  return `/v3/directline/conversations/${encodeURIComponent(conversationId)}/stream`;
}

/** What the stream needs: the conversations, the token service and how often to send keep-alives. */
export interface StreamServerOptions {
  readonly hub: ConversationHub;
  readonly tokens: TokenService;
  readonly logger: WebChatLogger;
  /** Interval of keep-alive empty messages and pings, in ms; a socket that missed a whole interval's pong is dropped. */
  readonly keepAliveMs: number;
}

/** Accepts WebSocket upgrades for conversation streams. */
export interface StreamServer {
  /** Takes the upgrade if it is for a stream path and returns true (the token is checked asynchronously); returns false (untouched) otherwise. */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): boolean;
  /** Closes every socket (1001) and stops the keep-alive timer. */
  close(): Promise<void>;
}

function refuse(socket: Duplex, status: 401 | 403, code: string, message: string): void {
  const body = JSON.stringify({ error: { code, message } });
  socket.on('error', () => socket.destroy());
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

/** Makes the stream server; call handleUpgrade from the HTTP server's 'upgrade' event. */
export function makeStreamServer(options: StreamServerOptions): StreamServer {
  const { hub, tokens, logger } = options;
  const server = new WebSocketServer({ noServer: true, maxPayload: maxClientMessageBytes, perMessageDeflate: false });
  const answeredPing = new Map<WebSocket, boolean>();

  const keepAlive = setInterval(() => {
    for (const [socket, answered] of answeredPing) {
      if (!answered) {
        socket.terminate();
        continue;
      }
      answeredPing.set(socket, false);
      socket.ping();
      socket.send('');
    }
  }, options.keepAliveMs);
  keepAlive.unref();

  function connect(socket: WebSocket, conversationId: string, watermark: string | undefined): void {
    const subscriber: StreamSubscriber = {
      deliver(message) {
        if (socket.readyState !== socket.OPEN) return false;
        if (socket.bufferedAmount > maxBufferedBytes) {
          socket.terminate();
          return false;
        }
        socket.send(message);
        return true;
      },
      replaced() {
        socket.close(collisionClose.code, collisionClose.reason);
      },
    };
    answeredPing.set(socket, true);
    socket.on('pong', () => answeredPing.set(socket, true));
    socket.on('error', (error) => logger.warn({ conversationId, err: errorForLog(error) }, 'web chat stream error'));
    socket.on('close', () => {
      answeredPing.delete(socket);
      hub.detach(conversationId, subscriber);
    });
    hub.attach(conversationId, subscriber, watermark).catch((error: unknown) => {
      logger.error({ conversationId, err: errorForLog(error) }, 'web chat stream could not attach');
      socket.terminate();
    });
  }

  /** Checks the stream token of an upgrade to `pathConversationId`, then opens the socket or refuses it. */
  async function upgrade(request: IncomingMessage, socket: Duplex, head: Buffer, url: URL, pathConversationId: string): Promise<void> {
    const token = url.searchParams.get('t');
    if (!token) return refuse(socket, 401, 'BadArgument', 'Missing stream token');
    // Until ws takes the socket over, a connection reset while the token is checked must not go unhandled.
    const destroy = () => socket.destroy();
    socket.on('error', destroy);
    const check = await tokens.verify(token, 'stream');
    socket.off('error', destroy);
    if (!check.ok) {
      return refuse(
        socket,
        403,
        check.reason === 'expired' ? 'TokenExpired' : 'BadArgument',
        check.reason === 'expired' ? 'Stream URL has expired: reconnect to get a new one' : 'Invalid stream token',
      );
    }
    const { conversationId } = check.claims;
    if (pathConversationId !== encodeURIComponent(conversationId))
      return refuse(socket, 403, 'BadArgument', 'Token not valid for this conversation');
    const watermark = url.searchParams.get('watermark') ?? undefined;
    server.handleUpgrade(request, socket, head, (webSocket) =>
      connect(webSocket, conversationId, watermark === '' ? undefined : watermark),
    );
  }

  return {
    handleUpgrade(request, socket, head) {
      const url = new URL(request.url ?? '/', 'http://stream.invalid');
      const match = streamPathPattern.exec(url.pathname);
      const pathConversationId = match?.[1];
      if (pathConversationId === undefined) return false;
      upgrade(request, socket, head, url, pathConversationId).catch((error: unknown) => {
        logger.error({ err: errorForLog(error) }, 'web chat stream upgrade failed');
        socket.destroy();
      });
      return true;
    },

    async close() {
      clearInterval(keepAlive);
      const sockets = [...answeredPing.keys()];
      const closed = Promise.all(sockets.map((socket) => new Promise<void>((resolve) => socket.once('close', () => resolve()))));
      for (const socket of sockets) socket.close(goingAwayCode, 'server shutting down');
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([closed, new Promise<void>((resolve) => (timer = setTimeout(resolve, closeGraceMs)))]);
      clearTimeout(timer);
      for (const socket of answeredPing.keys()) socket.terminate();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
