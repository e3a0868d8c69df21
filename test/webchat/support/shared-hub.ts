import { randomBytes } from 'node:crypto';

/** The Redis the fleet tests share (REDIS_URL); undefined when it is not set. */
export const testRedisUrl = process.env.REDIS_URL;

/** A key prefix no other test uses, so tests on one Redis never see each other's conversations. */
export function uniqueRedisPrefix(label: string): string {
  return `test:${label}:${randomBytes(4).toString('hex')}:`;
}

/**
 * Where test servers keep their conversations when a test does not say: memory, or the Redis hub a suite chose by
 * calling `useRedisHub` before importing its tests (the whole Direct Line contract then runs against Redis).
 */
export const defaultHub: { redis: { url: string; prefix: string } | undefined } = { redis: undefined };

/** Makes every test server started from now on keep its conversations in Redis under a fresh prefix. */
export function useRedisHub(url: string): void {
  defaultHub.redis = { url, prefix: uniqueRedisPrefix('hub') };
}

/** Deletes every key under `prefix` on the Redis at `url` (what a fleet test left behind). */
export async function deleteRedisKeys(url: string, prefix: string): Promise<void> {
  const { Redis } = await import('ioredis');
  const redis = new Redis(url);
  try {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
  } finally {
    redis.disconnect();
  }
}
