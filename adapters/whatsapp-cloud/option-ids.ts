// The id a reply button or list row carries, and the option's value found again from a press.
import { createHash } from 'node:crypto';

/** What marks an id that is a digest of a value too long (or unfit) to carry itself. */
const digestPrefix = '#opt:';
/** Digests of long values remembered, to find the value again when its button is pressed on this instance. */
const rememberedCapacity = 2_000;

function digestOf(value: string): string {
  return createHash('sha256').update(value).digest('hex').slice(0, 24);
}

/**
 * Ids for options and their values back from presses. An id is the option's value itself when it fits the limit
 * (256 characters for a button, 200 for a list row) and does not start with '#', so any instance reads it back
 * without memory; otherwise a digest of the value, which this instance remembers (a bounded map) and which any other
 * instance reads back through the pressed option's title.
 */
export class OptionIds {
  private readonly remembered = new Map<string, string>();

  /** The id that carries `value` within `limit` characters. */
  idFor(value: string, limit: number): string {
    if (value !== '' && value.length <= limit && !value.startsWith('#')) return value;
    const id = `${digestPrefix}${digestOf(value)}`;
    this.remembered.delete(id);
    this.remembered.set(id, value);
    if (this.remembered.size > rememberedCapacity) {
      const oldest = this.remembered.keys().next();
      if (!oldest.done) this.remembered.delete(oldest.value);
    }
    return id;
  }

  /**
   * What a pressed option says, as the debtor's message (what pressing the same option sends on other channels): the
   * value its id carries or names, else its title (a row cut short with '…' shows the whole in its description).
   */
  valueOf(id: string, title: string, description?: string): string {
    if (!id.startsWith(digestPrefix)) return id;
    const value = this.remembered.get(id);
    if (value !== undefined) return value;
    return title.endsWith('…') && description ? description : title;
  }
}
