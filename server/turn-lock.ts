// One turn at a time per conversation across the fleet (DESIGN §15): each instance already runs a conversation's turns
// in order; with several instances, two messages of one conversation may land on two of them, so a turn also holds a
// lock on the shared Redis while it runs. A holder that dies frees it when the lock's time to live runs out.
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import type { TurnLock } from '../adapters/shared/channel-adapter.js';
import { errorForLog } from './logger.js';
import { connectRedis } from './redis-connection.js';

/** Deletes the lock only if the caller still holds it. */
const releaseScript = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

/** Shortest and longest pause between two tries to take a busy lock, in ms. */
const retryMs = { first: 5, most: 100 } as const;

/** The fleet-wide turn lock on Redis, and how to close its connection. */
export interface RedisTurnLock extends TurnLock {
  close(): Promise<void>;
}

/**
 * A turn lock on the Redis at `url`, under `<prefix>turn:`. `holdMs` bounds how long a turn may hold it (the turn's
 * deadline and the wait for an aborted turn, with a margin): past it, the lock frees itself. A turn waits at most as
 * long for the lock, then fails like any failed turn (the debtor gets the apology).
 */
export function makeRedisTurnLock(url: string, prefix: string, holdMs: number, logger: Logger): RedisTurnLock {
  const redis = connectRedis(url, {}, { name: 'turn lock', whileDown: 'turns wait for it, then fail' }, logger);
  return {
    async run<T>(key: string, turn: () => Promise<T>): Promise<T> {
      const lockKey = `${prefix}turn:${key}`;
      const token = randomBytes(12).toString('hex');
      const giveUpAt = Date.now() + holdMs;
      for (let pauseMs: number = retryMs.first; (await redis.set(lockKey, token, 'PX', holdMs, 'NX')) !== 'OK';) {
        if (Date.now() > giveUpAt) throw new Error(`turn lock: conversation still busy on another instance after ${holdMs} ms`);
        await sleep(pauseMs);
        pauseMs = Math.min(pauseMs * 2, retryMs.most);
      }
      try {
        return await turn();
      } finally {
        await redis.eval(releaseScript, 1, lockKey, token).catch((error: unknown) => {
          logger.warn({ err: errorForLog(error) }, 'turn lock: not released (it expires by itself)');
        });
      }
    },
    async close() {
      await redis.quit().catch(() => undefined);
    },
  };
}
