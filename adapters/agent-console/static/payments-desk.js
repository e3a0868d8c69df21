// The payments desk (any agent): payments no reference matched, to assign to an account by its reference, and the
// debtors' open "I already paid" claims, to match to one of that account's payments or to an unmatched payment.
// Refreshed every 30 s while it is open and visible; rows stay in place across refreshes so that what an agent is
// typing or choosing is kept. Amounts in the console's language. Every text is set as text.
/* global crypto, document */
import { api, ApiError } from './api.js';
import { byId, clear, el, show } from './dom.js';
import { calendarDate, messageTime, money } from './format.js';
import { hasText, t } from './i18n.js';
import { sourceLabel } from './payments-view.js';
import { makePolledPanel } from './polled-panel.js';

const pollMs = 30_000;
/** Rows shown per list (the API sends up to 200, oldest first). */
const rowsPerList = 50;

const view = {
  status: byId('payments-desk-status'),
  unmatched: byId('payments-desk-unmatched'),
  unmatchedCount: byId('payments-desk-unmatched-count'),
  unmatchedEmpty: byId('payments-desk-unmatched-empty'),
  unmatchedMore: byId('payments-desk-unmatched-more'),
  claims: byId('payments-desk-claims'),
  claimsCount: byId('payments-desk-claims-count'),
  claimsEmpty: byId('payments-desk-claims-empty'),
  claimsMore: byId('payments-desk-claims-more'),
};

const desk = {
  /** The last answer `{ unmatched, claims }`, or null before the first. */
  data: null,
  /** Drawn rows by key (`unmatched:<id>`, `claim:<id>`): `{ element, item, pending, refill? }`. */
  rows: new Map(),
  /** Each claim's debtor's payments by debtor id: `{ state: 'loading' | 'ready' | 'failed', accounts }`. */
  debtors: new Map(),
  hooks: { errorText: (error) => String(error), onChanged: () => {} },
};

const polled = makePolledPanel({
  name: 'payments-desk',
  pollMs,
  refresh,
  onOpen: () => {
    desk.debtors.clear();
    render();
  },
  onAccessLost: () => {
    desk.data = null;
    forgetRows();
  },
});

function newKey() {
  return crypto.randomUUID().replaceAll('-', '');
}

function format(item, amountMinor) {
  return money(amountMinor, item.currency, item.currencyDigits);
}

function deskErrorText(error) {
  if (error instanceof ApiError && hasText(`deskError_${error.code}`)) return t(`deskError_${error.code}`);
  return desk.hooks.errorText(error);
}

function forgetRows() {
  desk.rows.clear();
  clear(view.unmatched);
  clear(view.claims);
}

function rowError(row, text) {
  const target = row.element.querySelector('.form-error');
  target.textContent = text ?? '';
  show(target, Boolean(text));
}

/**
 * Sends a row's action with one idempotency key per action: the same key again only when the same request is retried
 * after it may not have arrived (no answer, or a server error).
 */
async function act(row, button, path, body, done) {
  const request = JSON.stringify([path, body]);
  if (row.pending?.request !== request) row.pending = { request, key: newKey() };
  rowError(row, null);
  button.disabled = true;
  try {
    const answer = await api('POST', path, body, row.pending.key);
    row.pending = null;
    polled.announce(done(answer));
    desk.debtors.clear();
    desk.hooks.onChanged();
    await refresh();
  } catch (error) {
    if (error.status && error.status < 500) row.pending = null;
    rowError(row, deskErrorText(error));
  } finally {
    button.disabled = false;
  }
}

function unmatchedRow(payment) {
  const inputId = `unmatched-${payment.id}-account`;
  const row = { item: payment, pending: null, element: null };
  const input = el('input', {
    attrs: { id: inputId, name: 'accountRef', type: 'text', autocomplete: 'off', required: true, maxlength: 100, spellcheck: 'false' },
  });
  const button = el('button', { className: 'button-secondary', text: t('deskAssign'), attrs: { type: 'submit' } });
  row.element = el('li', { className: 'desk-item desk-unmatched', attrs: { 'data-key': `unmatched:${payment.id}` } }, [
    el('div', { className: 'desk-facts' }, [
      el('span', { className: 'desk-amount', text: format(payment, payment.amountMinor) }),
      el('time', { text: calendarDate(payment.paidOnIso), attrs: { datetime: payment.paidOnIso } }),
      el('span', { className: 'muted', text: sourceLabel(payment.source) }),
    ]),
    el('p', { className: 'desk-reference', text: t('deskReference', { reference: payment.reference }) }),
    el(
      'form',
      {
        className: 'desk-action',
        on: {
          submit: (event) => {
            event.preventDefault();
            const accountRef = input.value.trim();
            if (!accountRef) return void input.reportValidity();
            void act(row, button, `/unmatched-payments/${encodeURIComponent(payment.id)}/assign`, { accountRef }, (answer) =>
              t('deskAssigned', { accountRef: answer.accountRef }),
            );
          },
        },
      },
      [
        el('label', { text: t('deskAssignLabel'), attrs: { for: inputId } }),
        el('div', { className: 'desk-action-row' }, [input, button]),
        el('p', { className: 'form-error', attrs: { role: 'alert', hidden: true } }),
      ],
    ),
  ]);
  return row;
}

/** The options a claim can be matched to: its account's payments (not reversed) and the unmatched ones in its currency. */
function claimOptions(claim) {
  const options = [];
  const known = desk.debtors.get(claim.debtorId);
  const account = known?.state === 'ready' ? known.accounts.find((candidate) => candidate.accountId === claim.accountId) : null;
  const sameAmount = (amountMinor) => (claim.amountMinor !== null && amountMinor === claim.amountMinor ? ` · ${t('deskSameAmount')}` : '');
  const accountGroup = { label: t('deskAccountPayments', { accountRef: claim.accountRef }), options: [] };
  if (!known || known.state === 'loading') accountGroup.options.push({ value: '', text: t('deskAccountPaymentsLoading'), disabled: true });
  for (const payment of account?.payments ?? []) {
    if (payment.kind !== 'payment' || payment.reversedAtIso) continue;
    accountGroup.options.push({
      value: `payment:${payment.id}`,
      text: `${format(claim, payment.amountMinor)} · ${calendarDate(payment.paidOnIso)} · ${sourceLabel(payment.source)}${sameAmount(payment.amountMinor)}`,
    });
  }
  if (accountGroup.options.length > 0) options.push(accountGroup);
  const unmatched = (desk.data?.unmatched ?? []).filter((payment) => payment.currency === claim.currency);
  if (unmatched.length > 0)
    options.push({
      label: t('deskUnmatchedOptions'),
      options: unmatched.map((payment) => ({
        value: `unmatched:${payment.id}`,
        text: `${format(payment, payment.amountMinor)} · ${calendarDate(payment.paidOnIso)} · ${payment.reference}${sameAmount(payment.amountMinor)}`,
      })),
    });
  return options;
}

/** Fills a claim's payment list again when what it offers changed, keeping the choice; never while it is in use. */
function refillClaim(row) {
  const select = row.element.querySelector('select');
  if (document.activeElement === select) return;
  const groups = claimOptions(row.item);
  const signature = JSON.stringify(groups);
  if (signature === row.signature) return;
  row.signature = signature;
  const previous = select.value;
  clear(select);
  select.append(el('option', { text: t('deskChoose'), attrs: { value: '' } }));
  for (const group of groups)
    select.append(
      el(
        'optgroup',
        { attrs: { label: group.label } },
        group.options.map((option) => el('option', { text: option.text, attrs: { value: option.value, disabled: option.disabled } })),
      ),
    );
  if ([...select.options].some((option) => option.value === previous && !option.disabled)) select.value = previous;
}

function claimRow(claim) {
  const selectId = `claim-${claim.id}-payment`;
  const row = { item: claim, pending: null, element: null, signature: null };
  const select = el('select', { attrs: { id: selectId, name: 'payment', required: true } });
  const button = el('button', { className: 'button-secondary', text: t('deskMatch'), attrs: { type: 'submit' } });
  const amount = claim.amountMinor === null ? t('claimAmountUnknown') : format(claim, claim.amountMinor);
  const date = claim.paidOnIso ? calendarDate(claim.paidOnIso) : t('claimDateUnknown');
  row.element = el('li', { className: 'desk-item desk-claim', attrs: { 'data-key': `claim:${claim.id}` } }, [
    el('div', { className: 'desk-facts' }, [
      el('span', { className: 'account-ref', text: claim.accountRef }),
      el('span', { className: 'desk-claim-says', text: t('deskClaimSays', { amount, date }) }),
      el('span', { className: 'muted small', text: t('deskReceived', { date: messageTime(claim.createdAtIso, Date.now()) }) }),
    ]),
    el(
      'form',
      {
        className: 'desk-action',
        on: {
          submit: (event) => {
            event.preventDefault();
            const [kind, id] = select.value.split(':');
            if (!id) return void select.reportValidity();
            const body = kind === 'payment' ? { paymentId: id } : { unmatchedPaymentId: id };
            void act(row, button, `/payment-claims/${encodeURIComponent(claim.id)}/match`, body, () => t('deskMatched'));
          },
        },
      },
      [
        el('label', { text: t('deskMatchLabel'), attrs: { for: selectId } }),
        el('div', { className: 'desk-action-row' }, [select, button]),
        el('p', { className: 'form-error', attrs: { role: 'alert', hidden: true } }),
      ],
    ),
  ]);
  row.refill = () => refillClaim(row);
  row.refill();
  return row;
}

/** Brings `list` to the rows of `items` in order, reusing the rows already drawn (their fields keep what was typed). */
function syncList(list, items, keyOf, makeRow) {
  const wanted = new Set(items.map(keyOf));
  for (const child of [...list.children]) {
    if (wanted.has(child.dataset.key)) continue;
    desk.rows.delete(child.dataset.key);
    child.remove();
  }
  let cursor = list.firstElementChild;
  for (const item of items) {
    const key = keyOf(item);
    let row = desk.rows.get(key);
    if (!row) {
      row = makeRow(item);
      desk.rows.set(key, row);
    }
    row.item = item;
    row.refill?.();
    if (row.element === cursor) cursor = cursor.nextElementSibling;
    else list.insertBefore(row.element, cursor);
  }
}

function drawList(parts, items, keyOf, makeRow) {
  const shown = items.slice(0, rowsPerList);
  parts.count.textContent = String(items.length);
  show(parts.empty, items.length === 0);
  parts.more.textContent = items.length > shown.length ? t('deskMore', { count: items.length - shown.length }) : '';
  show(parts.more, items.length > shown.length);
  syncList(parts.list, shown, keyOf, makeRow);
}

function render() {
  const data = desk.data;
  view.status.textContent = data ? '' : t('deskLoading');
  show(view.status, !data);
  if (!data) {
    forgetRows();
    for (const part of [view.unmatchedEmpty, view.claimsEmpty, view.unmatchedMore, view.claimsMore]) show(part, false);
    view.unmatchedCount.textContent = '';
    view.claimsCount.textContent = '';
    return;
  }
  drawList(
    { list: view.unmatched, count: view.unmatchedCount, empty: view.unmatchedEmpty, more: view.unmatchedMore },
    data.unmatched,
    (payment) => `unmatched:${payment.id}`,
    unmatchedRow,
  );
  drawList(
    { list: view.claims, count: view.claimsCount, empty: view.claimsEmpty, more: view.claimsMore },
    data.claims,
    (claim) => `claim:${claim.id}`,
    claimRow,
  );
}

/** Reads the payments of the debtors of the shown claims not read yet in this opening, one debtor at a time. */
async function loadClaimDebtors(current) {
  const claims = (desk.data?.claims ?? []).slice(0, rowsPerList);
  for (const debtorId of new Set(claims.map((claim) => claim.debtorId))) {
    if (desk.debtors.has(debtorId)) continue;
    desk.debtors.set(debtorId, { state: 'loading', accounts: [] });
    try {
      const answer = await api('GET', `/debtors/${encodeURIComponent(debtorId)}/payments`);
      desk.debtors.set(debtorId, { state: 'ready', accounts: answer.accounts });
    } catch {
      desk.debtors.set(debtorId, { state: 'failed', accounts: [] });
    }
    if (!current()) return;
    for (const row of desk.rows.values()) if (row.item.debtorId === debtorId) row.refill?.();
  }
}

async function refresh() {
  const current = polled.current();
  let data;
  try {
    data = await api('GET', '/payments/desk');
  } catch (error) {
    if (current()) polled.refreshFailed(error);
    return;
  }
  if (!current()) return;
  desk.data = data;
  render();
  await loadClaimDebtors(current);
}

/**
 * Wires the panel once: `announce` and `errorText` are the console's status message and error wording, `onChanged`
 * is called after a payment was assigned or a claim matched (to show the open debtor's new balance).
 */
export function initPaymentsDesk({ announce, errorText, onChanged }) {
  desk.hooks = { errorText, onChanged };
  polled.connect({ announce, errorText: deskErrorText });
}

/** Shows the Payments desk button to logged-in agents (every role); a logged-out console gets the panel closed. */
export function setPaymentsDeskAccess(allowed) {
  polled.setAccess(allowed);
}

/** Redraws the panel in the current language (fields are drawn anew). */
export function redrawPaymentsDesk() {
  forgetRows();
  if (polled.isOpen()) render();
}
