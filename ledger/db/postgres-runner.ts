import postgres from 'postgres';
import type { SqlExecutor, SqlRunner, SqlStatement, SqlValue } from './sql-runner.js';

/** How to reach PostgreSQL: a connection string, the schema to use (search_path) and how many connections at most. */
export interface PostgresRunnerConfig {
  readonly connectionString: string;
  readonly schema?: string;
  readonly max: number;
}

const int8Oid = 20;
const timestampOid = 1114;

/**
 * Opens a runner on PostgreSQL with postgres.js: a few connections, each pipelining the statements queued on it
 * (several turns' queries go out in one write and their answers come back in one read), every statement prepared
 * once per connection and its row description kept. BIGINT reads back as bigint; Prisma's `timestamp(3)` (UTC
 * without a zone) as the instant it is, whatever the server's time zone.
 */
export function makePostgresRunner(config: PostgresRunnerConfig): SqlRunner {
  const sql = postgres(config.connectionString, {
    max: config.max,
    prepare: true,
    onnotice: () => undefined,
    ...(config.schema ? { connection: { search_path: `"${config.schema.replaceAll('"', '')}"` } } : {}),
    types: {
      bigint: { to: int8Oid, from: [int8Oid], serialize: (value: bigint) => value.toString(), parse: (value: string) => BigInt(value) },
      timestamp: {
        to: timestampOid,
        from: [timestampOid],
        serialize: (value: string) => value,
        parse: (value: string) => new Date(`${value.replace(' ', 'T')}Z`),
      },
    },
  });
  const executorOf = (connection: postgres.Sql | postgres.TransactionSql): SqlExecutor => ({
    query: async <Row extends Record<string, unknown>>(text: string, params: readonly SqlValue[] = []) =>
      (await connection.unsafe(toPlaceholders(text), bind(params), { prepare: true })) as unknown as Row[],
    execute: async (text, params = []) => (await connection.unsafe(toPlaceholders(text), bind(params), { prepare: true })).count,
  });
  const direct = executorOf(sql);
  return {
    provider: 'postgresql',
    query: direct.query,
    execute: direct.execute,
    batch: async (statements) => {
      if (statements.length === 0) return;
      const { text, params } = asOneStatement(statements);
      await direct.execute(text, params);
    },
    transaction: async (work) => (await sql.begin((transaction) => work(executorOf(transaction)))) as Awaited<ReturnType<typeof work>>,
    close: () => sql.end({ timeout: 5 }),
  };
}

/** Parameters as PostgreSQL reads them untyped: a bigint and a Date as text (the column's type decides). */
function bind(params: readonly SqlValue[]): postgres.ParameterOrJSON<never>[] {
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
