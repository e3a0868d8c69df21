// A throwaway PostgreSQL schema for one bench: its URL, and dropping it afterwards.
import pg from 'pg';

/** Runs `work` with the URL of a new schema named after `prefix` in the database at `base`, and drops the schema after. */
export async function withScratchSchema(base: string, prefix: string, work: (url: string) => void | Promise<void>): Promise<void> {
  const schema = `${prefix}_${Date.now().toString(36)}`;
  try {
    await work(`${base}${base.includes('?') ? '&' : '?'}schema=${schema}`);
  } finally {
    const client = new pg.Client({ connectionString: base });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await client.end();
  }
}
