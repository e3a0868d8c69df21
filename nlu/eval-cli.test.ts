import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the eval command exactly as documented (`npm run --silent nlu:eval -- …`), or straight through node for speed. */
function runEval(args: readonly string[], via: 'npm' | 'node' = 'node'): Promise<Run> {
  const [command, prefix] =
    via === 'npm' ? ['npm', ['run', '--silent', 'nlu:eval', '--']] : [process.execPath, ['--import', 'tsx', 'nlu/eval-cli.ts']];
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...prefix, ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, NLU_MODE: 'local', OPENAI_API_KEY: '' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const GOLD = [
  { text: 'cuanto debo??', lang: 'es', intent: 'balance', entities: {} },
  {
    text: 'puedo pagar 50 lucas el viernes',
    lang: 'es',
    intent: 'promise_to_pay',
    entities: { amount: { value: 50_000, currency: 'CLP' }, date: '2026-11-27' },
  },
  { text: 'en 6 cuotas porfa', lang: 'es', intent: 'payment_plan', entities: { count: 6 } },
  {
    text: 'I can pay 120 on the 5th',
    lang: 'en',
    intent: 'promise_to_pay',
    entities: { amount: { value: 120, currency: null }, date: '2026-12-05' },
  },
  { text: 'wrong number', lang: 'en', intent: 'wrong_person' },
  { text: 'STOP', lang: 'en', intent: 'opt_out', entities: {} },
  { text: 'ya pagué ayer', lang: 'es', intent: 'already_paid', entities: { date: '2026-11-22' } },
  {
    text: 'I paid $120 last Friday',
    lang: 'en',
    intent: 'already_paid',
    entities: { amount: { value: 120, currency: 'USD' }, date: '2026-11-20' },
  },
];

let folder: string;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'nlu-eval-'));
});

afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

async function file(name: string, content: string): Promise<string> {
  const path = join(folder, name);
  await writeFile(path, content, 'utf8');
  return path;
}

describe('npm run nlu:eval', () => {
  it('prints the per-intent table and ends with exactly one JSON summary line', async () => {
    const gold = await file('small.jsonl', `${GOLD.map((line) => JSON.stringify(line)).join('\n')}\n`);
    const run = await runEval([gold, '--today', '2026-11-23', '--mode', 'local'], 'npm');
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^intent\s+precision\s+recall\s+f1\s+support$/);
    expect(run.stdout).toContain('most frequent confusions');
    const summary = JSON.parse(lines.at(-1) ?? '') as Record<string, number>;
    expect(Object.keys(summary)).toEqual([
      'n',
      'accuracy',
      'macroF1',
      'amountAccuracy',
      'dateAccuracy',
      'countAccuracy',
      'pastDateAccuracy',
      'futureDateAccuracy',
    ]);
    expect(summary).toEqual({
      n: 8,
      accuracy: 1,
      macroF1: 1,
      amountAccuracy: 1,
      dateAccuracy: 1,
      countAccuracy: 1,
      pastDateAccuracy: 1,
      futureDateAccuracy: 1,
    });
    expect(run.stdout).toMatch(/^past \(already_paid\)\s+1\.000\s+2$/m);
    expect(run.stdout).toMatch(/^future \(every other intent\)\s+1\.000\s+2$/m);
  });

  it('names the bad line and exits non-zero without a stack trace', async () => {
    const bad = await file('bad.jsonl', `${JSON.stringify(GOLD[0])}\n{"text":"hola","lang":"es","intent":"saludo"}\n`);
    const run = await runEval([bad, '--today', '2026-11-23']);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/bad\.jsonl: line 2: intent: /);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('rejects a line that is not JSON', async () => {
    const bad = await file('broken.jsonl', '{"text": "hola"\n');
    const run = await runEval([bad]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/line 1: not valid JSON/);
  });

  it('reports a missing file', async () => {
    const run = await runEval([join(folder, 'missing.jsonl')]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/missing\.jsonl: cannot read it \(ENOENT\)/);
  });

  it('rejects a malformed --today with the usage', async () => {
    const gold = await file('one.jsonl', `${JSON.stringify(GOLD[0])}\n`);
    const run = await runEval([gold, '--today', '23/11/2026']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--today must be a date YYYY-MM-DD/);
  });
});
