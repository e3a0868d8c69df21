// The first half of `npm start`: builds dist/ when it is missing or older than the sources (checking file times takes
// a few milliseconds), and exits 0 when dist/ is ready. The second half is package.json's start command itself:
// `node <heap flags> dist/start.js`, the command production runs (the Dockerfile's CMD has the same flags).
import { buildDist, isDistCurrent } from './dist.mjs';

if (!isDistCurrent()) {
  console.error('Building dist/ (missing or older than the sources)…');
  const status = buildDist();
  if (status !== 0) {
    console.error('The build failed: fix the errors above, then run npm start again.');
    process.exit(status);
  }
}
