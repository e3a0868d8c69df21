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

/** An in-process bus for conversation events (one server instance; several instances would need a shared bus). */
export class ConversationEvents {
  private readonly emitter = new EventEmitter();

  constructor() {
    this.emitter.setMaxListeners(1000);
  }

  /** Tells every subscriber. */
  publish(event: ConversationEvent): void {
    this.emitter.emit('event', event);
  }

  /** Subscribes; returns the function that unsubscribes. */
  subscribe(listener: (event: ConversationEvent) => void): () => void {
    this.emitter.on('event', listener);
    return () => this.emitter.off('event', listener);
  }
}
