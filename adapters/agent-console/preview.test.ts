import { describe, expect, it } from 'vitest';
import { messagePreview, previewLength } from './preview.js';

describe('messagePreview', () => {
  it('masks identity data and keeps amounts', () => {
    expect(messagePreview('mi rut es 12.345.678-5 y puedo pagar $50.000')).toBe('mi rut es [document] y puedo pagar $50.000');
  });

  it('puts the message on one line', () => {
    expect(messagePreview('  hola\n\nnecesito\r\n\tayuda  ')).toBe('hola necesito ayuda');
  });

  it('drops bidi overrides that could reorder what the agent reads', () => {
    expect(messagePreview('pago\u202e 00.05$')).toBe('pago 00.05$');
  });

  it(`cuts long messages to ${previewLength} characters with an ellipsis`, () => {
    const preview = messagePreview('a'.repeat(200));
    expect(Array.from(preview)).toHaveLength(previewLength);
    expect(preview.endsWith('…')).toBe(true);
    expect(messagePreview('b'.repeat(previewLength))).toBe('b'.repeat(previewLength));
  });

  it('never cuts inside a mask nor a surrogate pair', () => {
    const preview = messagePreview(`${'x'.repeat(74)} 12.345.678-5 más texto`);
    expect(preview).toBe(`${'x'.repeat(74)}…`);
    expect(messagePreview('😀'.repeat(100))).toBe(`${'😀'.repeat(previewLength - 1)}…`);
  });
});
