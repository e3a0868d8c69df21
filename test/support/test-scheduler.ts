import type { ConversationReference } from 'botbuilder-core';
import pino from 'pino';
import { Counter } from 'prom-client';
import { defaultContactRules, type LedgerContext } from '../../ledger/index.js';
import { ChannelSenders } from '../../server/channel-senders.js';
import { makeOutboundGate } from '../../server/outbound-gate.js';
import { OutboundScheduler, type OutboundSchedulerOptions } from '../../server/outbound-scheduler.js';

/**
 * An outbound scheduler for tests: the built-in rules, web chat and Telegram on, the real contact gate, a silent logger,
 * and `sendTelegram` standing in for the Telegram channel; `options` sets the clock and anything else.
 */
export function makeTestScheduler(
  ledger: LedgerContext,
  sendTelegram: (reference: Partial<ConversationReference>) => Promise<void>,
  options: Pick<OutboundSchedulerOptions, 'now'> & Partial<OutboundSchedulerOptions>,
): OutboundScheduler {
  const logger = pino({ level: 'silent' });
  const senders = new ChannelSenders();
  senders.register('telegram', (reference) => sendTelegram(reference));
  const refused = new Counter({ name: 'test_outbound_refused', help: 'refused', labelNames: ['kind', 'reason'], registers: [] });
  return new OutboundScheduler({
    ledger,
    rules: defaultContactRules,
    channels: new Set(['webchat', 'telegram']),
    senders,
    gate: makeOutboundGate(ledger, logger, refused),
    logger,
    lenderName: 'Banco Demo',
    planDays: 7,
    replanEveryMs: 15 * 60_000,
    batchSize: 1000,
    leaseMs: 5 * 60_000,
    ...options,
  });
}
