import { chunked } from '../store/chunked.js';
import { inTransaction } from '../store/transactions.js';
import type { LedgerContext } from './context.js';

/** Most keys named in one query, well under SQLite's limit of bound parameters. */
const keysPerQuery = 500;

/**
 * Reads a channel's login state (opaque strings the channel's adapter wrote) stored under `keys` in
 * `namespace` (e.g. "whatsapp"); keys with nothing stored are absent from the result.
 */
export async function readChannelAuth(context: LedgerContext, namespace: string, keys: readonly string[]): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  for (const chunk of chunked([...new Set(keys)], keysPerQuery)) {
    const rows = await context.prisma.channelAuthEntry.findMany({ where: { namespace, key: { in: chunk } }, select: { key: true, value: true } });
    for (const row of rows) found.set(row.key, row.value);
  }
  return found;
}

/** Writes many entries of `namespace` in one transaction: a string is stored (replacing what was there), null deletes the key. */
export async function writeChannelAuth(context: LedgerContext, namespace: string, entries: ReadonlyMap<string, string | null>): Promise<void> {
  if (entries.size === 0) return;
  const stored = [...entries].flatMap(([key, value]) => (value === null ? [] : [{ namespace, key, value }]));
  // Replacing is delete-then-insert: two statements per batch instead of one upsert per key (pairing writes ~800 keys).
  await inTransaction(context, async (tx) => {
    for (const chunk of chunked([...entries.keys()], keysPerQuery)) await tx.channelAuthEntry.deleteMany({ where: { namespace, key: { in: chunk } } });
    for (const chunk of chunked(stored, keysPerQuery)) await tx.channelAuthEntry.createMany({ data: chunk });
  });
}

/** Deletes every entry of `namespace` (e.g. when WhatsApp logged the device out); returns how many were deleted. */
export async function clearChannelAuth(context: LedgerContext, namespace: string): Promise<number> {
  const { count } = await context.prisma.channelAuthEntry.deleteMany({ where: { namespace } });
  return count;
}
