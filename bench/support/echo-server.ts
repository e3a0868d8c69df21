import { ActivityHandler } from 'botbuilder';
import { makeWebChat } from '../../adapters/webchat/index.js';
import { serveWebChat } from '../../test/webchat/support/serve-web-chat.js';

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
  return serveWebChat(webChat);
}
