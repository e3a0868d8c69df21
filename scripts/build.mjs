// `npm run build`: compiles the server into dist/ and copies the files it reads at run time (scripts/dist.mjs).
// Production then runs `node dist/start.js`.
import { performance } from 'node:perf_hooks';
import { buildDist } from './dist.mjs';

const startedMs = performance.now();
const status = buildDist();
if (status === 0) console.error(`Built dist/ in ${((performance.now() - startedMs) / 1000).toFixed(1)} s.`);
process.exitCode = status;
