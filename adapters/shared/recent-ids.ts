/**
 * A bounded set of recently seen ids (Telegram update ids, WhatsApp message ids): a channel that redelivers
 * something it already delivered is answered once. The oldest ids are forgotten past `capacity`; the
 * ledger's transcript still refuses a redelivered message after that.
 */
export class RecentIds {
  private readonly ids = new Set<string>();

  constructor(private readonly capacity = 10_000) {}

  /** Remembers `id`; false when it was already remembered (a redelivery). */
  add(id: string): boolean {
    if (this.ids.has(id)) return false;
    this.ids.add(id);
    if (this.ids.size > this.capacity) {
      const oldest = this.ids.values().next();
      if (!oldest.done) this.ids.delete(oldest.value);
    }
    return true;
  }

  /** Forgets `id`, so a redelivery is processed (after a failure that left nothing done). */
  forget(id: string): void {
    this.ids.delete(id);
  }
}
