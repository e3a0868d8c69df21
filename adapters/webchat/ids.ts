import { randomBytes } from 'node:crypto';

/** A new, unguessable conversation id (base64url, never contains the `|` of activity ids). */
export function newConversationId(): string {
  return randomBytes(16).toString('base64url');
}

/** A new, unguessable web-chat user id; `dl_` prefixed as Direct Line requires of user ids bound to tokens. */
export function newUserId(): string {
  return `dl_${randomBytes(12).toString('base64url')}`;
}

/** User ids accepted from the operator's backend (tokens/generate, secret-authenticated posts). */
export const userIdPattern = /^[\w.:@-]{1,128}$/;
