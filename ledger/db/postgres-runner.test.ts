import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTempDatabase, type TempDatabase } from '../../test/support/temp-database.js';
import { makePostgresRunner } from './postgres-runner.js';
import type { SqlRunner } from './sql-runner.js';

const available = Boolean(process.env.TEST_DATABASE_URL);

/** A runner on the temporary database at `databaseUrl` (its `?schema=` as the search path), named `applicationName` to the server. */
function runnerOn(databaseUrl: string, max: number, applicationName?: string): SqlRunner {
  const url = new URL(databaseUrl);
  const schema = url.searchParams.get('schema') ?? undefined;
  url.searchParams.delete('schema');
  if (applicationName) url.searchParams.set('application_name', applicationName);
  return makePostgresRunner({ connectionString: url.toString(), ...(schema ? { schema } : {}), max });
}

describe('the PostgreSQL runner (postgres.js, statements pipelined on few connections)', () => {
  let database: TempDatabase;
  let runner: SqlRunner;
  beforeAll(async () => {
    if (!available) return;
    database = await openTempDatabase('postgresql');
    runner = runnerOn(database.url, 2);
  });
  afterAll(async () => {
    await runner?.close();
    await database?.destroy();
  });

  it.skipIf(!available)('answers each of many statements in flight at once with its own rows', async () => {
    await runner.batch(
      Array.from({ length: 50 }, (_, index) => ({
        text: `INSERT INTO "BotState" ("key", "eTag", "data", "updatedAt") VALUES (?, ?, ?, ?)`,
        params: [`pipelined-${index}`, `e${index}`, JSON.stringify({ index }), new Date()],
      })),
    );
    const answers = await Promise.all(
      Array.from({ length: 400 }, (_, turn) =>
        runner.query<{ key: string; data: string }>(`SELECT "key", "data" FROM "BotState" WHERE "key" = ?`, [`pipelined-${turn % 50}`]),
      ),
    );
    answers.forEach((rows, turn) => expect(rows).toEqual([{ key: `pipelined-${turn % 50}`, data: JSON.stringify({ index: turn % 50 }) }]));
  });

  it.skipIf(!available)('reads BIGINT back as an exact bigint and a timestamp as the instant written', async () => {
    const at = new Date('2026-03-08T07:30:00.123Z');
    const [row] = await runner.query<{ big: bigint; at: Date; count: bigint }>(
      `SELECT ?::bigint AS "big", ?::timestamp(3) AS "at", COUNT(*) AS "count" FROM "BotState" WHERE "key" = ?`,
      [9_007_199_254_740_993n, at, 'none'],
    );
    expect(row).toEqual({ big: 9_007_199_254_740_993n, at, count: 0n });
  });

  it.skipIf(!available)('stores all of a batch or none of it, and says how many rows a statement changed', async () => {
    const insert = (key: string) => ({
      text: `INSERT INTO "BotState" ("key", "eTag", "data", "updatedAt") VALUES (?, ?, ?, ?)`,
      params: [key, 'e', '{}', new Date()],
    });
    await expect(runner.batch([insert('batch-new'), insert('pipelined-0')])).rejects.toThrow();
    expect(await runner.query(`SELECT "key" FROM "BotState" WHERE "key" = ?`, ['batch-new'])).toEqual([]);
    expect(await runner.execute(`UPDATE "BotState" SET "eTag" = ? WHERE "key" LIKE ?`, ['f', 'pipelined-1%'])).toBe(11);
  });

  it.skipIf(!available)('rolls a failed transaction back while statements outside it go on', async () => {
    const failed = runner
      .transaction(async (sql) => {
        await sql.execute(`INSERT INTO "BotState" ("key", "eTag", "data", "updatedAt") VALUES (?, ?, ?, ?)`, [
          'in-tx',
          'e',
          '{}',
          new Date(),
        ]);
        await Promise.all(Array.from({ length: 20 }, () => runner.query(`SELECT "key" FROM "BotState" WHERE "key" = ?`, ['pipelined-2'])));
        throw new Error('refused');
      })
      .catch((error: unknown) => (error as Error).message);
    expect(await failed).toBe('refused');
    expect(await runner.query(`SELECT "key" FROM "BotState" WHERE "key" = ?`, ['in-tx'])).toEqual([]);
    expect(await runner.transaction(async (sql) => sql.query(`SELECT "key" FROM "BotState" WHERE "key" = ?`, ['pipelined-3']))).toEqual([
      { key: 'pipelined-3' },
    ]);
  });

  it.skipIf(!available)('keeps statements outside transactions out of them while hundreds queue at once', async () => {
    const insert = `INSERT INTO "BotState" ("key", "eTag", "data", "updatedAt") VALUES (?, ?, ?, ?)`;
    // Both connections busy first, so what follows queues behind slow statements, hundreds deep (a transaction started
    // in the middle of such a queue is where a pipelining driver can lose track of it).
    const slow = Array.from({ length: 2 }, () => runner.query('SELECT pg_sleep(0.2)'));
    const work = Array.from({ length: 400 }, (_, index) =>
      index % 5 === 0
        ? runner
            .transaction(async (sql) => {
              await sql.execute(insert, [`rolled-back-${index}`, 'e', '{}', new Date()]);
              throw new Error('refused');
            })
            .catch((error: unknown) => (error as Error).message)
        : runner.execute(insert, [`autocommit-${index}`, 'e', '{}', new Date()]),
    );
    await Promise.all(slow);
    const outcomes = await Promise.all(work);
    expect(outcomes.filter((outcome) => outcome === 'refused')).toHaveLength(80);
    expect(outcomes.filter((outcome) => outcome === 1)).toHaveLength(320);
    const [counts] = await runner.query<{ kept: bigint; undone: bigint }>(
      `SELECT COUNT(*) FILTER (WHERE "key" LIKE 'autocommit-%') AS "kept", COUNT(*) FILTER (WHERE "key" LIKE 'rolled-back-%') AS "undone" FROM "BotState"`,
    );
    expect(counts).toEqual({ kept: 320n, undone: 0n });
  });

  it.skipIf(!available)('carries on when the server ends its idle connections (a restart, an idle timeout, an administrator)', async () => {
    const applicationName = `runner-test-${process.pid}`;
    const own = runnerOn(database.url, 1, applicationName);
    const admin = runnerOn(database.url, 1, `${applicationName}-admin`);
    try {
      const touch = (key: string) =>
        own.transaction((tx) =>
          tx.execute(`INSERT INTO "BotState" ("key", "eTag", "data", "updatedAt") VALUES (?, 'e', '{}', ?)`, [key, new Date()]),
        );
      await Promise.all([touch('before-restart'), own.query('SELECT 1 AS "one"')]);
      const ended = await admin.query<{ ended: boolean }>(
        'SELECT pg_terminate_backend(pid) AS "ended" FROM pg_stat_activity WHERE application_name = ?',
        [applicationName],
      );
      expect(ended.length).toBeGreaterThanOrEqual(2);
      await new Promise((resolve) => setTimeout(resolve, 200));
      await touch('after-restart');
      expect(await own.query<{ key: string }>(`SELECT "key" FROM "BotState" WHERE "key" LIKE '%-restart' ORDER BY "key"`)).toEqual([
        { key: 'after-restart' },
        { key: 'before-restart' },
      ]);
    } finally {
      await Promise.all([own.close(), admin.close()]);
    }
  });
});
