import { describe, expect, it } from 'vitest';
import { errorFromAnswer, errorFromNoAnswer, kindOf, WhatsAppCloudError } from './errors.js';

/** Meta's error answer body. */
function graphError(code: number, message = 'title') {
  return { error: { message, type: 'OAuthException', code, error_data: { messaging_product: 'whatsapp', details: 'd' }, fbtrace_id: 'x' } };
}

describe('WhatsAppCloudError', () => {
  it.each([
    [130429, 400, 'throughput', true],
    [4, 429, 'throughput', true],
    [80007, 429, 'throughput', true],
    [131056, 400, 'pair_rate', true],
    [131047, 400, 're_engagement', false],
    [131026, 400, 'undeliverable', false],
    [190, 401, 'auth', false],
    [10, 403, 'auth', false],
    [200, 403, 'auth', false],
    [100, 400, 'other', false],
    [131009, 400, 'other', false],
    [131000, 500, 'other', true],
    [131016, 503, 'other', true],
    [2, 400, 'other', true],
  ] as const)('code %i with HTTP %i is %s (retryable: %s)', (code, status, kind, retryable) => {
    const error = errorFromAnswer(status, graphError(code), null);
    expect(error).toBeInstanceOf(WhatsAppCloudError);
    expect(error.code).toBe(code);
    expect(error.kind).toBe(kind);
    expect(error.retryable).toBe(retryable);
  });

  it('counts any HTTP 429 as throughput, and takes the status as the code of an answer without Meta’s JSON', () => {
    expect(kindOf(999, 429)).toBe('throughput');
    const error = errorFromAnswer(502, undefined, null);
    expect(error.code).toBe(502);
    expect(error.kind).toBe('other');
    expect(error.retryable).toBe(true);
  });

  it('keeps the seconds of a Retry-After header', () => {
    expect(errorFromAnswer(429, graphError(4), '3').retryAfterSeconds).toBe(3);
    expect(errorFromAnswer(429, graphError(4), 'soon').retryAfterSeconds).toBeUndefined();
  });

  it('makes a request that got no answer a retryable error with code 0', () => {
    const error = errorFromNoAnswer(new TypeError('fetch failed'));
    expect(error.code).toBe(0);
    expect(error.httpStatus).toBe(0);
    expect(error.kind).toBe('other');
    expect(error.retryable).toBe(true);
  });
});
