// The floor of the web chat benches: a bare botbuilder echo bot (an ActivityHandler, no ledger, no NLU) behind the
// same Direct Line layer as the real server (makeWebChat's routes, adapter and WebSocket stream on express).
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ActivityHandler } from 'botbuilder';
import express from 'express';
import type * as WebChatModule from '../../adapters/webchat/index.js';

/** A running echo server. */
export interface EchoServer {
  /** e.g. http://127.0.0.1:40123 */
  readonly baseUrl: string;
  readonly server: Server;
  /** Closes the web chat, then the server and its connections. */
  close(): Promise<void>;
}

/** Starts the echo bot on 127.0.0.1 at `port` (0: a random free port), behind `makeWebChat` (from the sources or dist/). */
export async function startEchoServer(makeWebChat: typeof WebChatModule.makeWebChat, port = 0): Promise<EchoServer> {
  const echoBot = new ActivityHandler().onMessage(async (context, next) => {
    await context.sendActivity(`echo: ${context.activity.text ?? ''}`);
    await next();
  });
  const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };
  const webChat = makeWebChat({
    logic: (context) => echoBot.run(context),
    tokenSecret: 'bench-token-secret-0123456789-abcdefghijkl',
    allowedOrigins: ['*'],
    tokenRateLimit: { windowMs: 60_000, max: 100_000 },
    logger: silent,
  });
  const app = express();
  app.use(webChat.router);
  const server = createServer(app);
  webChat.attach(server);
  server.listen(port, '127.0.0.1');
  await once(server, 'listening');
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    server,
    async close() {
      await webChat.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
