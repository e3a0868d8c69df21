import Database from 'better-sqlite3';
import pg from 'pg';
import type { WriteLock } from './write-lock.js';

/** A parameter of a raw statement: text, integer, bigint, boolean, null or a Date (stored as Prisma stores it). */
export type SqlValue = string | number | bigint | boolean | null | Date;

/** Raw SQL inside one transaction; placeholders are `?` for both providers. */
export interface SqlExecutor {
  /** Runs a query and returns its rows (BigInt columns as bigint). */
  query<Row extends Record<string, unknown>>(text: string, params?: readonly SqlValue[]): Promise<Row[]>;
  /** Runs a statement; returns how many rows it changed. */
  execute(text: string, params?: readonly SqlValue[]): Promise<number>;
}

/**
 * Direct driver access where Prisma's per-statement cost is too high — the statements every turn runs
 * (`query`/`execute`, prepared once and reused) and bulk work (the portfolio import, in `transaction`).
 * The ledger's store is the only user.
 */
export interface SqlRunner extends SqlExecutor {
  readonly provider: 'sqlite' | 'postgresql';
  /** Runs `work` in one transaction (SQLite: BEGIN IMMEDIATE), committing or rolling back. */
  transaction<T>(work: (sql: SqlExecutor) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/**
 * Opens a runner on a SQLite file: its own connection (WAL mode, BigInt-safe reads). Reads run at once on the
 * last committed state; writes and transactions take `lock`, shared with Prisma's connection, so they never
 * wait inside SQLite for a transaction that is waiting for the event loop.
 */
export function makeSqliteRunner(path: string, lock: WriteLock): SqlRunner {
  let db: Database.Database | null = null;
  const connection = () => {
    if (!db) {
      db = new Database(path, { timeout: 10_000 });
      db.defaultSafeIntegers(true);
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
    }
    return db;
  };
  const bind = (params: readonly SqlValue[]) =>
    params.map((value) =>
      value instanceof Date ? value.toISOString().replace('Z', '+00:00') : typeof value === 'boolean' ? Number(value) : value,
    );
  const statements = new Map<string, Database.Statement>();
  const prepare = (database: Database.Database, text: string) => {
    let statement = statements.get(text);
    if (!statement) {
      statement = database.prepare(text);
      if (statements.size > 200) statements.clear();
      statements.set(text, statement);
    }
    return statement;
  };
  const executor = (database: Database.Database): SqlExecutor => ({
    query: async <Row extends Record<string, unknown>>(text: string, params: readonly SqlValue[] = []) =>
      prepare(database, text).all(...bind(params)) as Row[],
    execute: async (text, params = []) => prepare(database, text).run(...bind(params)).changes,
  });
  return {
    provider: 'sqlite',
    query: (text, params) => executor(connection()).query(text, params),
    execute: (text, params) => lock.run(() => executor(connection()).execute(text, params)),
    transaction: (work) =>
      lock.run(async () => {
        const database = connection();
        database.exec('BEGIN IMMEDIATE');
        try {
          const result = await work(executor(database));
          database.exec('COMMIT');
          return result;
        } catch (error) {
          database.exec('ROLLBACK');
          throw error;
        }
      }),
    async close() {
      statements.clear();
      db?.close();
      db = null;
    },
  };
}

/** Opens a runner on PostgreSQL: a pool, statements prepared once per connection by name, BIGINT read back as bigint. */
export function makePostgresRunner(config: pg.PoolConfig): SqlRunner {
  const pool = new pg.Pool({ ...config, max: 10 });
  const names = new Map<string, string>();
  /** The prepared statement's name for `text` (the same name on every connection of the pool). */
  const nameOf = (text: string) => {
    let name = names.get(text);
    if (!name) {
      name = `ledger_${names.size}`;
      names.set(text, name);
    }
    return name;
  };
  const toPlaceholders = (text: string) => {
    let index = 0;
    return text.replace(/\?/g, () => `$${(index += 1)}`);
  };
  const bind = (params: readonly SqlValue[]) =>
    params.map((value) =>
      typeof value === 'bigint' ? value.toString() : value instanceof Date ? value.toISOString().replace('T', ' ').replace('Z', '') : value,
    );
  return {
    provider: 'postgresql',
    query: async <Row extends Record<string, unknown>>(text: string, params: readonly SqlValue[] = []) => {
      const result = await pool.query({
        name: nameOf(text),
        text: toPlaceholders(text),
        values: bind(params),
        types: { getTypeParser: bigintAwareParser },
      });
      return result.rows as Row[];
    },
    execute: async (text, params = []) =>
      (await pool.query({ name: nameOf(text), text: toPlaceholders(text), values: bind(params) })).rowCount ?? 0,
    async transaction(work) {
      const client = await pool.connect();
      const executor: SqlExecutor = {
        query: async <Row extends Record<string, unknown>>(text: string, params: readonly SqlValue[] = []) => {
          const result = await client.query({
            text: toPlaceholders(text),
            values: bind(params),
            types: { getTypeParser: bigintAwareParser },
          });
          return result.rows as Row[];
        },
        execute: async (text, params = []) => (await client.query(toPlaceholders(text), bind(params))).rowCount ?? 0,
      };
      try {
        await client.query('BEGIN');
        const result = await work(executor);
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

const int8Oid = 20;
function bigintAwareParser(oid: number, format?: string): (value: string) => unknown {
  if (oid === int8Oid) return (value: string) => BigInt(value);
  return pg.types.getTypeParser(oid, format as 'text');
}
