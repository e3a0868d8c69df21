import { request, Agent } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp } from '../support/test-app.js';

// A client (a browser, a load balancer) reuses an idle keep-alive connection; node's default closed it after 5 s, so a
// request sent on it just then failed with "socket hang up". The server keeps idle connections for 65 s.
describe('idle keep-alive connections', () => {
  let app: Awaited<ReturnType<typeof startTestApp>>;
  beforeAll(async () => {
    app = await startTestApp({});
  });
  afterAll(async () => {
    await app.close();
  });

  const get = (agent: Agent) =>
    new Promise<{ status: number; socketReused: boolean }>((resolve, reject) => {
      const call = request(`${app.url}/healthz`, { agent }, (response) => {
        response.resume();
        response.on('end', () => resolve({ status: response.statusCode ?? 0, socketReused: call.reusedSocket }));
      });
      call.on('error', reject);
      call.end();
    });

  it('are still open after 6 s of silence, so the next request reuses the connection', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      expect(await get(agent)).toEqual({ status: 200, socketReused: false });
      await sleep(6_000);
      expect(await get(agent)).toEqual({ status: 200, socketReused: true });
    } finally {
      agent.destroy();
    }
  }, 20_000);
});
