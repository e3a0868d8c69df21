import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GroupCommit } from './group-commit.js';
import { WriteLock } from './write-lock.js';

describe('GroupCommit (single SQLite writes share one transaction per event-loop turn)', () => {
  let folder: string;
  let writer: Database.Database;
  let reader: Database.Database;
  let commits: number;
  let group: GroupCommit;

  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'group-commit-'));
    writer = new Database(join(folder, 'db.sqlite'));
    writer.pragma('journal_mode = WAL');
    writer.exec('CREATE TABLE line (id INTEGER PRIMARY KEY, text TEXT NOT NULL UNIQUE)');
    reader = new Database(join(folder, 'db.sqlite'), { readonly: true });
    commits = 0;
    const exec = writer.exec.bind(writer);
    writer.exec = (source: string) => {
      if (source === 'COMMIT') commits += 1;
      return exec(source);
    };
    group = new GroupCommit(() => writer, new WriteLock());
  });

  afterEach(() => {
    writer.close();
    reader.close();
    rmSync(folder, { recursive: true, force: true });
  });

  const insert = (text: string) => group.write(() => writer.prepare('INSERT INTO line (text) VALUES (?)').run(text).changes);
  const stored = () => (reader.prepare('SELECT text FROM line ORDER BY id').all() as { text: string }[]).map((row) => row.text);

  it('commits the writes asked for together in one transaction, and each is readable once its promise resolves', async () => {
    const results = await Promise.all([insert('a'), insert('b'), insert('c')]);
    expect(results).toEqual([1, 1, 1]);
    expect(commits).toBe(1);
    expect(stored()).toEqual(['a', 'b', 'c']);
    await insert('d');
    expect(commits).toBe(2);
    expect(stored()).toEqual(['a', 'b', 'c', 'd']);
  });

  it('rejects a failing write alone: the others of its batch are committed', async () => {
    await insert('taken');
    const outcomes = await Promise.allSettled([insert('x'), insert('taken'), insert('y')]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(String((outcomes[1] as PromiseRejectedResult).reason)).toMatch(/UNIQUE/);
    expect(stored()).toEqual(['taken', 'x', 'y']);
  });

  it('waits for the shared write lock (a transaction in progress elsewhere) before it writes', async () => {
    const lock = new WriteLock();
    group = new GroupCommit(() => writer, lock);
    const release = await lock.acquire();
    const written = insert('after the lock');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(stored()).toEqual([]);
    release();
    await written;
    expect(stored()).toEqual(['after the lock']);
  });

  it('drained() resolves once every queued write has settled', async () => {
    const pending = [insert('p'), insert('q')];
    await group.drained();
    expect(stored()).toEqual(['p', 'q']);
    await Promise.all(pending);
  });
});
