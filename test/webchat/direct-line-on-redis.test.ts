// The whole Direct Line contract (the HTTP API, the stream and the official client) again, with the conversations
// kept in Redis as a fleet keeps them (DESIGN §15). Skipped without REDIS_URL.
import { describe, it } from 'vitest';
import { testRedisUrl, useRedisHub } from './support/shared-hub.js';

if (testRedisUrl) {
  useRedisHub(testRedisUrl);
  await import('./direct-line-http.test.js');
  await import('./direct-line-client.test.js');
} else {
  console.warn('[skip] Direct Line on Redis skipped: set REDIS_URL (e.g. redis://127.0.0.1:6379) to run it.');
  describe('Direct Line on Redis', () => it.skip('needs REDIS_URL', () => undefined));
}
