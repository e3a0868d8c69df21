// The production build, shared by `npm run build` (scripts/build.mjs) and `npm start` (scripts/build-if-stale.mjs).
// tsc compiles the sources into dist/ (tsconfig.build.json: ESM, source maps, incremental, no tests), outputs whose
// source is gone are removed, and the files read at run time are copied next to the JavaScript, at the same relative
// paths as in the sources, so every `new URL('./…', import.meta.url)` finds them from dist/ unchanged.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative, sep } from 'node:path';
import { URL, fileURLToPath } from 'node:url';

/** The project folder (where package.json is). */
export const projectRoot = fileURLToPath(new URL('..', import.meta.url));
/** Where the build writes: `node dist/start.js` runs the server. */
export const distFolder = join(projectRoot, 'dist');
/** Written last by a successful build; its modification time is when that build started. */
const stampFile = join(distFolder, '.build-stamp');

/**
 * Folders read at run time, copied as they are (relative to the project and to dist/): the widget and demo page, the
 * agent console, the demo portfolio, and the migrations (ledger/db/migrations.ts reads ../../prisma/… from its folder).
 */
const assetFolders = [
  'adapters/webchat/static',
  'adapters/agent-console/static',
  'server/demo',
  'prisma/migrations',
  'prisma/postgres/migrations',
];

/** What the build reads: the compiled folders (with the generated Prisma clients and the assets) and its configuration. */
const buildInputs = [
  'adapters',
  'bot',
  'dialogs',
  'ledger',
  'lib',
  'nlu',
  'server',
  'prisma',
  'app.ts',
  'start.ts',
  'tsconfig.json',
  'tsconfig.build.json',
  'package.json',
  'scripts/dist.mjs',
];

/** Files that never change the build: tests, docs, and the NLU model cache (written at run time). */
function isBuildInput(name, isFolder) {
  if (isFolder) return name !== 'node_modules' && name !== '.cache';
  return !name.endsWith('.test.ts') && !name.endsWith('.test-support.ts') && !name.endsWith('.md');
}

/** The newest modification time (ms) under `path`: its files', and its folders' (a file added, removed or renamed). */
function newestMtimeMs(path) {
  const stats = statSync(path, { throwIfNoEntry: false });
  if (!stats) return 0;
  if (!stats.isDirectory()) return stats.mtimeMs;
  let newest = stats.mtimeMs;
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    if (!isBuildInput(entry.name, entry.isDirectory())) continue;
    newest = Math.max(newest, newestMtimeMs(join(path, entry.name)));
  }
  return newest;
}

/** True when dist/ holds a complete build newer than every source, asset and build setting (a few ms of file times). */
export function isDistCurrent() {
  const built = statSync(stampFile, { throwIfNoEntry: false });
  if (!built) return false;
  return buildInputs.every((input) => newestMtimeMs(join(projectRoot, input)) <= built.mtimeMs);
}

/** Every file under `folder`, as paths relative to it. */
function filesUnder(folder) {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(folder, join(entry.parentPath ?? entry.path, entry.name)));
}

/** Removes compiled files whose TypeScript source was deleted or renamed since an earlier build. */
function removeOrphans() {
  const copied = assetFolders.map((folder) => `${folder.split('/').join(sep)}${sep}`);
  for (const file of filesUnder(distFolder)) {
    if (copied.some((folder) => file.startsWith(folder))) continue;
    const source = /^(.*)\.js(\.map)?$/.exec(file)?.[1];
    if (source !== undefined && !existsSync(join(projectRoot, `${source}.ts`))) rmSync(join(distFolder, file));
  }
}

/**
 * Builds dist/: tsc (incremental, so a rebuild after a small change takes seconds), then the assets.
 * @returns tsc's exit code (0 when built); on a type error dist/ keeps the previous build and no stamp is written.
 */
export function buildDist() {
  const started = new Date();
  rmSync(stampFile, { force: true });
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const compiled = spawnSync(process.execPath, [tsc, '-p', join(projectRoot, 'tsconfig.build.json')], {
    cwd: projectRoot,
    stdio: 'inherit',
  });
  if (compiled.status !== 0) return compiled.status ?? 1;
  removeOrphans();
  for (const folder of assetFolders) {
    rmSync(join(distFolder, folder), { recursive: true, force: true });
    cpSync(join(projectRoot, folder), join(distFolder, folder), { recursive: true });
  }
  // Stamped with the start time: a source saved while tsc ran is newer than the build and triggers the next one.
  writeFileSync(stampFile, `${started.toISOString()}\n`);
  utimesSync(stampFile, started, started);
  return 0;
}

/**
 * The node flags production runs `dist/start.js` with, as package.json's start command gives them (the Dockerfile's CMD
 * repeats them; a test checks that they agree): the bench starts its servers the same way.
 */
export function productionNodeFlags() {
  const packageJson = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8'));
  const command = String(packageJson.scripts?.start ?? '');
  const match = /(?:^|&&\s*)node\s+((?:--\S+\s+)*)dist\/start\.js\s*$/.exec(command);
  if (!match) throw new Error(`package.json's start command does not end with "node [flags] dist/start.js": ${command}`);
  return match[1].trim().split(/\s+/).filter(Boolean);
}
