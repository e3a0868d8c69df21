import pg from 'pg';
import postgres from 'postgres';
import type { SqlExecutor, SqlRunner, SqlStatement, SqlValue } from './sql-runner.js';

/** How to reach PostgreSQL: a connection string, the schema to use (search_path) and how many connections at most. */
export interface PostgresRunnerConfig {
  readonly connectionString: string;
  readonly schema?: string;
  readonly max: number;
}

/**
 * Connections of the transactions' pool per connection of the statements' pool: a transaction holds its connection for
 * every round trip it makes, each waiting its turn on a busy event loop, so it needs more of them than pipelined
 * statements do (with as many as the statements' pool, 100 conversations verifying at once queued 1.5 s for one).
 */
const transactionConnectionsPerStatementConnection = 4;

/** How long a transaction connection beyond the first few stays open unused, in ms. */
const transactionConnectionIdleMs = 60_000;

const int8Oid = 20;
const timestampOid = 1114;

/**
 * Opens a runner on PostgreSQL. Single statements and batches (each one statement) go through postgres.js: a few
 * connections, each pipelining the statements queued on it (several turns' statements go out in one write and their
 * answers come back in one read), every statement prepared once per connection with its row description kept.
 * Transactions take a connection of their own from a node-pg pool (four times the size): postgres.js can hand a
 * transaction's connection back to its pool while the transaction is still open when it pipelines under load
 * (porsager/postgres#823, #1189), so it never runs one here. BIGINT reads back as bigint; Prisma's `timestamp(3)`
 * (UTC without a zone) as the instant it is, whatever the server's time zone.
 */
export function makePostgresRunner(config: PostgresRunnerConfig): SqlRunner {
  const searchPath = config.schema === undefined ? undefined : `"${config.schema.replaceAll('"', '')}"`;
  const sql = postgres(config.connectionString, {
    max: config.max,
    prepare: true,
    onnotice: () => undefined,
    ...(searchPath ? { connection: { search_path: searchPath } } : {}),
    types: {
      bigint: { to: int8Oid, from: [int8Oid], serialize: (value: bigint) => value.toString(), parse: (value: string) => BigInt(value) },
      timestamp: {
        to: timestampOid,
        from: [timestampOid],
        serialize: (value: string) => value,
        parse: parseUtcTimestamp,
      },
    },
  });
  const transactions = new pg.Pool({
    connectionString: config.connectionString,
    max: config.max * transactionConnectionsPerStatementConnection,
    // A new connection costs PostgreSQL a process (about 10–20 ms here): a few stay open, the rest a minute after use.
    min: config.max,
    idleTimeoutMillis: transactionConnectionIdleMs,
    ...(searchPath ? { options: `-c search_path=${searchPath}` } : {}),
  });
  // An idle connection the server ended (a restart, an administrator, a timeout) leaves the pool by itself, and the
  // next transaction opens another; without a listener its error would end the process.
  transactions.on('error', () => undefined);
  const run = (text: string, params: readonly SqlValue[]) => sql.unsafe(toPlaceholders(text), bind(params), { prepare: true });
  const query = async <Row extends Record<string, unknown>>(text: string, params: readonly SqlValue[] = []) =>
    (await run(text, params)) as unknown as Row[];
  const execute = async (text: string, params: readonly SqlValue[] = []) => (await run(text, params)).count;
  return {
    provider: 'postgresql',
    query,
    execute,
    batch: async (statements) => {
      if (statements.length === 0) return;
      const { text, params } = asOneStatement(statements);
      await execute(text, params);
    },
    async transaction(work) {
      const client = await transactions.connect();
      // node-pg runs one statement at a time per connection: statements asked for together wait their turn here.
      let last: Promise<unknown> = Promise.resolve();
      const inTurn = <T>(run: () => Promise<T>): Promise<T> => {
        const next = last.then(run, run);
        last = next.catch(() => undefined);
        return next;
      };
      const executor: SqlExecutor = {
        query: <Row extends Record<string, unknown>>(text: string, params: readonly SqlValue[] = []) =>
          inTurn(async () => {
            const result = await client.query({ text: toPlaceholders(text), values: bind(params), types: { getTypeParser: nodePgParser } });
            return result.rows as Row[];
          }),
        execute: (text, params = []) => inTurn(async () => (await client.query(toPlaceholders(text), bind(params))).rowCount ?? 0),
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
    close: async () => {
      await Promise.all([sql.end({ timeout: 5 }), transactions.end()]);
    },
  };
}

/** node-pg's parsers with the same two exceptions as postgres.js's above: BIGINT as bigint, `timestamp(3)` as UTC. */
function nodePgParser(oid: number, format?: string): (value: string) => unknown {
  if (oid === int8Oid) return (value: string) => BigInt(value);
  if (oid === timestampOid) return parseUtcTimestamp;
  return pg.types.getTypeParser(oid, format as 'text');
}

/** A `timestamp(3)` as PostgreSQL prints it (UTC without a zone) as the instant it is. */
function parseUtcTimestamp(value: string): Date {
  return new Date(`${value.replace(' ', 'T')}Z`);
}

/** Parameters as PostgreSQL reads them untyped: a bigint and a Date as text (the column's type decides). */
function bind(params: readonly SqlValue[]): (string | number | boolean | null)[] {
  return params.map((value) =>
    typeof value === 'bigint' ? value.toString() : value instanceof Date ? value.toISOString().replace('T', ' ').replace('Z', '') : value,
  );
}

/** `?` placeholders as PostgreSQL's `$1`, `$2`, … (memoised: the same texts come back every turn). */
const numbered = new Map<string, string>();
function toPlaceholders(text: string): string {
  let result = numbered.get(text);
  if (result === undefined) {
    let index = 0;
    result = text.replace(/\?/g, () => `$${(index += 1)}`);
    if (numbered.size > 500) numbered.clear();
    numbered.set(text, result);
  }
  return result;
}

/** Statements as one: all but the last as data-modifying WITH queries of the last (PostgreSQL runs it atomically). */
function asOneStatement(statements: readonly SqlStatement[]): SqlStatement {
  if (statements.length === 1) return statements[0] as SqlStatement;
  const leading = statements.slice(0, -1).map((statement, index) => `batch_${index} AS (${statement.text})`);
  const last = statements[statements.length - 1] as SqlStatement;
  return { text: `WITH ${leading.join(', ')} ${last.text}`, params: statements.flatMap((statement) => statement.params) };
}
