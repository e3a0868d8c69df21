import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ActionTypes, MessageFactory, TurnContext, type Activity, type ConversationReference } from 'botbuilder-core';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  makeWhatsAppCloud,
  webhookPath,
  whatsAppCloudChannelId,
  type WhatsAppCloudChannel,
  type WhatsAppCloudStatus,
} from '../../adapters/whatsapp-cloud/index.js';
import { testLogs } from '../support/log-capture.js';
import { startFakeGraphApi, type FakeGraphApi, type FakeSentMessage } from '../support/fake-graph-api.js';

// The Cloud API channel alone (no ledger, no dialogs) against the local fake Graph API, with a small scripted bot: what
// a user sends reaches the turn as the bot expects it, and what the bot sends reaches the user within Meta's rules.
const token = 'EAAG-test-token-for-the-fake-graph-api';
const phoneNumberId = '106540352242922';
const appSecret = 'app-secret-0123456789abcdef';
const verifyToken = 'verify-token-for-tests';

const longValue = `Quiero esta opción: ${'muy '.repeat(70)}larga`;

/** The scripted bot: answers each message with what it heard, plus options for some words. */
async function scriptedBot(context: TurnContext): Promise<void> {
  const heard = context.activity.text ?? '';
  if (heard === 'botones') {
    await context.sendActivity(
      MessageFactory.suggestedActions(
        [
          { type: ActionTypes.ImBack, title: 'Aceptar', value: 'Aceptar' },
          { type: ActionTypes.ImBack, title: 'Larga', value: longValue },
        ],
        '¿Confirmas?',
      ),
    );
    return;
  }
  if (heard === 'lista') {
    const titles = ['Tarjeta de crédito ·0001 (CLP)', 'Crédito de consumo ·0002', 'Tres', 'Cuatro', 'Cinco'];
    await context.sendActivity(
      MessageFactory.suggestedActions(
        titles.map((title) => ({ type: ActionTypes.ImBack, title, value: title })),
        '¿Cuál cuenta?',
      ),
    );
    return;
  }
  await context.sendActivity(`oí: «${heard}»`);
}

describe('the WhatsApp Cloud API channel', () => {
  let fake: FakeGraphApi;
  let channel: WhatsAppCloudChannel;
  let server: Server;
  const heard: Array<Partial<Activity>> = [];
  const statuses: WhatsAppCloudStatus[] = [];
  const references = new Map<string, Partial<ConversationReference>>();

  beforeAll(async () => {
    fake = await startFakeGraphApi({
      token,
      phoneNumberId,
      appSecret,
      templates: [{ name: 'recordatorio', language: 'es', bodyParameters: 2 }],
    });
    channel = makeWhatsAppCloud({
      token,
      phoneNumberId,
      appSecret,
      verifyToken,
      apiRoot: fake.apiRoot,
      logger: testLogs.logger(),
      retry: { maxAttempts: 5, maxElapsedMs: 10_000, backoff: { initialMs: 20, jitterShare: 0.5 } },
      logic: async (context) => {
        heard.push(context.activity);
        if (context.activity.conversation?.id)
          references.set(context.activity.conversation.id, TurnContext.getConversationReference(context.activity));
        await scriptedBot(context);
      },
    });
    channel.onStatus((status) => statuses.push(status));
    const app = express();
    app.use(channel.router);
    server = app.listen(0, '127.0.0.1');
    await new Promise<void>((resolve) => server.once('listening', resolve));
    fake.setWebhook(`http://127.0.0.1:${(server.address() as AddressInfo).port}${webhookPath}`);
    await channel.start();
  });
  afterAll(async () => {
    await channel?.stop();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await fake?.close();
  });

  const textTo = (to: string, pattern: RegExp) => (message: FakeSentMessage) =>
    message.to === to && message.type === 'text' && pattern.test(String((message.body.text as { body?: string } | undefined)?.body));

  it('runs a turn on a text, marks it read with the typing indicator, and answers in the window', async () => {
    const user = '56920000001';
    const { status, messageId } = await fake.deliverText(user, 'hola', { name: 'Ana' });
    expect(status).toBe(200);
    await fake.waitForSent(textTo(user, /oí: «hola»/));
    const turn = heard.find((activity) => activity.id === messageId);
    expect(turn).toMatchObject({
      channelId: whatsAppCloudChannelId,
      conversation: { id: user },
      from: { id: user, name: 'Ana' },
      text: 'hola',
    });
    expect(fake.readReceipts).toContainEqual({ messageId, typingIndicator: true });
  });

  it('sends options as reply buttons, and a press reaches the bot as the option value, even one too long for an id', async () => {
    const user = '56920000002';
    await fake.deliverText(user, 'botones');
    const sent = await fake.waitForSent((message) => message.to === user && message.type === 'interactive');
    const buttons = (sent.body.interactive as { action: { buttons: Array<{ reply: { id: string; title: string } }> } }).action.buttons;
    expect(buttons.map((button) => button.reply.title)).toEqual(['Aceptar', 'Larga']);
    await fake.deliverButtonReply(user, buttons[0]?.reply.id ?? '', 'Aceptar');
    await fake.waitForSent(textTo(user, /oí: «Aceptar»/));
    await fake.deliverButtonReply(user, buttons[1]?.reply.id ?? '', 'Larga');
    await fake.waitForSent(textTo(user, /oí: «Quiero esta opción/));
    expect(heard.at(-1)?.text).toBe(longValue);
  });

  it('sends 4 to 10 options as a list, and a picked row reaches the bot as the whole option', async () => {
    const user = '56920000003';
    await fake.deliverText(user, 'lista');
    const sent = await fake.waitForSent((message) => message.to === user && message.type === 'interactive');
    const interactive = sent.body.interactive as {
      type: string;
      action: { button: string; sections: Array<{ rows: Array<{ id: string; title: string; description?: string }> }> };
    };
    expect(interactive.type).toBe('list');
    expect(interactive.action.button).toBe('Opciones');
    const first = interactive.action.sections[0]?.rows[0];
    expect(first).toEqual({ id: 'Tarjeta de crédito ·0001 (CLP)', title: 'Tarjeta de crédito ·0001', description: '(CLP)' });
    await fake.deliverListReply(user, first?.id ?? '', first?.title ?? '');
    await fake.waitForSent(textTo(user, /oí: «Tarjeta de crédito ·0001 \(CLP\)»/));
    expect(fake.refused).toEqual([]);
  });

  it('gives media an empty message (the bot answers it as one it cannot read)', async () => {
    const user = '56920000004';
    await fake.deliverMedia(user, 'sticker');
    await fake.waitForSent(textTo(user, /oí: «»/));
  });

  it('runs a message Meta delivers twice once', async () => {
    const user = '56920000005';
    const { messageId } = await fake.deliverText(user, 'una vez');
    await fake.waitForSent(textTo(user, /una vez/));
    expect(await fake.redeliverLast()).toBe(200);
    await fake.deliverText(user, 'después');
    await fake.waitForSent(textTo(user, /después/));
    expect(heard.filter((activity) => activity.id === messageId)).toHaveLength(1);
    expect(fake.sent.filter(textTo(user, /una vez/))).toHaveLength(1);
  });

  it('hands delivery statuses to its listeners, with the error code of a failed one', async () => {
    const user = '56920000006';
    fake.undeliverableLater(user);
    await fake.deliverText(user, 'estado');
    const reply = await fake.waitForSent(textTo(user, /estado/));
    await fake.deliverStatus(reply.messageId, 'delivered');
    await expect
      .poll(() =>
        statuses
          .filter((status) => status.messageId === reply.messageId)
          .map((status) => status.status)
          .sort(),
      )
      .toEqual(['delivered', 'failed']);
    expect(statuses.find((status) => status.messageId === reply.messageId && status.status === 'failed')).toMatchObject({
      recipient: user,
      errorCode: 131026,
    });
  });

  it('sends a template outside the window, and refuses free text there with a re-engagement error', async () => {
    const user = '56920000007';
    await expect(channel.sendText(user, 'Hola, ¿sigues ahí?')).rejects.toMatchObject({
      name: 'WhatsAppCloudError',
      code: 131047,
      kind: 're_engagement',
    });
    const id = await channel.sendTemplate(user, { name: 'recordatorio', language: 'es', bodyParameters: ['Banco Demo', '4 de diciembre'] });
    expect(fake.sent.find((message) => message.messageId === id)?.type).toBe('template');
  });

  it("waits for a proactive message (an agent's reply) and rejects when Meta refuses it", async () => {
    const user = '56920000008';
    await fake.deliverText(user, 'quiero una persona');
    await fake.waitForSent(textTo(user, /una persona/));
    const reference = references.get(user) ?? {};
    let answered: string | undefined;
    await channel.adapter.continueConversation(reference, async (context) => {
      answered = (await context.sendActivity('Hola, soy Sofía'))?.id;
    });
    expect(fake.sent.find((message) => message.messageId === answered)?.to).toBe(user);
    fake.failNext(user, 131026);
    let failure: unknown;
    await channel.adapter.continueConversation(reference, async (context) => {
      await context.sendActivity('¿Sigues ahí?').catch((error: unknown) => (failure = error));
    });
    expect(failure).toMatchObject({ kind: 'undeliverable', code: 131026 });
  });

  it('retries a reply refused for throughput (130429) and delivers it once, in order', async () => {
    const user = '56920000009';
    fake.failNext(user, 130429);
    await fake.deliverText(user, 'primero');
    await fake.deliverText(user, 'segundo');
    await fake.waitForSent(textTo(user, /segundo/));
    const replies = fake.sent.filter((message) => message.to === user && message.type === 'text').map((message) => message.body.text);
    expect(replies).toEqual([
      { body: 'oí: «primero»', preview_url: false },
      { body: 'oí: «segundo»', preview_url: false },
    ]);
    expect(fake.refused.filter((refused) => refused.to === user).map((refused) => refused.code)).toEqual([130429]);
  });
});
