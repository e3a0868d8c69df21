// `npm start`: builds dist/ first when it is missing or older than the sources (checking file times takes a few
// milliseconds), then runs dist/start.js in this same process, the file production runs with `node dist/start.js`.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildDist, distFolder, isDistCurrent } from './dist.mjs';

if (!isDistCurrent()) {
  console.error('Building dist/ (missing or older than the sources)…');
  const status = buildDist();
  if (status !== 0) {
    console.error('The build failed: fix the errors above, then run npm start again.');
    process.exit(status);
  }
}
await import(pathToFileURL(join(distFolder, 'start.js')).href);
