import {
  deleteChannelAuthKeys,
  deleteChannelAuthNamespace,
  insertChannelAuthEntries,
  readChannelAuthEntries,
} from '../store/channel-auth-rows.js';
import { inTransaction } from '../store/transactions.js';
import type { LedgerContext } from './context.js';

/**
 * Reads a channel's login state (opaque strings the channel's adapter wrote) stored under `keys` in
 * `namespace` (e.g. "whatsapp"); keys with nothing stored are absent from the result.
 */
export function readChannelAuth(context: LedgerContext, namespace: string, keys: readonly string[]): Promise<Map<string, string>> {
  return readChannelAuthEntries(context.prisma, { namespace, keys: [...new Set(keys)] });
}

/** Writes many entries of `namespace` in one transaction: a string is stored (replacing what was there), null deletes the key. */
export async function writeChannelAuth(
  context: LedgerContext,
  namespace: string,
  entries: ReadonlyMap<string, string | null>,
): Promise<void> {
  if (entries.size === 0) return;
  const stored = [...entries].flatMap(([key, value]) => (value === null ? [] : [{ namespace, key, value }]));
  // Replacing is delete-then-insert: two statements per batch instead of one upsert per key (pairing writes ~800 keys).
  await inTransaction(context, async (tx) => {
    await deleteChannelAuthKeys(tx, { namespace, keys: [...entries.keys()] });
    await insertChannelAuthEntries(tx, stored);
  });
}

/** Deletes every entry of `namespace` (e.g. when WhatsApp logged the device out); returns how many were deleted. */
export function clearChannelAuth(context: LedgerContext, namespace: string): Promise<number> {
  return deleteChannelAuthNamespace(context.prisma, namespace);
}
