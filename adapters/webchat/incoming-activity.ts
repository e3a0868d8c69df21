import type { Activity, ChannelAccount, ConversationAccount } from 'botbuilder-core';
import { z } from 'zod';
import { botAccount } from '../shared/channel-adapter.js';
import { webChatChannelId, webChatServiceUrl } from './direct-line-adapter.js';
import { DirectLineError } from './errors.js';

/** Longest message text kept, in characters (code points); longer text is cut. */
const maxTextLength = 10_000;
/** What a client may send as `locale`: a BCP 47-looking tag such as `es`, `es-CL` or `en-US`. */
export const localePattern = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8}){0,3}$/;
/** Activity types only the service may produce; a client posting one gets 400. */
const serviceOnlyTypes = new Set(['conversationUpdate', 'contactRelationUpdate', 'installationUpdate', 'invokeResponse', 'trace', 'delay']);

const optionalString = (maxLength: number) => z.string().max(maxLength).optional().catch(undefined);

/** The fields a client may set on an activity it posts; everything else is set (or dropped) by the server. */
const incomingSchema = z.object({
  type: z
    .string()
    .regex(/^[A-Za-z][\w./-]{0,63}$/, 'type must be an activity type name')
    .refine((type) => !serviceOnlyTypes.has(type), 'this activity type is sent by the service, not by clients'),
  text: z
    .string()
    .optional()
    .transform((text) => (text !== undefined && text.length > maxTextLength ? Array.from(text).slice(0, maxTextLength).join('') : text)),
  textFormat: z.enum(['plain', 'markdown', 'xml']).optional().catch(undefined),
  locale: z.string().regex(localePattern).optional().catch(undefined),
  localTimezone: z
    .string()
    .regex(/^[\w+./-]{1,64}$/)
    .optional()
    .catch(undefined),
  localTimestamp: optionalString(40),
  from: z
    .object({ id: optionalString(256), name: optionalString(256) })
    .optional()
    .catch(undefined),
  name: optionalString(256),
  value: z.unknown().optional(),
  channelData: z.record(z.string(), z.unknown()).optional().catch(undefined),
  attachments: z
    .array(
      z.object({
        contentType: z.string().max(255),
        contentUrl: z.string().max(2048).optional(),
        content: z.unknown().optional(),
        name: z.string().max(256).optional(),
        thumbnailUrl: z.string().max(2048).optional(),
      }),
    )
    .max(20)
    .optional(),
  entities: z.array(z.record(z.string(), z.unknown())).max(32).optional().catch(undefined),
  replyToId: optionalString(256),
});

/** A validated activity as posted by a client. */
export type IncomingActivity = z.infer<typeof incomingSchema>;

/** Validates a posted body; throws a 400 BadArgument DirectLineError naming the first bad field. */
export function parseIncomingActivity(body: unknown): IncomingActivity {
  if (body === undefined || body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new DirectLineError(400, 'BadArgument', 'The body must be a JSON activity object sent as application/json');
  }
  const parsed = incomingSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new DirectLineError(
      400,
      'BadArgument',
      `Invalid activity: ${issue ? `${issue.path.join('.') || 'body'}: ${issue.message}` : 'malformed'}`,
    );
  }
  return parsed.data;
}

/** The user an activity is attributed to: the one bound to the token, never what the client claims. */
export interface ActivityAuthor {
  readonly id: string;
  readonly name?: string | undefined;
}

/** Direct Line's conversation account carries only the conversation id. */
export function conversationAccount(id: string): ConversationAccount {
  return { id } as ConversationAccount;
}

/** The user's channel account as Direct Line sends it: id, the name if any, and the `user` role. */
export function userAccount(author: ActivityAuthor): ChannelAccount {
  return { id: author.id, ...(author.name ? { name: author.name } : {}), role: 'user' } as ChannelAccount;
}

/**
 * The activity the bot and the log get: the client's fields, with `from` forced to the token's user (its
 * name kept unless the token fixes one), and the id, timestamp, channel, conversation, recipient and
 * serviceUrl set by the server.
 */
export function toUserActivity(
  incoming: IncomingActivity,
  context: { readonly id: string; readonly conversationId: string; readonly author: ActivityAuthor; readonly nowMs: number },
): Partial<Activity> {
  const { from, ...fields } = incoming;
  return {
    ...fields,
    id: context.id,
    timestamp: new Date(context.nowMs),
    channelId: webChatChannelId,
    serviceUrl: webChatServiceUrl,
    conversation: conversationAccount(context.conversationId),
    from: userAccount({ id: context.author.id, name: context.author.name ?? from?.name }),
    recipient: botAccount,
  } as Partial<Activity>;
}
