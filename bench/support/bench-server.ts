// The project's server as the web chat bench runs it itself: app.ts's startApp with the configuration from the
// environment, as start.ts does, until SIGTERM; from the sources, or from the production build with BENCH_APP_ROOT=dist.
//
// With BENCH_STAGES=1 it also times the stages of every web-chat message turn, from outside the production code:
//   - HTTP in: the request's arrival → the turn starting (routing, body parsing, token check, the conversation's queue);
//   - the turn: DirectLineAdapter's middleware and bot logic; inside it, the recognizer (a timing wrapper passed as
//     AppOverrides.recognizer), the ledger (every Prisma operation and transaction through Prisma's tracing hook
//     `globalThis.PRISMA_INSTRUMENTATION`, and every better-sqlite3 / pg call, which covers the ledger's own SQL
//     runner; nested and overlapping calls count once) and the replies' delivery (DirectLineAdapter.sendActivities:
//     the log append and the WebSocket push); the rest is the dialogs' own time (middleware, bot state, dialogs);
//   - HTTP out: the replies' delivery, plus the turn's end → the POST's response sent, plus Get Activities requests.
// Turns are told apart with AsyncLocalStorage (stage-probe.ts), so a greeting running at the same time is not counted.
// The totals are served at GET /__bench/stages (POST zeroes them), intercepted before the app's own routes.
import type * as AppModule from '../../app.js';
import type * as WebChatModule from '../../adapters/webchat/index.js';
import type * as NluModule from '../../nlu/index.js';
import type * as ConfigModule from '../../server/config.js';
import type * as LoggerModule from '../../server/logger.js';
import { instrumentDirectLine, instrumentLedger, serveStageTotals, timedRecognizer } from './stage-probe.js';

// BENCH_APP_ROOT=dist runs the production build's modules (dist/…), anything else the sources; the layout is the same.
const base = new URL(process.env.BENCH_APP_ROOT === 'dist' ? '../../dist/' : '../../', import.meta.url);
const load = <Module>(path: string) => import(new URL(path, base).href) as Promise<Module>;
const [{ startApp }, { DirectLineAdapter }, { makeRecognizer }, { loadConfig }, { makeLogger }] = await Promise.all([
  load<typeof AppModule>('app.js'),
  load<typeof WebChatModule>('adapters/webchat/index.js'),
  load<typeof NluModule>('nlu/index.js'),
  load<typeof ConfigModule>('server/config.js'),
  load<typeof LoggerModule>('server/logger.js'),
]);

const config = loadConfig(process.env);
const logger = makeLogger(config.logLevel);
const instrumented = process.env.BENCH_STAGES === '1';
let overrides: AppModule.AppOverrides = {};
if (instrumented) {
  instrumentDirectLine(DirectLineAdapter);
  instrumentLedger();
  const nlu = await makeRecognizer({ mode: config.nlu.mode, logger, ...(config.nlu.openai ? { openai: config.nlu.openai } : {}) });
  overrides = { recognizer: timedRecognizer(nlu) };
}
const app = await startApp(config, logger, overrides);
if (instrumented) serveStageTotals(app.server);
process.stdout.write(`${JSON.stringify({ url: app.url, instrumented })}\n`);
process.once('SIGTERM', () => {
  void app.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
});
