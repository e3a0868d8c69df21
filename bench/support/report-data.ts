// The data the reports bench (bench/reports.bench.ts) measures on: a portfolio of 100,000 accounts (about 80,000
// debtors in six countries and five currencies) and 90 days of activity up to `now`, at `scale` (0.1: a tenth of
// everything). The 90 days hold about 100,000 conversations on webchat / telegram / whatsapp (80 % linked to a debtor),
// 1,000,000 messages (debtor and bot turns, 8 % of the debtor's not understood, agents' answers after a handoff),
// 10,000 handoffs (most assigned and answered), 20,000 promises (pending, or kept or broken and when; 60 % made in a
// conversation), 10,000 agreements (plans with their installments, and settlements; 75 % made in a conversation),
// 30,000 payments (30 % through a payment link a conversation asked for, 3 % reversed, each with its reversal),
// 100,000 outbound contact attempts (every kind and outcome, refusals included) and 2,000 opt-outs. Everything is
// deterministic (a seeded generator) and written with multi-row INSERTs (ledger/store/bulk-insert.ts), one transaction
// per table, through the ledger's SQL runner, so dates are stored exactly as the app stores them.
import type { SqlRunner, SqlValue } from '../../ledger/db/sql-runner.js';
import { insertRows } from '../../ledger/store/bulk-insert.js';

/** What to generate. */
export interface ReportDataOptions {
  /** 1: 100,000 accounts, 1,000,000 messages and the rest in proportion; 0.1: a tenth. */
  readonly scale: number;
  /** The end of the activity (the bench's "now"). */
  readonly now: Date;
  /** Days of activity up to `now`, today included. */
  readonly days: number;
  /** Seed of the generator (same seed, same data). */
  readonly seed: number;
}

/** Rows written per table, and the seconds the whole seeding took. */
export interface ReportDataCounts {
  readonly rows: Readonly<Record<string, number>>;
  /** Seconds per table (its generation and its INSERTs). */
  readonly secondsByTable: Readonly<Record<string, number>>;
  readonly seconds: number;
}

const dayMs = 86_400_000;

/** A small deterministic PRNG (mulberry32), as ledger/import/generate-portfolio.ts uses. */
function makeRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** A country's debtors: language, time zone, currency, and the range of their balances in minor units. */
interface Country {
  readonly country: string;
  readonly language: string;
  readonly timezone: string;
  readonly currency: string;
  readonly documentType: string;
  readonly minMinor: number;
  readonly maxMinor: number;
}

const countries: readonly Country[] = [
  {
    country: 'CL',
    language: 'es',
    timezone: 'America/Santiago',
    currency: 'CLP',
    documentType: 'RUT',
    minMinor: 50_000,
    maxMinor: 5_000_000,
  },
  { country: 'PE', language: 'es', timezone: 'America/Lima', currency: 'PEN', documentType: 'DNI', minMinor: 20_000, maxMinor: 2_000_000 },
  {
    country: 'MX',
    language: 'es',
    timezone: 'America/Mexico_City',
    currency: 'MXN',
    documentType: 'CURP',
    minMinor: 100_000,
    maxMinor: 8_000_000,
  },
  {
    country: 'CO',
    language: 'es',
    timezone: 'America/Bogota',
    currency: 'COP',
    documentType: 'CC',
    minMinor: 200_000,
    maxMinor: 20_000_000,
  },
  {
    country: 'SV',
    language: 'es',
    timezone: 'America/El_Salvador',
    currency: 'USD',
    documentType: 'DUI',
    minMinor: 10_000,
    maxMinor: 800_000,
  },
  {
    country: 'US',
    language: 'en',
    timezone: 'America/New_York',
    currency: 'USD',
    documentType: 'SSN4',
    minMinor: 10_000,
    maxMinor: 1_500_000,
  },
];
const products = ['tarjeta_credito', 'credito_consumo', 'factura_servicios', 'personal_loan', 'utility_bill'];
const channels = ['webchat', 'telegram', 'whatsapp'] as const;
const contactKinds = ['pre_due', 'due_today', 'past_due', 'installment_due', 'promise_due', 'broken_promise'] as const;
const agentCount = 20;

/** The generator and the picks built on it. */
class Draw {
  readonly next: () => number;
  constructor(seed: number) {
    this.next = makeRandom(seed);
  }
  /** An integer from `min` to `max`, both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.next() < p;
  }
  /** One of `items`, evenly. */
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)] as T;
  }
  /** One of `items` by weight (the weights need not add up to 1). */
  weighted<T>(items: readonly (readonly [T, number])[]): T {
    const total = items.reduce((sum, [, weight]) => sum + weight, 0);
    let left = this.next() * total;
    for (const [item, weight] of items) {
      left -= weight;
      if (left < 0) return item;
    }
    return (items[items.length - 1] as readonly [T, number])[0];
  }
}

/** The UTC date (YYYY-MM-DD) of an instant in ms. */
function dateOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** `text` (YYYY-MM-DD) moved by `days`. */
function addDays(text: string, days: number): string {
  return dateOf(Date.parse(`${text}T00:00:00.000Z`) + days * dayMs);
}

/** A fixed-width id: `prefix` and `index` padded, so ids sort as they were made. */
function idOf(prefix: string, index: number): string {
  return `${prefix}${String(index).padStart(8, '0')}`;
}

/** Rows to insert into one table, made lazily. */
interface TableRows {
  readonly table: string;
  readonly columns: readonly string[];
  readonly rows: Iterable<readonly SqlValue[]>;
}

/** Inserts `rows` in one transaction, `batch` rows at a time through insertRows (which cuts them under the drivers' parameter limits); returns how many. */
async function insertAll(sql: SqlRunner, { table, columns, rows }: TableRows, batch = 30_000): Promise<number> {
  return sql.transaction(async (tx) => {
    let count = 0;
    let pending: (readonly SqlValue[])[] = [];
    for (const row of rows) {
      pending.push(row);
      if (pending.length >= batch) {
        await insertRows(tx, table, columns, pending);
        count += pending.length;
        pending = [];
      }
    }
    if (pending.length > 0) await insertRows(tx, table, columns, pending);
    return count + pending.length;
  });
}

/** Seeds `sql`'s (empty, migrated) database with the portfolio and the activity described in the file comment. */
export async function seedReportData(sql: SqlRunner, options: ReportDataOptions): Promise<ReportDataCounts> {
  const startedMs = performance.now();
  const draw = new Draw(options.seed);
  const scaled = (count: number) => Math.max(1, Math.round(count * options.scale));
  const nowMs = options.now.getTime();
  const todayIso = dateOf(nowMs);
  const rangeStartMs = Date.parse(`${addDays(todayIso, -(options.days - 1))}T00:00:00.000Z`);
  const portfolioCreated = new Date(rangeStartMs - 120 * dayMs);
  /** An instant in the activity's range, at least `marginMs` before now. */
  const instantInRange = (marginMs = 0) => rangeStartMs + Math.floor(draw.next() * (nowMs - marginMs - rangeStartMs));
  const rows: Record<string, number> = {};
  const secondsByTable: Record<string, number> = {};
  const insert = async (table: TableRows) => {
    const tableStartedMs = performance.now();
    rows[table.table] = (rows[table.table] ?? 0) + (await insertAll(sql, table));
    secondsByTable[table.table] = (secondsByTable[table.table] ?? 0) + Number(((performance.now() - tableStartedMs) / 1000).toFixed(2));
  };

  // The portfolio: debtors with one account, a quarter with two.
  const accountTotal = scaled(100_000);
  const accountDebtor = new Int32Array(accountTotal);
  const debtorCountry: number[] = [];
  const debtorFirstAccount: number[] = [];
  const debtorAccounts: number[] = [];
  for (let account = 0; account < accountTotal;) {
    const debtor = debtorCountry.length;
    debtorCountry.push(Math.floor(draw.next() * countries.length));
    debtorFirstAccount.push(account);
    const count = Math.min(draw.chance(0.25) ? 2 : 1, accountTotal - account);
    debtorAccounts.push(count);
    for (let index = 0; index < count; index += 1) accountDebtor[account + index] = debtor;
    account += count;
  }
  const debtorTotal = debtorCountry.length;
  const countryOfDebtor = (debtor: number) => countries[debtorCountry[debtor] ?? 0] as Country;
  const currencyOfAccount = (account: number) => countryOfDebtor(accountDebtor[account] ?? 0).currency;
  const accountOfDebtor = (debtor: number) => (debtorFirstAccount[debtor] ?? 0) + draw.int(0, (debtorAccounts[debtor] ?? 1) - 1);
  const balances = new Float64Array(accountTotal);

  await insert({
    table: 'Debtor',
    columns: [
      'id',
      'externalId',
      'fullName',
      'documentType',
      'documentNumber',
      'documentNumberNormalized',
      'dateOfBirthIso',
      'phone',
      'email',
      'language',
      'country',
      'timezone',
      'createdAt',
      'updatedAt',
    ],
    rows: (function* () {
      for (let debtor = 0; debtor < debtorTotal; debtor += 1) {
        const country = countryOfDebtor(debtor);
        const document = String(10_000_000 + debtor);
        yield [
          idOf('rd', debtor),
          idOf('RD', debtor),
          `Debtor ${debtor}`,
          country.documentType,
          document,
          document,
          addDays('1950-01-01', draw.int(0, 18_000)),
          `+5690${String(debtor).padStart(7, '0')}`,
          `debtor${debtor}@example.com`,
          country.language,
          country.country,
          country.timezone,
          portfolioCreated,
          portfolioCreated,
        ];
      }
    })(),
  });
  await insert({
    table: 'Account',
    columns: [
      'id',
      'externalRef',
      'debtorId',
      'product',
      'currency',
      'originalAmountMinor',
      'balanceMinor',
      'dueDateIso',
      'status',
      'createdAt',
      'updatedAt',
    ],
    rows: (function* () {
      for (let account = 0; account < accountTotal; account += 1) {
        const debtor = accountDebtor[account] ?? 0;
        const country = countryOfDebtor(debtor);
        const original = draw.int(country.minMinor, country.maxMinor);
        const status = draw.weighted([
          ['active', 85],
          ['on_hold', 3],
          ['settled', 7],
          ['closed', 5],
        ] as const);
        const balance = status === 'settled' || status === 'closed' ? 0 : Math.floor(original * (0.3 + draw.next() * 0.7));
        balances[account] = balance;
        yield [
          idOf('ra', account),
          idOf('RA', account),
          idOf('rd', debtor),
          draw.pick(products),
          country.currency,
          BigInt(original),
          BigInt(balance),
          addDays(todayIso, draw.int(-540, 30)),
          status,
          portfolioCreated,
          portfolioCreated,
        ];
      }
    })(),
  });
  await insert({
    table: 'Agent',
    columns: ['id', 'email', 'name', 'passwordHash', 'role', 'createdAt', 'updatedAt'],
    rows: Array.from({ length: agentCount }, (_, agent) => [
      idOf('rg', agent),
      `agent${agent}@example.com`,
      `Agent ${agent}`,
      'not-a-hash',
      'agent',
      portfolioCreated,
      portfolioCreated,
    ]),
  });

  // Conversations: a session of debtor / bot turns, a quarter with a second session days later.
  const conversationTotal = scaled(100_000);
  const conversationStart = new Float64Array(conversationTotal);
  const conversationDebtor = new Int32Array(conversationTotal);
  const conversationChannel = new Uint8Array(conversationTotal);
  for (let conversation = 0; conversation < conversationTotal; conversation += 1) {
    conversationStart[conversation] = instantInRange(3 * 3_600_000);
    conversationDebtor[conversation] = draw.chance(0.8) ? draw.int(0, debtorTotal - 1) : -1;
    conversationChannel[conversation] = draw.weighted([
      [0, 40],
      [1, 25],
      [2, 35],
    ] as const);
  }
  const linkedConversations: number[] = [];
  for (let conversation = 0; conversation < conversationTotal; conversation += 1)
    if ((conversationDebtor[conversation] ?? -1) >= 0) linkedConversations.push(conversation);
  const conversationId = (conversation: number) => idOf('rc', conversation);
  const debtorIdOf = (conversation: number) => {
    const debtor = conversationDebtor[conversation] ?? -1;
    return debtor >= 0 ? idOf('rd', debtor) : null;
  };
  await insert({
    table: 'Conversation',
    columns: [
      'id',
      'channel',
      'channelConversationId',
      'channelUserId',
      'debtorId',
      'mode',
      'locale',
      'reference',
      'createdAt',
      'updatedAt',
    ],
    rows: (function* () {
      for (let conversation = 0; conversation < conversationTotal; conversation += 1) {
        const created = new Date(conversationStart[conversation] ?? 0);
        const channel = channels[conversationChannel[conversation] ?? 0] as string;
        yield [
          conversationId(conversation),
          channel,
          idOf('cc', conversation),
          idOf('cu', conversation),
          debtorIdOf(conversation),
          'bot',
          'es',
          // As bot/conversation-recorder.ts stores it (for proactive messages): the rows are as wide as the app's.
          JSON.stringify({
            activityId: idOf('act', conversation),
            user: { id: idOf('cu', conversation), role: 'user' },
            bot: { id: 'debt-resolution-bot', name: 'Debt resolution bot', role: 'bot' },
            conversation: { id: idOf('cc', conversation) },
            channelId: channel,
            locale: 'es-CL',
            serviceUrl: `https://${channel}.invalid/api/`,
          }),
          created,
          created,
        ];
      }
    })(),
  });

  // Messages (about ten per conversation: 1,000,000 at scale 1) and the handoffs, whose agents' answers are messages.
  const handoffShare = 0.1;
  const handoffRows: SqlValue[][] = [];
  let messageNumber = 0;
  await insert({
    table: 'Message',
    columns: ['id', 'conversationId', 'direction', 'author', 'agentId', 'text', 'activityId', 'nluFallback', 'createdAt'],
    rows: (function* () {
      for (let conversation = 0; conversation < conversationTotal; conversation += 1) {
        const id = conversationId(conversation);
        const sessions = [conversationStart[conversation] ?? 0];
        const later = (sessions[0] ?? 0) + draw.int(1, 10) * dayMs + draw.int(0, dayMs / 2);
        if (draw.chance(0.25) && later < nowMs - 3 * 3_600_000) sessions.push(later);
        const handoffSession = draw.chance(handoffShare) ? draw.int(0, sessions.length - 1) : -1;
        for (const [session, startMs] of sessions.entries()) {
          let at = startMs;
          const turns = draw.int(1, sessions.length > 1 ? 6 : 8);
          for (let turn = 0; turn < turns; turn += 1) {
            messageNumber += 1;
            yield [
              idOf('rm', messageNumber),
              id,
              'in',
              'debtor',
              null,
              'hola, cuánto debo',
              idOf('x', messageNumber),
              draw.chance(0.08),
              new Date(at),
            ];
            at += draw.int(1_000, 3_000);
            messageNumber += 1;
            yield [idOf('rm', messageNumber), id, 'out', 'bot', null, 'Tu saldo es…', null, false, new Date(at)];
            at += draw.int(20_000, 90_000);
          }
          if (session !== handoffSession) continue;
          // A handoff after the session's last turn: most taken by an agent who answers; some still waiting.
          const queuedMs = at;
          const reason = draw.weighted([
            ['dispute', 15],
            ['human', 45],
            ['hardship', 15],
            ['exception', 10],
            ['bot_failure', 15],
          ] as const);
          const priority = reason === 'dispute' ? 1 : reason === 'hardship' ? 2 : 3;
          const handoffId = idOf('rh', handoffRows.length);
          if (draw.chance(0.08)) {
            handoffRows.push([handoffId, id, reason, priority, 'queued', null, null, new Date(queuedMs), null, null]);
            continue;
          }
          const agentId = idOf('rg', draw.int(0, agentCount - 1));
          const assignedMs = queuedMs + draw.int(10_000, draw.chance(0.2) ? 4 * 3_600_000 : 900_000);
          let answerMs = assignedMs + draw.int(5_000, 120_000);
          const answers = draw.int(1, 4);
          for (let answer = 0; answer < answers; answer += 1) {
            messageNumber += 1;
            yield [idOf('rm', messageNumber), id, 'out', 'agent', agentId, 'Hola, soy tu agente', null, false, new Date(answerMs)];
            answerMs += draw.int(30_000, 300_000);
          }
          const ended = draw.chance(0.85);
          handoffRows.push([
            handoffId,
            id,
            reason,
            priority,
            ended ? draw.pick(['closed', 'returned']) : 'assigned',
            agentId,
            ended ? 'resolved' : null,
            new Date(queuedMs),
            new Date(assignedMs),
            ended ? new Date(answerMs) : null,
          ]);
        }
      }
    })(),
  });
  await insert({
    table: 'Handoff',
    columns: ['id', 'conversationId', 'reason', 'priority', 'status', 'agentId', 'outcome', 'queuedAt', 'assignedAt', 'endedAt'],
    rows: handoffRows,
  });
  handoffRows.length = 0;

  /** A debtor's conversation to make something in (its debtor, and an instant during its first session), or an agent's doing. */
  const origin = (conversationShare: number): { conversation: number | null; debtor: number; atMs: number } => {
    if (draw.chance(conversationShare)) {
      const conversation = draw.pick(linkedConversations);
      return {
        conversation,
        debtor: conversationDebtor[conversation] ?? 0,
        atMs: (conversationStart[conversation] ?? 0) + draw.int(30_000, 600_000),
      };
    }
    return { conversation: null, debtor: draw.int(0, debtorTotal - 1), atMs: instantInRange(3_600_000) };
  };

  // Promises: due 1 to 14 days after they were made; kept or broken once due, pending until then.
  await insert({
    table: 'PaymentPromise',
    columns: [
      'id',
      'accountId',
      'debtorId',
      'currency',
      'amountMinor',
      'dueDateIso',
      'status',
      'decidedAt',
      'createdByType',
      'createdById',
      'conversationId',
      'idempotencyKey',
      'requestHash',
      'createdAt',
      'updatedAt',
    ],
    rows: (function* () {
      for (let promise = 0; promise < scaled(20_000); promise += 1) {
        const { conversation, debtor, atMs } = origin(0.6);
        const account = accountOfDebtor(debtor);
        const due = addDays(dateOf(atMs), draw.int(1, 14));
        const status = due >= todayIso ? 'pending' : draw.chance(0.55) ? 'kept' : 'broken';
        // Kept when the payment came (by the end of the due day); broken by the next morning's run.
        const dueEndMs = Date.parse(`${due}T00:00:00.000Z`) + dayMs;
        const decidedAt =
          status === 'kept'
            ? new Date(atMs + Math.floor(draw.next() * (dueEndMs - atMs)))
            : status === 'broken'
              ? new Date(dueEndMs + 6 * 3_600_000)
              : null;
        const created = new Date(atMs);
        yield [
          idOf('rp', promise),
          idOf('ra', account),
          idOf('rd', debtor),
          currencyOfAccount(account),
          BigInt(Math.max(100, Math.floor((balances[account] ?? 0) / draw.int(2, 10)))),
          due,
          status,
          decidedAt,
          conversation === null ? 'agent' : 'debtor',
          conversation === null ? idOf('rg', draw.int(0, agentCount - 1)) : null,
          conversation === null ? null : conversationId(conversation),
          idOf('rpk', promise),
          'bench',
          created,
          created,
        ];
      }
    })(),
  });

  // Agreements: plans (a down payment in 3 days, then monthly installments) and settlements (one sum in 5 days).
  const installmentRows: SqlValue[][] = [];
  await insert({
    table: 'Agreement',
    columns: [
      'id',
      'accountId',
      'debtorId',
      'kind',
      'status',
      'currency',
      'balanceMinor',
      'agreedAmountMinor',
      'discountMinor',
      'downPaymentMinor',
      'downPaymentDueIso',
      'lumpSumPaidMinor',
      'installmentCount',
      'createdByType',
      'createdById',
      'policyException',
      'conversationId',
      'idempotencyKey',
      'requestHash',
      'createdAt',
      'updatedAt',
    ],
    rows: (function* () {
      for (let agreement = 0; agreement < scaled(10_000); agreement += 1) {
        const { conversation, debtor, atMs } = origin(0.75);
        const account = accountOfDebtor(debtor);
        const id = idOf('rr', agreement);
        const balance = Math.max(1_000, balances[account] ?? 0);
        const plan = draw.chance(0.7);
        const status = draw.weighted([
          ['active', 70],
          ['completed', 10],
          ['broken', 14],
          ['cancelled', 6],
        ] as const);
        const madeIso = dateOf(atMs);
        const discount = plan ? 0 : Math.floor(balance * 0.2);
        const agreed = balance - discount;
        const downPayment = plan ? Math.floor(agreed * 0.1) : 0;
        const lumpDue = addDays(madeIso, plan ? 3 : 5);
        const lumpPaid = status === 'completed' || (lumpDue < todayIso && draw.chance(0.8)) ? (plan ? downPayment : agreed) : 0;
        const installments = plan ? draw.int(3, 12) : 0;
        const each = plan ? Math.floor((agreed - downPayment) / installments) : 0;
        for (let sequence = 1; sequence <= installments; sequence += 1) {
          const due = addDays(madeIso, 30 * sequence);
          const paid = status === 'completed' || (due < todayIso && draw.chance(0.85));
          installmentRows.push([`${id}-${sequence}`, id, sequence, due, BigInt(each), BigInt(paid ? each : 0), paid ? 'paid' : 'pending']);
        }
        const created = new Date(atMs);
        yield [
          id,
          idOf('ra', account),
          idOf('rd', debtor),
          plan ? 'plan' : 'settlement',
          status,
          currencyOfAccount(account),
          BigInt(balance),
          BigInt(agreed),
          BigInt(discount),
          BigInt(downPayment),
          lumpDue,
          BigInt(lumpPaid),
          installments,
          conversation === null ? 'agent' : 'debtor',
          conversation === null ? idOf('rg', draw.int(0, agentCount - 1)) : null,
          false,
          conversation === null ? null : conversationId(conversation),
          idOf('rrk', agreement),
          'bench',
          created,
          created,
        ];
      }
    })(),
  });
  await insert({
    table: 'Installment',
    columns: ['id', 'agreementId', 'sequence', 'dueDateIso', 'amountMinor', 'paidMinor', 'status'],
    rows: installmentRows,
  });
  installmentRows.length = 0;

  // Payments: 30 % through a link a conversation asked for (paid that day or the next two), the rest from the bank
  // file, the import or an agent; 3 % reversed later, each with its reversal.
  const linkRows: SqlValue[][] = [];
  const reversalRows: SqlValue[][] = [];
  const paymentColumns = [
    'id',
    'accountId',
    'currency',
    'amountMinor',
    'paidOnIso',
    'source',
    'kind',
    'reversesPaymentId',
    'reversedAt',
    'linkId',
    'idempotencyKey',
    'requestHash',
    'createdAt',
  ];
  await insert({
    table: 'Payment',
    columns: paymentColumns,
    rows: (function* () {
      for (let payment = 0; payment < scaled(30_000); payment += 1) {
        const throughLink = draw.chance(0.3);
        const { conversation, debtor, atMs } = origin(throughLink ? 1 : 0);
        const account = accountOfDebtor(debtor);
        const currency = currencyOfAccount(account);
        const amount = BigInt(Math.max(100, Math.floor((balances[account] ?? 0) / draw.int(2, 20))));
        const paidMs = Math.min(nowMs - 60_000, atMs + (throughLink ? draw.int(0, 2 * dayMs) : 0));
        const id = idOf('ry', payment);
        let linkId: string | null = null;
        if (throughLink && conversation !== null) {
          linkId = idOf('rl', payment);
          const created = new Date(atMs);
          linkRows.push([
            linkId,
            idOf('RL', payment),
            idOf('ra', account),
            'full',
            currency,
            amount,
            'simulator',
            conversationId(conversation),
            'paid',
            idOf('rlk', payment),
            created,
            created,
          ]);
        }
        let reversedAt: Date | null = null;
        if (draw.chance(0.03)) {
          const reversedMs = Math.min(nowMs - 1_000, paidMs + draw.int(1, 5) * dayMs);
          reversedAt = new Date(reversedMs);
          reversalRows.push([
            idOf('rv', payment),
            idOf('ra', account),
            currency,
            amount,
            dateOf(reversedMs),
            'simulator',
            'reversal',
            id,
            null,
            null,
            idOf('rvk', payment),
            'bench',
            reversedAt,
          ]);
        }
        yield [
          id,
          idOf('ra', account),
          currency,
          amount,
          dateOf(paidMs),
          linkId ? 'simulator' : draw.pick(['bank_file', 'import', 'agent']),
          'payment',
          null,
          reversedAt,
          linkId,
          idOf('ryk', payment),
          'bench',
          new Date(paidMs),
        ];
      }
    })(),
  });
  await insert({ table: 'Payment', columns: paymentColumns, rows: reversalRows });
  await insert({
    table: 'PaymentLink',
    columns: [
      'id',
      'reference',
      'accountId',
      'purpose',
      'currency',
      'amountMinor',
      'provider',
      'conversationId',
      'status',
      'idempotencyKey',
      'createdAt',
      'updatedAt',
    ],
    rows: linkRows,
  });
  linkRows.length = 0;
  reversalRows.length = 0;

  // Outbound contact attempts: every kind; sent, delivered, failed, or refused by a rule.
  await insert({
    table: 'ContactAttempt',
    columns: [
      'id',
      'jobKey',
      'debtorId',
      'accountId',
      'channel',
      'kind',
      'template',
      'rulesVersion',
      'outcome',
      'reason',
      'localDateIso',
      'attemptedAt',
    ],
    rows: (function* () {
      for (let attempt = 0; attempt < scaled(100_000); attempt += 1) {
        const debtor = draw.int(0, debtorTotal - 1);
        const account = accountOfDebtor(debtor);
        const kind = draw.pick(contactKinds);
        const attemptedMs = instantInRange();
        const day = dateOf(attemptedMs);
        const outcome = draw.weighted([
          ['sent', 45],
          ['delivered', 30],
          ['failed', 10],
          ['refused', 15],
        ] as const);
        const reason =
          outcome === 'refused'
            ? draw.pick(['quiet_hours', 'daily_limit', 'weekly_limit', 'opted_out', 'paused'])
            : outcome === 'failed'
              ? 'send_error'
              : null;
        yield [
          idOf('rt', attempt),
          `${idOf('rd', debtor)}|${idOf('ra', account)}|${kind}|${day}`,
          idOf('rd', debtor),
          idOf('ra', account),
          draw.weighted([
            ['whatsapp', 60],
            ['telegram', 25],
            ['webchat', 15],
          ] as const),
          kind,
          `reminder.${kind}.${countryOfDebtor(debtor).language}`,
          'builtin-1',
          outcome,
          reason,
          day,
          new Date(attemptedMs),
        ];
      }
    })(),
  });

  // Opt-outs: a channel user (most of them known debtors) said STOP.
  await insert({
    table: 'ContactPreference',
    columns: ['id', 'channel', 'channelUserId', 'debtorId', 'optedOutAt', 'reason', 'createdAt', 'updatedAt'],
    rows: (function* () {
      for (let optOut = 0; optOut < scaled(2_000); optOut += 1) {
        const at = new Date(instantInRange());
        yield [
          idOf('ro', optOut),
          draw.pick(channels),
          idOf('ou', optOut),
          draw.chance(0.8) ? idOf('rd', draw.int(0, debtorTotal - 1)) : null,
          at,
          'stop',
          at,
          at,
        ];
      }
    })(),
  });
  return { rows, secondsByTable, seconds: (performance.now() - startedMs) / 1000 };
}
