import { describe, expect, it } from 'vitest';
import { maskIdentityData } from '../privacy/mask.js';
import { sortableId } from './sortable-id.js';

describe('sortableId', () => {
  it('sorts by time, and by creation order within one millisecond', () => {
    const instant = new Date('2026-12-03T06:00:00.000Z');
    const later = new Date('2026-12-03T06:00:00.001Z');
    const first = sortableId(instant);
    const second = sortableId(instant);
    const third = sortableId(later);
    expect([third, second, first].sort()).toEqual([first, second, third]);
    expect(new Set([first, second, third]).size).toBe(3);
  });

  it('never looks like identity data to the masking that log lines go through (ids are logged)', () => {
    const start = Date.parse('2026-12-03T06:00:00.000Z');
    for (let step = 0; step < 20_000; step += 1) {
      // Times whose base-36 tail is all digits are the worst case for digit runs.
      const id = sortableId(new Date(start + step * 7919));
      expect(id).toMatch(/^[0-9a-z]{9}[a-z]{11}$/);
      expect(maskIdentityData(`conversation ${id}`)).toBe(`conversation ${id}`);
    }
  });
});
