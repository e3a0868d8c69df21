// Length-preserving folding so that offsets found in the folded text point into the original.

const ACCENTS: Readonly<Record<string, string>> = {
  á: 'a',
  à: 'a',
  â: 'a',
  ä: 'a',
  é: 'e',
  è: 'e',
  ê: 'e',
  ë: 'e',
  í: 'i',
  ì: 'i',
  î: 'i',
  ï: 'i',
  ó: 'o',
  ò: 'o',
  ô: 'o',
  ö: 'o',
  ú: 'u',
  ù: 'u',
  û: 'u',
  ü: 'u',
  ñ: 'n',
  ç: 'c',
  '’': "'",
  '‘': "'",
  '´': "'",
  '`': "'",
  '“': '"',
  '”': '"',
  '\u00a0': ' ',
};

/** Lower-cases and strips accents one UTF-16 unit at a time, so `fold(text).length === text.length`. */
export function fold(text: string): string {
  let folded = '';
  for (let index = 0; index < text.length; index += 1) {
    const unit = text.charAt(index);
    const lower = unit.toLowerCase();
    const single = lower.length === 1 ? lower : unit;
    folded += ACCENTS[single] ?? single;
  }
  return folded;
}

/** Replaces the given [start, end) ranges with spaces, keeping every other offset in place. */
export function blankRanges(text: string, ranges: readonly (readonly [number, number])[]): string {
  let result = text;
  for (const [start, end] of ranges) {
    result = result.slice(0, start) + ' '.repeat(end - start) + result.slice(end);
  }
  return result;
}
