import Database from 'better-sqlite3';
import { GroupCommit } from './group-commit.js';
import type { WriteLock } from './write-lock.js';

/** A parameter of a raw statement: text, integer, bigint, boolean, null or a Date (stored as Prisma stores it). */
export type SqlValue = string | number | bigint | boolean | null | Date;

/** One statement with its parameters; placeholders are `?` for both providers. */
export interface SqlStatement {
  readonly text: string;
  readonly params: readonly SqlValue[];
}

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
  /**
   * Runs data-changing statements as one atomic write in one round trip: on SQLite one group-committed unit (a savepoint
   * undoes all of them if one fails), on PostgreSQL one statement (the first ones as data-modifying WITH queries). They
   * run on one snapshot, so no two may change the same row.
   */
  batch(statements: readonly SqlStatement[]): Promise<void>;
  /** Runs `work` in one transaction (SQLite: BEGIN IMMEDIATE), committing or rolling back. */
  transaction<T>(work: (sql: SqlExecutor) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/**
 * Opens a runner on a SQLite file: its own connection (WAL mode, BigInt-safe reads). Reads run at once on the
 * last committed state; writes and transactions take `lock`, shared with Prisma's connection, so they never
 * wait inside SQLite for a transaction that is waiting for the event loop. Single writes are group-committed: those
 * asked for in one turn of the event loop share one transaction (GroupCommit).
 */
export function makeSqliteRunner(path: string, lock: WriteLock): SqlRunner {
  const reader = new SqliteConnection(path);
  const writer = new SqliteConnection(path);
  const writes = new GroupCommit(() => writer.database(), lock);
  return {
    provider: 'sqlite',
    query: async (text, params) => reader.query(text, params),
    execute: (text, params) => writes.write(() => writer.run(text, params)),
    batch: async (statements) => {
      await writes.write(() => {
        const database = writer.database();
        database.exec('SAVEPOINT batch');
        try {
          for (const { text, params } of statements) writer.run(text, params);
        } catch (error) {
          if (database.inTransaction) database.exec('ROLLBACK TO batch');
          throw error;
        } finally {
          if (database.inTransaction) database.exec('RELEASE batch');
        }
        return 0;
      });
    },
    transaction: (work) =>
      lock.run(async () => {
        const database = writer.database();
        database.exec('BEGIN IMMEDIATE');
        try {
          const result = await work({
            query: async (text, params) => writer.query(text, params),
            execute: async (text, params) => writer.run(text, params),
          });
          database.exec('COMMIT');
          return result;
        } catch (error) {
          database.exec('ROLLBACK');
          throw error;
        }
      }),
    async close() {
      await writes.drained();
      reader.close();
      writer.close();
    },
  };
}

/**
 * One better-sqlite3 connection of the runner (WAL mode, BigInt-safe reads), opened at first use, with its prepared
 * statements kept by text. The runner has two: reads outside a transaction see only committed rows, whatever
 * transaction the other one has open.
 */
class SqliteConnection {
  private connection: Database.Database | null = null;
  private readonly statements = new Map<string, Database.Statement>();

  constructor(private readonly path: string) {}

  database(): Database.Database {
    if (!this.connection) {
      this.connection = new Database(this.path, { timeout: 10_000 });
      this.connection.defaultSafeIntegers(true);
      this.connection.pragma('journal_mode = WAL');
      this.connection.pragma('synchronous = NORMAL');
    }
    return this.connection;
  }

  query<Row extends Record<string, unknown>>(text: string, params: readonly SqlValue[] = []): Row[] {
    return this.prepare(text).all(...bindSqlite(params)) as Row[];
  }

  /** Runs a statement; returns how many rows it changed. */
  run(text: string, params: readonly SqlValue[] = []): number {
    return this.prepare(text).run(...bindSqlite(params)).changes;
  }

  close(): void {
    this.statements.clear();
    this.connection?.close();
    this.connection = null;
  }

  private prepare(text: string): Database.Statement {
    let statement = this.statements.get(text);
    if (!statement) {
      statement = this.database().prepare(text);
      if (this.statements.size > 200) this.statements.clear();
      this.statements.set(text, statement);
    }
    return statement;
  }
}

/** Parameters as SQLite stores them: a Date as Prisma writes it (ISO text with "+00:00"), a boolean as 0 or 1. */
function bindSqlite(params: readonly SqlValue[]): unknown[] {
  return params.map((value) =>
    value instanceof Date ? value.toISOString().replace('Z', '+00:00') : typeof value === 'boolean' ? Number(value) : value,
  );
}
