import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ActivityHandler } from 'botbuilder';
import express from 'express';
import { makeWebChat } from '../../adapters/webchat/index.js';

/** A bare botbuilder echo bot behind the same Direct Line layer as the real bot: the baseline of the web chat benches. */
export async function startEchoServer(): Promise<{ baseUrl: string; close(): Promise<void> }> {
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
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async close() {
      await webChat.close();
      server.closeAllConnections();
      server.close();
    },
  };
}
