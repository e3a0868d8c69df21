import { expect } from 'vitest';
import type { LedgerDatabase } from '../../../ledger/index.js';

/** One thing the debtor does: type a message, or press the offered option whose title matches (typed where a channel has no buttons). */
export type JourneyStep =
  | { readonly say: string; readonly expect: RegExp; readonly never?: RegExp }
  | { readonly press: RegExp; readonly expect: RegExp; readonly never?: RegExp };

/** What a journey leaves in the ledger, checked after its last step. */
export type LedgerCheck = (database: LedgerDatabase) => Promise<void>;

/** A debtor who does not follow the script, from first message to the right ledger state or the right reply. */
export interface Journey {
  readonly name: string;
  /** The browser's or the Telegram app's language: not always the language the debtor writes in. */
  readonly locale: string;
  readonly steps: readonly JourneyStep[];
  readonly outcome?: LedgerCheck;
}

/** The clock every journey runs at: Monday 2026-11-23, 12:00 in Santiago. */
export const journeyNow = new Date('2026-11-23T15:00:00Z');

const anyDisclosure = /\$|S\/|US\$|saldo|balance|vencida|past due/i;
const mariaBalance = /1\.250\.000/;
const verifyCl: JourneyStep[] = [
  { say: 'hola', expect: /Banco Demo/ },
  { say: '12.345.678-5 14/03/1985', expect: mariaBalance },
];

async function account(database: LedgerDatabase, externalRef: string) {
  return database.prisma.account.findUniqueOrThrow({
    where: { externalRef },
    include: {
      agreements: { include: { installments: { orderBy: { sequence: 'asc' } } } },
      promises: true,
      paymentClaims: true,
      disputes: true,
    },
  });
}

/** The journey's conversation: each journey runs on a database of its own. */
async function theConversation(database: LedgerDatabase) {
  return database.prisma.conversation.findFirstOrThrow({ orderBy: { createdAt: 'desc' }, include: { handoffs: true } });
}

async function expectPlan(database: LedgerDatabase, externalRef: string, count: number, totalMinor: bigint) {
  const { agreements } = await account(database, externalRef);
  expect(agreements).toHaveLength(1);
  const [agreement] = agreements;
  expect(agreement?.kind).toBe('plan');
  expect(agreement?.installments).toHaveLength(count);
  const sum = (agreement?.installments ?? []).reduce(
    (total, installment) => total + installment.amountMinor,
    agreement?.downPaymentMinor ?? 0n,
  );
  expect(sum).toBe(totalMinor);
}

async function expectNothingAgreed(database: LedgerDatabase) {
  expect(await database.prisma.agreement.count()).toBe(0);
  expect(await database.prisma.paymentPromise.count()).toBe(0);
}

/** The off-script journeys (issue 12): each ends in the right ledger state or the right reply, on every channel. */
export const journeys: readonly Journey[] = [
  {
    name: 'volunteers the document after the greeting, then the date',
    locale: 'es-CL',
    steps: [
      { say: 'hola', expect: /Banco Demo/ },
      { say: '12.345.678-5', expect: /fecha de nacimiento/, never: anyDisclosure },
      { say: '14/03/1985', expect: mariaBalance },
    ],
  },
  {
    name: 'gives the date first, asks for the balance mid-verification, then the document',
    locale: 'es-CL',
    steps: [
      { say: 'hola', expect: /Banco Demo/ },
      { say: '14/03/1985', expect: /número de documento/, never: anyDisclosure },
      { say: 'cuánto debo?', expect: /primero necesito confirmar tu identidad/, never: anyDisclosure },
      { say: 'ayuda', expect: /Esto es lo que puedo hacer/ },
      { say: '12.345.678-5', expect: mariaBalance },
    ],
  },
  {
    name: 'both identity facts in the very first message (Peru)',
    locale: 'es-PE',
    steps: [{ say: 'mi dni es 45678912 y naci el 02/11/1990', expect: /3[.,]?480[.,]50/ }],
  },
  {
    name: 'Mexican CURP in lower case, then the date in words',
    locale: 'es-MX',
    steps: [
      { say: 'buenas tardes, mi curp loha900512mdfprn09', expect: /fecha de nacimiento/ },
      { say: '12 de mayo de 1990', expect: /15[.,]000[.,]00/ },
    ],
  },
  {
    name: 'Colombian cédula with dots and the date in words in one message',
    locale: 'es-CO',
    steps: [{ say: 'cedula 1.020.304.050, nací el 21 de julio de 1988', expect: /870[.,]000/ }],
  },
  {
    name: 'US debtor volunteers the SSN last 4 and the date, gets the debt-collector disclosure',
    locale: 'en-US',
    steps: [{ say: 'hi my ssn last 4 is 4821, born 04/12/1979', expect: /debt collector[\s\S]*2,450\.75/ }],
  },
  {
    name: 'an English browser typing Spanish is answered in Spanish and records a plan',
    locale: 'en-US',
    steps: [
      { say: 'hola', expect: /Hola! Soy el asistente/ },
      { say: 'cuánto debo?', expect: /número de documento/ },
      { say: '12.345.678-5 14/03/1985', expect: mariaBalance },
      { say: 'quiero un plan de cuotas', expect: /cuál cuenta/ },
      { press: /0001/, expect: /Confirmas este plan/ },
      { say: 'sí', expect: /quedó registrado/ },
    ],
    outcome: (database) => expectPlan(database, 'CL-TC-0001', 12, 1_250_000n),
  },
  {
    name: 'a Spanish debtor on an English phone switches to English mid-plan and accepts in English',
    locale: 'es-CL',
    steps: [
      ...verifyCl,
      { say: 'quiero pagar en 6 cuotas', expect: /cuál cuenta/ },
      { press: /0001/, expect: /Confirmas este plan/ },
      { say: 'english', expect: /Which account/ },
      { press: /0001/, expect: /confirm this plan/i },
      { press: /^Accept/, expect: /plan is recorded/ },
    ],
    outcome: (database) => expectPlan(database, 'CL-TC-0001', 6, 1_250_000n),
  },
  {
    name: 'the dispute question: pressing "Fue un fraude" selects it and the dispute is recorded',
    locale: 'es-CL',
    steps: [
      ...verifyCl,
      { say: 'quiero reclamar', expect: /cuál cuenta/ },
      { press: /0001/, expect: /Cuál es el problema/ },
      { press: /^Fue un fraude$/, expect: /qué pasó/ },
      { say: 'nunca saqué esa tarjeta', expect: /DSP-[A-Z2-9]{6}/ },
    ],
    outcome: async (database) => {
      const { disputes, status } = await account(database, 'CL-TC-0001');
      expect(disputes.map((dispute) => dispute.category)).toEqual(['fraud']);
      expect(status).toBe('on_hold');
    },
  },
  {
    name: 'the dispute question: typing the option number and then the title of another step',
    locale: 'es-CL',
    steps: [
      ...verifyCl,
      { say: 'tengo un reclamo', expect: /cuál cuenta/ },
      { say: '2', expect: /Cuál es el problema/ },
      { say: 'el monto esta mal!!', expect: /qué pasó/ },
      { say: 'me cobran intereses que no corresponden', expect: /DSP-/ },
    ],
    outcome: async (database) => {
      const { disputes } = await account(database, 'CL-USD-0002');
      expect(disputes.map((dispute) => dispute.category)).toEqual(['amount_wrong']);
    },
  },
  {
    name: '"No es mía" at the top level opens a dispute that already knows its reason',
    locale: 'es-SV',
    steps: [
      { say: 'buenas', expect: /Banco Demo/ },
      { say: '04567891-2 30/09/1975', expect: /985[.,]40/ },
      { say: 'No es mía', expect: /qué pasó/ },
      { say: 'nunca pedí ese préstamo', expect: /DSP-/ },
    ],
    outcome: async (database) => {
      const { disputes } = await account(database, 'SV-PP-0007');
      expect(disputes.map((dispute) => dispute.category)).toEqual(['not_mine']);
    },
  },
  {
    name: 'asks for a person in the middle of verification',
    locale: 'es-CL',
    steps: [
      { say: 'cuanto debo', expect: /número de documento/ },
      { say: 'quiero hablar con una persona', expect: /persona del equipo/ },
    ],
    outcome: async (database) => {
      const conversation = await theConversation(database);
      expect(conversation.mode).toBe('queued');
      expect(conversation.handoffs.map((handoff) => handoff.reason)).toEqual(['human']);
    },
  },
  {
    name: 'says STOP while a plan waits for an answer',
    locale: 'es-CL',
    steps: [
      ...verifyCl,
      { say: 'plan de cuotas', expect: /cuál cuenta/ },
      { press: /0001/, expect: /Confirmas este plan/ },
      { say: 'no me escriban más', expect: /no quieres recibir más mensajes/ },
    ],
    outcome: async (database) => {
      expect(await database.prisma.contactPreference.count({ where: { reason: 'opt_out' } })).toBe(1);
      await expectNothingAgreed(database);
    },
  },
  {
    name: 'is not the debtor: says so while the bot asks for the document',
    locale: 'es-CL',
    steps: [
      { say: 'cuánto debo', expect: /número de documento/ },
      { say: 'número equivocado, no soy esa persona', expect: /no corresponde/, never: anyDisclosure },
    ],
    outcome: async (database) => {
      expect(await database.prisma.contactPreference.count({ where: { reason: 'wrong_person' } })).toBe(1);
    },
  },
  {
    name: 'asks for the balance while a plan question is open',
    locale: 'es-CL',
    steps: [
      ...verifyCl,
      { say: 'quiero pagar en cuotas', expect: /cuál cuenta/ },
      { press: /0001/, expect: /Confirmas este plan/ },
      { say: 'cuánto debo', expect: mariaBalance },
    ],
    outcome: expectNothingAgreed,
  },
  {
    name: 'corrects the number of installments ("no, mejor 8 cuotas") and accepts by typing the title',
    locale: 'es-CL',
    steps: [
      ...verifyCl,
      { say: 'quiero 6 cuotas', expect: /cuál cuenta/ },
      { press: /0001/, expect: /6 cuotas/ },
      { say: 'no, mejor 8 cuotas', expect: /8 cuotas de/ },
      { say: 'ACEPTAR.', expect: /quedó registrado/ },
    ],
    outcome: (database) => expectPlan(database, 'CL-TC-0001', 8, 1_250_000n),
  },
  {
    name: 'writes the number of installments in words and accepts with the option number',
    locale: 'es-CL',
    steps: [
      { say: '45678912', expect: /fecha de nacimiento/ },
      { say: '02/11/1990', expect: /3[.,]?480[.,]50/ },
      { say: 'puedo pagarlo en dos cuotas?', expect: /2 cuotas de/ },
      { say: '1', expect: /quedó registrado/ },
    ],
    outcome: (database) => expectPlan(database, 'PE-FS-0004', 2, 348_050n),
  },
  {
    name: 'promises "cincuenta mil" for Friday, with the amount in words',
    locale: 'es-CL',
    steps: [
      { say: '15.882.064-1 01/12/1970', expect: /15\.000/ },
      { say: 'prometo pagar', expect: /Cuánto podrás pagar/ },
      { say: 'diez mil', expect: /Qué día/ },
      { say: 'el viernes', expect: /Lo confirmas/ },
      { press: /^Sí$/, expect: /registré tu compromiso/ },
    ],
    outcome: async (database) => {
      const { promises } = await account(database, 'CL-SV-0010');
      expect(promises.map((promise) => [promise.amountMinor, promise.dueDateIso])).toEqual([[10_000n, '2026-11-27']]);
    },
  },
  {
    name: 'already paid "ayer", with the amount in slang',
    locale: 'es-CL',
    steps: [
      { say: '15.882.064-1 01/12/1970', expect: /15\.000/ },
      { say: 'ya pagué ayer', expect: /monto/ },
      { say: '15 lucas', expect: /agente lo verifique/ },
    ],
    outcome: async (database) => {
      const { paymentClaims: claims } = await account(database, 'CL-SV-0010');
      expect(claims.map((claim) => [claim.amountMinor, claim.paidOnIso])).toEqual([[15_000n, '2026-11-22']]);
    },
  },
  {
    name: 'paid "$120 last Friday" in one English sentence',
    locale: 'en-US',
    steps: [
      { say: '4821 04/12/1979', expect: /2,450\.75/ },
      { say: 'I paid $120 last Friday', expect: /agent to check|verify/i },
    ],
    outcome: async (database) => {
      const { paymentClaims: claims } = await account(database, 'US-PL-0003');
      expect(claims.map((claim) => [claim.amountMinor, claim.paidOnIso])).toEqual([[12_000n, '2026-11-20']]);
    },
  },
  {
    name: 'mailed a check "on Nov 18": a date in the past, not next year',
    locale: 'en-US',
    steps: [
      { say: '4821 04/12/1979', expect: /2,450\.75/ },
      { say: 'I mailed a check on Nov 18', expect: /how much|amount/i },
      { say: '200', expect: /agent to check|verify/i },
    ],
    outcome: async (database) => {
      const { paymentClaims: claims } = await account(database, 'US-PL-0003');
      expect(claims.map((claim) => [claim.amountMinor, claim.paidOnIso])).toEqual([[20_000n, '2026-11-18']]);
    },
  },
  {
    name: 'a 2,000-character message where the document is expected, then the real one',
    locale: 'es-CL',
    steps: [
      { say: 'cuanto debo', expect: /número de documento/ },
      {
        say: 'no entiendo por qué me cobran esto '.repeat(58).slice(0, 2000),
        expect: /número de documento|confirmar tu identidad/,
        never: anyDisclosure,
      },
      { say: '12.345.678-5 14/03/1985', expect: mariaBalance },
    ],
  },
  {
    name: 'emoji only, at the top level and inside a plan question',
    locale: 'es-CL',
    steps: [
      { say: '🙏💸😩', expect: /no te entendí/ },
      ...verifyCl.slice(1),
      { say: 'plan', expect: /cuál cuenta/ },
      { press: /0001/, expect: /Confirmas este plan/ },
      { say: '🤔', expect: /Confirmas este plan/ },
      { say: 'Aceptar', expect: /quedó registrado/ },
    ],
    outcome: (database) => expectPlan(database, 'CL-TC-0001', 12, 1_250_000n),
  },
  {
    name: '"volver" inside the dispute question goes back to the menu and nothing is put on hold',
    locale: 'es-CL',
    steps: [
      ...verifyCl,
      { say: 'quiero poner una queja', expect: /cuál cuenta/ },
      { press: /0001/, expect: /Cuál es el problema/ },
      { say: 'volver', expect: /Esto es lo que puedo hacer/ },
    ],
    outcome: async (database) => {
      expect((await account(database, 'CL-TC-0001')).status).toBe('active');
      expect(await database.prisma.dispute.count()).toBe(0);
    },
  },
  {
    name: '"cancelar" inside the promise date question records nothing',
    locale: 'es-CL',
    steps: [
      { say: '15.882.064-1 01/12/1970', expect: /15\.000/ },
      { say: 'prometo pagar 10 mil', expect: /Qué día/ },
      { say: 'cancelar', expect: /Esto es lo que puedo hacer/ },
    ],
    outcome: expectNothingAgreed,
  },
  {
    name: 'misses the promise amount three times: offered the menu and a person, never asked a fourth time',
    locale: 'es-CL',
    steps: [
      { say: '15.882.064-1 01/12/1970', expect: /15\.000/ },
      { say: 'quiero prometer un pago', expect: /Cuánto podrás pagar/ },
      { say: 'mmm no sé', expect: /Cuánto podrás pagar/ },
      { say: 'depende', expect: /Cuánto podrás pagar/ },
      { say: 'quizás', expect: /Sigo sin entenderte/ },
    ],
    outcome: expectNothingAgreed,
  },
  {
    name: 'a person from the options offered after two misses',
    locale: 'es-PE',
    steps: [
      { say: 'cuanto debo', expect: /número de documento/ },
      { say: 'no sé', expect: /No logré leer/ },
      { say: 'no lo tengo', expect: /No logré leer|primero necesito confirmar/ },
      { press: /Hablar con una persona/, expect: /persona del equipo/ },
    ],
    outcome: async (database) => {
      expect((await theConversation(database)).mode).toBe('queued');
    },
  },
  {
    name: 'pays in full with the settlement discount, accepting by an English "yes" in a Spanish chat',
    locale: 'es-CL',
    steps: [
      ...verifyCl,
      { say: 'quiero pagar todo', expect: /cuál cuenta/ },
      { press: /0001/, expect: /descuento/ },
      { say: 'Sí', expect: /quedó registrado/ },
    ],
    outcome: async (database) => {
      const { agreements } = await account(database, 'CL-TC-0001');
      expect(agreements.map((agreement) => agreement.kind)).toEqual(['settlement']);
    },
  },
  {
    name: 'a verified Spanish debtor who then writes in English is answered in English',
    locale: 'es-CL',
    steps: [...verifyCl, { say: 'how much do I owe?', expect: /You have 2 accounts|balance/ }],
  },
  {
    name: 'hardship, then a person chosen by number',
    locale: 'es-MX',
    steps: [
      { say: 'LOHA900512MDFPRN09 1990-05-12', expect: /15[.,]000/ },
      { say: 'me quedé sin trabajo y no tengo cómo pagar', expect: /momento difícil/ },
      { say: '2', expect: /persona del equipo/ },
    ],
    outcome: async (database) => {
      const conversation = await database.prisma.conversation.findFirstOrThrow({ where: { mode: 'queued' }, include: { handoffs: true } });
      expect(conversation.handoffs.map((handoff) => handoff.reason)).toEqual(['hardship']);
    },
  },
  {
    name: 'types the menu option in capitals without accents',
    locale: 'es-CL',
    steps: [
      { say: 'hola', expect: /Banco Demo/ },
      { say: 'VER MI SALDO', expect: /número de documento/ },
      { say: '12345678-5', expect: /fecha de nacimiento/ },
      { say: '1985-03-14', expect: mariaBalance },
    ],
  },
  {
    name: 'the wrong identity: failure says nothing about whether the document exists',
    locale: 'en-US',
    steps: [
      { say: 'what do I owe', expect: /ID number/ },
      { say: '4821 01/01/1980', expect: /couldn't confirm|could not confirm/i, never: anyDisclosure },
      { say: '4821 04/12/1979', expect: /2,450\.75/ },
    ],
  },
];
