// What happened in conversations over a report's range: conversations, verification, self-service, handoffs and
// their waits, the NLU's misses and opt-outs (reports, DESIGN §14). One row per period.
import type { SqlRunner } from '../db/sql-runner.js';
import type { ReportQuery } from '../reports/report-types.js';
import {
  allOf,
  countOf,
  filtersOn,
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
 * `column` in the range and in the same period as the conversation's ("x"."period"), and, when `accountId` is given,
 * that account in the query's product and currency.
 */
function samePeriod(sql: SqlRunner, column: string, query: ReportQuery, grouping: Grouping, accountId?: string): SqlPart {
  return allOf([
    inInstantRange(column, query),
    { text: `${groupOf(sql.provider, column, grouping, 'timestamp')} = "x"."period"`, params: [] },
    accountId ? filtersOn(query, { accountId }) : { text: '', params: [] },
  ]);
}

/**
 * Per period: the conversations where the debtor wrote; of those, the ones linked to a verified debtor; and the ones
 * that, in that period, made an agreement or a promise or paid through a link they asked for (on an account in the
 * query's product and currency), with no handoff.
 */
export async function conversationCounts(sql: SqlRunner, query: ReportQuery, grouping: Grouping): Promise<ConversationCounts[]> {
  const written = inInstantRange('"m"."createdAt"', query);
  const agreement = samePeriod(sql, '"g"."createdAt"', query, grouping, '"g"."accountId"');
  const promise = samePeriod(sql, '"p"."createdAt"', query, grouping, '"p"."accountId"');
  const payment = samePeriod(sql, '"y"."createdAt"', query, grouping, '"y"."accountId"');
  const handoff = samePeriod(sql, '"h"."queuedAt"', query, grouping);
  const filters = filtersOn(query, conversationFilters);
  const rows = await sql.query<{ period: string; conversations: unknown; verified: unknown; selfServed: unknown }>(
    `SELECT "x"."period" AS "period", COUNT(*) AS "conversations",
       SUM(CASE WHEN "c"."debtorId" IS NOT NULL THEN 1 ELSE 0 END) AS "verified",
       SUM(CASE WHEN NOT EXISTS (SELECT 1 FROM "Handoff" "h" WHERE "h"."conversationId" = "c"."id" AND ${handoff.text})
                 AND (EXISTS (SELECT 1 FROM "Agreement" "g" WHERE "g"."conversationId" = "c"."id" AND ${agreement.text})
                   OR EXISTS (SELECT 1 FROM "PaymentPromise" "p" WHERE "p"."conversationId" = "c"."id" AND ${promise.text})
                   OR EXISTS (SELECT 1 FROM "PaymentLink" "l" JOIN "Payment" "y" ON "y"."linkId" = "l"."id"
                              WHERE "l"."conversationId" = "c"."id" AND "y"."kind" = 'payment' AND "y"."reversedAt" IS NULL
                                AND ${payment.text}))
           THEN 1 ELSE 0 END) AS "selfServed"
     FROM (SELECT DISTINCT ${groupOf(sql.provider, '"m"."createdAt"', grouping, 'timestamp')} AS "period", "m"."conversationId"
           FROM "Message" "m" WHERE "m"."author" = 'debtor' AND ${written.text}) "x"
     JOIN "Conversation" "c" ON "c"."id" = "x"."conversationId"
     WHERE ${filters.text}
     GROUP BY "x"."period"`,
    [...handoff.params, ...agreement.params, ...promise.params, ...payment.params, ...written.params, ...filters.params],
  );
  return rows.map((row) => ({
    period: row.period,
    conversations: countOf(row.conversations),
    verified: countOf(row.verified),
    selfServed: countOf(row.selfServed),
  }));
}

/** Per period: the debtor's messages and those the bot did not understand. */
export async function nluCounts(
  sql: SqlRunner,
  query: ReportQuery,
  grouping: Grouping,
): Promise<{ readonly period: string; readonly messages: number; readonly fallbacks: number }[]> {
  const where = allOf([
    { text: `"m"."author" = 'debtor'`, params: [] },
    inInstantRange('"m"."createdAt"', query),
    filtersOn(query, conversationFilters),
  ]);
  const rows = await sql.query<{ period: string; messages: unknown; fallbacks: unknown }>(
    `SELECT ${groupOf(sql.provider, '"m"."createdAt"', grouping, 'timestamp')} AS "period", COUNT(*) AS "messages",
       SUM(CASE WHEN "m"."nluFallback" THEN 1 ELSE 0 END) AS "fallbacks"
     FROM "Message" "m" JOIN "Conversation" "c" ON "c"."id" = "m"."conversationId"
     WHERE ${where.text} GROUP BY 1`,
    where.params,
  );
  return rows.map((row) => ({ period: row.period, messages: countOf(row.messages), fallbacks: countOf(row.fallbacks) }));
}

/** Per period: handoffs queued, those still waiting, and the percentiles of their waits and of the agents' answers. */
export async function handoffFigures(sql: SqlRunner, query: ReportQuery, grouping: Grouping): Promise<HandoffFigures[]> {
  const where = allOf([inInstantRange('"h"."queuedAt"', query), filtersOn(query, conversationFilters)]);
  const period = groupOf(sql.provider, '"h"."queuedAt"', grouping, 'timestamp');
  const from = `FROM "Handoff" "h" JOIN "Conversation" "c" ON "c"."id" = "h"."conversationId" WHERE ${where.text}`;
  const firstAgentMessage = `(SELECT MIN("m"."createdAt") FROM "Message" "m" WHERE "m"."conversationId" = "h"."conversationId"
      AND "m"."author" = 'agent' AND "m"."createdAt" >= "h"."queuedAt" AND ("h"."endedAt" IS NULL OR "m"."createdAt" <= "h"."endedAt"))`;
  const [counts, waits, answers] = await Promise.all([
    sql.query<{ period: string; count: unknown; waiting: unknown }>(
      `SELECT ${period} AS "period", COUNT(*) AS "count", SUM(CASE WHEN "h"."status" = 'queued' THEN 1 ELSE 0 END) AS "waiting" ${from} GROUP BY 1`,
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
        `SELECT "period", ${secondsBetween(sql.provider, '"queuedAt"', '"answeredAt"')} AS "value"
         FROM (SELECT ${period} AS "period", "h"."queuedAt", ${firstAgentMessage} AS "answeredAt" ${from}) "a"
         WHERE "answeredAt" IS NOT NULL`,
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
     FROM "ContactPreference" "o" WHERE ${where.text} GROUP BY 1`,
    where.params,
  );
  return rows.map((row) => ({ period: row.period, optOuts: countOf(row.optOuts) }));
}
