import { randomBytes } from 'node:crypto';

let lastMs = 0;
let sequence = 0;

/**
 * A unique id that sorts by creation time, and within one millisecond by creation order in this process:
 * 9 base-36 digits of the time, 4 of a sequence, 8 random hex digits. Rows written in the same millisecond
 * (two bot messages of one turn) keep their order when sorted by id.
 */
export function sortableId(now: Date = new Date()): string {
  const ms = now.getTime();
  if (ms === lastMs) sequence += 1;
  else {
    lastMs = ms;
    sequence = 0;
  }
  return `${ms.toString(36).padStart(9, '0')}${(sequence % 36 ** 4).toString(36).padStart(4, '0')}${randomBytes(4).toString('hex')}`;
}
