// Who may post to the webhook and who may subscribe it: Meta's signature of every body, and the verify token.
import { createHmac, timingSafeEqual } from 'node:crypto';

/** The header Meta signs every webhook body in: `sha256=<hex HMAC-SHA256 of the raw body with the app secret>`. */
export const signatureHeader = 'x-hub-signature-256';

/** The signature header's value for `body` under `appSecret` (what Meta sends; tests sign with it). */
export function signatureOf(body: Buffer | string, appSecret: string): string {
  return `sha256=${createHmac('sha256', appSecret).update(body).digest('hex')}`;
}

/** True when `header` is `sha256=<hex>` of the HMAC-SHA256 of the raw `body` with `appSecret`, compared in constant time. */
export function hasValidSignature(body: Buffer, header: string | undefined, appSecret: string): boolean {
  const match = /^sha256=([0-9a-f]{64})$/i.exec(header?.trim() ?? '');
  if (!match?.[1]) return false;
  const expected = createHmac('sha256', appSecret).update(body).digest();
  return timingSafeEqual(Buffer.from(match[1], 'hex'), expected);
}

/** True when `given` equals `expected`, compared in constant time (the webhook's verify token). */
export function sameToken(given: unknown, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const a = createHmac('sha256', 'verify-token').update(given).digest();
  const b = createHmac('sha256', 'verify-token').update(expected).digest();
  return timingSafeEqual(a, b);
}
