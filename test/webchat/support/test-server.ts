import type { Server } from 'node:http';
import { makeWebChat, type WebChat, type WebChatOptions } from '../../../adapters/webchat/index.js';
import { serveWebChat } from './serve-web-chat.js';
import { defaultHub } from './shared-hub.js';
import { TestBot } from './test-bot.js';

/** A logger that keeps what the web chat logged. */
export interface MemoryLogger {
  readonly lines: { readonly level: string; readonly object: unknown; readonly message: string | undefined }[];
  info(object: unknown, message?: string): void;
  warn(object: unknown, message?: string): void;
  error(object: unknown, message?: string): void;
}

function memoryLogger(): MemoryLogger {
  const lines: MemoryLogger['lines'] = [];
  return {
    lines,
    info: (object, message) => void lines.push({ level: 'info', object, message }),
    warn: (object, message) => void lines.push({ level: 'warn', object, message }),
    error: (object, message) => void lines.push({ level: 'error', object, message }),
  };
}

/** A web-chat server on 127.0.0.1 (random port) with the test bot and a clock tests can move forward. */
export interface TestServer {
  readonly baseUrl: string;
  readonly port: number;
  readonly webChat: WebChat;
  readonly bot: TestBot;
  readonly logger: MemoryLogger;
  readonly server: Server;
  /** Moves the web chat's clock forward. */
  advanceClock(ms: number): void;
  close(): Promise<void>;
}

/** The HMAC key used by test servers. */
export const testTokenSecret = 'test-token-secret-0123456789-abcdefghij';
/** The Direct Line secret accepted by test servers. */
export const testDirectLineSecret = 'test-direct-line-secret-0123456789';

/** Starts a test server; options override the web chat's (origins default to '*', a generous rate limit). */
export async function startTestServer(overrides: Partial<Omit<WebChatOptions, 'logic' | 'logger' | 'nowMs'>> = {}): Promise<TestServer> {
  let offsetMs = 0;
  const bot = new TestBot();
  const logger = memoryLogger();
  const webChat = makeWebChat({
    logic: (context) => bot.run(context),
    tokenSecret: testTokenSecret,
    directLineSecret: testDirectLineSecret,
    allowedOrigins: ['*'],
    tokenRateLimit: { windowMs: 60_000, max: 10_000 },
    logger,
    nowMs: () => Date.now() + offsetMs,
    ...(defaultHub.redis ? { redis: defaultHub.redis } : {}),
    ...overrides,
  });
  const served = await serveWebChat(webChat);
  return {
    baseUrl: served.baseUrl,
    port: served.port,
    webChat,
    bot,
    logger,
    server: served.server,
    advanceClock: (ms) => {
      offsetMs += ms;
    },
    close: () => served.close(),
  };
}
