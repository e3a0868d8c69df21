import { randomUUID } from 'node:crypto';
import { request as httpRequest, type Server } from 'node:http';
import { connect, createServer, type AddressInfo, type Socket } from 'node:net';
import express, { type Router } from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { makeLoginRateLimiter } from '../adapters/agent-console/login-guard.js';
import { makeWebChat, type TokenRateLimit } from '../adapters/webchat/index.js';
import { makeRateLimitStores, type RateLimitStores } from './rate-limit-store.js';

// The per-IP limits of the token endpoint and the console login, with REDIS_URL, count in Redis: three instances
// behind a round-robin balancer draw on one budget. Without Redis each instance counts alone, as before.
const redisUrl = process.env.REDIS_URL;
if (!redisUrl) console.warn('[skip] shared rate-limit tests skipped: set REDIS_URL (e.g. redis://127.0.0.1:6379) to run them.');

/** What a logger was given, by level (pino's calls: `(object, message)` or `(message)`). */
function memoryLogger() {
  const lines: Array<{ level: string; message: string | undefined }> = [];
  const at = (level: string) => (object: unknown, message?: string) =>
    void lines.push({ level, message: typeof object === 'string' ? object : message });
  return { lines, info: at('info'), warn: at('warn'), error: at('error') };
}

/** An instance: an HTTP server on a random port, with what must be closed after it. */
interface Instance {
  readonly url: string;
  close(): Promise<void>;
}

const open: Instance[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((instance) => instance.close()));
});

async function serve(router: Router, closeMore: () => Promise<void>): Promise<Instance> {
  const app = express();
  app.use(router);
  const server: Server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const instance = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async close() {
      await new Promise((resolve) => {
        server.close(resolve);
        server.closeAllConnections();
      });
      await closeMore();
    },
  };
  open.push(instance);
  return instance;
}

/** A server with the real web chat (token endpoint included), limited to `max` tokens a minute per IP, as an instance of the app wires it. */
async function webChatInstance(stores: RateLimitStores, max: number): Promise<Instance> {
  const logger = memoryLogger();
  const limit: TokenRateLimit = stores.shared('webchat-token', { windowMs: 60_000, max });
  const webChat = makeWebChat({
    logic: async () => undefined,
    tokenSecret: 'test-token-secret-0123456789-abcdefghij',
    allowedOrigins: ['*'],
    tokenRateLimit: limit,
    logger,
  });
  return serve(webChat.router, async () => {
    await webChat.close();
    await stores.close();
  });
}

/** A server whose POST /login is behind the console's login limiter (`limit` failures a minute) and answers `status`. */
async function loginInstance(stores: RateLimitStores, limit: number, status: () => number): Promise<Instance> {
  const limiter = makeLoginRateLimiter(stores.shared('console-login', { windowMs: 60_000, limit }), memoryLogger());
  const router = express.Router();
  router.post('/login', limiter.handler, (_request, response) => void response.status(status()).json({}));
  return serve(router, async () => {
    await limiter.close();
    await stores.close();
  });
}

/** POSTs to `url` on a connection of its own (closed after the answer); resolves with the status. */
function post(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const sent = httpRequest(url, { method: 'POST', agent: false }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
    });
    sent.on('error', reject);
    sent.end();
  });
}

/** Open TCP sockets and servers of this process. */
function tcpHandles(): number {
  return process.getActiveResourcesInfo().filter((name) => name.startsWith('TCP')).length;
}

describe('without Redis', () => {
  it('each instance counts alone, in memory, as before', async () => {
    const instances = [
      await webChatInstance(makeRateLimitStores(undefined, 'x:', memoryLogger()), 2),
      await webChatInstance(makeRateLimitStores(undefined, 'x:', memoryLogger()), 2),
    ];
    const statuses = [];
    for (let index = 0; index < 4; index += 1) statuses.push(await post(`${instances[index % 2]?.url}/api/webchat/token`));
    expect(statuses).toEqual([200, 200, 200, 200]);
    expect(await post(`${instances[0]?.url}/api/webchat/token`)).toBe(429);
  });

  it('leaves the limit as given: no store, so express-rate-limit keeps the counts in memory', () => {
    const limit = { windowMs: 60_000, max: 5 };
    expect(makeRateLimitStores(undefined, 'x:', memoryLogger()).shared('webchat-token', limit)).toBe(limit);
  });
});

describe('with Redis down', () => {
  it('lets token requests and logins through (no 500) and says so in the log', async () => {
    const logger = memoryLogger();
    const down = 'redis://127.0.0.1:1';
    const stores = makeRateLimitStores(down, `test-${randomUUID()}:`, logger);
    const webChat = makeWebChat({
      logic: async () => undefined,
      tokenSecret: 'test-token-secret-0123456789-abcdefghij',
      allowedOrigins: ['*'],
      tokenRateLimit: stores.shared('webchat-token', { windowMs: 60_000, max: 1 }),
      logger,
    });
    const tokens = await serve(webChat.router, async () => {
      await webChat.close();
      await stores.close();
    });
    const login = await loginInstance(makeRateLimitStores(down, `test-${randomUUID()}:`, memoryLogger()), 1, () => 401);
    const statuses = [];
    for (let index = 0; index < 3; index += 1)
      statuses.push(await post(`${tokens.url}/api/webchat/token`), await post(`${login.url}/login`));
    expect(statuses).toEqual([200, 401, 200, 401, 200, 401]);
    expect(logger.lines.filter((line) => line.level === 'warn').length).toBeGreaterThanOrEqual(3);
    expect(logger.lines.some((line) => line.level === 'error')).toBe(false);
  });
});

describe.skipIf(!redisUrl)('with REDIS_URL', () => {
  const url = redisUrl as string;

  it('three instances share one token budget per IP: the (max+1)th request across them gets 429', async () => {
    await new Promise((resolve) => setTimeout(resolve, 100));
    const before = tcpHandles();
    const prefix = `test-${randomUUID()}:`;
    const instances = await Promise.all([0, 1, 2].map(() => webChatInstance(makeRateLimitStores(url, prefix, memoryLogger()), 5)));
    const statuses = [];
    for (let index = 0; index < 6; index += 1) statuses.push(await post(`${instances[index % 3]?.url}/api/webchat/token`));
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    // Every instance refuses now, whichever the balancer picks.
    expect(await Promise.all(instances.map((instance) => post(`${instance.url}/api/webchat/token`)))).toEqual([429, 429, 429]);
    // Closing the instances closes their Redis connections: nothing is left open.
    await Promise.all(open.splice(0).map((instance) => instance.close()));
    await expect.poll(tcpHandles).toBeLessThanOrEqual(before);
  });

  it('three instances share one budget of failed logins per IP; successful logins do not count', async () => {
    const prefix = `test-${randomUUID()}:`;
    let status = 200;
    const instances = await Promise.all(
      [0, 1, 2].map(() => loginInstance(makeRateLimitStores(url, prefix, memoryLogger()), 3, () => status)),
    );
    const statuses = [];
    for (let index = 0; index < 3; index += 1) statuses.push(await post(`${instances[index % 3]?.url}/login`));
    status = 401;
    for (let index = 0; index < 4; index += 1) statuses.push(await post(`${instances[index % 3]?.url}/login`));
    expect(statuses).toEqual([200, 200, 200, 401, 401, 401, 429]);
  });

  it('starts counting once a Redis that was down when the limiter was built comes up', async () => {
    // A port with nothing behind it yet; later a proxy to the test Redis listens there.
    const probe = createServer().listen(0, '127.0.0.1');
    await new Promise((resolve) => probe.once('listening', resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));
    const logger = memoryLogger();
    const instance = await loginInstance(makeRateLimitStores(`redis://127.0.0.1:${port}`, `test-${randomUUID()}:`, logger), 2, () => 401);
    expect(await post(`${instance.url}/login`)).toBe(401);
    const target = new URL(url);
    const sockets = new Set<Socket>();
    const proxy = createServer((client) => {
      const upstream = connect(Number(target.port || 6379), target.hostname);
      for (const socket of [client, upstream]) {
        sockets.add(socket);
        socket.on('error', () => socket.destroy());
        socket.on('close', () => sockets.delete(socket));
      }
      client.pipe(upstream).pipe(client);
    }).listen(port, '127.0.0.1');
    try {
      await expect
        .poll(() => logger.lines.some((line) => line.message === 'rate limits: Redis connection back'), { timeout: 10_000 })
        .toBe(true);
      expect([await post(`${instance.url}/login`), await post(`${instance.url}/login`), await post(`${instance.url}/login`)]).toEqual([
        401, 401, 429,
      ]);
    } finally {
      await Promise.all(open.splice(0).map((opened) => opened.close()));
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => proxy.close(resolve));
    }
  });

  it('keeps the token and the login budgets apart (distinct prefixes)', async () => {
    const prefix = `test-${randomUUID()}:`;
    const tokens = await webChatInstance(makeRateLimitStores(url, prefix, memoryLogger()), 1);
    const login = await loginInstance(makeRateLimitStores(url, prefix, memoryLogger()), 1, () => 401);
    expect([await post(`${tokens.url}/api/webchat/token`), await post(`${login.url}/login`)]).toEqual([200, 401]);
    expect([await post(`${tokens.url}/api/webchat/token`), await post(`${login.url}/login`)]).toEqual([429, 429]);
  });
});
