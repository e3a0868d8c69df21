// Console events across the fleet (DESIGN §15): what one instance publishes (a debtor's message, a handoff queued, a
// conversation taken) reaches the consoles connected to every other instance, through one Redis pub/sub channel.
import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type { ConversationEvent, ConversationEvents } from '../bot/conversation-events.js';
import { errorForLog } from './logger.js';
import { connectRedis } from './redis-connection.js';

/** A running relay. */
export interface EventRelay {
  /** Stops relaying and closes its Redis connections. */
  close(): Promise<void>;
}

/**
 * Relays `events` through the Redis at `url`, on the channel `<prefix>console-events`: events published here go to
 * the other instances, theirs are delivered here (each instance skips its own). Resolves once subscribed.
 */
export async function relayConversationEvents(
  events: ConversationEvents,
  url: string,
  prefix: string,
  logger: Logger,
): Promise<EventRelay> {
  const channel = `${prefix}console-events`;
  const origin = randomBytes(8).toString('hex');
  const label = { name: 'console events relay', whileDown: 'events stay on this instance until it is back' };
  const publisher = connectRedis(url, {}, label, logger);
  const subscriber = connectRedis(url, {}, label, logger);
  const warn = (error: Error) => logger.warn({ err: errorForLog(error) }, 'console events relay: Redis error');
  subscriber.on('message', (_channel: string, message: string) => {
    const { from, event } = JSON.parse(message) as { from: string; event: ConversationEvent };
    if (from !== origin) events.deliver(event);
  });
  await subscriber.subscribe(channel);
  events.relayTo((event) => {
    publisher.publish(channel, JSON.stringify({ from: origin, event })).catch(warn);
  });
  return {
    async close() {
      await Promise.allSettled([subscriber.quit(), publisher.quit()]);
    },
  };
}
