import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeConsoleFixture, type ConsoleFixture } from '../../test/agent-console/console-fixture.js';
import type { WhatsAppPairing } from './index.js';

type WhatsAppStatus = ReturnType<WhatsAppPairing['status']>;

/** A WhatsApp channel stand-in: a settable status, and pairAgain() that shows a new QR. */
function makeFakeWhatsApp(): WhatsAppPairing & { current: WhatsAppStatus; pairings: number } {
  const fake = {
    current: { state: 'open', qr: null, reconnectAttempt: 0 } as WhatsAppStatus,
    pairings: 0,
    status: () => fake.current,
    async pairAgain() {
      fake.pairings += 1;
      fake.current = { state: 'waiting-for-pairing', qr: `2@pairing-${fake.pairings}`, reconnectAttempt: 0 };
    },
  };
  return fake;
}

const whatsapp = makeFakeWhatsApp();
let fixture: ConsoleFixture;
let disabled: ConsoleFixture;
beforeAll(async () => {
  fixture = await makeConsoleFixture({ whatsapp });
  disabled = await makeConsoleFixture();
});
afterAll(async () => {
  await fixture?.destroy();
  await disabled?.destroy();
});

describe('WhatsApp pairing in the console', () => {
  it('lists both routes as admin-only, the POST with CSRF', () => {
    const routes = fixture.console.routes.filter((route) => route.path.startsWith('/agent/api/channels/'));
    expect(routes).toEqual([
      { method: 'GET', path: '/agent/api/channels/whatsapp', access: 'admin', csrf: false },
      { method: 'POST', path: '/agent/api/channels/whatsapp/pair', access: 'admin', csrf: true },
    ]);
  });

  it('answers 401 without a session and 403 to agents and supervisors', async () => {
    expect((await fixture.call('GET', '/agent/api/channels/whatsapp')).status).toBe(401);
    expect((await fixture.call('POST', '/agent/api/channels/whatsapp/pair', { body: {} })).status).toBe(401);
    for (const role of ['agent', 'supervisor'] as const) {
      const session = await fixture.agent(role);
      const read = await fixture.call('GET', '/agent/api/channels/whatsapp', { session });
      expect(read.status).toBe(403);
      expect(read.body?.error?.code).toBe('forbidden');
      expect((await fixture.call('POST', '/agent/api/channels/whatsapp/pair', { session, body: {} })).status).toBe(403);
    }
    expect(whatsapp.pairings).toBe(0);
  });

  it('shows an admin the state, without a QR once paired', async () => {
    whatsapp.current = { state: 'open', qr: null, reconnectAttempt: 0 };
    const answer = await fixture.call('GET', '/agent/api/channels/whatsapp', { session: await fixture.agent('admin') });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    expect(answer.body).toEqual({ state: 'open', qrSvg: null, reconnectAttempt: 0 });
  });

  it('draws the pairing QR as SVG on the server, never sending the raw code', async () => {
    whatsapp.current = { state: 'waiting-for-pairing', qr: '2@secret-ref,noise,identity,adv', reconnectAttempt: 2 };
    const answer = await fixture.call('GET', '/agent/api/channels/whatsapp', { session: await fixture.agent('admin') });
    expect(answer.body).toMatchObject({ state: 'waiting-for-pairing', reconnectAttempt: 2 });
    expect(String(answer.body?.qrSvg)).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^>]*>.*<\/svg>\s*$/s);
    expect(String(answer.body?.qrSvg)).not.toMatch(/<script|secret-ref/i);
  });

  it('starts pairing again for an admin (CSRF required) and answers with the new QR', async () => {
    const admin = await fixture.agent('admin');
    const withoutCsrf = await fixture.call('POST', '/agent/api/channels/whatsapp/pair', { session: admin, csrf: null, body: {} });
    expect(withoutCsrf.status).toBe(403);
    expect(whatsapp.pairings).toBe(0);
    const answer = await fixture.call('POST', '/agent/api/channels/whatsapp/pair', { session: admin, body: {} });
    expect(answer.status).toBe(202);
    expect(whatsapp.pairings).toBe(1);
    expect(answer.body).toMatchObject({ state: 'waiting-for-pairing', reconnectAttempt: 0, qrSvg: expect.stringContaining('<svg') });
    expect(fixture.logs).toContainEqual(
      expect.objectContaining({ level: 'info', message: 'WhatsApp pairing started again from the console' }),
    );
  });

  it('answers 404 to an admin when WhatsApp is not enabled (401 and 403 still come first)', async () => {
    const admin = await disabled.agent('admin');
    const read = await disabled.call('GET', '/agent/api/channels/whatsapp', { session: admin });
    expect(read.status).toBe(404);
    expect(read.body?.error).toMatchObject({ code: 'whatsapp_disabled' });
    expect((await disabled.call('POST', '/agent/api/channels/whatsapp/pair', { session: admin, body: {} })).status).toBe(404);
    expect((await disabled.call('GET', '/agent/api/channels/whatsapp')).status).toBe(401);
    expect((await disabled.call('GET', '/agent/api/channels/whatsapp', { session: await disabled.agent('agent') })).status).toBe(403);
  });
});
