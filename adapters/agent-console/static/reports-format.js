// The reports' figures for people, in the viewer's language: counts, rates, money (the API's decimal strings in a
// currency's major unit, kept exact), waits and the periods of a trend.
import { displayLocale, t } from './i18n.js';

/** What an absent figure (a rate with nothing to divide by, a wait nobody had) shows. */
export const noFigure = '—';

/** A count ("1.250" in es-CL). */
export function count(value) {
  return new Intl.NumberFormat(displayLocale()).format(value ?? 0);
}

/** A fraction 0–1 as a percentage with at most one decimal ("12,5 %"), or "—" when null. */
export function percent(fraction) {
  if (fraction === null || fraction === undefined) return noFigure;
  return new Intl.NumberFormat(displayLocale(), { style: 'percent', maximumFractionDigits: 1 }).format(fraction);
}

/**
 * An amount for people from the API's decimal string in the major unit ("250000", "100.00") and its currency, with as
 * many decimals as the string has ("$250.000", "US$100,00" in es-CL). Exact: the string reaches Intl as it is.
 */
export function money(amountMajor, currency) {
  const decimals = /\.(\d+)$/.exec(amountMajor ?? '')?.[1]?.length ?? 0;
  try {
    return new Intl.NumberFormat(displayLocale(), {
      style: 'currency',
      currency,
      minimumFractionDigits: decimals,
      maximumFractionDigits: decimals,
    }).format(amountMajor);
  } catch {
    return `${amountMajor} ${currency}`;
  }
}

/** An amount read off a chart (a number in the major unit) with the currency's usual decimals ("US$100,00"). */
export function moneyAmount(value, currency) {
  try {
    return new Intl.NumberFormat(displayLocale(), { style: 'currency', currency }).format(value);
  } catch {
    return `${value} ${currency}`;
  }
}

/** A chart axis's amount of `currency`, short ("$250 mil", "US$1,2 K"). */
export function moneyTick(value, currency) {
  try {
    return new Intl.NumberFormat(displayLocale(), { style: 'currency', currency, notation: 'compact', maximumFractionDigits: 1 }).format(
      value,
    );
  } catch {
    return `${value} ${currency}`;
  }
}

function unit(value, name) {
  return new Intl.NumberFormat(displayLocale(), { style: 'unit', unit: name, unitDisplay: 'short', maximumFractionDigits: 0 }).format(
    value,
  );
}

/** A wait in seconds for people: "45 s", "12 min", "2 h 05 min"; "—" when null. */
export function duration(seconds) {
  if (seconds === null || seconds === undefined) return noFigure;
  if (seconds < 60) return unit(Math.max(0, seconds), 'second');
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return unit(minutes, 'minute');
  return `${unit(Math.floor(minutes / 60), 'hour')} ${String(minutes % 60).padStart(2, '0')} min`;
}

function dateOf(dateIso, options) {
  return new Intl.DateTimeFormat(displayLocale(), { ...options, timeZone: 'UTC' }).format(new Date(`${dateIso}T00:00:00Z`));
}

/** A period's short name on a chart's axis: its first day ("27 nov"; with the year when the range spans years). */
export function periodTick(periodIso, withYear) {
  return dateOf(periodIso, { day: 'numeric', month: 'short', ...(withYear ? { year: '2-digit' } : {}) });
}

/** A period's name in a table: the day ("27 nov 2026") or the week ("Semana del 23 nov 2026"). */
export function periodName(periodIso, granularity) {
  const day = dateOf(periodIso, { day: 'numeric', month: 'short', year: 'numeric' });
  return granularity === 'week' ? t('reportsWeekOf', { date: day }) : day;
}

/** A report's dates for people ("27 nov – 3 dic 2026"). */
export function rangeName(fromIso, toIso) {
  const format = new Intl.DateTimeFormat(displayLocale(), { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
  return format.formatRange(new Date(`${fromIso}T00:00:00Z`), new Date(`${toIso}T00:00:00Z`));
}
