import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { TurnMeter } from '../bot/turn-runner.js';

/** The bot's Prometheus metrics (served at /metrics). */
export interface BotMetrics {
  readonly registry: Registry;
  readonly turns: Counter<'channel'>;
  readonly turnErrors: Counter<'channel'>;
  readonly turnSeconds: Histogram<'channel'>;
  readonly handoffs: Counter<'reason'>;
  readonly agreements: Counter<'kind'>;
  /** Messages on the bot's own initiative that the contact gate refused, by kind and reason. */
  readonly outboundRefused: Counter<'kind' | 'reason'>;
}

/** What the ledger totals at scrape time: money recovered per currency (minor units) and promises by outcome. */
export type CollectionTotals = () => Promise<{
  readonly recovered: ReadonlyArray<{ readonly currency: string; readonly amountMinor: bigint }>;
  readonly promises: ReadonlyArray<{ readonly status: string; readonly count: number }>;
}>;

/**
 * Creates the metrics in their own registry; `nluCounters` and `collectionTotals` are read at scrape time (the totals
 * come from the database, so every server of a cluster reports the same figures).
 */
export function makeMetrics(nluCounters: () => Record<string, unknown>, collectionTotals?: CollectionTotals): BotMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const metrics: BotMetrics = {
    registry,
    turns: new Counter({ name: 'debtbot_turns_total', help: 'Turns processed', labelNames: ['channel'], registers: [registry] }),
    turnErrors: new Counter({
      name: 'debtbot_turn_errors_total',
      help: 'Turns that failed',
      labelNames: ['channel'],
      registers: [registry],
    }),
    turnSeconds: new Histogram({
      name: 'debtbot_turn_duration_seconds',
      help: 'Turn latency',
      labelNames: ['channel'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    handoffs: new Counter({
      name: 'debtbot_handoffs_total',
      help: 'Conversations handed to people',
      labelNames: ['reason'],
      registers: [registry],
    }),
    agreements: new Counter({
      name: 'debtbot_agreements_total',
      help: 'Plans, settlements and promises recorded',
      labelNames: ['kind'],
      registers: [registry],
    }),
    outboundRefused: new Counter({
      name: 'debtbot_outbound_refused_total',
      help: "Messages on the bot's own initiative refused by the contact gate",
      labelNames: ['kind', 'reason'],
      registers: [registry],
    }),
  };
  new Gauge({
    name: 'debtbot_nlu_llm',
    help: 'LLM recognizer calls and failures by kind',
    labelNames: ['counter'],
    registers: [registry],
    collect() {
      const flatten = (prefix: string, value: unknown): [string, number][] =>
        typeof value === 'number'
          ? [[prefix, value]]
          : value && typeof value === 'object'
            ? Object.entries(value).flatMap(([key, inner]) => flatten(prefix ? `${prefix}.${key}` : key, inner))
            : [];
      for (const [counter, value] of flatten('', nluCounters())) this.set({ counter }, value);
    },
  });
  if (collectionTotals) {
    let totals: ReturnType<CollectionTotals> | undefined;
    // One query per scrape serves both gauges.
    const read = () => (totals ??= collectionTotals().finally(() => setTimeout(() => (totals = undefined), 1_000).unref()));
    new Gauge({
      name: 'debtbot_recovered_minor',
      help: 'Money recovered (payments not reversed), in minor units of each currency',
      labelNames: ['currency'],
      registers: [registry],
      async collect() {
        const { recovered } = await read();
        // A currency whose payments were all reversed is 0, not its last value.
        this.reset();
        for (const { currency, amountMinor } of recovered) this.set({ currency }, Number(amountMinor));
      },
    });
    new Gauge({
      name: 'debtbot_promises',
      help: 'Promises to pay by outcome: pending, kept, broken',
      labelNames: ['status'],
      registers: [registry],
      async collect() {
        const { promises } = await read();
        this.reset();
        for (const status of ['pending', 'kept', 'broken']) this.set({ status }, 0);
        for (const { status, count } of promises) this.set({ status }, count);
      },
    });
  }
  return metrics;
}

/** The turn pipeline's meter backed by these metrics: turns and their latency by channel, and failed turns. */
export function turnMeterOf(metrics: BotMetrics): TurnMeter {
  return {
    turnStarted(channel) {
      metrics.turns.inc({ channel });
      const stop = metrics.turnSeconds.startTimer({ channel });
      return () => {
        stop();
      };
    },
    turnFailed(channel) {
      metrics.turnErrors.inc({ channel });
    },
  };
}
