// The echo floor as its own process (for the web chat bench): listens on 127.0.0.1:$PORT until SIGTERM, with the web
// chat layer of the production build when BENCH_APP_ROOT=dist, else of the sources (as the project's server runs).
// BENCH_STAGES=1 times its turns as bench-server.ts times the project's (GET /__bench/stages).
import type * as WebChatModule from '../../adapters/webchat/index.js';
import { startEchoServer } from './echo-server.js';
import { instrumentDirectLine, serveStageTotals } from './stage-probe.js';

const base = new URL(process.env.BENCH_APP_ROOT === 'dist' ? '../../dist/' : '../../', import.meta.url);
const { makeWebChat, DirectLineAdapter } = (await import(new URL('adapters/webchat/index.js', base).href)) as typeof WebChatModule;
const instrumented = process.env.BENCH_STAGES === '1';
if (instrumented) instrumentDirectLine(DirectLineAdapter);
const echo = await startEchoServer(makeWebChat, Number(process.env.PORT ?? 0));
if (instrumented) serveStageTotals(echo.server);
process.stdout.write(`${JSON.stringify({ url: echo.baseUrl, instrumented })}\n`);
process.once('SIGTERM', () => {
  void echo.close().then(() => process.exit(0));
});
