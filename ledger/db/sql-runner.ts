import Database from 'better-sqlite3';
import pg from 'pg';

/** A parameter of a raw statement: text, integer, bigint, boolean, null or a Date (stored as Prisma stores it). */
export type SqlValue = string | number | bigint | boolean | null | Date;

/** Raw SQL inside one transaction; placeholders are `?` for both providers. */
export interface SqlExecutor {
  /** Runs a query and returns its rows (BigInt columns as bigint). */
  query<Row extends Record<string, unknown>>(text: string, params?: readonly SqlValue[]): Promise<Row[]>;
  /** Runs a statement. */
  execute(text: string, params?: readonly SqlValue[]): Promise<void>;
}

/**
 * Direct driver access for bulk work (portfolio import), where Prisma's per-row cost is too high:
 * the ledger's store is the only user.
 */
export interface SqlRunner {
  readonly provider: 'sqlite' | 'postgresql';
  /** Runs `work` in one transaction (SQLite: BEGIN IMMEDIATE), committing or rolling back. */
  transaction<T>(work: (sql: SqlExecutor) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Opens a bulk runner on a SQLite file (its own connection, WAL mode, BigInt-safe reads). */
export function makeSqliteRunner(path: string): SqlRunner {
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
    execute: async (text, params = []) => {
      prepare(database, text).run(...bind(params));
    },
  });
  return {
    provider: 'sqlite',
    async transaction(work) {
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
    },
    async close() {
      statements.clear();
      db?.close();
      db = null;
    },
  };
}

/** Opens a bulk runner on PostgreSQL (a small pool; BIGINT read back as bigint). */
export function makePostgresRunner(config: pg.PoolConfig): SqlRunner {
  const pool = new pg.Pool({ ...config, max: 2 });
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
        execute: async (text, params = []) => {
          await client.query(toPlaceholders(text), bind(params));
        },
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
