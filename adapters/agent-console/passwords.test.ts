import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from './passwords.js';

const cheap = { N: 1024, r: 8, p: 1 };

describe('agent passwords', () => {
  it('stores scrypt$N$r$p$salt$hash and never the password itself', async () => {
    const stored = await hashPassword('correct horse battery');
    expect(stored).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(stored).not.toContain('correct horse battery');
  });

  it('accepts the right password and refuses a wrong one', async () => {
    const stored = await hashPassword('s3cret-password', cheap);
    expect(await verifyPassword('s3cret-password', stored)).toBe(true);
    expect(await verifyPassword('s3cret-passwore', stored)).toBe(false);
    expect(await verifyPassword('', stored)).toBe(false);
  });

  it('salts every hash: the same password hashes differently twice, and both verify', async () => {
    const first = await hashPassword('same password', cheap);
    const second = await hashPassword('same password', cheap);
    expect(first).not.toBe(second);
    expect(await verifyPassword('same password', first)).toBe(true);
    expect(await verifyPassword('same password', second)).toBe(true);
  });

  it('treats Unicode spellings of the same password alike (NFKC)', async () => {
    const stored = await hashPassword('contraseña-segura', cheap);
    expect(await verifyPassword('contrasen\u0303a-segura', stored)).toBe(true);
  });

  it('refuses malformed or hostile stored hashes instead of throwing', async () => {
    for (const stored of [
      '',
      'x',
      'bcrypt$1$2$3$4$5',
      'scrypt$1000$8$1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA',
      'scrypt$1073741824$8$1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA',
      'scrypt$1024$8$1$$',
    ]) {
      expect(await verifyPassword('anything', stored)).toBe(false);
    }
  });

  it('checks hashes made with another cost (the cost travels with the hash)', async () => {
    const stored = await hashPassword('older cost', { N: 2048, r: 4, p: 2 });
    expect(stored.startsWith('scrypt$2048$4$2$')).toBe(true);
    expect(await verifyPassword('older cost', stored)).toBe(true);
  });
});
