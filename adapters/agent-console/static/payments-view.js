// The debtor panel's "Payments" section: per account the balance and credit, how the plan stands (current, late,
// completed), its schedule with what each line has been paid and what is left, each payment received with where it
// went in words (down payment, installment 2, balance, credit, discount written off) — reversed ones struck through —
// and the debtor's "I already paid" claims. Money arrives in minor units and is formatted in the debtor's locale, like
// the account cards above it. Every text is set as text.
import { api } from './api.js';
import { clear, el } from './dom.js';
import { calendarDate, money } from './format.js';
import { labelOf, t } from './i18n.js';

/** Payments shown per account (newest first); older ones are counted. */
const paymentsPerAccount = 12;

/** The section on the page and the debtor it shows; the last answer `{ debtorId, data | failed }`; reads by number. */
const shown = { section: null, debtor: null, answer: null, reads: 0 };

/** The words for one part of a payment: "Pie" / "Down payment", "Cuota 2", "Saldo", "Saldo a favor", "Descuento condonado". */
export function applicationLabel(application, agreementKinds) {
  if (application.target === 'installment') return t('target_installment', { sequence: application.sequence });
  if (application.target === 'lump_sum')
    return agreementKinds.get(application.agreementId) === 'settlement' ? t('target_settlement') : t('target_lump_sum');
  return labelOf('target', application.target);
}

/** A payment's source as people read it ("Archivo del banco", "Mercado Pago"…), the code when unknown. */
export function sourceLabel(source) {
  return labelOf('paymentSource', source);
}

function obligationLabel(obligation, kind) {
  if (obligation.target === 'installment') return t('target_installment', { sequence: obligation.sequence });
  return kind === 'settlement' ? t('target_settlement') : t('target_lump_sum');
}

function scheduleTable(account, todayIso, format) {
  const agreement = account.agreement;
  return el('table', { className: 'schedule-table' }, [
    el('caption', { text: agreement.kind === 'plan' ? t('kind_plan', { count: installmentCount(agreement) }) : t('kind_settlement') }),
    el('thead', {}, [
      el('tr', {}, [
        el('th', { text: t('scheduleItem'), attrs: { scope: 'col' } }),
        el('th', { text: t('schedulePaid'), attrs: { scope: 'col' } }),
        el('th', { text: t('scheduleLeft'), attrs: { scope: 'col' } }),
      ]),
    ]),
    el(
      'tbody',
      {},
      agreement.obligations.map((obligation) => {
        const left = Math.max(0, obligation.amountMinor - obligation.paidMinor);
        const overdue = left > 0 && obligation.dueDateIso < todayIso;
        const state = left === 0 ? 'paid' : overdue ? 'overdue' : obligation.paidMinor > 0 ? 'partial' : 'open';
        return el(
          'tr',
          {
            className: `obligation obligation-${state}`,
            attrs: { 'data-target': obligation.target, 'data-sequence': obligation.sequence },
          },
          [
            el('th', { attrs: { scope: 'row' } }, [
              el('span', { className: 'obligation-name', text: obligationLabel(obligation, agreement.kind) }),
              el('time', {
                className: 'obligation-due',
                text: calendarDate(obligation.dueDateIso),
                attrs: { datetime: obligation.dueDateIso },
              }),
              overdue ? el('span', { className: 'overdue-mark', text: t('scheduleOverdue') }) : null,
            ]),
            el('td', {}, [
              el('span', { className: 'obligation-paid-amount', text: format(obligation.paidMinor) }),
              el('span', { className: 'obligation-amount', text: t('scheduleOf', { amount: format(obligation.amountMinor) }) }),
            ]),
            el('td', { className: 'obligation-left' }, [
              left === 0 ? el('span', { className: 'paid-mark', text: t('schedulePaidInFull') }) : el('span', { text: format(left) }),
            ]),
          ],
        );
      }),
    ),
  ]);
}

function installmentCount(agreement) {
  return agreement.obligations.filter((item) => item.target === 'installment').length;
}

function paymentItem(payment, agreementKinds, format) {
  const reversal = payment.kind === 'reversal';
  const reversed = Boolean(payment.reversedAtIso);
  const sign = reversal ? -1 : 1;
  return el(
    'li',
    {
      className: `payment-item${reversed ? ' payment-reversed' : ''}${reversal ? ' payment-reversal' : ''}`,
      attrs: { 'data-payment-id': payment.id },
    },
    [
      el('div', { className: 'payment-head' }, [
        reversal ? el('span', { className: 'payment-kind', text: t('paymentReversal') }) : null,
        el(reversed ? 's' : 'span', { className: 'payment-amount', text: format(sign * payment.amountMinor) }),
        el('time', { className: 'payment-date', text: calendarDate(payment.paidOnIso), attrs: { datetime: payment.paidOnIso } }),
        reversed ? el('span', { className: 'reversed-badge', text: t('paymentReversed') }) : null,
      ]),
      el('p', { className: 'payment-source', text: sourceLabel(payment.source) }),
      payment.applications.length > 0
        ? el(
            'ul',
            { className: 'payment-applications' },
            payment.applications.map((part) =>
              el('li', { className: `application application-${part.target}` }, [
                el('span', { className: 'application-target', text: applicationLabel(part, agreementKinds) }),
                el('span', { className: 'application-amount', text: format(part.amountMinor) }),
              ]),
            ),
          )
        : null,
    ],
  );
}

function claimItem(claim, format) {
  const amount = claim.amountMinor === null ? t('claimAmountUnknown') : format(claim.amountMinor);
  const date = claim.paidOnIso ? calendarDate(claim.paidOnIso) : t('claimDateUnknown');
  return el('li', { className: `claim-item claim-${claim.status}` }, [
    el('span', { text: `${amount} · ${date}` }),
    el('span', { className: `claim-status claim-status-${claim.status}`, text: labelOf('claimStatus', claim.status) }),
  ]);
}

function accountPayments(account, debtor) {
  const format = (amountMinor) => money(amountMinor, account.currency, account.currencyDigits, debtor.locale);
  const agreementKinds = new Map((debtor.agreements ?? []).map((agreement) => [agreement.id, agreement.kind]));
  if (account.agreement) agreementKinds.set(account.agreement.id, account.agreement.kind);
  const payments = account.payments.slice(0, paymentsPerAccount);
  const more = account.payments.length - payments.length;
  const standing = account.agreement?.standing;
  return el('article', { className: 'payments-account', attrs: { 'data-account-ref': account.accountRef } }, [
    el('div', { className: 'account-head' }, [
      el('span', { className: 'account-ref', text: account.accountRef }),
      standing
        ? el('span', {
            className: `standing-badge standing-${standing}`,
            text: t('standingOf', { standing: labelOf('standing', standing) }),
          })
        : null,
    ]),
    el('dl', { className: 'account-facts' }, [
      el('dt', { text: t('balance') }),
      el('dd', { className: 'payments-balance', text: format(account.balanceMinor) }),
      el('dt', { text: t('credit') }),
      el('dd', { className: 'payments-credit', text: format(account.creditMinor) }),
    ]),
    account.agreement ? scheduleTable(account, debtor.todayIso, format) : null,
    el('h4', { text: t('paymentsReceived') }),
    payments.length > 0
      ? el(
          'ul',
          { className: 'payment-list' },
          payments.map((payment) => paymentItem(payment, agreementKinds, format)),
        )
      : el('p', { className: 'muted small', text: t('noPayments') }),
    more > 0 ? el('p', { className: 'muted small', text: t('paymentsMore', { count: more }) }) : null,
    account.claims.length > 0 ? el('h4', { text: t('paymentClaims') }) : null,
    account.claims.length > 0
      ? el(
          'ul',
          { className: 'claim-list' },
          account.claims.map((claim) => claimItem(claim, format)),
        )
      : null,
  ]);
}

function draw() {
  const { section, debtor, answer } = shown;
  if (!section || !debtor) return;
  clear(section);
  section.append(el('h3', { text: t('paymentsTitle'), attrs: { id: 'payments-title' } }));
  const mine = answer?.debtorId === debtor.id ? answer : null;
  if (!mine) return void section.append(el('p', { className: 'muted small', text: t('paymentsLoading') }));
  if (mine.failed) return void section.append(el('p', { className: 'form-error', text: t('paymentsFailed') }));
  const accounts = mine.data.accounts;
  if (accounts.length === 0) return void section.append(el('p', { className: 'muted', text: t('paymentsNoAccounts') }));
  section.append(...accounts.map((account) => accountPayments(account, debtor)));
}

async function load(debtorId) {
  shown.reads += 1;
  const read = shown.reads;
  let answer;
  try {
    answer = { debtorId, data: await api('GET', `/debtors/${encodeURIComponent(debtorId)}/payments`) };
  } catch (error) {
    // A 401 shows the login; anything else says so in the section (keeping what was shown when it is a refresh).
    if (error.status === 401) return;
    answer = shown.answer?.debtorId === debtorId && !shown.answer.failed ? shown.answer : { debtorId, failed: true };
  }
  if (read !== shown.reads) return;
  shown.answer = answer;
  if (shown.section?.isConnected && shown.debtor?.id === debtorId) draw();
}

/**
 * The Payments section of the verified debtor `debtor` (the conversation view's debtor: id, locale, todayIso,
 * agreements). Draws what it last knew of this debtor at once and reads the payments again; a later call replaces it.
 */
export function paymentsSection(debtor) {
  const section = el('section', { className: 'payments-section', attrs: { 'aria-labelledby': 'payments-title' } });
  shown.section = section;
  shown.debtor = debtor;
  draw();
  void load(debtor.id);
  return section;
}
