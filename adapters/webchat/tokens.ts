// Direct Line tokens as compact JWTs (HS256, signed with WEBCHAT_TOKEN_SECRET by jose): no database, and the
// official client can read the `user` claim as it does with the real service's tokens.
import { createSecretKey, randomBytes } from 'node:crypto';
import { errors, jwtVerify, SignJWT, type JWTPayload } from 'jose';
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
export type TokenCheck =
  { readonly ok: true; readonly claims: TokenClaims } | { readonly ok: false; readonly reason: 'expired' | 'invalid' };

/** A freshly signed token and its lifetime in seconds. */
export interface IssuedToken {
  readonly token: string;
  readonly expiresInSeconds: number;
}

/** Signs and checks web-chat tokens. */
export interface TokenService {
  /** Signs a token of `kind` for the conversation and user; lifetime 1800 s (conversation) or 60 s (stream). */
  issue(
    kind: TokenKind,
    grant: { readonly conversationId: string; readonly userId: string; readonly userName?: string | undefined },
  ): Promise<IssuedToken>;
  /** Checks the signature, the kind and the expiry. */
  verify(token: string, kind: TokenKind): Promise<TokenCheck>;
}

const algorithm = 'HS256';
const kindClaims = { conversation: 'dl', stream: 'stream' } as const satisfies Record<TokenKind, string>;
const payloadSchema = z.object({
  knd: z.enum(['dl', 'stream']),
  conv: z.string().min(1),
  user: z.string().min(1),
  name: z.string().optional(),
  exp: z.number().int(),
});
const invalid: TokenCheck = { ok: false, reason: 'invalid' };
/** Tokens whose signature was already checked, kept so a chat's every poll does not compute an HMAC again. */
const verifiedTokensKept = 2_000;

/** The claims of an authenticated payload when it is a well-formed token of `kind`, else undefined. */
function claimsOf(payload: JWTPayload, kind: TokenKind): TokenClaims | undefined {
  const claims = payloadSchema.safeParse(payload);
  if (!claims.success || claims.data.knd !== kindClaims[kind]) return undefined;
  return {
    kind,
    conversationId: claims.data.conv,
    userId: claims.data.user,
    ...(claims.data.name ? { userName: claims.data.name } : {}),
    expiresAtMs: claims.data.exp * 1000,
  };
}

/** A token service keyed by `secret` (at least 32 characters); `nowMs` is the clock used for expiry. */
export function makeTokenService(secret: string, nowMs: () => number): TokenService {
  if (secret.length < minimumTokenSecretLength)
    throw new Error(`the web chat token secret must be at least ${minimumTokenSecretLength} characters`);
  const key = createSecretKey(Buffer.from(secret, 'utf8'));
  /** Verified tokens and their claims, oldest first (a hit moves to the end); the expiry is still checked on every use. */
  const verified = new Map<string, TokenClaims>();
  const remember = (token: string, claims: TokenClaims) => {
    verified.set(token, claims);
    if (verified.size > verifiedTokensKept) verified.delete(verified.keys().next().value as string);
  };

  return {
    async issue(kind, grant) {
      const lifetimeSeconds = kind === 'stream' ? streamTokenLifetimeSeconds : tokenLifetimeSeconds;
      const issuedAtMs = nowMs();
      const issuedAtSeconds = Math.floor(issuedAtMs / 1000);
      // JWT times are whole seconds: the expiry rounds up, so a token lives its full lifetime (up to a second more),
      // never less (a stream URL issued at x.999 s must still open 59 s later).
      const expiresAtSeconds = Math.ceil((issuedAtMs + lifetimeSeconds * 1000) / 1000);
      const token = await new SignJWT({
        knd: kindClaims[kind],
        conv: grant.conversationId,
        user: grant.userId,
        ...(grant.userName ? { name: grant.userName } : {}),
      })
        .setProtectedHeader({ alg: algorithm, typ: 'JWT' })
        .setIssuedAt(issuedAtSeconds)
        .setExpirationTime(expiresAtSeconds)
        .setJti(randomBytes(9).toString('base64url'))
        .sign(key);
      return { token, expiresInSeconds: lifetimeSeconds };
    },

    async verify(token, kind) {
      const known = verified.get(token);
      if (known && known.kind === kind && known.expiresAtMs > nowMs()) {
        verified.delete(token);
        verified.set(token, known);
        return { ok: true, claims: known };
      }
      try {
        const { payload } = await jwtVerify(token, key, {
          algorithms: [algorithm],
          typ: 'JWT',
          requiredClaims: ['exp'],
          currentDate: new Date(nowMs()),
        });
        const claims = claimsOf(payload, kind);
        if (!claims) return invalid;
        remember(token, claims);
        return { ok: true, claims };
      } catch (error) {
        // jose authenticates before it checks the expiry: a signed but expired token of another kind is still just invalid.
        return error instanceof errors.JWTExpired && claimsOf(error.payload, kind) ? { ok: false, reason: 'expired' } : invalid;
      }
    },
  };
}
