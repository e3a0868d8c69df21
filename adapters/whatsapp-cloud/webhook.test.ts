import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasValidSignature, sameToken, signatureOf } from './signature.js';
import { webhookPath, webhookRouter } from './webhook.js';

const appSecret = 'app-secret-0123456789abcdef';
const verifyToken = 'verify-token-for-tests';

describe('signatures', () => {
  it('accepts the HMAC-SHA256 of the exact body, in either hex case, and nothing else', () => {
    const body = Buffer.from('{"object":"whatsapp_business_account","entry":[]}');
    const signature = signatureOf(body, appSecret);
    expect(hasValidSignature(body, signature, appSecret)).toBe(true);
    expect(hasValidSignature(body, signature.toUpperCase().replace('SHA256=', 'sha256='), appSecret)).toBe(true);
    expect(hasValidSignature(Buffer.from(`${body.toString()} `), signature, appSecret)).toBe(false);
    expect(hasValidSignature(body, signatureOf(body, 'another-secret-0123456'), appSecret)).toBe(false);
    expect(hasValidSignature(body, undefined, appSecret)).toBe(false);
    expect(hasValidSignature(body, 'sha256=abc', appSecret)).toBe(false);
    expect(hasValidSignature(body, signature.replace('sha256=', 'sha1='), appSecret)).toBe(false);
  });

  it('compares verify tokens of any length without throwing', () => {
    expect(sameToken(verifyToken, verifyToken)).toBe(true);
    expect(sameToken('short', verifyToken)).toBe(false);
    expect(sameToken(undefined, verifyToken)).toBe(false);
    expect(sameToken(['a'], verifyToken)).toBe(false);
  });
});

describe('the webhook router', () => {
  let server: Server;
  let url: string;
  let accepting = true;
  const received: unknown[] = [];

  beforeAll(async () => {
    const app = express();
    app.use(webhookRouter({ verifyToken, appSecret, accepting: () => accepting, receive: (payload) => received.push(payload) }));
    server = app.listen(0, '127.0.0.1');
    await new Promise<void>((resolve) => server.once('listening', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${webhookPath}`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const post = (body: string, signature: string | undefined) =>
    fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(signature ? { 'x-hub-signature-256': signature } : {}) },
      body,
    });

  it('answers the subscription handshake with the challenge as text, and 403 to a wrong token or mode', async () => {
    const ok = await fetch(`${url}?hub.mode=subscribe&hub.verify_token=${verifyToken}&hub.challenge=1158201444`);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await ok.text()).toBe('1158201444');
    expect((await fetch(`${url}?hub.mode=subscribe&hub.verify_token=wrong-token-123&hub.challenge=1`)).status).toBe(403);
    expect((await fetch(`${url}?hub.mode=unsubscribe&hub.verify_token=${verifyToken}&hub.challenge=1`)).status).toBe(403);
    expect((await fetch(`${url}?hub.mode=subscribe&hub.challenge=1`)).status).toBe(403);
  });

  it('refuses a post without the right signature with 401, and hands nothing over', async () => {
    const body = JSON.stringify({ object: 'whatsapp_business_account', entry: [] });
    received.length = 0;
    expect((await post(body, undefined)).status).toBe(401);
    expect((await post(body, signatureOf(body, 'a-different-secret-000'))).status).toBe(401);
    expect((await post(`${body} `, signatureOf(body, appSecret))).status).toBe(401);
    expect(received).toEqual([]);
  });

  it('answers 400 to a signed body that is not JSON or not a webhook payload', async () => {
    received.length = 0;
    expect((await post('{not json', signatureOf('{not json', appSecret))).status).toBe(400);
    expect((await post('{"hello":1}', signatureOf('{"hello":1}', appSecret))).status).toBe(400);
    expect(received).toEqual([]);
  });

  it('answers 200 to a signed payload and hands it over, checking the signature over the raw bytes Meta sent', async () => {
    received.length = 0;
    // Meta escapes non-ASCII characters: the signature covers those bytes, not a re-serialisation.
    const body = '{"object":"whatsapp_business_account","entry":[{"changes":[{"field":"messages","value":{"name":"Jos\\u00e9"}}]}]}';
    expect((await post(body, signatureOf(body, appSecret))).status).toBe(200);
    expect(received).toEqual([JSON.parse(body)]);
  });

  it('answers 503 while the channel is stopped, so Meta delivers again later', async () => {
    accepting = false;
    const body = JSON.stringify({ object: 'whatsapp_business_account', entry: [] });
    expect((await post(body, signatureOf(body, appSecret))).status).toBe(503);
    accepting = true;
  });
});
