// The operator reports' shapes (DESIGN §14): what `/agent/api/reports/*` answers and the reports page draws. Money is
// always per currency, as decimal strings in the currency's major unit ("125000", "12.50"), never summed across
// currencies; rates are fractions between 0 and 1, or null when nothing was there to divide by.

/** The aging buckets, by days past due of an open account's due date as of the report's day. */
export const agingBuckets = ['0-30', '31-60', '61-90', '91-180', '180+'] as const;

/** One aging bucket's name. */
export type AgingBucket = (typeof agingBuckets)[number];

/** How a trend groups its days: by UTC day, or by ISO week (starting Monday, named by its Monday). */
export type Granularity = 'day' | 'week';

/** The trends a report can chart, one endpoint each (`GET /agent/api/reports/<name>`). */
export const trendNames = ['conversations', 'promises', 'recovered', 'handoffs', 'agreements', 'outbound', 'opt-outs', 'nlu'] as const;

/** One trend's name. */
export type TrendName = (typeof trendNames)[number];

/** What a report covers: UTC dates from `from` to `to`, both included, and the filters (absent: all). */
export interface ReportQuery {
  /** YYYY-MM-DD, UTC. */
  readonly from: string;
  /** YYYY-MM-DD, UTC, not before `from`. */
  readonly to: string;
  /** "webchat" | "telegram" | "whatsapp": narrows what happened on a channel (conversations, handoffs, outbound, opt-outs, NLU, and agreements, promises and payments made from a conversation). */
  readonly channel?: string;
  /** ISO 3166-1 alpha-2 of the debtor. */
  readonly country?: string;
  /** The account's product. */
  readonly product?: string;
  /** ISO 4217 of the account. */
  readonly currency?: string;
}

/** Money per currency: ISO 4217 code → decimal string in the major unit. */
export type MoneyByCurrency = Readonly<Record<string, string>>;

/** Rate per currency: ISO 4217 code → fraction (0–1, rounded to 4 places), or null when the divisor is zero. */
export type RateByCurrency = Readonly<Record<string, number | null>>;

/** One aging bucket: the open accounts in it and their balances. */
export interface AgingRow {
  readonly bucket: AgingBucket;
  readonly accounts: number;
  readonly balanceByCurrency: MoneyByCurrency;
}

/** Seconds at the 50th and 90th percentile (nearest rank), null when there is nothing to measure. */
export interface Percentiles {
  readonly p50Seconds: number | null;
  readonly p90Seconds: number | null;
}

/** Outbound contact attempts of one kind with one outcome ("sent", "delivered", "read", "failed", "refused"). */
export interface OutboundRow {
  readonly kind: string;
  readonly outcome: string;
  readonly count: number;
}

/** The summary: every figure of the reports page for the query (DESIGN §14's shape, and more). */
export interface ReportSummary {
  readonly from: string;
  readonly to: string;
  readonly filters: {
    readonly channel: string | null;
    readonly country: string | null;
    readonly product: string | null;
    readonly currency: string | null;
  };
  /** The report's "today" (UTC), the day the aging and the plans' standing are taken on. */
  readonly asOf: string;
  /** Accounts in the portfolio (filters applied), whatever their status. */
  readonly accounts: number;
  /** Open balances now (active or on hold, balance above zero), per currency. */
  readonly portfolioBalanceByCurrency: MoneyByCurrency;
  readonly aging: readonly AgingRow[];
  /** Conversations where the debtor wrote in the range. */
  readonly conversations: number;
  /** Of those, the ones linked to a verified debtor. */
  readonly verifiedConversations: number;
  readonly verifiedShare: number | null;
  /** Of those, the ones that made an agreement or a promise, or paid through a link they asked for, in the range, with no handoff in the range. */
  readonly selfServedConversations: number;
  readonly selfServiceRate: number | null;
  readonly handoffs: {
    /** Handoffs queued in the range. */
    readonly count: number;
    /** Of those, still waiting for an agent. */
    readonly waiting: number;
    /** Queued → taken by an agent. */
    readonly waitP50Seconds: number | null;
    readonly waitP90Seconds: number | null;
    /** Queued → the agent's first message in the conversation. */
    readonly answerP50Seconds: number | null;
    readonly answerP90Seconds: number | null;
  };
  /** Promises made in the range, and promises kept or broken in the range (whenever they were made). */
  readonly promises: { readonly made: number; readonly kept: number; readonly broken: number; readonly keptRate: number | null };
  /** Agreements (plans and settlements) made in the range, and where those stand as of `asOf`. */
  readonly agreements: {
    readonly created: number;
    readonly current: number;
    readonly late: number;
    readonly completed: number;
    /** Broken or cancelled. */
    readonly ended: number;
  };
  /** Payments (not reversed) paid in the range, per currency. */
  readonly recoveredByCurrency: MoneyByCurrency;
  /** Recovered ÷ (recovered + the open balance now), per currency: the share of what was owed that came in. */
  readonly recoveryRateByCurrency: RateByCurrency;
  readonly outbound: readonly OutboundRow[];
  /** Channels opted out in the range. */
  readonly optOuts: number;
  /** Debtor messages in the range, and those the bot did not understand. */
  readonly nlu: { readonly messages: number; readonly fallbacks: number; readonly fallbackRate: number | null };
}

/** One period of a trend: its first day (YYYY-MM-DD) and its figures (counts, or money strings for money trends). */
export interface TrendPoint {
  readonly period: string;
  readonly values: Readonly<Record<string, number | string | null>>;
}

/** A trend: its series (the keys of every point's values, in order) and its points, one per period in the range (empty ones included). */
export interface Trend {
  readonly name: TrendName;
  readonly granularity: Granularity;
  readonly series: readonly string[];
  readonly points: readonly TrendPoint[];
}
