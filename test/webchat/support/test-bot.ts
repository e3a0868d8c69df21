import { payLinkQrPng } from '../../../server/pay-link-qr.js';
import { ActionTypes, ActivityHandler, MessageFactory, TurnContext, type ConversationReference } from 'botbuilder-core';

/** Text of a bot message that tries to inject markup; the widget must show it as text. */
export const markupProbeText = 'Look: <img src=x onerror="window.__xss=1"> <script>window.__xss=2</script> <b>bold?</b>';

/**
 * The bot the web-chat tests talk to: greets new members (in Spanish when the locale is Spanish), echoes
 * messages, and answers a few commands: `menu` (suggested actions), `balance`, `markup`, `typing` (typing, then a reply 800 ms later), `whoami`,
 * `fail` (throws), `slow` (takes 300 ms). It remembers each conversation's reference for proactive messages.
 */
export class TestBot extends ActivityHandler {
  /** conversationUpdate turns per conversation id. */
  readonly greetings = new Map<string, number>();
  /** The last conversation reference per conversation id. */
  readonly references = new Map<string, Partial<ConversationReference>>();
  /** Every activity the bot received, in order. */
  readonly received: TurnContext['activity'][] = [];

  constructor() {
    super();
    this.onTurn(async (context, next) => {
      this.received.push(context.activity);
      if (context.activity.conversation?.id)
        this.references.set(context.activity.conversation.id, TurnContext.getConversationReference(context.activity));
      await next();
    });
    this.onMembersAdded(async (context, next) => {
      const conversationId = context.activity.conversation.id;
      this.greetings.set(conversationId, (this.greetings.get(conversationId) ?? 0) + 1);
      const spanish = (context.activity.locale ?? '').startsWith('es');
      await context.sendActivity(
        MessageFactory.suggestedActions(
          [
            { type: ActionTypes.ImBack, title: spanish ? 'Ver saldo' : 'Balance', value: 'balance' },
            { type: ActionTypes.PostBack, title: spanish ? 'Menú' : 'Menu', value: 'menu' },
          ],
          spanish ? '¡Hola! Soy el asistente de prueba.' : 'Hello! I am the test assistant.',
        ),
      );
      await next();
    });
    this.onMessage(async (context, next) => {
      const text = context.activity.text ?? '';
      if (text === 'menu') {
        await context.sendActivity(
          MessageFactory.suggestedActions(
            [
              { type: ActionTypes.ImBack, title: 'Balance', value: 'balance' },
              { type: ActionTypes.MessageBack, title: 'Pay', text: 'pay now', displayText: 'Pay', value: { intent: 'pay' } },
            ],
            'Choose an option',
          ),
        );
      } else if (text === 'balance') {
        await context.sendActivity('Your balance is $100.00');
      } else if (text === 'qr') {
        // As the bot's pay-now message carries a pay link's QR code (server/pay-now.ts): a PNG data URL attachment.
        const qr = payLinkQrPng('http://127.0.0.1:3978/pay/test-link');
        await context.sendActivity({
          type: 'message',
          text: 'Scan to pay',
          attachments: [{ contentType: 'image/png', contentUrl: qr, name: 'QR code to pay' }],
        });
      } else if (text === 'markup') {
        await context.sendActivity(markupProbeText);
      } else if (text === 'typing') {
        await context.sendActivity({ type: 'typing' });
        await new Promise((resolve) => setTimeout(resolve, 800));
        await context.sendActivity('done typing');
      } else if (text === 'whoami') {
        await context.sendActivity(`you are ${context.activity.from.id}`);
      } else if (text === 'fail') {
        throw new Error('test bot failure');
      } else if (text === 'slow') {
        await new Promise((resolve) => setTimeout(resolve, 300));
        await context.sendActivity('slow reply');
      } else {
        await context.sendActivity(`echo: ${text}`);
      }
      await next();
    });
    this.onEvent(async (context, next) => {
      if (context.activity.name === 'ping') await context.sendActivity('pong');
      await next();
    });
  }
}
