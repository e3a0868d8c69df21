/**
 * A FIFO lock over a SQLite database's writes, shared by every connection this process opens on it: Prisma's
 * (a whole interactive transaction holds it), and the direct statements of the hot path and the bulk import.
 * So a synchronous write never waits on SQLite's own lock for a transaction that needs the event loop to finish.
 */
export class WriteLock {
  private tail: Promise<void> = Promise.resolve();

  /** Waits for the lock; resolves with the function that releases it. */
  acquire(): Promise<() => void> {
    let release!: () => void;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const acquired = this.tail.then(() => release);
    this.tail = this.tail.then(() => released);
    return acquired;
  }

  /** Runs `work` holding the lock. */
  async run<T>(work: () => T | Promise<T>): Promise<T> {
    const release = await this.acquire();
    try {
      return await work();
    } finally {
      release();
    }
  }
}
