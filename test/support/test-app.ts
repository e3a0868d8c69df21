import { startApp, type AppOverrides, type RunningApp } from '../../app.js';
import { loadConfig } from '../../server/config.js';
import { localRecognizer } from './bot-harness.js';
import { testLogs } from './log-capture.js';

/**
 * The whole server as `npm start` builds it, for end-to-end tests: on 127.0.0.1 at a random port, logging at 'debug'
 * into `testLogs` (checked for identity data after the file), with the local recognizer and without the outbound
 * scheduler; `environment` adds or overrides settings (DATABASE_URL at least), `overrides` the seams.
 */
export async function startTestApp(environment: Record<string, string>, overrides: AppOverrides = {}): Promise<RunningApp> {
  // The outbound scheduler is off unless a test turns it on: reminders must not land in other tests' chats.
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'debug', OUTBOUND_ENABLED: 'false', ...environment });
  return startApp(config, testLogs.logger(config.logLevel), { recognizer: await localRecognizer(), ...overrides });
}
