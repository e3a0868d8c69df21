import type Database from 'better-sqlite3';
import type { WriteLock } from './write-lock.js';

interface PendingWrite {
  readonly run: () => number;
  readonly resolve: (changes: number) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Group commit for single SQLite writes outside a transaction (the transcript lines and the bot state every turn
 * writes): the writes asked for during one turn of the event loop run in one transaction, under the shared write lock,
 * and each caller's promise settles once that transaction has committed. One commit then covers the writes of every
 * conversation that was busy at that moment, instead of one commit (and one WAL append of the same index pages) each.
 *
 * A write that fails (a constraint) is rejected alone: SQLite undoes that statement and keeps the transaction. An error
 * that ends the transaction (disk full, I/O) rejects the whole batch, since none of it was committed.
 */
export class GroupCommit {
  private pending: PendingWrite[] = [];
  private scheduled = false;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly connection: () => Database.Database,
    private readonly lock: WriteLock,
  ) {}

  /** Queues `run` (one synchronous statement, returning the rows it changed) for the next commit. */
  write(run: () => number): Promise<number> {
    return new Promise<number>((resolve, reject) => {
      this.pending.push({ run, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => {
          this.flushing = this.flush();
        });
      }
    });
  }

  /** Resolves once every write queued so far has been committed or rejected (before the connection closes). */
  async drained(): Promise<void> {
    while (this.scheduled || this.pending.length > 0) await new Promise((resolve) => setImmediate(resolve));
    await this.flushing;
  }

  private async flush(): Promise<void> {
    this.scheduled = false;
    const batch = this.pending;
    this.pending = [];
    await this.lock.run(() => this.commit(batch));
  }

  private commit(batch: readonly PendingWrite[]): void {
    const database = this.connection();
    const results: { readonly write: PendingWrite; readonly changes: number }[] = [];
    const failed: { readonly write: PendingWrite; readonly error: unknown }[] = [];
    try {
      database.exec('BEGIN IMMEDIATE');
      for (const write of batch) {
        try {
          results.push({ write, changes: write.run() });
        } catch (error) {
          if (!database.inTransaction) throw error;
          failed.push({ write, error });
        }
      }
      database.exec('COMMIT');
    } catch (error) {
      if (database.inTransaction) database.exec('ROLLBACK');
      for (const write of batch) write.reject(error);
      return;
    }
    for (const { write, changes } of results) write.resolve(changes);
    for (const { write, error } of failed) write.reject(error);
  }
}
