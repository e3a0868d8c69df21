import type { Storage, StoreItems } from 'botbuilder-core';
import type { StateRecord, StateStore, TurnJournal } from '../ledger/index.js';

/** A turn in progress on a state key: its document as read with the conversation, and the journal its writes go to. */
interface TurnBinding {
  primed: StateRecord | null | undefined;
  readonly journal: TurnJournal;
}

/**
 * botbuilder Storage on the ledger database, with eTag optimistic concurrency: a write carrying an
 * old eTag fails, so two server instances can share conversation state safely.
 *
 * While a turn is bound to a key (beginTurn … endTurn) the document read along with the conversation is served
 * without another query, and a last-writer-wins write of it goes to the turn's journal, stored with the transcript.
 */
export class LedgerStorage implements Storage {
  private readonly turns = new Map<string, TurnBinding>();

  constructor(private readonly states: StateStore) {}

  /** Binds a turn to `key`: `primed` is its document as just read (null: none; undefined: not read), `journal` takes its writes. */
  beginTurn(key: string, journal: TurnJournal, primed: StateRecord | null | undefined): void {
    this.turns.set(key, { primed, journal });
  }

  /** Unbinds the turn of `journal` from `key` (a later turn of the same conversation may already hold it). */
  endTurn(key: string, journal: TurnJournal): void {
    if (this.turns.get(key)?.journal === journal) this.turns.delete(key);
  }

  /** Reads the items stored under `keys`, each with its current eTag (a turn's primed document is served once). */
  async read(keys: string[]): Promise<StoreItems> {
    const items: StoreItems = {};
    const unread: string[] = [];
    for (const key of keys) {
      const turn = this.turns.get(key);
      if (turn?.primed === undefined) {
        unread.push(key);
        continue;
      }
      if (turn.primed) items[key] = { ...(turn.primed.data as object), eTag: turn.primed.eTag };
      turn.primed = undefined;
    }
    const records = await this.states.read(unread);
    for (const [key, record] of records) items[key] = { ...(record.data as object), eTag: record.eTag };
    return items;
  }

  /** Writes items; an item with an eTag other than '*' must still match the stored version. */
  async write(changes: StoreItems): Promise<void> {
    for (const [key, item] of Object.entries(changes)) {
      const { eTag, ...data } = (item ?? {}) as { eTag?: string };
      const journal = this.turns.get(key)?.journal;
      if (eTag === undefined || eTag === '*') await (journal ? journal.saveState(key, data) : this.states.write(key, data, '*'));
      else if (eTag === '') await this.states.create(key, data);
      else await this.states.write(key, data, eTag);
    }
  }

  /** Deletes the items stored under `keys` (and whatever a bound turn was about to write to them). */
  async delete(keys: string[]): Promise<void> {
    for (const key of keys) {
      const turn = this.turns.get(key);
      if (!turn) continue;
      turn.journal.discardState(key);
      turn.primed = undefined;
    }
    await this.states.delete(keys);
  }
}
