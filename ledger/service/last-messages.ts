import { maskIdentityData } from '../privacy/mask.js';
import { lastDebtorMessageTexts } from '../store/message-rows.js';
import type { LedgerContext } from './context.js';

/** The last message the debtor wrote in each of these conversations, masked (DESIGN §11); conversations where they wrote nothing are absent. */
export async function lastDebtorMessages(context: LedgerContext, conversationIds: readonly string[]): Promise<Map<string, string>> {
  const texts = await lastDebtorMessageTexts(context.prisma, conversationIds);
  return new Map([...texts].map(([conversationId, text]) => [conversationId, maskIdentityData(text)]));
}
