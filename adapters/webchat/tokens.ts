// Direct Line tokens as compact JWTs (HS256, signed with WEBCHAT_TOKEN_SECRET): no database, and the
// official client can read the `user` claim as it does with the real service's tokens.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/** Seconds a Direct Line token lives (`expires_in`, as in Direct Line 3.0). */
export const tokenLifetimeSeconds = 1800;
/** Seconds a client has to open the WebSocket stream of a `streamUrl` (as in Direct Line 3.0). */
export const streamTokenLifetimeSeconds = 60;
/** Shortest accepted signing key, in characters. */
const minimumTokenSecretLength = 32;

/** `conversation` tokens authorize the Direct Line REST calls of one conversation; `stream` tokens only open its WebSocket. */
export type TokenKind = 'conversation' | 'stream';

/** What a token grants: one conversation, as one user, until `expiresAtMs`. */
export interface TokenClaims {
  readonly kind: TokenKind;
  readonly conversationId: string;
  readonly userId: string;
  /** Display name fixed by the issuer (tokens/generate), if any. */
  readonly userName?: string;
  readonly expiresAtMs: number;
}

/** The outcome of checking a token: its claims, or why it is refused. */
export type TokenCheck = { readonly ok: true; readonly claims: TokenClaims } | { readonly ok: false; readonly reason: 'expired' | 'invalid' };

/** A freshly signed token and its lifetime in seconds. */
export interface IssuedToken {
  readonly token: string;
  readonly expiresInSeconds: number;
}

/** Signs and checks web-chat tokens. */
export interface TokenService {
  /** Signs a token of `kind` for the conversation and user; lifetime 1800 s (conversation) or 60 s (stream). */
  issue(kind: TokenKind, grant: { readonly conversationId: string; readonly userId: string; readonly userName?: string | undefined }): IssuedToken;
  /** Checks the signature, the kind and the expiry. */
  verify(token: string, kind: TokenKind): TokenCheck;
}

const header = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
const kindClaims = { conversation: 'dl', stream: 'stream' } as const satisfies Record<TokenKind, string>;
const payloadSchema = z.object({
  knd: z.enum(['dl', 'stream']),
  conv: z.string().min(1),
  user: z.string().min(1),
  name: z.string().optional(),
  exp: z.number().int(),
});

function base64url(text: string | Buffer): string {
  return Buffer.from(text).toString('base64url');
}

/** A token service keyed by `secret` (at least 32 characters); `nowMs` is the clock used for expiry. */
export function makeTokenService(secret: string, nowMs: () => number): TokenService {
  if (secret.length < minimumTokenSecretLength) throw new Error(`the web chat token secret must be at least ${minimumTokenSecretLength} characters`);
  const sign = (content: string) => createHmac('sha256', secret).update(content).digest();

  return {
    issue(kind, grant) {
      const lifetimeSeconds = kind === 'stream' ? streamTokenLifetimeSeconds : tokenLifetimeSeconds;
      const issuedAtSeconds = Math.floor(nowMs() / 1000);
      const payload = base64url(
        JSON.stringify({
          knd: kindClaims[kind],
          conv: grant.conversationId,
          user: grant.userId,
          ...(grant.userName ? { name: grant.userName } : {}),
          iat: issuedAtSeconds,
          exp: issuedAtSeconds + lifetimeSeconds,
          jti: randomBytes(9).toString('base64url'),
        }),
      );
      const content = `${header}.${payload}`;
      return { token: `${content}.${sign(content).toString('base64url')}`, expiresInSeconds: lifetimeSeconds };
    },

    verify(token, kind) {
      const parts = token.split('.');
      const [tokenHeader, payload, signature] = parts;
      if (parts.length !== 3 || tokenHeader !== header || !payload || !signature) return { ok: false, reason: 'invalid' };
      const expected = sign(`${tokenHeader}.${payload}`);
      const given = Buffer.from(signature, 'base64url');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'invalid' };
      let decoded: unknown;
      try {
        decoded = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
      } catch {
        return { ok: false, reason: 'invalid' };
      }
      const claims = payloadSchema.safeParse(decoded);
      if (!claims.success || claims.data.knd !== kindClaims[kind]) return { ok: false, reason: 'invalid' };
      const expiresAtMs = claims.data.exp * 1000;
      if (expiresAtMs <= nowMs()) return { ok: false, reason: 'expired' };
      return {
        ok: true,
        claims: { kind, conversationId: claims.data.conv, userId: claims.data.user, ...(claims.data.name ? { userName: claims.data.name } : {}), expiresAtMs },
      };
    },
  };
}
