import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

// Production runs `node <heap flags> dist/start.js` in two places, npm start (package.json) and the Docker image's CMD;
// the bench starts its servers with the flags it reads from package.json. The two must not drift apart.
const projectRoot = join(import.meta.dirname, '..', '..');
const { productionNodeFlags } = (await import(pathToFileURL(join(projectRoot, 'scripts', 'dist.mjs')).href)) as {
  productionNodeFlags: () => string[];
};

describe('production node flags', () => {
  it('npm start caps the heap', () => {
    expect(productionNodeFlags()).toContain('--max-old-space-size=256');
  });

  it("npm start keeps V8's optimising compiler on the main thread (its helper threads' C-heap arenas cost about 30 MB)", () => {
    expect(productionNodeFlags()).toContain('--no-concurrent-recompilation');
  });

  it("the Dockerfile's CMD runs dist/start.js with the same flags as npm start", () => {
    const dockerfile = readFileSync(join(projectRoot, 'Dockerfile'), 'utf8');
    const cmd = /^CMD (\[.*\])$/m.exec(dockerfile)?.[1];
    expect(cmd).toBeDefined();
    expect(JSON.parse(cmd ?? '[]')).toEqual(['node', ...productionNodeFlags(), 'dist/start.js']);
  });
});
