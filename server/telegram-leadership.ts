// One Telegram poller per bot token across the fleet (DESIGN §15): with REDIS_URL the long polling is held by the
// instance that holds the bot's lock (server/fleet-lock.ts); without it the channel starts as on one instance.
// Telegram's sends are HTTP calls any instance makes.
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { TelegramChannel } from '../adapters/telegram/index.js';
import { connectFleetRedis, runAsLeader, type FleetSettings, type Leadership } from './fleet-lock.js';

/** After a 409 Conflict (another poller still finishing), the holder polls again this much later, in ms. */
const conflictRetryMs = 3_000;

/**
 * The Telegram channel with its long polling held by one instance of the fleet: `start()` checks the token (and in
 * webhook mode registers the webhook, as every instance may) and then competes for the lock `telegram:<bot id>`; the
 * holder polls, and stops polling the moment it loses the lock. `stop()` hands the lock over. Without a Redis, or in
 * webhook mode, the channel is returned as it is.
 */
export function onePollerPerFleet(channel: TelegramChannel, fleet: FleetSettings, logger: Logger): TelegramChannel {
  const { redisUrl } = fleet;
  if (!redisUrl || !channel.longPolling) return channel;
  let redis: Redis | undefined;
  let leadership: Leadership | undefined;
  let stopping = false;
  return {
    ...channel,
    async start() {
      await channel.start({ poll: false });
      stopping = false;
      redis = connectFleetRedis(redisUrl, logger);
      leadership = runAsLeader(
        `telegram:${channel.botId}`,
        {
          onAcquired: () => channel.startPolling({ conflictRetryMs }),
          // A holder that lost the lock does not confirm its last updates: the confirming getUpdates could cut off the new
          // holder's long poll. The new holder gets them again, and the database drops those already answered.
          onLost: () => channel.stopPolling({ confirm: stopping }),
        },
        { redis, prefix: fleet.redisPrefix, logger, ...fleet.lockTiming },
      );
    },
    async stop() {
      stopping = true;
      await leadership?.stop();
      leadership = undefined;
      await channel.stop();
      redis?.disconnect();
      redis = undefined;
    },
  };
}
