// The Direct Line 3.0 REST API (DESIGN §6): tokens, conversations, activities. Status codes and error
// bodies follow the service (201/200 on start, 401 without credentials, 403 TokenExpired / BadArgument,
// 404 for unknown conversations, 400 BadArgument for bad bodies, 502 BotError when the bot fails).
import { randomBytes } from 'node:crypto';
import express, { type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import { assertConversationAccess, makeAuthenticator, type Caller } from './auth.js';
import type { ConversationHub } from './conversation-hub.js';
import { issueConversation, startIfNeeded } from './conversation-start.js';
import { directLineCors } from './cors.js';
import type { DirectLineAdapter } from './direct-line-adapter.js';
import { DirectLineError, makeErrorHandler } from './errors.js';
import { newUserId, userIdPattern } from './ids.js';
import { localePattern, parseIncomingActivity, toUserActivity, type ActivityAuthor } from './incoming-activity.js';
import { logTurnFailure, type WebChatLogger } from './logger.js';
import { streamPath } from './stream.js';
import type { TokenService } from './tokens.js';

/** Largest accepted request body, in bytes (larger gets 413). */
const maxBodyBytes = 1024 * 1024;
/** How long POST activities waits for the bot's turn before answering anyway, in ms (Direct Line answers after the bot). */
const turnWaitMs = 15_000;
/** The stream-token owner recorded when the operator's backend (Direct Line secret) asks for a stream URL. */
const operatorUserId = 'operator';

/** What the Direct Line routes need. */
export interface DirectLineRoutesOptions {
  readonly adapter: DirectLineAdapter;
  readonly hub: ConversationHub;
  readonly tokens: TokenService;
  readonly directLineSecret: string | undefined;
  readonly logger: WebChatLogger;
  readonly nowMs: () => number;
}

/** JSON bodies up to 1 MB, any JSON value's null bytes stripped while parsing. */
const jsonBody = express.json({
  limit: maxBodyBytes,
  reviver: (_key: string, value: unknown) =>
    typeof value === 'string' && value.includes('\u0000') ? value.replaceAll('\u0000', '') : value,
});

const startBodySchema = z
  .object({
    user: z
      .object({ id: z.string().regex(userIdPattern).optional().catch(undefined), name: z.string().max(256).optional().catch(undefined) })
      .optional()
      .catch(undefined),
    locale: z.string().regex(localePattern).optional().catch(undefined),
  })
  .catch({});

/** Reads `{ user: { id, name }, locale }`, accepting the PascalCase spelling of Microsoft's samples (`User: { Id }`). */
function readStartBody(body: unknown): z.infer<typeof startBodySchema> {
  const record = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const user = (record.user ?? record.User) as Record<string, unknown> | undefined;
  const normalizedUser = typeof user === 'object' && user !== null ? { id: user.id ?? user.Id, name: user.name ?? user.Name } : undefined;
  return startBodySchema.parse({ user: normalizedUser, locale: record.locale });
}

function streamUrl(request: Request, conversationId: string, watermark: string | undefined, token: string): string {
  const scheme = request.protocol === 'https' ? 'wss' : 'ws';
  const query = new URLSearchParams({ ...(watermark === undefined ? {} : { watermark }), t: token });
  return `${scheme}://${request.host}${streamPath(conversationId)}?${query.toString()}`;
}

function watermarkParam(request: Request): string | undefined {
  const watermark = request.query.watermark;
  return typeof watermark === 'string' && watermark !== '' ? watermark : undefined;
}

/** Resolves when `work` settles or after `waitMs`, whichever is first: 'done', 'failed' or 'pending'. */
async function settleWithin(work: Promise<void>, waitMs: number): Promise<'done' | 'failed' | 'pending'> {
  let timer: NodeJS.Timeout | undefined;
  const pending = new Promise<'pending'>((resolve) => {
    timer = setTimeout(() => resolve('pending'), waitMs);
  });
  try {
    return await Promise.race([
      work.then(
        () => 'done' as const,
        () => 'failed' as const,
      ),
      pending,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** The Direct Line 3.0 router: /v3/directline/tokens/*, /v3/directline/conversations[/:id[/activities]]. */
export function makeDirectLineRouter(options: DirectLineRoutesOptions): Router {
  const { adapter, hub, tokens, logger, nowMs } = options;
  const authenticate = makeAuthenticator(tokens, options.directLineSecret);
  const router = express.Router();
  const starter = { hub, adapter, nowMs, logger };

  /** The id of the conversation a caller may use: restored from a token (signed proof), looked up for the secret. */
  async function conversationFor(caller: Caller, conversationId: string): Promise<string> {
    assertConversationAccess(caller, conversationId);
    if (caller.kind === 'token') await hub.restore(conversationId);
    else if (!(await hub.exists(conversationId))) throw new DirectLineError(404, 'BadArgument', 'Conversation not found');
    return conversationId;
  }

  function authorOf(caller: Caller, claimedUserId: string | undefined): ActivityAuthor {
    if (caller.kind === 'token') return { id: caller.claims.userId, name: caller.claims.userName };
    if (!claimedUserId || !userIdPattern.test(claimedUserId))
      throw new DirectLineError(400, 'BadArgument', 'from.id is required when posting with the Direct Line secret');
    return { id: claimedUserId };
  }

  /** Direct Line's Conversation object: a fresh token for token callers, and a stream URL valid for 60 s. */
  async function conversationBody(
    request: Request,
    caller: Caller,
    conversationId: string,
    watermark: string | undefined,
  ): Promise<Record<string, unknown>> {
    const userId = caller.kind === 'token' ? caller.claims.userId : operatorUserId;
    const [stream, fresh] = await Promise.all([
      tokens.issue('stream', { conversationId, userId }),
      caller.kind === 'token' ? tokens.issue('conversation', { conversationId, userId, userName: caller.claims.userName }) : undefined,
    ]);
    return {
      conversationId,
      ...(fresh ? { token: fresh.token, expires_in: fresh.expiresInSeconds } : {}),
      streamUrl: streamUrl(request, conversationId, watermark, stream.token),
    };
  }

  router.use('/v3/directline', directLineCors);

  router.post('/v3/directline/tokens/generate', jsonBody, async (request: Request, response: Response) => {
    const caller = await authenticate(request);
    if (caller.kind !== 'secret') throw new DirectLineError(403, 'BadArgument', 'Generating a token requires the Direct Line secret');
    const body = readStartBody(request.body);
    const issued = await issueConversation(hub, tokens, { id: body.user?.id ?? newUserId(), name: body.user?.name });
    response.status(200).json({ conversationId: issued.conversationId, token: issued.token, expires_in: issued.expiresInSeconds });
  });

  router.post('/v3/directline/tokens/refresh', async (request: Request, response: Response) => {
    const caller = await authenticate(request);
    if (caller.kind !== 'token') throw new DirectLineError(403, 'BadArgument', 'Only a token can be refreshed');
    const { conversationId, userId, userName } = caller.claims;
    await hub.exists(conversationId); // marks the conversation as used, so an open but quiet chat is not forgotten
    const issued = await tokens.issue('conversation', { conversationId, userId, userName });
    response.status(200).json({ conversationId, token: issued.token, expires_in: issued.expiresInSeconds });
  });

  router.post('/v3/directline/conversations', jsonBody, async (request: Request, response: Response) => {
    const caller = await authenticate(request);
    const body = readStartBody(request.body);
    if (caller.kind === 'secret') {
      const author = { id: body.user?.id ?? newUserId(), name: body.user?.name };
      const { conversationId, ...issued } = await issueConversation(hub, tokens, author);
      await startIfNeeded(starter, conversationId, author, body.locale);
      const stream = await tokens.issue('stream', { conversationId, userId: author.id });
      response.status(201).json({
        conversationId,
        token: issued.token,
        expires_in: issued.expiresInSeconds,
        streamUrl: streamUrl(request, conversationId, undefined, stream.token),
      });
      return;
    }
    const conversationId = await conversationFor(caller, caller.claims.conversationId);
    // A new conversation's stream replays everything (the greeting may come before the socket opens);
    // starting again with the same token only streams what comes after this call.
    const isNew = await startIfNeeded(starter, conversationId, authorOf(caller, undefined), body.locale);
    const watermark = isNew ? undefined : await hub.watermark(conversationId);
    response.status(isNew ? 201 : 200).json(await conversationBody(request, caller, conversationId, watermark));
  });

  router.get('/v3/directline/conversations/:conversationId', async (request: Request<{ conversationId: string }>, response: Response) => {
    const caller = await authenticate(request);
    const conversationId = await conversationFor(caller, request.params.conversationId);
    if (caller.kind === 'token') await startIfNeeded(starter, conversationId, authorOf(caller, undefined), undefined);
    const watermark = watermarkParam(request) ?? (await hub.watermark(conversationId));
    response.status(200).json(await conversationBody(request, caller, conversationId, watermark));
  });

  router.get(
    '/v3/directline/conversations/:conversationId/activities',
    async (request: Request<{ conversationId: string }>, response: Response) => {
      const caller = await authenticate(request);
      const conversationId = await conversationFor(caller, request.params.conversationId);
      response
        .status(200)
        .type('application/json')
        .send(await hub.activitiesAfter(conversationId, watermarkParam(request)));
    },
  );

  router.post(
    '/v3/directline/conversations/:conversationId/activities',
    jsonBody,
    async (request: Request<{ conversationId: string }>, response: Response) => {
      const caller = await authenticate(request);
      const conversationId = await conversationFor(caller, request.params.conversationId);
      const incoming = parseIncomingActivity(request.body);
      const author = authorOf(caller, incoming.from?.id);
      await startIfNeeded(starter, conversationId, author, incoming.locale);
      const build = (id: string) => toUserActivity(incoming, { id, conversationId, author, nowMs: nowMs() });
      // Direct Line keeps and echoes what users send, except typing, which only goes to the bot.
      const activity =
        incoming.type === 'typing'
          ? build(`${conversationId}|typing-${randomBytes(6).toString('hex')}`)
          : await hub.append(conversationId, build);
      const turn = adapter.processActivity(activity);
      const outcome = await settleWithin(turn, turnWaitMs);
      if (outcome !== 'done') turn.catch((error: unknown) => logTurnFailure(logger, conversationId, error));
      if (outcome === 'failed') throw new DirectLineError(502, 'BotError', 'Failed to send activity: bot returned an error');
      response.status(200).json({ id: activity.id });
    },
  );

  router.use('/v3/directline', makeErrorHandler(logger));
  return router;
}
