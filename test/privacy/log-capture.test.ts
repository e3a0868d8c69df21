import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { assertNoIdentityData, carriesIdentityData, LogCapture } from '../support/log-capture.js';

const identity = 'rut 12.345.678-5, nací el 14/03/1985, fono +56 9 1234 5678, tarjeta 4111 1111 1111 1111, ana@example.com';

describe('the log capture of the tests', () => {
  it('flags a raw RUT logged through a logger that skips the scrubber, naming the file and showing the line masked', () => {
    const capture = new LogCapture();
    pino({ level: 'debug' }, capture.destination).error({ err: new Error('verification failed for 12.345.678-5') }, 'turn failed');
    expect(capture.hits()).toHaveLength(1);
    expect(() => assertNoIdentityData(capture)).toThrow(/log-capture\.test\.ts[\s\S]*verification failed for \[document\]/);
    expect(() => assertNoIdentityData(capture)).not.toThrow(/12\.345\.678-5/);
  });

  it.each([
    ['a document in the message', { msg: 'rut 12.345.678-5' }],
    ['a date of birth in a field', { reason: 'born 14/03/1985' }],
    ['a phone number in an error stack', { err: { stack: 'Error: call +56 9 1234 5678\n    at x' } }],
    ['a card number deep down', { a: { b: { c: ['4111 1111 1111 1111'] } } }],
    ['an e-mail address as a key', { 'ana@example.com': true }],
  ])('detects %s', (_what, line) => {
    expect(carriesIdentityData(JSON.stringify(line))).toBe(true);
  });

  it('detects identity data in a line that is not JSON', () => {
    expect(carriesIdentityData('plain text 12.345.678-5\n')).toBe(true);
  });

  it('does not flag opaque ids, instants, migration names, amounts or numbers', () => {
    const line = {
      level: 'info',
      time: 1_796_234_315_662,
      conversationId: 'conv-550e8400-e29b-41d4-a716-446655440000',
      debtorId: 'cm3x1y2z30000abcd1234efgh',
      chat: 'a123456789',
      at: '2026-11-23T15:00:00.000Z',
      migrations: ['20240101000000_init'],
      msg: 'plan of $1.250.000 in 6 cuotas',
    };
    expect(carriesIdentityData(JSON.stringify(line))).toBe(false);
  });

  it('finds nothing to flag in what the production logger wrote, however the identity data reached it', () => {
    const capture = new LogCapture();
    const logger = capture.logger('debug');
    const error = new Error(identity, { cause: new Error(identity) });
    logger.error(error);
    logger.error({ err: error });
    logger.warn({ error, detail: identity, nested: { list: [identity] } }, `failed: ${identity}`);
    logger.info('for %s', identity);
    logger.child({ chat: '56912345678@s.whatsapp.net' }).debug({ reason: identity }, identity);
    expect(capture.lines).toHaveLength(5);
    expect(capture.hits()).toEqual([]);
    expect(capture.lines.map(({ line }) => line).join('')).toContain('[document]');
  });
});
