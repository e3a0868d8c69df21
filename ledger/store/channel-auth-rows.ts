import { chunked } from './chunked.js';
import type { LedgerDb } from './ledger-db.js';

/** Most keys named in one query, well under SQLite's limit of bound parameters. */
const keysPerQuery = 500;

/** Reads the values stored under `keys` in `namespace`, a query per 500 keys; keys with nothing stored are absent. */
export async function readChannelAuthEntries(
  db: LedgerDb,
  { namespace, keys }: { readonly namespace: string; readonly keys: readonly string[] },
): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  for (const chunk of chunked(keys, keysPerQuery)) {
    const rows = await db.channelAuthEntry.findMany({ where: { namespace, key: { in: chunk } }, select: { key: true, value: true } });
    for (const row of rows) found.set(row.key, row.value);
  }
  return found;
}

/** Deletes the entries stored under `keys` in `namespace`, a statement per 500 keys. */
export async function deleteChannelAuthKeys(
  db: LedgerDb,
  { namespace, keys }: { readonly namespace: string; readonly keys: readonly string[] },
): Promise<void> {
  for (const chunk of chunked(keys, keysPerQuery)) await db.channelAuthEntry.deleteMany({ where: { namespace, key: { in: chunk } } });
}

/** Inserts entries (keys not stored yet), a statement per 500 entries. */
export async function insertChannelAuthEntries(
  db: LedgerDb,
  entries: readonly { readonly namespace: string; readonly key: string; readonly value: string }[],
): Promise<void> {
  for (const chunk of chunked(entries, keysPerQuery)) await db.channelAuthEntry.createMany({ data: chunk });
}

/** Deletes every entry of `namespace`; returns how many were deleted. */
export async function deleteChannelAuthNamespace(db: LedgerDb, namespace: string): Promise<number> {
  const { count } = await db.channelAuthEntry.deleteMany({ where: { namespace } });
  return count;
}
