import type { Storage, StoreItems } from 'botbuilder';
import type { StateStore } from '../ledger/index.js';

/**
 * botbuilder Storage on the ledger database, with eTag optimistic concurrency: a write carrying an
 * old eTag fails, so two server instances can share conversation state safely.
 */
export class LedgerStorage implements Storage {
  constructor(private readonly states: StateStore) {}

  /** Reads the items stored under `keys`, each with its current eTag. */
  async read(keys: string[]): Promise<StoreItems> {
    const records = await this.states.read(keys);
    const items: StoreItems = {};
    for (const [key, record] of records) items[key] = { ...(record.data as object), eTag: record.eTag };
    return items;
  }

  /** Writes items; an item with an eTag other than '*' must still match the stored version. */
  async write(changes: StoreItems): Promise<void> {
    for (const [key, item] of Object.entries(changes)) {
      const { eTag, ...data } = (item ?? {}) as { eTag?: string };
      if (eTag === undefined || eTag === '*') await this.states.write(key, data, '*');
      else if (eTag === '') await this.states.create(key, data);
      else await this.states.write(key, data, eTag);
    }
  }

  /** Deletes the items stored under `keys`. */
  async delete(keys: string[]): Promise<void> {
    await this.states.delete(keys);
  }
}
