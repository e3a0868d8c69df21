// Web chat benchmark (issue 5): full turns through Direct Line (token endpoint, HTTP posts, WebSocket
// stream) → NLU → dialogs → ledger (SQLite) → reply, for the verify + balance + plan flow, at 1, 10 and
// 100 concurrent conversations; next to a bare botbuilder echo bot behind the same Direct Line layer,
// driven by the same load in the same run. The driver shares the process with the servers, so its
// own work is included. Prints one JSON line per figure.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApp } from '../app.js';
import { loadConfig } from '../server/config.js';
import { makeLogger } from '../server/logger.js';
import { importPortfolio, writeSyntheticPortfolio } from '../ledger/index.js';
import { startEchoServer } from './support/echo-server.js';
import { runDirectLineLoad, type DirectLineLoadResult } from './support/direct-line-load.js';

const levels = [1, 10, 100];
const balanceTurnsAfterPlan = 6;

function report(bench: string, value: number, unit: string, extra: Record<string, unknown> = {}): void {
  console.log(JSON.stringify({ bench, value: Number(value.toFixed(3)), unit, ...extra }));
}

const folder = mkdtempSync(join(tmpdir(), 'bench-webchat-'));
const config = loadConfig({
  PORT: '0',
  HOST: '127.0.0.1',
  DATABASE_URL: `file:${join(folder, 'ledger.db')}`,
  DEMO_DATA: 'false',
  LOG_LEVEL: 'silent',
  WEBCHAT_TOKENS_PER_MINUTE: '100000',
});
const app = await startApp(config, makeLogger('silent'));
const echo = await startEchoServer();
try {
  const file = join(folder, 'portfolio.csv');
  await writeSyntheticPortfolio(file, { accounts: 1200, seed: 21, prefix: 'B-' });
  const imported = await importPortfolio(app.database, file, { todayIso: new Date().toISOString().slice(0, 10) });
  if (!imported.ok) throw new Error('bench portfolio did not import');
  const debtors = (await app.database.prisma.debtor.findMany({ include: { accounts: true } })).filter(
    (debtor) => debtor.accounts.length === 1 && debtor.language === 'es',
  );
  const seen = new Map<string, number>();
  for (const debtor of debtors)
    seen.set(
      `${debtor.documentNumberNormalized}|${debtor.dateOfBirthIso}`,
      (seen.get(`${debtor.documentNumberNormalized}|${debtor.dateOfBirthIso}`) ?? 0) + 1,
    );
  const identities = debtors
    .filter((debtor) => seen.get(`${debtor.documentNumberNormalized}|${debtor.dateOfBirthIso}`) === 1)
    .map((debtor) => `${debtor.documentNumber} ${debtor.dateOfBirthIso}`);
  let next = 0;
  const flowFor = () => {
    const identity = identities[next++];
    if (!identity) throw new Error('not enough bench identities');
    return [
      'cuanto debo',
      identity,
      'quiero pagar en 6 cuotas',
      'sí',
      ...Array.from({ length: balanceTurnsAfterPlan }, () => 'cuanto debo'),
    ];
  };
  const scripts = new Map<number, string[]>();
  const script = (_last: string | null, turn: number, conversation: number) => {
    if (!scripts.has(conversation)) scripts.set(conversation, flowFor());
    return scripts.get(conversation)?.[turn] ?? null;
  };
  const echoScript = flowFor();
  const run = async (baseUrl: string, conversations: number, bot: boolean): Promise<DirectLineLoadResult> => {
    scripts.clear();
    await runDirectLineLoad({ baseUrl, conversations, script: bot ? script : ['warm-up'] });
    scripts.clear();
    return runDirectLineLoad({ baseUrl, conversations, script: bot ? script : echoScript });
  };
  for (const conversations of levels) {
    const botResult = await run(app.url, conversations, true);
    const echoResult = await run(echo.baseUrl, conversations, false);
    for (const [name, result] of [
      ['bot', botResult],
      ['echo', echoResult],
    ] as const) {
      const extra = { conversations, turns: result.turns, failedTurns: result.failedTurns };
      report(`webchat.${name}.c${conversations}.turnsPerSecond`, result.turnsPerSecond, 'turns/s', extra);
      report(`webchat.${name}.c${conversations}.p50Ms`, result.p50Ms, 'ms', extra);
      report(`webchat.${name}.c${conversations}.p99Ms`, result.p99Ms, 'ms', extra);
    }
    report(`webchat.botToEcho.c${conversations}.throughputRatio`, botResult.turnsPerSecond / echoResult.turnsPerSecond, 'ratio', {
      conversations,
    });
  }
  const agreements = await app.database.prisma.agreement.count();
  report('webchat.bot.agreementsRecorded', agreements, 'agreements');
} finally {
  await echo.close();
  await app.close();
  rmSync(folder, { recursive: true, force: true });
}
