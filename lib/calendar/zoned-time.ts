// Local wall-clock time in an IANA time zone, both ways: what a zone's clock shows at an instant, and the instant a
// zone's clock shows a given time. Daylight saving is whatever the runtime's time-zone data says.
import { formatIsoDate } from './day.js';

const msPerMinute = 60_000;
/** Offsets are cached per zone and quarter hour: every zone changes its offset on a quarter hour or a whole hour. */
const offsetBucketMs = 15 * msPerMinute;
const maxCachedOffsets = 200_000;

const partFormatters = new Map<string, Intl.DateTimeFormat>();
const offsets = new Map<string, number>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = partFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    });
    partFormatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Minutes the zone's clock is ahead of UTC at `epochMs` (Santiago in summer: −180). */
export function utcOffsetMinutes(epochMs: number, timeZone: string): number {
  const bucket = Math.floor(epochMs / offsetBucketMs);
  const key = `${timeZone} ${bucket}`;
  const cached = offsets.get(key);
  if (cached !== undefined) return cached;
  const at = bucket * offsetBucketMs;
  const parts = formatterFor(timeZone).formatToParts(at);
  const value = (type: string) => Number(parts.find((part) => part.type === type)?.value ?? Number.NaN);
  const asUtc = Date.UTC(value('year'), value('month') - 1, value('day'), value('hour'), value('minute'));
  const offset = Math.round((asUtc - at) / msPerMinute);
  if (offsets.size >= maxCachedOffsets) offsets.clear();
  offsets.set(key, offset);
  return offset;
}

/** A zone's wall clock at an instant: the local date and the minute of that day (0–1439). */
export interface LocalTime {
  readonly dateIso: string;
  readonly minuteOfDay: number;
}

/** What the clock of `timeZone` shows at `epochMs`. */
export function localTimeAt(epochMs: number, timeZone: string): LocalTime {
  const shifted = new Date(epochMs + utcOffsetMinutes(epochMs, timeZone) * msPerMinute);
  return {
    dateIso: formatIsoDate({ year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate() }),
    minuteOfDay: shifted.getUTCHours() * 60 + shifted.getUTCMinutes(),
  };
}

/**
 * The instant the clock of `timeZone` shows `minuteOfDay` on `dateIso`. A time the clock skips (the hour lost when
 * daylight saving starts) is read with the offset before the jump, so 02:30 on a New York spring-forward day is the
 * instant the clock shows 03:30 (as java.time does); a time the clock shows twice gives the first of the two.
 */
export function instantAtLocalTime(dateIso: string, minuteOfDay: number, timeZone: string): number {
  const [year, month, day] = dateIso.split('-').map(Number) as [number, number, number];
  const wallAsUtc = Date.UTC(year, month - 1, day, 0, minuteOfDay);
  const before = wallAsUtc - utcOffsetMinutes(wallAsUtc - 24 * 60 * msPerMinute, timeZone) * msPerMinute;
  const after = wallAsUtc - utcOffsetMinutes(wallAsUtc + 24 * 60 * msPerMinute, timeZone) * msPerMinute;
  const shows = (instant: number) => {
    const local = localTimeAt(instant, timeZone);
    return local.dateIso === dateIso && local.minuteOfDay === minuteOfDay;
  };
  if (shows(Math.min(before, after))) return Math.min(before, after);
  return Math.max(before, after);
}

/** An instant as ISO 8601 with the zone's offset at that instant: `2026-12-03T09:30:00-03:00`. */
export function isoWithOffset(epochMs: number, timeZone: string): string {
  const offset = utcOffsetMinutes(epochMs, timeZone);
  const local = new Date(epochMs + offset * msPerMinute).toISOString().slice(0, 19);
  const sign = offset < 0 ? '-' : '+';
  const hours = String(Math.floor(Math.abs(offset) / 60)).padStart(2, '0');
  const minutes = String(Math.abs(offset) % 60).padStart(2, '0');
  return `${local}${sign}${hours}:${minutes}`;
}
