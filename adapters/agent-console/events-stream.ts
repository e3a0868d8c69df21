// Live updates for the console over Server-Sent Events: the queue when it changes (and a fresh read
// every few seconds, so changes made by another server instance show up), messages of conversations
// that are with people (queued or held), the masked preview of what their debtor last wrote, mode changes,
// and keep-alive comments.
import type { Request, Response } from 'express';
import type { ConversationEvent, ConversationEvents } from '../../bot/conversation-events.js';
import { listQueue, maskIdentityData, type LedgerContext } from '../../ledger/index.js';
import { messagePreview } from './preview.js';
import { toQueueItemView, type QueueItemView } from './views.js';

/** Timing of the stream, in milliseconds. */
export interface EventStreamTiming {
  /** How often the queue is read again while someone is connected. */
  readonly queueRefreshMs: number;
  /** How often a keep-alive comment is written (and the session checked again). */
  readonly keepAliveMs: number;
}

/** Default timing: queue every 5 s, keep-alive every 15 s. */
export const defaultEventStreamTiming: EventStreamTiming = { queueRefreshMs: 5_000, keepAliveMs: 15_000 };

interface StreamClient {
  readonly response: Response;
  readonly stillValid: () => Promise<boolean>;
}

/** Resolves an agent id to a display name (null when unknown). */
export type AgentNameLookup = (agentId: string) => string | null;

/** Fans conversation events out to every connected console and keeps the latest queue. */
export class EventHub {
  private readonly clients = new Set<StreamClient>();
  private snapshot: readonly QueueItemView[] = [];
  private snapshotJson = '';
  private refreshing: Promise<void> | null = null;
  private refreshAgain = false;
  private readonly unsubscribe: () => void;
  private readonly refreshTimer: NodeJS.Timeout;
  private readonly keepAliveTimer: NodeJS.Timeout;

  constructor(
    private readonly ledger: LedgerContext,
    events: ConversationEvents,
    private readonly logger: { warn: (object: object, message: string) => void },
    private readonly agentName: AgentNameLookup,
    timing: EventStreamTiming = defaultEventStreamTiming,
  ) {
    this.unsubscribe = events.subscribe((event) => this.onEvent(event));
    this.refreshTimer = setInterval(() => {
      if (this.clients.size > 0) void this.refreshQueue();
    }, timing.queueRefreshMs);
    this.keepAliveTimer = setInterval(() => void this.keepAlive(), timing.keepAliveMs);
    this.refreshTimer.unref();
    this.keepAliveTimer.unref();
  }

  /** The queue as last read. */
  get queue(): readonly QueueItemView[] {
    return this.snapshot;
  }

  /** Who holds a conversation according to the last queue read (null when nobody or unknown). */
  holderOf(conversationId: string): QueueItemView['holder'] {
    return this.snapshot.find((item) => item.conversationId === conversationId)?.holder ?? null;
  }

  /** Opens an SSE stream on `response`: sends the current queue at once, then live events until the client leaves. */
  async attach(request: Request, response: Response, stillValid: () => Promise<boolean>): Promise<void> {
    response.status(200);
    response.set({
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store, no-transform',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    response.flushHeaders();
    response.write('retry: 3000\n\n');
    const client: StreamClient = { response, stillValid };
    this.clients.add(client);
    request.on('close', () => this.clients.delete(client));
    await this.refreshQueue();
    if (this.clients.has(client)) write(response, 'queue', { items: this.snapshot });
  }

  /** Reads the queue now (coalescing concurrent calls) and tells every client when it changed. */
  refreshQueue(): Promise<void> {
    if (this.refreshing) {
      this.refreshAgain = true;
      return this.refreshing;
    }
    this.refreshing = (async () => {
      do {
        this.refreshAgain = false;
        try {
          const items = (await listQueue(this.ledger)).map(toQueueItemView);
          const json = JSON.stringify(items);
          if (json !== this.snapshotJson) {
            this.snapshot = items;
            this.snapshotJson = json;
            this.broadcast('queue', { items });
          }
        } catch (error) {
          this.logger.warn({ err: { name: (error as Error).name } }, 'agent console could not read the queue');
        }
      } while (this.refreshAgain);
    })().finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  /** Stops the timers, ends every stream. */
  close(): void {
    this.unsubscribe();
    clearInterval(this.refreshTimer);
    clearInterval(this.keepAliveTimer);
    for (const client of this.clients) client.response.end();
    this.clients.clear();
  }

  private onEvent(event: ConversationEvent): void {
    if (event.type === 'queue') {
      void this.refreshQueue();
    } else if (event.type === 'mode') {
      this.broadcast('mode', { conversationId: event.conversationId, mode: event.mode });
      void this.refreshQueue();
    } else if (this.snapshot.some((item) => item.conversationId === event.conversationId)) {
      // Only conversations that are with people: identity data typed to the bot during verification is never streamed.
      this.broadcast('message', {
        conversationId: event.conversationId,
        author: event.author,
        agentId: event.agentId ?? null,
        agentName: event.agentId ? this.agentName(event.agentId) : null,
        text: event.author === 'debtor' ? maskIdentityData(event.text) : event.text,
        atIso: event.at,
      });
      if (event.author === 'debtor') this.updatePreview(event.conversationId, messagePreview(event.text));
    }
  }

  /** Keeps the card's last-message preview current without reading the queue again, and tells every client. */
  private updatePreview(conversationId: string, lastMessage: string): void {
    this.snapshot = this.snapshot.map((item) => (item.conversationId === conversationId ? { ...item, lastMessage } : item));
    this.snapshotJson = JSON.stringify(this.snapshot);
    this.broadcast('preview', { conversationId, lastMessage });
  }

  private broadcast(name: string, data: unknown): void {
    for (const client of this.clients) write(client.response, name, data);
  }

  private async keepAlive(): Promise<void> {
    for (const client of [...this.clients]) {
      const valid = await client.stillValid().catch(() => true);
      if (!this.clients.has(client)) continue;
      if (!valid) {
        write(client.response, 'logout', {});
        client.response.end();
        this.clients.delete(client);
      } else {
        client.response.write(': keep-alive\n\n');
      }
    }
  }
}

function write(response: Response, name: string, data: unknown): void {
  if (response.writableEnded) return;
  response.write(`event: ${name}\ndata: ${JSON.stringify(data)}\n\n`);
}
