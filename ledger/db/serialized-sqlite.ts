import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import type { WriteLock } from './write-lock.js';

type AdapterFactory = PrismaBetterSQLite3;
type Adapter = Awaited<ReturnType<AdapterFactory['connect']>>;
type Transaction = Awaited<ReturnType<Adapter['startTransaction']>>;

function serialize(adapter: Adapter, lock: WriteLock): Adapter {
  const wrapTransaction = (transaction: Transaction, release: () => void): Transaction => {
    let done = false;
    const finish = async (end: () => Promise<void>) => {
      try {
        await end();
      } finally {
        if (!done) {
          done = true;
          release();
        }
      }
    };
    return new Proxy(transaction, {
      get(target, property, receiver) {
        if (property === 'commit') return () => finish(() => target.commit());
        if (property === 'rollback') return () => finish(() => target.rollback());
        const value = Reflect.get(target, property, receiver) as unknown;
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  };
  return new Proxy(adapter, {
    get(target, property, receiver) {
      if (property === 'queryRaw') return (query: Parameters<Adapter['queryRaw']>[0]) => lock.run(() => target.queryRaw(query));
      if (property === 'executeRaw') return (query: Parameters<Adapter['executeRaw']>[0]) => lock.run(() => target.executeRaw(query));
      if (property === 'executeScript') return (script: string) => lock.run(() => target.executeScript(script));
      if (property === 'startTransaction') {
        return async (isolationLevel?: Parameters<Adapter['startTransaction']>[0]) => {
          const release = await lock.acquire();
          try {
            return wrapTransaction(await target.startTransaction(isolationLevel), release);
          } catch (error) {
            release();
            throw error;
          }
        };
      }
      const value = Reflect.get(target, property, receiver) as unknown;
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/**
 * The better-sqlite3 driver adapter with one connection made safe for concurrency: Prisma runs
 * queries outside a transaction on the same connection, so while an interactive transaction is
 * open they would silently become part of it (and vanish if it rolls back). Here every statement
 * waits until the open transaction commits or rolls back. The connection runs with `synchronous = NORMAL` (WAL mode,
 * as the ledger's own connections).
 */
export function makeSerializedSqliteAdapter(url: string, timeoutMs: number, lock: WriteLock): AdapterFactory {
  const inner = new PrismaBetterSQLite3({ url, timeout: timeoutMs });
  return new Proxy(inner, {
    get(target, property, receiver) {
      if (property === 'connect')
        return async () => {
          const adapter = await target.connect();
          // On the driver, not through Prisma: a query through Prisma would load its query compiler at start-up.
          await adapter.executeScript('PRAGMA synchronous = NORMAL');
          return serialize(adapter, lock);
        };
      if (property === 'connectToShadowDb') return async () => serialize(await target.connectToShadowDb(), lock);
      const value = Reflect.get(target, property, receiver) as unknown;
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
