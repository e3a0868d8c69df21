import { defaultTimezone, parseLocale } from '../locale.js';
import type { Recognizer } from '../types.js';
import type { GoldLine } from './gold.js';
import type { Scored } from './metrics.js';

/** Recognizes every gold line in order, with `today` and the default timezone of the line's language. */
export async function recognizeAll(recognizer: Recognizer, lines: readonly GoldLine[], today: string): Promise<Scored[]> {
  const scored: Scored[] = [];
  for (const gold of lines) {
    const timezone = defaultTimezone(parseLocale(gold.lang).language);
    const { intent, entities } = await recognizer.recognize(gold.text, { locale: gold.lang, today, timezone });
    scored.push({ gold, intent, entities });
  }
  return scored;
}
