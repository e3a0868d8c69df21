import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { PendingIdentity } from '../dialogs/turn.js';

/**
 * Seals the identity data a debtor gave while verification is in progress, so the conversation
 * state stored between turns never holds it readable (DESIGN §11: the raw value lives only in memory).
 * AES-256-GCM with a key that exists only in this process: after a restart the half-finished
 * verification is simply asked again.
 */
export class IdentitySeal {
  private readonly key = randomBytes(32);

  /** The identity as an opaque string (IV, tag and ciphertext, base64url). */
  seal(identity: PendingIdentity): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(JSON.stringify(identity), 'utf8'), cipher.final()]);
    return [iv, cipher.getAuthTag(), body].map((part) => part.toString('base64url')).join('.');
  }

  /** The identity back, or undefined when it was sealed by another process (or tampered with). */
  open(sealed: string): PendingIdentity | undefined {
    const [iv, tag, body] = sealed.split('.').map((part) => Buffer.from(part, 'base64url'));
    if (!iv || !tag || !body) return undefined;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, iv);
      decipher.setAuthTag(tag);
      return JSON.parse(Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8')) as PendingIdentity;
    } catch {
      return undefined;
    }
  }
}
