// The server's entry, run compiled: `node dist/start.js` in production, `npm start` in development (it builds dist/ when
// needed). Validates the configuration, starts the server, prints where to try it.
import { startApp } from './app.js';
import { ConfigError, loadConfig } from './server/config.js';
import { demoIdentities } from './server/demo-data.js';
import { makeLogger } from './server/logger.js';
import { releaseStartUpGarbage } from './server/start-up-garbage.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = makeLogger(config.logLevel);
  const app = await startApp(config, logger);
  await releaseStartUpGarbage();
  if (config.webchat.tokenSecretGenerated) logger.warn('WEBCHAT_TOKEN_SECRET is not set: web chat tokens will not survive a restart');
  const lines = [
    '',
    `  Debt-resolution bot is running.`,
    `  Web chat (demo page):  ${app.url}/`,
    `  Agent console:         ${app.url}/agent${config.agents.bootstrapAdmin ? `   (log in as ${config.agents.bootstrapAdmin.email})` : '   (set AGENT_BOOTSTRAP_EMAIL and AGENT_BOOTSTRAP_PASSWORD to create the first admin)'}`,
    `  Telegram:              ${config.telegram ? (config.telegram.webhook ? `webhook at ${config.telegram.webhook.url}` : 'long polling') : 'off (set TELEGRAM_BOT_TOKEN)'}`,
    `  WhatsApp:              ${config.whatsapp ? 'on (a paired number reconnects by itself; to pair, scan the QR code printed below or shown to admins in the agent console)' : 'off (set WHATSAPP_ENABLED=true)'}`,
    `  WhatsApp Cloud API:    ${config.whatsappCloud ? `webhook at ${config.publicUrl}/whatsapp/cloud/webhook` : 'off (set WHATSAPP_CLOUD_TOKEN, …_PHONE_NUMBER_ID, …_APP_SECRET and …_VERIFY_TOKEN)'}`,
    `  Health / metrics:      ${app.url}/healthz  ${app.url}/metrics`,
    `  Database:              ${app.database.provider}${app.demoLoaded ? ' (demo portfolio loaded)' : ''}`,
    '',
    '  Try the web chat with a demo identity:',
    ...demoIdentities.map(
      (identity) => `    ${identity.label}: document ${identity.document}, date of birth ${identity.dateOfBirth}  (${identity.note})`,
    ),
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    app.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  const message = error instanceof ConfigError ? `Configuration error:\n${error.message}` : `Start-up failed: ${(error as Error).message}`;
  process.stderr.write(`${message}\n`);
  process.exit(1);
});
