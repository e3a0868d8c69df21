import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningApp } from '../../app.js';
import { signatureOf } from '../../adapters/whatsapp-cloud/index.js';
import { startFakeGraphApi, type FakeGraphApi } from '../support/fake-graph-api.js';
import { startTestApp } from '../support/test-app.js';
import { CloudUser, optionsOf, shownText } from '../whatsapp-cloud/cloud-user.js';
import { activePlanOf } from '../support/active-plan.js';

// The whole server (`startApp`, as `npm start` runs it) with the WhatsApp Cloud API channel on, against a local fake
// Graph API that enforces Meta's rules (signatures, limits of texts, buttons and lists, the 24-hour window, error codes).
const token = 'EAAG-e2e-token-for-the-fake-graph-api';
const phoneNumberId = '106540352242922';
const appSecret = 'app-secret-0123456789abcdef';
const verifyToken = 'verify-token-for-the-e2e-test';
const folder = mkdtempSync(join(tmpdir(), 'e2e-whatsapp-cloud-'));
const webhook = '/whatsapp/cloud/webhook';

describe('the WhatsApp Cloud API channel through the whole server', () => {
  let fake: FakeGraphApi;
  let app: RunningApp;

  beforeAll(async () => {
    fake = await startFakeGraphApi({ token, phoneNumberId, appSecret, templates: [] });
    app = await startTestApp({
      DATABASE_URL: `file:${join(folder, 'cloud.db')}`,
      DEMO_DATA: 'true',
      LENDER_NAME: 'Banco Demo',
      WHATSAPP_CLOUD_TOKEN: token,
      WHATSAPP_CLOUD_PHONE_NUMBER_ID: phoneNumberId,
      WHATSAPP_CLOUD_APP_SECRET: appSecret,
      WHATSAPP_CLOUD_VERIFY_TOKEN: verifyToken,
      WHATSAPP_CLOUD_API_ROOT: fake.apiRoot,
    });
    fake.setWebhook(`${app.url}${webhook}`);
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await fake?.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('answers the verification handshake with the challenge, and 403 to a wrong verify token', async () => {
    const right = await fetch(`${app.url}${webhook}?hub.mode=subscribe&hub.verify_token=${verifyToken}&hub.challenge=1158201444`);
    expect(right.status).toBe(200);
    expect(await right.text()).toBe('1158201444');
    const wrong = await fetch(`${app.url}${webhook}?hub.mode=subscribe&hub.verify_token=not-the-token&hub.challenge=1158201444`);
    expect(wrong.status).toBe(403);
  });

  it('verifies a debtor who then presses the offered options and records the plan, within every limit of Meta', async () => {
    const ana = new CloudUser(fake, '56920001001', 'Ana');
    await ana.say('cuanto debo', /documento/);
    const balance = await ana.say('12.345.678-5 14/03/1985', /1\.250\.000/);
    expect(shownText(balance)).toMatch(/US\$\s?480,25/);
    const accounts = await ana.say('quiero pagar en 6 cuotas', /cuál cuenta/);
    expect(optionsOf(accounts).length).toBeGreaterThan(1);
    const offer = await ana.press(/0001/, /Confirmas este plan/);
    expect(shownText(offer)).toContain('Cuota 6');
    expect(optionsOf(offer).length).toBeGreaterThan(0);
    await ana.press(/^Aceptar/, /quedó registrado/);

    const plan = await activePlanOf(app.database, 'CL-TC-0001');
    expect(plan.installments).toBe(6);
    expect(plan.totalMinor).toBe(1_250_000n);
    // The conversation is the debtor's WhatsApp id on this channel, and the identity answer is masked in the transcript.
    const transcript = await app.database.prisma.message.findMany({
      where: { conversation: { channel: 'whatsapp_cloud', channelConversationId: ana.waId }, direction: 'in' },
    });
    expect(transcript.map((message) => message.text)).toContain('[identity data]');
    expect(transcript.map((message) => message.text).join(' ')).not.toContain('12.345.678-5');
    // Everything went out as Meta takes it: nothing was refused, and each option was pressed as sent.
    expect(fake.refused).toEqual([]);
    expect(ana.messages().some((message) => message.type === 'interactive')).toBe(true);
  });

  it('answers a webhook Meta delivers twice once', async () => {
    const bob = new CloudUser(fake, '56920001002');
    await bob.say('hola', /Banco Demo/);
    expect(await fake.redeliverLast()).toBe(200);
    await bob.say('ayuda', /.+/);
    expect(bob.messages().filter((message) => /Banco Demo/.test(shownText(message)))).toHaveLength(1);
    const inbound = await app.database.prisma.message.count({
      where: { conversation: { channel: 'whatsapp_cloud', channelConversationId: bob.waId }, direction: 'in', text: 'hola' },
    });
    expect(inbound).toBe(1);
  });

  it('refuses a post with a forged or missing signature with 401, and stores and answers nothing', async () => {
    const mallory = '56920001003';
    const body = JSON.stringify({
      object: 'whatsapp_business_account',
      entry: [
        {
          id: '102290129340398',
          changes: [
            {
              field: 'messages',
              value: {
                messaging_product: 'whatsapp',
                metadata: { display_phone_number: '15550783881', phone_number_id: phoneNumberId },
                contacts: [{ profile: { name: 'Mallory' }, wa_id: mallory }],
                messages: [{ from: mallory, id: 'wamid.forged-1', timestamp: '1796040000', type: 'text', text: { body: 'hola' } }],
              },
            },
          ],
        },
      ],
    });
    expect(await fake.deliverRaw(body, signatureOf(body, 'not-the-app-secret-000'))).toBe(401);
    expect(await fake.deliverRaw(body, undefined)).toBe(401);
    expect(await fake.deliverRaw(body, `${signatureOf(`${body} `, appSecret)}`)).toBe(401);
    // Give a wrongly accepted post time to run its turn before checking that none ran.
    const witness = new CloudUser(fake, '56920001013');
    await witness.say('hola', /Banco Demo/);
    expect(await app.database.prisma.conversation.count({ where: { channel: 'whatsapp_cloud', channelConversationId: mallory } })).toBe(0);
    expect(fake.sent.filter((message) => message.to === mallory)).toEqual([]);
  });

  it("answers media with the polite 'I didn't understand'", async () => {
    const carla = new CloudUser(fake, '56920001004');
    await fake.deliverMedia(carla.waId, 'sticker');
    await carla.waitForReply(/no te entendí/);
    await fake.deliverMedia(carla.waId, 'audio');
    await carla.waitForReply(/entender|opción|persona/);
  });

  it('retries a reply refused for throughput (130429) and delivers it once, in order', async () => {
    const dario = new CloudUser(fake, '56920001005');
    fake.failNext(dario.waId, 130429);
    await fake.deliverText(dario.waId, 'hola');
    await fake.deliverText(dario.waId, 'cuanto debo');
    await dario.waitForReply(/Banco Demo/);
    await dario.waitForReply(/documento/);
    const shown = dario.messages().map(shownText);
    expect(shown.filter((text) => /Banco Demo/.test(text))).toHaveLength(1);
    expect(shown.findIndex((text) => /Banco Demo/.test(text))).toBeLessThan(shown.findIndex((text) => /documento/.test(text)));
    expect(fake.refused.filter((refused) => refused.to === dario.waId).map((refused) => refused.code)).toEqual([130429]);
  });

  it("does not hold another user's reply while one user's waits out the pair rate limit (131056)", async () => {
    const eva = new CloudUser(fake, '56920001006');
    const fede = new CloudUser(fake, '56920001007');
    fake.failNext(eva.waId, 131056, 3);
    await fake.deliverText(eva.waId, 'hola');
    await expect.poll(() => fake.refused.filter((refused) => refused.to === eva.waId).length, { timeout: 15_000 }).toBeGreaterThan(0);
    const fedeReply = await fede.say('hola', /Banco Demo/);
    const evaReply = await eva.waitForReply(/Banco Demo/, 30_000);
    expect(fedeReply.atMs).toBeLessThan(evaReply.atMs);
    expect(fake.refused.filter((refused) => refused.to === eva.waId).map((refused) => refused.code)).toEqual([131056, 131056, 131056]);
  });
});
