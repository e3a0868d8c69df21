import { EventEmitter } from 'node:events';
import type { ConversationMode } from '../ledger/index.js';

/** What happens in conversations that the agent console shows live. */
export type ConversationEvent =
  | {
      readonly type: 'message';
      readonly conversationId: string;
      readonly author: 'debtor' | 'bot' | 'agent';
      readonly agentId?: string;
      readonly text: string;
      readonly at: string;
    }
  | { readonly type: 'queue' }
  | { readonly type: 'mode'; readonly conversationId: string; readonly mode: ConversationMode };

/**
 * The bus of conversation events: this process's subscribers, and, once relayed (`relayTo`, DESIGN §15), the other
 * instances of the fleet, whose events come back in through `deliver`.
 */
export class ConversationEvents {
  private readonly emitter = new EventEmitter();
  private relay: ((event: ConversationEvent) => void) | undefined;

  constructor() {
    this.emitter.setMaxListeners(1000);
  }

  /** Tells every subscriber, here and on the other instances. */
  publish(event: ConversationEvent): void {
    this.emitter.emit('event', event);
    this.relay?.(event);
  }

  /** Tells this process's subscribers of an event that happened on another instance. */
  deliver(event: ConversationEvent): void {
    this.emitter.emit('event', event);
  }

  /** Also hands every event published here to `send` (which carries it to the other instances). */
  relayTo(send: (event: ConversationEvent) => void): void {
    this.relay = send;
  }

  /** Subscribes; returns the function that unsubscribes. */
  subscribe(listener: (event: ConversationEvent) => void): () => void {
    this.emitter.on('event', listener);
    return () => this.emitter.off('event', listener);
  }
}
