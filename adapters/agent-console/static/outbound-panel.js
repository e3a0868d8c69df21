// The supervisors' reminders panel: whether outbound contact is paused for everyone (with "Pause all" / "Resume all")
// and the stored plan of the next 7 days by the debtors' local day, with its first contacts; refreshed every 30 s
// while it is open and visible. Every text is set as text.
/* global confirm */
import { api } from './api.js';
import { byId, clear, el, show } from './dom.js';
import { channelName } from './format.js';
import { displayLocale, labelOf, t } from './i18n.js';
import { makePolledPanel } from './polled-panel.js';

const pollMs = 30_000;
const planDays = 7;
/** Contacts shown under each day (the API sends up to 50). */
const contactsPerDay = 10;
/** The kinds in the order of the debt's life; unknown kinds follow, by name. */
const kindOrder = ['pre_due', 'due_today', 'past_due', 'installment_due', 'promise_due', 'broken_promise'];

const view = {
  state: byId('outbound-state'),
  hint: byId('outbound-hint'),
  toggle: byId('outbound-toggle'),
  summary: byId('outbound-summary'),
  plan: byId('outbound-plan'),
};

const panel = {
  /** The last plan `{ pausedAll, total, days }`, or null before the first answer. */
  plan: null,
};

const polled = makePolledPanel({
  name: 'outbound',
  pollMs,
  refresh,
  onOpen: render,
  onAccessLost: () => {
    panel.plan = null;
  },
});

function byKindOrder(a, b) {
  const ia = kindOrder.indexOf(a);
  const ib = kindOrder.indexOf(b);
  if (ia !== ib) return (ia === -1 ? kindOrder.length : ia) - (ib === -1 ? kindOrder.length : ib);
  return a < b ? -1 : a > b ? 1 : 0;
}

/** "lun, 23 nov" / "Mon, Nov 23" for a local date `YYYY-MM-DD`. */
function dayLabel(dateIso) {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(dateIso ?? '')) return dateIso ?? '';
  return new Intl.DateTimeFormat(displayLocale(), { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' }).format(
    new Date(`${dateIso}T00:00:00Z`),
  );
}

/** The time as the plan states it (the debtor's local time) and its UTC offset, from `2026-11-27T10:00:00-03:00`. */
function localTimeOf(at) {
  const match = /T(\d{2}:\d{2})(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.exec(at ?? '');
  if (!match) return { time: at ?? '', offset: '' };
  return { time: match[1], offset: match[2] === 'Z' ? 'UTC' : `UTC${match[2].replace('-', '−')}` };
}

function countList(counts, nameOf, order) {
  const entries = Object.entries(counts ?? {}).sort(([a], [b]) => order(a, b));
  return el(
    'ul',
    { className: 'count-list' },
    entries.map(([code, count]) =>
      el('li', { className: 'count-item' }, [el('span', { text: nameOf(code) }), el('span', { className: 'count-badge', text: count })]),
    ),
  );
}

function contactItem(contact) {
  const { time, offset } = localTimeOf(contact.at);
  return el('li', { className: 'outbound-contact' }, [
    el('span', { className: 'outbound-contact-time' }, [
      el('time', { text: time, attrs: { datetime: contact.at } }),
      offset ? el('span', { className: 'muted small', text: ` ${offset}`, attrs: { title: t('outboundLocalTime') } }) : null,
    ]),
    el('span', { className: 'outbound-contact-debtor', text: contact.debtorRef }),
    el('span', { className: 'outbound-contact-account', text: contact.accountRef }),
    el('span', { className: 'outbound-contact-kind', text: labelOf('contactKind', contact.kind) }),
    el('span', { className: 'outbound-contact-channel', text: channelName(contact.channel) }),
  ]);
}

function dayRows(day) {
  const shown = day.contacts.slice(0, contactsPerDay);
  const more = day.count - shown.length;
  const label = dayLabel(day.date);
  return el('tbody', { className: 'outbound-day', attrs: { 'data-date': day.date } }, [
    el('tr', { className: 'outbound-day-row' }, [
      el('th', { attrs: { scope: 'row' } }, [el('time', { text: label, attrs: { datetime: day.date } })]),
      el('td', { className: 'outbound-day-total', text: day.count }),
      el('td', {}, [countList(day.byKind, (kind) => labelOf('contactKind', kind), byKindOrder)]),
      el('td', {}, [countList(day.byChannel, channelName, (a, b) => (a < b ? -1 : a > b ? 1 : 0))]),
    ]),
    el('tr', { className: 'outbound-contacts-row' }, [
      el('td', { attrs: { colspan: 4 } }, [
        el(
          'ul',
          { className: 'outbound-contact-list', attrs: { 'aria-label': t('outboundContactsOf', { date: label }) } },
          shown.map(contactItem),
        ),
        more > 0 ? el('p', { className: 'muted small outbound-more', text: t('outboundMore', { count: more }) }) : null,
      ]),
    ]),
  ]);
}

function render() {
  const plan = panel.plan;
  clear(view.plan);
  if (!plan) {
    view.state.textContent = '';
    delete view.state.dataset.state;
    show(view.hint, false);
    show(view.toggle, false);
    view.summary.textContent = t('outboundLoading');
    return;
  }
  view.state.textContent = plan.pausedAll ? t('outboundPausedAll') : t('outboundActive');
  view.state.dataset.state = plan.pausedAll ? 'paused' : 'active';
  view.hint.textContent = plan.pausedAll ? t('outboundPausedHint') : '';
  show(view.hint, plan.pausedAll);
  view.toggle.textContent = plan.pausedAll ? t('outboundResumeAll') : t('outboundPauseAll');
  view.toggle.className = plan.pausedAll ? 'button-secondary' : 'button-danger';
  show(view.toggle, true);
  const days = plan.days.filter((day) => day.count > 0);
  if (days.length === 0) {
    view.summary.textContent = '';
    view.plan.append(el('p', { className: 'outbound-empty muted', text: t('outboundEmpty') }));
    return;
  }
  view.summary.textContent = t('outboundPlanTotal', { total: plan.total });
  view.plan.append(
    el('table', { className: 'outbound-table', attrs: { 'aria-labelledby': 'outbound-plan-title' } }, [
      el('thead', {}, [
        el('tr', {}, [
          el('th', { text: t('outboundDay'), attrs: { scope: 'col' } }),
          el('th', { text: t('outboundTotal'), attrs: { scope: 'col' } }),
          el('th', { text: t('outboundByKind'), attrs: { scope: 'col' } }),
          el('th', { text: t('outboundByChannel'), attrs: { scope: 'col' } }),
        ]),
      ]),
      ...days.map(dayRows),
    ]),
  );
}

async function refresh() {
  const current = polled.current();
  let plan;
  try {
    plan = await api('GET', `/outbound/plan?days=${planDays}`);
  } catch (error) {
    if (current()) polled.refreshFailed(error);
    return;
  }
  if (!current()) return;
  panel.plan = plan;
  render();
}

async function togglePauseAll() {
  if (!panel.plan) return;
  const pausing = !panel.plan.pausedAll;
  if (pausing && !confirm(t('outboundConfirmPauseAll'))) return;
  await polled.act(view.toggle, async () => {
    await api('POST', pausing ? '/outbound/pause' : '/outbound/resume', { scope: 'all' });
    polled.announce(pausing ? t('outboundPausedAllDone') : t('outboundResumedAllDone'));
    await refresh();
  });
}

/** Wires the panel once; `announce` and `errorText` are the console's status message and error wording. */
export function initOutboundPanel({ announce, errorText }) {
  polled.connect({ announce, errorText });
  view.toggle.addEventListener('click', () => void togglePauseAll());
}

/** Shows the Reminders button to supervisors and admins only; anyone else (or a logged-out console) gets the panel closed. */
export function setOutboundAccess(isSupervisorOrAdmin) {
  polled.setAccess(isSupervisorOrAdmin);
}

/** Redraws the panel's texts (after a language switch). */
export function redrawOutboundPanel() {
  if (polled.isOpen()) render();
}
