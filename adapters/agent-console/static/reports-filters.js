// The reports page's filter bar: the dates (by default the last 30 days, UTC like the reports), day or week, and the
// channel, country, product and currency to narrow to. Applying keeps the filters in the page's address, so a reload
// or a bookmark shows the same report.
/* global location, history, URLSearchParams */
import { byId, show } from './dom.js';
import { t } from './i18n.js';

/** The filters' names: the form's fields and the API's query parameters. */
const names = ['from', 'to', 'granularity', 'channel', 'country', 'product', 'currency'];
/** Days a default report covers, today included. */
const defaultDays = 30;

const form = byId('report-filters');
const error = byId('filters-error');

/** The UTC date `days` before today, YYYY-MM-DD. */
function utcDateBefore(days) {
  const date = new Date();
  date.setUTCDate(date.getUTCDate() - days);
  return date.toISOString().slice(0, 10);
}

function field(name) {
  return form.elements.namedItem(name);
}

/** The filters as a query string, empty fields left out ("from=2026-11-04&to=2026-12-03&granularity=day"). */
export function filterQuery() {
  const query = new URLSearchParams();
  for (const name of names) {
    const value = field(name).value.trim();
    if (value !== '') query.set(name, value);
  }
  return query.toString();
}

/** Shows why the filters cannot be applied (null hides it). */
export function showFilterError(text) {
  error.textContent = text ?? '';
  show(error, Boolean(text));
}

/**
 * Fills the form from the page's address, or with the defaults, and calls `onApply(query)` whenever the filters are
 * applied (the form checks its fields first, and that the range does not end before it starts).
 */
export function initFilters(onApply) {
  const fromAddress = new URLSearchParams(location.search);
  for (const name of names) if (fromAddress.has(name)) field(name).value = fromAddress.get(name);
  if (!field('to').value) field('to').value = utcDateBefore(0);
  if (!field('from').value) field('from').value = utcDateBefore(defaultDays - 1);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    showFilterError(null);
    if (!form.reportValidity()) return;
    if (field('from').value > field('to').value) {
      showFilterError(t('reportsFromAfterTo'));
      field('from').focus();
      return;
    }
    const query = filterQuery();
    history.replaceState(null, '', `${location.pathname}?${query}`);
    onApply(query);
  });
}
