import { describe, expect, it } from 'vitest';
import { releaseStartUpGarbage } from './start-up-garbage.js';

describe('releaseStartUpGarbage', () => {
  it('collects what start-up no longer holds', async () => {
    let leftOver: { readonly index: number; readonly text: string }[] | null = Array.from({ length: 300_000 }, (_, index) => ({
      index,
      text: `entry ${index}`,
    }));
    expect(leftOver).toHaveLength(300_000);
    leftOver = null;
    const before = process.memoryUsage().heapUsed;
    await releaseStartUpGarbage();
    expect(before - process.memoryUsage().heapUsed).toBeGreaterThan(10 * 1024 * 1024);
    expect(leftOver).toBeNull();
  });
});
