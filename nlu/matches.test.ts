import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DATE_RULES } from './entities/date-rules.js';
import { matchesOf } from './entities/matches.js';
import { fold } from './text/fold.js';

/** What `matchAll` yields, as plain data: index, the whole match and its groups. */
function plain(matches: Iterable<RegExpMatchArray>) {
  return [...matches].map((match) => ({ index: match.index, groups: [...match] }));
}

describe('matchesOf: the matches of matchAll without its copy of the pattern', () => {
  const corpus = readFileSync(new URL('./corpus/dev.jsonl', import.meta.url), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => fold((JSON.parse(line) as { text: string }).text));

  it('finds what matchAll finds for every date rule over the corpus, and leaves lastIndex at 0', () => {
    for (const text of corpus) {
      for (const { name, pattern } of DATE_RULES) {
        expect(plain(matchesOf(pattern, text)), `${name}: ${text}`).toEqual(plain(text.matchAll(pattern)));
        expect(pattern.lastIndex).toBe(0);
      }
    }
  });

  it.each([
    [/a*/g, 'baaac'],
    [/(?:)/g, 'ab'],
    [/(?:)/gu, 'a😀b'],
    [/x?/gu, '😀x😀'],
  ])('steps over empty matches as matchAll does: %s on %s', (pattern, text) => {
    expect(plain(matchesOf(pattern, text))).toEqual(plain(text.matchAll(pattern)));
  });

  it('refuses a pattern that is not global, as matchAll does', () => {
    expect(() => matchesOf(/a/, 'a')).toThrow(TypeError);
  });
});
