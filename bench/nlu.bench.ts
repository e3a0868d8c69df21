// NLU benchmark: local recognizer training time, start-up time (fresh process, cached model), and messages per second,
// mean and p99 latency over the development corpus. Prints one JSON line per figure.
// `npx tsx bench/nlu.bench.ts [--passes N]`; with `--startup-child <cacheDir>` it only measures its own start-up.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: { passes: { type: 'string', default: '5' }, 'startup-child': { type: 'string' } },
  strict: false,
});
const silent = { warn: () => undefined };
const TODAY = '2026-11-23';

/** One recognizer start in this process: module import plus model load (or training), in ms. */
async function startOnce(cacheDir: string | null): Promise<number> {
  const startedMs = performance.now();
  const { makeRecognizer } = await import('../nlu/index.js');
  await makeRecognizer({ mode: 'local', logger: silent, modelCacheDir: cacheDir });
  return performance.now() - startedMs;
}

function report(bench: string, value: number, unit: string, extra: Record<string, unknown> = {}): void {
  console.log(JSON.stringify({ bench, value: Number(value.toFixed(3)), unit, ...extra }));
}

const childCacheDir = values['startup-child'];
if (typeof childCacheDir === 'string') {
  console.log(JSON.stringify({ startupMs: await startOnce(childCacheDir) }));
} else {
  const cacheDir = mkdtempSync(join(tmpdir(), 'bench-nlu-'));
  try {
    const trainMs = await startOnce(cacheDir);
    report('nlu.local.trainMs', trainMs, 'ms', { note: 'import + train + save, no cached model' });
    const self = fileURLToPath(import.meta.url);
    const child = execFileSync(process.execPath, ['--import', 'tsx', self, '--startup-child', cacheDir], { encoding: 'utf8' });
    const { startupMs } = JSON.parse(child.trim().split('\n').pop() ?? '{}') as { startupMs: number };
    report('nlu.local.startupMs', startupMs, 'ms', { note: 'fresh process: import + load cached model' });

    const { makeRecognizer } = await import('../nlu/index.js');
    const nlu = await makeRecognizer({ mode: 'local', logger: silent, modelCacheDir: cacheDir });
    const corpus = readFileSync(fileURLToPath(new URL('../nlu/corpus/dev.jsonl', import.meta.url)), 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as { text: string; lang: string });
    const passes = Math.max(1, Number(values.passes) || 5);
    for (const { text, lang } of corpus) await nlu.recognize(text, { locale: lang, today: TODAY, timezone: 'UTC' });
    const durationsMs: number[] = [];
    const startedMs = performance.now();
    for (let pass = 0; pass < passes; pass += 1) {
      for (const { text, lang } of corpus) {
        const messageStartMs = performance.now();
        await nlu.recognize(text, { locale: lang, today: TODAY, timezone: 'UTC' });
        durationsMs.push(performance.now() - messageStartMs);
      }
    }
    const totalMs = performance.now() - startedMs;
    durationsMs.sort((a, b) => a - b);
    const messages = durationsMs.length;
    report('nlu.local.messagesPerSecond', (messages / totalMs) * 1000, 'msg/s', { messages });
    report('nlu.local.meanMs', totalMs / messages, 'ms', { messages });
    report('nlu.local.p99Ms', durationsMs[Math.min(messages - 1, Math.floor(messages * 0.99))] ?? 0, 'ms', { messages });
  } finally {
    rmSync(cacheDir, { recursive: true, force: true });
  }
}
