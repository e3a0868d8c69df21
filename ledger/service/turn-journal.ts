import type { SqlStatement } from '../db/sql-runner.js';
import { messageInsert, messageUpdate, type MessageChange, type NewMessage } from '../store/message-rows.js';
import { stateUpsert } from '../store/state-store.js';
import type { LedgerContext } from './context.js';

/**
 * The writes of one turn, held until the turn ends and then stored together in one round trip: the transcript lines
 * the bot sent, the conversation's state and what changes in the debtor's message (masked, or not understood). What is recorded once the journal
 * is flushed (the error boundary's apology comes after the turn) is written at once.
 */
export class TurnJournal {
  private readonly messages: SqlStatement[] = [];
  /** The changes to stored messages, one statement per message (a batch may change a row only once). */
  private readonly changes = new Map<string, MessageChange>();
  private state: { readonly key: string; readonly statement: SqlStatement } | undefined;
  private flushed = false;

  constructor(private readonly context: LedgerContext) {}

  /** Records a transcript line, stamped now. */
  async append(message: NewMessage): Promise<void> {
    const statement = messageInsert(message);
    if (this.flushed) return this.context.sql.batch([statement]);
    this.messages.push(statement);
  }

  /** Records a stored message's new text (a verification answer masked whole). */
  async mask(messageId: string, text: string): Promise<void> {
    await this.change({ messageId, text });
  }

  /** Records that the bot did not understand a stored message of the debtor (the reports' NLU fallback rate). */
  async markNotUnderstood(messageId: string): Promise<void> {
    await this.change({ messageId, nluFallback: true });
  }

  /** Records the state document under `key` as it is now (last writer wins); a later call replaces it. */
  async saveState(key: string, data: unknown): Promise<void> {
    const statement = stateUpsert(key, data);
    if (this.flushed) return this.context.sql.batch([statement]);
    this.state = { key, statement };
  }

  /** Forgets the state recorded under `key` (it is being deleted). */
  discardState(key: string): void {
    if (this.state?.key === key) this.state = undefined;
  }

  /** Writes everything recorded, in one atomic batch; later records are written at once. */
  async flush(): Promise<void> {
    if (this.flushed) return;
    this.flushed = true;
    const statements = [...this.messages, ...(this.state ? [this.state.statement] : []), ...[...this.changes.values()].map(messageUpdate)];
    if (statements.length > 0) await this.context.sql.batch(statements);
  }

  private async change(change: MessageChange): Promise<void> {
    if (this.flushed) return this.context.sql.batch([messageUpdate(change)]);
    this.changes.set(change.messageId, { ...this.changes.get(change.messageId), ...change });
  }
}
