// `npm run bench`: runs every bench/*.bench.ts in its own process, one after another; each prints
// one JSON line per figure, then a line with the seconds it took. Extra arguments are passed through (e.g. `-- --accounts 20000`).
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const folder = fileURLToPath(new URL('.', import.meta.url));
const only = process.env.BENCH_ONLY;
const benches = readdirSync(folder)
  .filter((name) => name.endsWith('.bench.ts') && (!only || name.startsWith(only)))
  .sort();
let failed = 0;
const startedMs = performance.now();
for (const bench of benches) {
  const benchStartedMs = performance.now();
  const result = spawnSync(process.execPath, ['--import', 'tsx', `${folder}${bench}`, ...process.argv.slice(2)], { stdio: 'inherit' });
  if (result.status !== 0) {
    failed += 1;
    console.error(JSON.stringify({ bench, error: `exited with ${result.status ?? result.signal}` }));
  }
  console.log(JSON.stringify({ bench, seconds: Math.round((performance.now() - benchStartedMs) / 1000) }));
}
console.log(JSON.stringify({ bench: 'all', seconds: Math.round((performance.now() - startedMs) / 1000) }));
process.exit(failed === 0 ? 0 : 1);
