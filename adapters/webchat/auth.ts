import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';
import { DirectLineError } from './errors.js';
import type { TokenClaims, TokenService } from './tokens.js';

/** Who is calling: the operator's backend (the Direct Line secret, any conversation) or a token holder (one conversation, one user). */
export type Caller = { readonly kind: 'secret' } | { readonly kind: 'token'; readonly claims: TokenClaims };

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/** Reads `Authorization: Bearer <secret or token>` the way Direct Line answers it: 401 when missing, 403 when invalid or expired. */
export function makeAuthenticator(tokens: TokenService, directLineSecret: string | undefined): (request: Request) => Promise<Caller> {
  const secretDigest = directLineSecret ? digest(directLineSecret) : undefined;
  return async (request) => {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(request.get('authorization') ?? '');
    const credential = match?.[1];
    if (!credential) throw new DirectLineError(401, 'BadArgument', 'Missing Authorization header: expected "Bearer <secret or token>"');
    if (secretDigest && timingSafeEqual(digest(credential), secretDigest)) return { kind: 'secret' };
    const check = await tokens.verify(credential, 'conversation');
    if (check.ok) return { kind: 'token', claims: check.claims };
    if (check.reason === 'expired') throw new DirectLineError(403, 'TokenExpired', 'Token has expired');
    throw new DirectLineError(403, 'BadArgument', 'Invalid token or secret');
  };
}

/** Refuses a token bound to another conversation (403, as Direct Line answers). */
export function assertConversationAccess(caller: Caller, conversationId: string): void {
  if (caller.kind === 'token' && caller.claims.conversationId !== conversationId) {
    throw new DirectLineError(403, 'BadArgument', 'Token not valid for this conversation');
  }
}
