// The whole server on PostgreSQL: a debtor verifies, agrees a plan and asks for a person over Direct Line.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningApp } from '../../app.js';
import { startTestApp } from '../support/test-app.js';
import { openChat } from './direct-line-client.js';

const base = process.env.TEST_DATABASE_URL;
const schema = `e2e_${Date.now().toString(36)}`;
let app: RunningApp | undefined;
if (!base) console.warn('[skip] PostgreSQL end-to-end test skipped: set TEST_DATABASE_URL to run it.');

beforeAll(async () => {
  if (!base) return;
  app = await startTestApp({ DATABASE_URL: `${base}${base.includes('?') ? '&' : '?'}schema=${schema}`, WEBCHAT_TOKENS_PER_MINUTE: '1000' });
}, 60_000);
afterAll(async () => {
  await app?.close();
  if (!base) return;
  const client = new pg.Client({ connectionString: base });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await client.end();
});

describe('the server on PostgreSQL', () => {
  it.skipIf(!base)('verifies, records a plan with exact sums and queues a handoff', async () => {
    const running = app!;
    expect(running.database.provider).toBe('postgresql');
    const chat = await openChat(running.url, { webSocket: true });
    try {
      await chat.say('cuanto debo', /documento/);
      await chat.say('12.345.678-5 14/03/1985', /1\.250\.000/);
      await chat.say('quiero pagar en 3 cuotas', /cuál cuenta/);
      await chat.say('1', /Confirmas este plan/);
      await chat.say('sí', /quedó registrado/);
      await chat.say('quiero hablar con una persona', /persona del equipo/);
    } finally {
      chat.end();
    }
    const agreement = await running.database.prisma.agreement.findFirstOrThrow({ include: { installments: true } });
    expect(agreement.installments.reduce((sum, item) => sum + item.amountMinor, agreement.downPaymentMinor)).toBe(1_250_000n);
    expect(await running.database.prisma.handoff.count({ where: { status: 'queued' } })).toBe(1);
  });
});
