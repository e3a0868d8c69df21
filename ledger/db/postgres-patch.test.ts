import { readFileSync } from 'node:fs';
import { Socket } from 'node:net';
import postgres from 'postgres';
import { describe, expect, it } from 'vitest';

/** postgres.js's internal queue (src/queue.js), as patches/postgres+3.4.10.patch leaves it. */
interface Queue<T> {
  readonly length: number;
  push(item: T): T;
  shift(): T | undefined;
  remove(item: T): T | null;
}

const queueUrl = new URL('../../node_modules/postgres/src/queue.js', import.meta.url);
const makeQueue = async <T>(): Promise<Queue<T>> => ((await import(queueUrl.href)) as { default: () => Queue<T> }).default();

// postgres.js keeps its connections in such queues and moves one between them on every statement (remove, then push).
// Unpatched, a queue that never empties (its busy connections under steady load) grew by one slot per shift and every
// remove scanned all of them: the bench saw 9,600 slots after three rounds and the scan among the hottest functions.
describe("postgres.js's connection queue (patched: patches/postgres+3.4.10.patch, applied by npm install)", () => {
  it('is the patched one', () => {
    expect(readFileSync(queueUrl, 'utf8')).toContain('xs.indexOf(x, index)');
  });

  it('stays first in, first out with removals while it never empties, across its compactions', async () => {
    const queue = await makeQueue<string>();
    const connections = ['a', 'b', 'c', 'd'];
    for (const connection of connections) queue.push(connection);
    const order: string[] = [];
    for (let statement = 0; statement < 10_000; statement += 1) {
      const next = queue.shift() as string;
      order.push(next);
      queue.push(next);
      // A statement finishing elsewhere: that connection leaves the queue and comes back at its end.
      const moved = connections[statement % connections.length] as string;
      expect(queue.remove(moved)).toBe(moved);
      queue.push(moved);
      expect(queue.length).toBe(4);
    }
    expect(new Set(order)).toEqual(new Set(connections));
    expect(queue.remove('not queued')).toBeNull();
    const drained = [queue.shift(), queue.shift(), queue.shift(), queue.shift()];
    expect([...drained].sort()).toEqual(connections);
    expect(queue.length).toBe(0);
    expect(queue.shift()).toBeUndefined();
  });
});

const databaseUrl = process.env.TEST_DATABASE_URL;

// postgres.js wrote a connection's statements out together only while they stayed under 1 KB; every larger one (a
// turn's transcript with its state document) went out in a write of its own, a system call each (about 100 µs a turn in
// the web chat bench on PostgreSQL).
describe("postgres.js's writes (patched: patches/postgres+3.4.10.patch)", () => {
  it.skipIf(!databaseUrl)('sends the statements asked for together on a connection in one write, large ones too', async () => {
    const sql = postgres(databaseUrl ?? '', { max: 1, prepare: true, onnotice: () => undefined });
    const document = 'x'.repeat(2000);
    const statement = () => sql.unsafe('SELECT length($1::text) AS "length"', [document], { prepare: true });
    const originalWrite = Socket.prototype.write;
    let writes = 0;
    try {
      await statement(); // connects and prepares the statement
      Socket.prototype.write = function (this: Socket, ...args: Parameters<Socket['write']>) {
        if (this.remotePort === sql.options.port[0]) writes += 1;
        return originalWrite.apply(this, args);
      } as Socket['write'];
      const answers = await Promise.all(Array.from({ length: 20 }, statement));
      expect(answers.map(([row]) => Number(row?.length))).toEqual(Array.from({ length: 20 }, () => 2000));
      expect(writes).toBe(1);
    } finally {
      Socket.prototype.write = originalWrite;
      await sql.end();
    }
  });
});
