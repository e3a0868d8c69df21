import { randomBytes } from 'node:crypto';

let lastMs = 0;
let sequence = 0;
/** Random bytes drawn 4 KB at a time (one system call per 1,024 ids instead of one each). */
let randomPool = Buffer.alloc(0);
let randomOffset = 0;

/** The next 4 random bytes as an unsigned 32-bit integer. */
function randomUint32(): number {
  if (randomOffset + 4 > randomPool.length) {
    randomPool = randomBytes(4096);
    randomOffset = 0;
  }
  randomOffset += 4;
  return randomPool.readUInt32BE(randomOffset - 4);
}

/** `value` in base 26 written with the letters a–z, `length` letters (padded with "a"; letters sort as the numbers do). */
function letters(value: number, length: number): string {
  let text = '';
  let rest = value;
  for (let index = 0; index < length; index += 1) {
    text = String.fromCharCode(97 + (rest % 26)) + text;
    rest = Math.floor(rest / 26);
  }
  return text;
}

/**
 * A unique id that sorts by creation time, and within one millisecond by creation order in this process:
 * 9 base-36 digits of the time, then a sequence (4 letters) and 32 random bits (7 letters). Rows written in the same
 * millisecond (two bot messages of one turn) keep their order when sorted by id. Only the time part has digits, and
 * never more than six in a row, so an id in a log line never looks like a phone or document number to the log scrubber.
 */
export function sortableId(now: Date = new Date()): string {
  const ms = now.getTime();
  if (ms === lastMs) sequence += 1;
  else {
    lastMs = ms;
    sequence = 0;
  }
  return `${ms.toString(36).padStart(9, '0')}${letters(sequence % 26 ** 4, 4)}${letters(randomUint32(), 7)}`;
}
