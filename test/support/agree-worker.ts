// A separate process that tries to record an agreement at a given instant, for real concurrency
// tests against one SQLite file. Usage: tsx agree-worker.ts <url> <accountId> <plan|settlement> <key> <startAtMs>
import { openLedgerDatabase } from '../../ledger/db/open-database.js';
import { defaultPolicy, offerPlan, offerSettlement } from '../../ledger/policy/index.js';
import { agreePlan, agreeSettlement, toAccountView } from '../../ledger/service/index.js';

const [url = '', accountId = '', kind = 'plan', key = '', startAt = '0'] = process.argv.slice(2);
const today = '2026-11-23';
const actor = { type: 'debtor', id: `worker:${process.pid}` } as const;
const database = await openLedgerDatabase(url, { migrate: false });
const account = toAccountView(await database.prisma.account.findUniqueOrThrow({ where: { id: accountId } }));
const context = { prisma: database.prisma, sql: database.sql, policy: defaultPolicy };
await new Promise((resolve) => setTimeout(resolve, Math.max(0, Number(startAt) - Date.now())));
let outcome;
if (kind === 'plan') {
  const offer = offerPlan(account, defaultPolicy, today, { count: 5 });
  if (!offer.ok) throw new Error(offer.refusal.code);
  outcome = await agreePlan(context, {
    idempotencyKey: key,
    accountId,
    acceptedOffer: offer.offer,
    request: { count: 5 },
    todayIso: today,
    actor,
  });
} else {
  const offer = offerSettlement(account, defaultPolicy, today);
  if (!offer.ok) throw new Error(offer.refusal.code);
  outcome = await agreeSettlement(context, { idempotencyKey: key, accountId, acceptedOffer: offer.offer, todayIso: today, actor });
}
console.log(JSON.stringify(outcome.ok ? { ok: true } : { ok: false, code: outcome.refusal.code }));
await database.close();
