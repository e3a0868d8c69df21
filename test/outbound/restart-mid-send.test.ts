import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLedgerDatabase, type LedgerDatabase } from '../../ledger/index.js';
import { seedReachableDebtors } from '../support/outbound-seed.js';

// kill -9 in the middle of sending, then a restart: no contact is sent twice, every other one is sent, and the one
// that was in flight is logged as interrupted (whether it left is unknown, so it is not sent again).
const worker = fileURLToPath(new URL('../support/outbound-worker.ts', import.meta.url));
const folder = mkdtempSync(join(tmpdir(), 'outbound-restart-'));
const url = `file:${join(folder, 'ledger.db')}`;
const sentFile = join(folder, 'sent.txt');
const debtors = 24;
const dueAt = '2026-12-01T13:00:30Z'; // Tuesday 10:00:30 in Santiago: every pre_due of the portfolio is due

function sentLines(): string[] {
  return existsSync(sentFile) ? readFileSync(sentFile, 'utf8').split('\n').filter(Boolean) : [];
}

describe('a restart in the middle of sending', () => {
  let database: LedgerDatabase;
  beforeAll(async () => {
    database = await openLedgerDatabase(url);
    await seedReachableDebtors(database.prisma, { prefix: 'R', count: debtors, dueDateIso: '2026-12-04' });
  });
  afterAll(async () => {
    await database?.close();
  });

  it('neither loses nor duplicates a contact', async () => {
    // First run: 150 ms a message; killed with SIGKILL once a third of the messages went out.
    const first = spawn(process.execPath, ['--import', 'tsx', worker, url, dueAt, sentFile, '150'], { stdio: 'ignore' });
    const deadline = Date.now() + 60_000;
    while (sentLines().length < debtors / 3 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    first.kill('SIGKILL');
    await new Promise((resolve) => first.once('exit', resolve));
    const beforeRestart = sentLines().length;
    expect(beforeRestart).toBeGreaterThanOrEqual(debtors / 3);
    expect(beforeRestart).toBeLessThan(debtors);

    // The restart comes ten minutes later: the claim of the message in flight has run out.
    const second = spawnSync(process.execPath, ['--import', 'tsx', worker, url, '2026-12-01T13:10:30Z', sentFile, '0'], {
      encoding: 'utf8',
    });
    expect(second.status, second.stderr).toBe(0);

    const sent = sentLines();
    expect(new Set(sent).size).toBe(sent.length); // no chat got the reminder twice
    const jobs = await database.prisma.outboundJob.findMany({ where: { kind: 'pre_due' } });
    expect(jobs).toHaveLength(debtors);
    const attempts = await database.prisma.contactAttempt.findMany();
    // One line in the contact log per job, and every job finished.
    expect(new Set(attempts.map((attempt) => attempt.jobKey)).size).toBe(attempts.length);
    expect(attempts).toHaveLength(debtors);
    expect(jobs.every((job) => job.status === 'sent' || job.status === 'failed')).toBe(true);
    const interrupted = attempts.filter((attempt) => attempt.reason === 'interrupted');
    expect(interrupted.length).toBeLessThanOrEqual(1);
    expect(attempts.filter((attempt) => attempt.outcome === 'sent')).toHaveLength(debtors - interrupted.length);
    // Every chat not in doubt got its reminder exactly once.
    expect(sent.length).toBeGreaterThanOrEqual(debtors - interrupted.length);
    expect(sent.length).toBeLessThanOrEqual(debtors);
  }, 120_000);
});
