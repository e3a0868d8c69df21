// Dates, times and waiting times for people, in the console's language.
import { displayLocale, t } from './i18n.js';

/** "12 min", "1 h 05 min" or "<1 min" since `sinceIso` at `nowMs`. */
export function waitingTime(sinceIso, nowMs) {
  const minutes = Math.max(0, Math.floor((nowMs - Date.parse(sinceIso)) / 60_000));
  if (minutes < 1) return t('lessThanMinute');
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  return `${hours} h ${String(minutes % 60).padStart(2, '0')} min`;
}

/** A message time: "14:05" today, "23 nov 14:05" on another day. */
export function messageTime(atIso, nowMs) {
  const at = new Date(atIso);
  const sameDay = new Date(nowMs).toDateString() === at.toDateString();
  const options = sameDay ? { hour: '2-digit', minute: '2-digit' } : { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' };
  return new Intl.DateTimeFormat(displayLocale(), options).format(at);
}

/** A calendar date `YYYY-MM-DD` as people read it ("15 mar 2026"). */
export function calendarDate(dateIso) {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(dateIso ?? '')) return dateIso ?? '';
  return new Intl.DateTimeFormat(displayLocale(), { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(`${dateIso}T00:00:00Z`),
  );
}

/** A channel id as people read it. */
export function channelName(channel) {
  const names = { webchat: 'Web chat', telegram: 'Telegram', whatsapp: 'WhatsApp', whatsapp_cloud: 'WhatsApp Cloud', test: 'Test' };
  return names[channel] ?? channel;
}

const moneyFormats = new Map();

/**
 * An amount for people: `amountMinor` (an integer count of minor units) of `currency`, whose minor unit has `digits`
 * decimals (the API sends them), in `locale` ("$1.250.000" for CLP in es-CL, "S/ 3,480.50" for PEN in es-PE); a
 * negative amount starts with a minus sign ("−$50.000") in every locale. Exact: the amount reaches Intl as a decimal
 * string, never through a float.
 */
export function money(amountMinor, currency, digits, locale = displayLocale()) {
  const places = Number.isInteger(digits) && digits >= 0 ? digits : 2;
  const units = String(Math.abs(amountMinor)).padStart(places + 1, '0');
  const major = places === 0 ? units : `${units.slice(0, -places)}.${units.slice(-places)}`;
  const sign = amountMinor < 0 ? '\u2212' : '';
  const key = `${locale}|${currency}|${places}`;
  try {
    let format = moneyFormats.get(key);
    if (!format) {
      format = new Intl.NumberFormat(locale, {
        style: 'currency',
        currency,
        minimumFractionDigits: places,
        maximumFractionDigits: places,
      });
      moneyFormats.set(key, format);
    }
    return `${sign}${format.format(major)}`;
  } catch {
    return `${sign}${major} ${currency}`;
  }
}
