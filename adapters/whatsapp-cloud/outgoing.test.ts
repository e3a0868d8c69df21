import { ActionTypes, ActivityTypes, MessageFactory, type Activity, type CardAction } from 'botbuilder-core';
import { describe, expect, it } from 'vitest';
import { OptionIds } from './option-ids.js';
import { cloudLimits, listButtonLabel, rowText, templateMessage, toCloudMessages, type CloudMessage } from './outgoing.js';

function withOptions(text: string, titles: readonly string[], locale?: string): Partial<Activity> {
  const actions: CardAction[] = titles.map((title) => ({ type: ActionTypes.ImBack, title, value: title }));
  return { ...MessageFactory.suggestedActions(actions, text), ...(locale ? { locale } : {}) };
}

function bodyOf(message: CloudMessage | undefined): string {
  if (message?.type === 'text') return message.text.body;
  if (message?.type === 'interactive') return message.interactive.body.text;
  throw new Error(`no body in ${JSON.stringify(message)}`);
}

describe('toCloudMessages', () => {
  it('sends a short text as one text message without link preview', () => {
    expect(toCloudMessages({ type: ActivityTypes.Message, text: 'Hola' }, new OptionIds())).toEqual([
      { type: 'text', text: { body: 'Hola', preview_url: false } },
    ]);
  });

  it('sends nothing for typing, events, and messages with neither text nor options (an attachment alone)', () => {
    const ids = new OptionIds();
    expect(toCloudMessages({ type: ActivityTypes.Typing }, ids)).toEqual([]);
    expect(toCloudMessages({ type: ActivityTypes.Event, name: 'x' }, ids)).toEqual([]);
    expect(toCloudMessages({ type: ActivityTypes.Message, attachments: [{ contentType: 'image/png', contentUrl: 'data:' }] }, ids)).toEqual(
      [],
    );
  });

  it('splits a text over 4,096 characters at a paragraph break, and never sends a part over the limit', () => {
    const paragraph = 'palabra '.repeat(187).trim(); // 1,495 characters: two fit in a message, three do not
    const text = [paragraph, paragraph, paragraph].join('\n\n');
    const messages = toCloudMessages({ type: ActivityTypes.Message, text }, new OptionIds());
    expect(messages.length).toBeGreaterThan(1);
    for (const message of messages) expect(bodyOf(message).length).toBeLessThanOrEqual(cloudLimits.text);
    expect(bodyOf(messages[0])).toBe(`${paragraph}\n\n${paragraph}`);
    expect(messages.map(bodyOf).join('\n\n')).toBe(text);
  });

  it('cuts a text without breaks at words, and a text without spaces exactly at the limit', () => {
    const words = toCloudMessages({ type: ActivityTypes.Message, text: 'ab '.repeat(3000) }, new OptionIds());
    expect(words.every((message) => bodyOf(message).length <= cloudLimits.text && !bodyOf(message).startsWith(' '))).toBe(true);
    const solid = toCloudMessages({ type: ActivityTypes.Message, text: 'x'.repeat(5000) }, new OptionIds());
    expect(solid.map((message) => bodyOf(message).length)).toEqual([4096, 904]);
  });

  it('never cuts an emoji in half', () => {
    const text = `${'a'.repeat(4095)}😀${'b'.repeat(10)}`;
    const parts = toCloudMessages({ type: ActivityTypes.Message, text }, new OptionIds()).map(bodyOf);
    expect(parts).toEqual(['a'.repeat(4095), `😀${'b'.repeat(10)}`]);
  });

  it('turns up to 3 options with short titles into reply buttons whose ids carry the values', () => {
    const [message] = toCloudMessages(withOptions('¿Confirmas este plan?', ['Aceptar', 'Otra cantidad', 'Cancelar']), new OptionIds());
    expect(message).toEqual({
      type: 'interactive',
      interactive: {
        type: 'button',
        body: { text: '¿Confirmas este plan?' },
        action: {
          buttons: [
            { type: 'reply', reply: { id: 'Aceptar', title: 'Aceptar' } },
            { type: 'reply', reply: { id: 'Otra cantidad', title: 'Otra cantidad' } },
            { type: 'reply', reply: { id: 'Cancelar', title: 'Cancelar' } },
          ],
        },
      },
    });
  });

  it('uses a list for 4 to 10 options, labelled in the message language', () => {
    const titles = ['Uno', 'Dos', 'Tres', 'Cuatro'];
    const [spanish] = toCloudMessages(withOptions('¿Qué quieres hacer?', titles), new OptionIds());
    expect(spanish?.type === 'interactive' && spanish.interactive.type).toBe('list');
    if (spanish?.type !== 'interactive' || spanish.interactive.type !== 'list') throw new Error('not a list');
    expect(spanish.interactive.action.button).toBe('Opciones');
    expect(spanish.interactive.action.sections[0]?.rows.map((row) => row.id)).toEqual(titles);
    const [english] = toCloudMessages(withOptions('What would you like to do?', ['One', 'Two', 'Three', 'Four']), new OptionIds());
    if (english?.type !== 'interactive' || english.interactive.type !== 'list') throw new Error('not a list');
    expect(english.interactive.action.button).toBe('Options');
    expect(english.interactive.action.sections[0]?.title.length).toBeLessThanOrEqual(cloudLimits.sectionTitle);
  });

  it('uses a list when a title is too long for a button, its rows within 24 characters and the rest in the description', () => {
    const card = 'Tarjeta de crédito …0001 · $1.250.000';
    const loan = 'Crédito de consumo …0002';
    const [message] = toCloudMessages(withOptions('¿Cuál cuenta?', [card, loan]), new OptionIds());
    if (message?.type !== 'interactive' || message.interactive.type !== 'list') throw new Error('not a list');
    const rows = message.interactive.action.sections[0]?.rows ?? [];
    expect(rows).toEqual([
      { id: card, title: 'Tarjeta de crédito …0001', description: '$1.250.000' },
      { id: loan, title: loan },
    ]);
  });

  it.each([
    ['Tarjeta de crédito …0001 · $1.250.000', 'Tarjeta de crédito …0001', '$1.250.000'],
    ['Crédito hipotecario (vivienda principal)', 'Crédito hipotecario', '(vivienda principal)'],
    ['Pagar el total con descuento especial', 'Pagar el total con desc…', 'Pagar el total con descuento especial'],
    ['Una opción: con detalle · y más detalle', 'Una opción: con detalle', 'y más detalle'],
    [`${'x'.repeat(30)} · ${'y'.repeat(100)}`, `${'x'.repeat(23)}…`, `${'x'.repeat(30)} · ${'y'.repeat(38)}…`],
  ])('cuts the row of %j into a title and a description within the limits', (title, rowTitle, description) => {
    const row = rowText(title);
    expect(row).toEqual({ title: rowTitle, description });
    expect(row.title.length).toBeLessThanOrEqual(cloudLimits.rowTitle);
    expect(row.description?.length).toBeLessThanOrEqual(cloudLimits.rowDescription);
  });

  it('numbers more than 10 options in the text, as on channels without buttons', () => {
    const titles = Array.from({ length: 11 }, (_, index) => `Opción ${index + 1}`);
    const messages = toCloudMessages(withOptions('Elige:', titles), new OptionIds());
    expect(messages).toHaveLength(1);
    expect(bodyOf(messages[0])).toBe(`Elige:\n\n${titles.map((title, index) => `${index + 1}. ${title}`).join('\n')}`);
  });

  it('gives a value longer than an id may be a digest id, and finds the value again from the press', () => {
    const ids = new OptionIds();
    const value = 'v'.repeat(300);
    const activity = MessageFactory.suggestedActions([{ type: ActionTypes.ImBack, title: 'Sí', value }], 'Confirma');
    const [message] = toCloudMessages(activity, ids);
    if (message?.type !== 'interactive' || message.interactive.type !== 'button') throw new Error('not buttons');
    const id = message.interactive.action.buttons[0]?.reply.id ?? '';
    expect(id.length).toBeLessThanOrEqual(cloudLimits.buttonId);
    expect(id).toMatch(/^#opt:/);
    expect(ids.valueOf(id, 'Sí')).toBe(value);
    // Another instance, which never sent it, reads the press by its title.
    expect(new OptionIds().valueOf(id, 'Sí')).toBe('Sí');
  });

  it('keeps an interactive body within 1,024 characters, sending the text before it first', () => {
    const text = `${'Detalle del plan. '.repeat(80)}\n\n¿Confirmas este plan?`;
    const messages = toCloudMessages(withOptions(text, ['Aceptar', 'Cancelar']), new OptionIds());
    expect(messages.map((message) => message.type)).toEqual(['text', 'interactive']);
    expect(bodyOf(messages[1]).length).toBeLessThanOrEqual(cloudLimits.buttonsBody);
    expect(bodyOf(messages[1])).toContain('¿Confirmas este plan?');
    expect(`${bodyOf(messages[0])}\n\n${bodyOf(messages[1])}`.replace(/\s+/g, ' ')).toBe(text.trim().replace(/\s+/g, ' '));
  });

  it('treats two options with the same value as one, and writes a link option into the text', () => {
    const activity = MessageFactory.suggestedActions(
      [
        { type: ActionTypes.ImBack, title: 'Sí', value: 'Sí' },
        { type: ActionTypes.ImBack, title: 'Sí', value: 'Sí' },
        { type: ActionTypes.OpenUrl, title: 'Pagar', value: 'https://pay.example/x' },
      ],
      'Listo',
    );
    const [message] = toCloudMessages(activity, new OptionIds());
    if (message?.type !== 'interactive' || message.interactive.type !== 'button') throw new Error('not buttons');
    expect(message.interactive.action.buttons).toHaveLength(1);
    expect(message.interactive.body.text).toBe('Listo\n\nPagar: https://pay.example/x');
  });

  it('labels the list by the locale when the activity has one', () => {
    expect(listButtonLabel({ locale: 'en-US', text: 'Elige una opción' })).toBe('Options');
    expect(listButtonLabel({ locale: 'es-CL', text: 'Pick one' })).toBe('Opciones');
    expect(listButtonLabel({ text: 'Which account?' })).toBe('Options');
    expect(listButtonLabel({ text: '' })).toBe('Opciones');
  });
});

describe('templateMessage', () => {
  it('fills the body parameters in order, and leaves out components when there are none', () => {
    expect(templateMessage({ name: 'pago', language: 'es_MX', bodyParameters: ['Banco', '4 de diciembre'] })).toEqual({
      type: 'template',
      template: {
        name: 'pago',
        language: { code: 'es_MX' },
        components: [
          {
            type: 'body',
            parameters: [
              { type: 'text', text: 'Banco' },
              { type: 'text', text: '4 de diciembre' },
            ],
          },
        ],
      },
    });
    expect(templateMessage({ name: 'hola', language: 'es', bodyParameters: [] })).toEqual({
      type: 'template',
      template: { name: 'hola', language: { code: 'es' } },
    });
  });
});
