import { ActivityTypes, MessageFactory, TurnContext, type Activity, type ConversationReference } from 'botbuilder-core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { debtorJid, textMessage } from './fake-socket.js';
import { startChannel, type ChannelFixture } from './support.js';

/** Echoes the text; "options" answers with suggested actions, "typing" shows typing first, "silence" says nothing. */
function makeEchoLogic(ran: string[]) {
  return async (context: TurnContext) => {
    const text = context.activity.text ?? '';
    ran.push(text);
    if (text === 'silence') return;
    if (text === 'options') {
      await context.sendActivity(
        MessageFactory.suggestedActions(['Pagar todo', 'Plan de cuotas', 'Hablar con una persona'], '¿Qué prefiere?'),
      );
      return;
    }
    if (text === 'typing') await context.sendActivity({ type: ActivityTypes.Typing });
    await context.sendActivity(`echo: ${text}`);
  };
}

let fixture: ChannelFixture | undefined;
afterEach(async () => {
  await fixture?.destroy();
  fixture = undefined;
});

async function openChannel(ran: string[]): Promise<ChannelFixture> {
  fixture = await startChannel({ logic: makeEchoLogic(ran) });
  fixture.latest().open();
  return fixture;
}

describe('WhatsApp channel: messages', () => {
  it('answers a text message in the same chat, after a read receipt and with typing shown', async () => {
    const ran: string[] = [];
    const { latest } = await openChannel(ran);
    const socket = latest();
    const message = textMessage('cuánto debo?');
    socket.receive([message]);
    await vi.waitFor(() => expect(socket.sent).toHaveLength(1));
    expect(socket.sent[0]).toMatchObject({ jid: debtorJid, text: 'echo: cuánto debo?' });
    expect(ran).toEqual(['cuánto debo?']);
    expect(socket.reads).toEqual([message.key]);
    expect(socket.presences[0]).toEqual({ type: 'composing', jid: debtorJid });
  });

  it('reads extended text (a quote or a link preview) and ephemeral messages', async () => {
    const ran: string[] = [];
    const { latest } = await openChannel(ran);
    const quoted = { ...textMessage(''), message: { extendedTextMessage: { text: 'mira https://example.com' } } };
    const ephemeral = { ...textMessage(''), message: { ephemeralMessage: { message: { conversation: 'hola' } } } };
    latest().receive([quoted, ephemeral]);
    await vi.waitFor(() => expect(latest().sent).toHaveLength(2));
    expect(ran.sort()).toEqual(['hola', 'mira https://example.com']);
  });

  it('renders suggested actions as numbered options under the text', async () => {
    const { latest } = await openChannel([]);
    latest().receive([textMessage('options')]);
    await vi.waitFor(() => expect(latest().sent).toHaveLength(1));
    expect(latest().sent[0]?.text).toBe('¿Qué prefiere?\n\n1. Pagar todo\n2. Plan de cuotas\n3. Hablar con una persona');
  });

  it("turns a typing activity into 'composing', and stops typing when a turn sends nothing", async () => {
    const ran: string[] = [];
    const { latest } = await openChannel(ran);
    const socket = latest();
    socket.receive([textMessage('typing')]);
    await vi.waitFor(() => expect(socket.sent).toHaveLength(1));
    expect(socket.presences.map((presence) => presence.type)).toEqual(['composing', 'composing']);
    socket.receive([textMessage('silence')]);
    await vi.waitFor(() => expect(ran).toContain('silence'));
    await vi.waitFor(() => expect(socket.presences.at(-1)).toEqual({ type: 'paused', jid: debtorJid }));
    expect(socket.sent).toHaveLength(1);
  });

  it('runs a redelivered message (same key id) once, in the same upsert or a later one', async () => {
    const ran: string[] = [];
    const { latest } = await openChannel(ran);
    const message = textMessage('hola', { id: 'ABCDEF0123' });
    latest().receive([message, message]);
    latest().receive([{ ...message }]);
    await vi.waitFor(() => expect(latest().sent).toHaveLength(1));
    latest().receive([textMessage('otra')]);
    await vi.waitFor(() => expect(latest().sent).toHaveLength(2));
    expect(ran).toEqual(['hola', 'otra']);
    expect(latest().reads).toHaveLength(2);
  });

  it('ignores its own messages, groups, status, broadcasts, newsletters, history, reactions and blank texts', async () => {
    const ran: string[] = [];
    const { latest } = await openChannel(ran);
    const reaction = { ...textMessage(''), message: { reactionMessage: { text: '👍' } } };
    latest().receive([
      textMessage('mine', { fromMe: true }),
      textMessage('group', { jid: '120363000000000000@g.us' }),
      textMessage('status', { jid: 'status@broadcast' }),
      textMessage('list', { jid: '1234567890@broadcast' }),
      textMessage('channel', { jid: '120363000000000001@newsletter' }),
      textMessage('   '),
      reaction,
    ]);
    latest().receive([textMessage('old history')], 'append');
    latest().receive([textMessage('lid user', { jid: '123456789012345@lid' })]);
    await vi.waitFor(() => expect(latest().sent).toHaveLength(1));
    expect(ran).toEqual(['lid user']);
    expect(latest().sent[0]?.jid).toBe('123456789012345@lid');
    expect(latest().reads).toHaveLength(1);
  });

  it('passes on a voice note or a photo without caption as a message without text (the bot says it reads only text), and a caption as text', async () => {
    const ran: string[] = [];
    const { latest } = await openChannel(ran);
    latest().receive([{ ...textMessage(''), message: { audioMessage: { seconds: 12, ptt: true } } }]);
    await vi.waitFor(() => expect(ran).toEqual(['']));
    latest().receive([{ ...textMessage(''), message: { imageMessage: { caption: 'mi comprobante de pago' } } }]);
    await vi.waitFor(() => expect(ran).toEqual(['', 'mi comprobante de pago']));
  });

  it('sends a proactive message (an agent reply) with continueConversation', async () => {
    const { channel, latest } = await openChannel([]);
    const reference: Partial<ConversationReference> = {
      channelId: 'whatsapp',
      conversation: { id: debtorJid, isGroup: false, conversationType: 'personal', name: '' },
      user: { id: debtorJid, name: '' },
      bot: { id: 'debt-bot', name: 'Bot' },
      serviceUrl: 'urn:debt-bot:whatsapp',
    };
    await channel.adapter.continueConversation(reference, async (context) => {
      await context.sendActivity('Hola, soy Paula, agente.');
    });
    await vi.waitFor(() => expect(latest().sent).toHaveLength(1));
    expect(latest().sent[0]).toMatchObject({ jid: debtorJid, text: 'Hola, soy Paula, agente.' });
  });

  it('on stop, sends what is still queued before disconnecting, so a shutdown does not cut a reply short', async () => {
    fixture = await startChannel({ sendRatePerSecond: 4 });
    const socket = fixture.latest();
    socket.open();
    const reference: Partial<ConversationReference> = {
      channelId: 'whatsapp',
      conversation: { id: debtorJid, isGroup: false, conversationType: 'personal', name: '' },
      serviceUrl: 'urn:debt-bot:whatsapp',
    };
    await fixture.channel.adapter.continueConversation(reference, async (context) => {
      for (const text of ['uno', 'dos', 'tres']) await context.sendActivity(text);
    });
    await fixture.channel.stop();
    expect(socket.sent.map((sent) => sent.text)).toEqual(['uno', 'dos', 'tres']);
    expect(socket.ended).toBe(true);
  });

  it('sets the activity as the transcript expects: channel whatsapp, id = message key id, conversation and user = the JID', async () => {
    const seen: Array<Partial<Activity>> = [];
    fixture = await startChannel({ logic: async (context) => void seen.push(context.activity) });
    fixture.latest().open();
    fixture.latest().receive([textMessage('hola', { id: 'KEY123' })]);
    const latest = fixture.latest();
    await vi.waitFor(() => expect(latest.presences.at(-1)?.type).toBe('paused'));
    const activity = seen[0];
    expect(activity).toMatchObject({
      type: 'message',
      id: 'KEY123',
      channelId: 'whatsapp',
      text: 'hola',
      conversation: { id: debtorJid },
      from: { id: debtorJid, role: 'user' },
    });
    expect(TurnContext.getConversationReference(activity ?? {})).toMatchObject({
      channelId: 'whatsapp',
      conversation: { id: debtorJid },
      user: { id: debtorJid },
    });
  });

  it('logs neither JIDs (phone numbers) nor message text', async () => {
    const { latest, logLines } = await openChannel([]);
    const message = textMessage('mi rut es 17.090.571-7');
    latest().receive([message, message]);
    await vi.waitFor(() => expect(latest().sent).toHaveLength(1));
    latest().close(408);
    expect(logLines.some((line) => line.includes('redelivered'))).toBe(true);
    const all = logLines.join('\n');
    expect(all).not.toContain('56911112222');
    expect(all).not.toContain('17.090.571-7');
  });
});
