// What happened in conversations over a report's range: conversations, verification, self-service, handoffs and
// their waits, the NLU's misses and opt-outs (reports, DESIGN §14). One row per period.
import type { SqlRunner } from '../db/sql-runner.js';
import type { ReportQuery } from '../reports/report-types.js';
import {
  allOf,
  countOf,
  filtersOn,
  groupByPeriod,
  groupOf,
  inInstantRange,
  percentilesByPeriod,
  secondsBetween,
  secondsOf,
  type Grouping,
  type SqlPart,
} from './report-sql.js';

/** Conversations where the debtor wrote in a period, those linked to a verified debtor, and those served without a person. */
export interface ConversationCounts {
  readonly period: string;
  readonly conversations: number;
  readonly verified: number;
  readonly selfServed: number;
}

/** Handoffs queued in a period, those still waiting, and the waits (queued → taken) and answers (queued → the agent's first message). */
export interface HandoffFigures {
  readonly period: string;
  readonly count: number;
  readonly waiting: number;
  readonly waitP50Seconds: number | null;
  readonly waitP90Seconds: number | null;
  readonly answerP50Seconds: number | null;
  readonly answerP90Seconds: number | null;
}

const conversationFilters = { channel: '"c"."channel"', debtorId: '"c"."debtorId"' } as const;

/**
 * `FROM … WHERE …` of the debtor's messages in the query's range ("m"): read from Message's (author, createdAt,
 * conversationId, nluFallback) index alone; or, when the query narrows conversations, the conversations in scope first
 * and then each one's messages, from Message's (conversationId, author, createdAt, nluFallback) index. The CROSS JOIN
 * keeps SQLite, which has no statistics, in that order: left to choose, it read every message of the range and looked
 * its conversation up (0.8 s against 0.09 s over 500,000 messages with a country and a channel). PostgreSQL plans it
 * as any join.
 */
function debtorMessages(query: ReportQuery): SqlPart {
  const written = allOf([{ text: `"m"."author" = 'debtor'`, params: [] }, inInstantRange('"m"."createdAt"', query)]);
  const filters = filtersOn(query, conversationFilters);
  if (filters.params.length === 0) return { text: `FROM "Message" "m" WHERE ${written.text}`, params: written.params };
  return {
    text: `FROM (SELECT "c"."id" FROM "Conversation" "c" WHERE ${filters.text}) "fc" CROSS JOIN "Message" "m"
     WHERE "m"."conversationId" = "fc"."id" AND ${written.text}`,
    params: [...filters.params, ...written.params],
  };
}

/**
 * Per period: the conversations where the debtor wrote; of those, the ones linked to a verified debtor; and the ones
 * that, in that period, made an agreement or a promise or paid through a link they asked for (on an account in the
 * query's product and currency), with no handoff.
 *
 * The conversations come from the debtor's messages (debtorMessages) and are then looked up in sets, not row by row:
 * the unverified conversations (every conversation has its row: verified = all − unverified), and the (period,
 * conversation) pairs of the range's agreements, promises and link payments less those of its handoffs. Probing those
 * four tables once per conversation took minutes with 100,000 conversations; reading each conversation's row (its
 * reference makes it wide) took 0.3 s of the 0.8 on SQLite.
 */
export async function conversationCounts(sql: SqlRunner, query: ReportQuery, grouping: Grouping): Promise<ConversationCounts[]> {
  const period = (column: string) => groupOf(sql.provider, column, grouping, 'timestamp');
  const messages = debtorMessages(query);
  const agreed = allOf([inInstantRange('"g"."createdAt"', query), filtersOn(query, { accountId: '"g"."accountId"' })]);
  const promised = allOf([inInstantRange('"p"."createdAt"', query), filtersOn(query, { accountId: '"p"."accountId"' })]);
  const paid = allOf([inInstantRange('"y"."createdAt"', query), filtersOn(query, { accountId: '"y"."accountId"' })]);
  const handedOver = inInstantRange('"h"."queuedAt"', query);
  const rows = await sql.query<{ period: string; conversations: unknown; verified: unknown; selfServed: unknown }>(
    `SELECT "x"."period" AS "period", COUNT(*) AS "conversations",
       COUNT(*) - SUM(CASE WHEN "x"."conversationId" IN (SELECT "u"."id" FROM "Conversation" "u" WHERE "u"."debtorId" IS NULL)
                      THEN 1 ELSE 0 END) AS "verified",
       SUM(CASE WHEN ("x"."period", "x"."conversationId") IN (
             SELECT ${period('"g"."createdAt"')}, "g"."conversationId" FROM "Agreement" "g"
               WHERE "g"."conversationId" IS NOT NULL AND ${agreed.text}
             UNION SELECT ${period('"p"."createdAt"')}, "p"."conversationId" FROM "PaymentPromise" "p"
               WHERE "p"."conversationId" IS NOT NULL AND ${promised.text}
             UNION SELECT ${period('"y"."createdAt"')}, "l"."conversationId" FROM "Payment" "y" JOIN "PaymentLink" "l" ON "l"."id" = "y"."linkId"
               WHERE "l"."conversationId" IS NOT NULL AND "y"."kind" = 'payment' AND "y"."reversedAt" IS NULL AND ${paid.text}
             EXCEPT SELECT ${period('"h"."queuedAt"')}, "h"."conversationId" FROM "Handoff" "h" WHERE ${handedOver.text})
           THEN 1 ELSE 0 END) AS "selfServed"
     FROM (SELECT DISTINCT ${period('"m"."createdAt"')} AS "period", "m"."conversationId" ${messages.text}) "x"
     ${groupByPeriod(sql.provider, grouping, '"x"."period"')}`,
    [...agreed.params, ...promised.params, ...paid.params, ...handedOver.params, ...messages.params],
  );
  return rows.map((row) => ({
    period: row.period,
    conversations: countOf(row.conversations),
    verified: countOf(row.verified),
    selfServed: countOf(row.selfServed),
  }));
}

/** Per period: the debtor's messages and those the bot did not understand (each read from an index alone). */
export async function nluCounts(
  sql: SqlRunner,
  query: ReportQuery,
  grouping: Grouping,
): Promise<{ readonly period: string; readonly messages: number; readonly fallbacks: number }[]> {
  const messages = debtorMessages(query);
  const rows = await sql.query<{ period: string; messages: unknown; fallbacks: unknown }>(
    `SELECT ${groupOf(sql.provider, '"m"."createdAt"', grouping, 'timestamp')} AS "period", COUNT(*) AS "messages",
       SUM(CASE WHEN "m"."nluFallback" THEN 1 ELSE 0 END) AS "fallbacks"
     ${messages.text} ${groupByPeriod(sql.provider, grouping, '1')}`,
    messages.params,
  );
  return rows.map((row) => ({ period: row.period, messages: countOf(row.messages), fallbacks: countOf(row.fallbacks) }));
}

/**
 * Per period: handoffs queued, those still waiting, and the percentiles of their waits and of the agents' answers.
 * The conversation is joined only when the query narrows conversations (every handoff has its conversation); each
 * handoff's first agent message is looked up once (materialized before its absence is filtered out: inlined, both
 * databases ran that lookup twice, and PostgreSQL's estimate of it was high enough to compile the query with JIT).
 */
export async function handoffFigures(sql: SqlRunner, query: ReportQuery, grouping: Grouping): Promise<HandoffFigures[]> {
  const filters = filtersOn(query, conversationFilters);
  const where = allOf([inInstantRange('"h"."queuedAt"', query), filters]);
  const period = groupOf(sql.provider, '"h"."queuedAt"', grouping, 'timestamp');
  const conversation = filters.params.length === 0 ? '' : 'JOIN "Conversation" "c" ON "c"."id" = "h"."conversationId"';
  const from = `FROM "Handoff" "h" ${conversation} WHERE ${where.text}`;
  const firstAgentMessage = `(SELECT MIN("m"."createdAt") FROM "Message" "m" WHERE "m"."conversationId" = "h"."conversationId"
      AND "m"."author" = 'agent' AND "m"."createdAt" >= "h"."queuedAt" AND ("h"."endedAt" IS NULL OR "m"."createdAt" <= "h"."endedAt"))`;
  const [counts, waits, answers] = await Promise.all([
    sql.query<{ period: string; count: unknown; waiting: unknown }>(
      `SELECT ${period} AS "period", COUNT(*) AS "count", SUM(CASE WHEN "h"."status" = 'queued' THEN 1 ELSE 0 END) AS "waiting" ${from} ${groupByPeriod(sql.provider, grouping, '1')}`,
      where.params,
    ),
    sql.query<{ period: string; p50: unknown; p90: unknown }>(
      percentilesByPeriod(
        `SELECT ${period} AS "period", ${secondsBetween(sql.provider, '"h"."queuedAt"', '"h"."assignedAt"')} AS "value"
         ${from} AND "h"."assignedAt" IS NOT NULL`,
      ),
      where.params,
    ),
    sql.query<{ period: string; p50: unknown; p90: unknown }>(
      percentilesByPeriod(
        `WITH "a" AS MATERIALIZED (SELECT ${period} AS "period", "h"."queuedAt", ${firstAgentMessage} AS "answeredAt" ${from})
         SELECT "period", ${secondsBetween(sql.provider, '"queuedAt"', '"answeredAt"')} AS "value" FROM "a" WHERE "answeredAt" IS NOT NULL`,
      ),
      where.params,
    ),
  ]);
  const waitsOf = new Map(waits.map((row) => [row.period, row]));
  const answersOf = new Map(answers.map((row) => [row.period, row]));
  return counts.map((row) => ({
    period: row.period,
    count: countOf(row.count),
    waiting: countOf(row.waiting),
    waitP50Seconds: secondsOf(waitsOf.get(row.period)?.p50),
    waitP90Seconds: secondsOf(waitsOf.get(row.period)?.p90),
    answerP50Seconds: secondsOf(answersOf.get(row.period)?.p50),
    answerP90Seconds: secondsOf(answersOf.get(row.period)?.p90),
  }));
}

/** Per period: channels opted out (STOP, "baja", an agent's opt-out). */
export async function optOutCounts(
  sql: SqlRunner,
  query: ReportQuery,
  grouping: Grouping,
): Promise<{ readonly period: string; readonly optOuts: number }[]> {
  const where = allOf([
    inInstantRange('"o"."optedOutAt"', query),
    filtersOn(query, { channel: '"o"."channel"', debtorId: '"o"."debtorId"' }),
  ]);
  const rows = await sql.query<{ period: string; optOuts: unknown }>(
    `SELECT ${groupOf(sql.provider, '"o"."optedOutAt"', grouping, 'timestamp')} AS "period", COUNT(*) AS "optOuts"
     FROM "ContactPreference" "o" WHERE ${where.text} ${groupByPeriod(sql.provider, grouping, '1')}`,
    where.params,
  );
  return rows.map((row) => ({ period: row.period, optOuts: countOf(row.optOuts) }));
}
