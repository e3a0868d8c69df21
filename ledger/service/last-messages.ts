import { maskIdentityData } from '../privacy/mask.js';
import { chunked } from '../store/chunked.js';
import type { LedgerContext } from './context.js';

/** The last message the debtor wrote in each of these conversations, masked (DESIGN §11); conversations where they wrote nothing are absent. */
export async function lastDebtorMessages(context: LedgerContext, conversationIds: readonly string[]): Promise<Map<string, string>> {
  const latest = new Map<string, string>();
  for (const ids of chunked([...new Set(conversationIds)], 500)) {
    // Message ids sort by creation time (sortableId), so the greatest id is the last message.
    const groups = await context.prisma.message.groupBy({ by: ['conversationId'], where: { conversationId: { in: ids }, author: 'debtor' }, _max: { id: true } });
    const lastIds = groups.map((group) => group._max.id).filter((id): id is string => id !== null);
    const rows = await context.prisma.message.findMany({ where: { id: { in: lastIds } }, select: { conversationId: true, text: true } });
    for (const row of rows) latest.set(row.conversationId, maskIdentityData(row.text));
  }
  return latest;
}
