import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { makeHttpApp } from './http-app.js';
import { makeMetrics } from './metrics.js';
import { makeReadinessProbe } from './readiness.js';

/**
 * GETs `path` from an app whose database check answers `isHealthy`, using Redis at `redisUrl` when given; `stopping`
 * tells the probe the instance is shutting down first.
 */
async function get(
  path: string,
  isHealthy: () => Promise<boolean>,
  redisUrl?: string,
  stopping = false,
): Promise<{ status: number; body: unknown }> {
  const readiness = makeReadinessProbe(isHealthy, redisUrl);
  if (stopping) readiness.stop();
  const app = makeHttpApp({
    metrics: makeMetrics(() => ({})),
    logger: pino({ level: 'silent' }),
    isHealthy,
    readiness: () => readiness.check(),
    routers: [],
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  try {
    const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`);
    return { status: response.status, body: await response.json() };
  } finally {
    server.close();
    await readiness.close();
  }
}

describe('the readiness probe', () => {
  it('says ok while the database answers', async () => {
    expect(await get('/healthz', () => Promise.resolve(true))).toEqual({ status: 200, body: { status: 'ok', database: 'ok' } });
  });

  it('answers 503 when the database does not, or the check fails', async () => {
    expect(await get('/healthz', () => Promise.resolve(false))).toEqual({ status: 503, body: { status: 'unavailable', database: 'down' } });
    expect((await get('/healthz', () => Promise.reject(new Error('connection refused')))).status).toBe(503);
  });

  it('is ready when the database answers and Redis is not used; not ready when the database does not', async () => {
    expect(await get('/readyz', () => Promise.resolve(true))).toEqual({
      status: 200,
      body: { status: 'ready', database: 'ok', redis: 'not used' },
    });
    expect(await get('/readyz', () => Promise.reject(new Error('connection refused')))).toEqual({
      status: 503,
      body: { status: 'unavailable', database: 'down', redis: 'not used' },
    });
  });

  it('is not ready when its Redis does not answer (nothing listens there)', async () => {
    expect(await get('/readyz', () => Promise.resolve(true), 'redis://127.0.0.1:1')).toEqual({
      status: 503,
      body: { status: 'unavailable', database: 'ok', redis: 'down' },
    });
  });

  it.runIf(Boolean(process.env.REDIS_URL))('is ready with the database and Redis answering (REDIS_URL)', async () => {
    expect(await get('/readyz', () => Promise.resolve(true), process.env.REDIS_URL)).toEqual({
      status: 200,
      body: { status: 'ready', database: 'ok', redis: 'ok' },
    });
  });

  it('is not ready once the instance is shutting down, though everything answers; alive all the same', async () => {
    expect(await get('/readyz', () => Promise.resolve(true), undefined, true)).toEqual({
      status: 503,
      body: { status: 'stopping', database: 'ok', redis: 'not used' },
    });
    expect((await get('/healthz', () => Promise.resolve(true), undefined, true)).status).toBe(200);
  });

  it('answers an unknown path with a JSON 404', async () => {
    expect(await get('/nowhere', () => Promise.resolve(true))).toEqual({
      status: 404,
      body: { error: { code: 'NotFound', message: 'no such endpoint' } },
    });
  });
});
