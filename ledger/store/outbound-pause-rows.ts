import type { SqlExecutor } from '../db/sql-runner.js';

/** The pause scope of everyone, or of one debtor. */
export function pauseScopeOf(debtorId: string | null): string {
  return debtorId === null ? 'all' : `debtor:${debtorId}`;
}

/** Stores a pause (again: a no-op); true when it was not paused before. */
export async function insertPause(
  sql: SqlExecutor,
  input: { readonly debtorId: string | null; readonly agentId: string; readonly at: Date },
): Promise<boolean> {
  const inserted = await sql.execute(
    'INSERT INTO "OutboundPause" ("scope", "debtorId", "pausedAt", "pausedBy") VALUES (?, ?, ?, ?) ON CONFLICT ("scope") DO NOTHING',
    [pauseScopeOf(input.debtorId), input.debtorId, input.at, input.agentId],
  );
  return inserted === 1;
}

/** Removes a pause; true when there was one. */
export async function deletePause(sql: SqlExecutor, debtorId: string | null): Promise<boolean> {
  return (await sql.execute('DELETE FROM "OutboundPause" WHERE "scope" = ?', [pauseScopeOf(debtorId)])) === 1;
}

/** The pause scopes in force ("all", "debtor:<id>"). */
export async function pauseScopes(sql: SqlExecutor): Promise<Set<string>> {
  return new Set((await sql.query('SELECT "scope" FROM "OutboundPause"')).map((row) => String(row.scope)));
}

/** The planned jobs due in [from, until), with the debtor's lender id and zone and the account's reference. */
export async function upcomingJobs(
  sql: SqlExecutor,
  from: Date,
  until: Date,
): Promise<
  Array<{ debtorId: string; debtorRef: string; timezone: string; accountRef: string; kind: string; channel: string; dueAt: unknown }>
> {
  const rows = await sql.query(
    `SELECT j."debtorId", d."externalId" AS "debtorRef", d."timezone", a."externalRef" AS "accountRef", j."kind", j."channel", j."dueAt"
     FROM "OutboundJob" j JOIN "Debtor" d ON d."id" = j."debtorId" JOIN "Account" a ON a."id" = j."accountId"
     WHERE j."status" = 'planned' AND j."dueAt" >= ? AND j."dueAt" < ? ORDER BY j."dueAt", d."externalId", a."externalRef", j."kind"`,
    [from, until],
  );
  return rows.map((row) => ({
    debtorId: String(row.debtorId),
    debtorRef: String(row.debtorRef),
    timezone: String(row.timezone),
    accountRef: String(row.accountRef),
    kind: String(row.kind),
    channel: String(row.channel),
    dueAt: row.dueAt,
  }));
}
