// The debtor panel: accounts, balances, agreements, promises and the contact log — only for a debtor verified in
// the conversation; otherwise a note that no account data is shown.
import { clear, el, show } from './dom.js';
import { calendarDate, channelName, messageTime } from './format.js';
import { displayName, hasText, labelOf, t } from './i18n.js';
import { paymentsSection } from './payments-view.js';

function statusText(status) {
  return hasText(`status_${status}`) ? t(`status_${status}`) : status;
}

function accountCard(account) {
  return el('li', { className: `account-card account-${account.status}` }, [
    el('div', { className: 'account-head' }, [
      el('span', { className: 'account-ref', text: `${account.externalRef}` }),
      el('span', { className: `status-badge status-${account.status}`, text: statusText(account.status) }),
    ]),
    el('p', { className: 'account-product', text: account.product.replaceAll('_', ' ') }),
    el('dl', { className: 'account-facts' }, [
      el('dt', { text: t('balance') }),
      el('dd', { className: 'account-balance', text: account.balance }),
      el('dt', { text: t('original') }),
      el('dd', { text: account.originalAmount }),
      el('dt', { text: t('dueDate') }),
      el('dd', { text: calendarDate(account.dueDateIso) }),
    ]),
    account.hasActiveAgreement ? el('p', { className: 'agreement-flag', text: t('hasAgreement') }) : null,
  ]);
}

function agreementItem(agreement) {
  const first = agreement.installments[0];
  const title = agreement.kind === 'plan' ? t('kind_plan', { count: agreement.installmentCount }) : t('kind_settlement');
  return el('li', { className: 'record-item' }, [
    el('p', { className: 'record-title', text: `${agreement.accountRef} · ${title}` }),
    el('p', { text: `${agreement.agreedAmount} · ${agreement.status}` }),
    agreement.kind === 'plan' && agreement.downPaymentDueIso
      ? el('p', { text: t('downPaymentOf', { amount: agreement.downPayment }) })
      : null,
    first
      ? el('p', {
          text: `${t('installmentsOf', { count: agreement.installmentCount, amount: first.amount })} · ${calendarDate(first.dueDateIso)}…`,
        })
      : null,
  ]);
}

function promiseItem(promise) {
  return el('li', { className: 'record-item' }, [
    el('p', { className: 'record-title', text: `${promise.accountRef} · ${promise.amount}` }),
    el('p', { text: `${calendarDate(promise.dueDateIso)} · ${promise.status}` }),
  ]);
}

/** Renders the panel into `container`; returns true when a verified debtor is shown. */
export function renderDebtor(container, detail) {
  clear(container);
  if (!detail) {
    container.append(el('p', { className: 'muted', text: t('noConversation') }));
    return false;
  }
  const debtor = detail.debtor;
  if (!debtor) {
    container.append(el('p', { className: 'not-verified-note', attrs: { role: 'note' }, text: t('notVerifiedNote') }));
    return false;
  }
  container.append(
    el('p', { className: 'debtor-name', text: debtor.fullName }),
    el('p', { className: 'muted', text: `${displayName('region', debtor.country)} · ${displayName('language', debtor.language)}` }),
    el('h3', { text: t('accounts') }),
    el('ul', { className: 'account-list' }, debtor.accounts.map(accountCard)),
    el('h3', { text: t('agreements') }),
    debtor.agreements.length > 0
      ? el('ul', { className: 'record-list' }, debtor.agreements.map(agreementItem))
      : el('p', { className: 'muted', text: t('noAgreements') }),
    el('h3', { text: t('promises') }),
    debtor.promises.length > 0
      ? el('ul', { className: 'record-list' }, debtor.promises.map(promiseItem))
      : el('p', { className: 'muted', text: t('noPromises') }),
    paymentsSection(debtor),
  );
  return true;
}

function contactItem(entry, nowMs) {
  const details = [labelOf('contactOutcome', entry.outcome), entry.reason ? t('contactReason', { reason: entry.reason }) : null];
  return el('li', { className: `record-item contact-item contact-${entry.outcome}` }, [
    el('p', { className: 'record-title', text: `${labelOf('contactKind', entry.kind)} · ${channelName(entry.channel)}` }),
    el('p', {}, [
      el('time', { text: messageTime(entry.atIso, nowMs), attrs: { datetime: entry.atIso } }),
      el('span', { className: 'contact-outcome', text: ` · ${details.filter(Boolean).join(' · ')}` }),
    ]),
  ]);
}

/**
 * Renders the contact log of the conversation's verified debtor into `container` (hidden when `contacts` is null:
 * no verified debtor, or not loaded yet): the pauses in force, for supervisors a pause/resume button for this debtor
 * (`onToggle(button)`), and the contacts newest first.
 */
export function renderContactLog(container, contacts, { canPause, onToggle, nowMs }) {
  clear(container);
  show(container, Boolean(contacts));
  if (!contacts) return;
  const log = [...contacts.log].sort((a, b) => (a.atIso < b.atIso ? 1 : a.atIso > b.atIso ? -1 : 0));
  const parts = [
    el('h3', { text: t('contactLogTitle'), attrs: { id: 'contact-log-title' } }),
    contacts.paused ? el('p', { className: 'contact-paused', text: t('contactsPausedDebtor') }) : null,
    contacts.pausedAll ? el('p', { className: 'contact-paused', text: t('contactsPausedAll') }) : null,
    canPause
      ? el('button', {
          className: 'button-secondary contact-pause-button',
          text: contacts.paused ? t('contactsResume') : t('contactsPause'),
          attrs: { type: 'button' },
          on: { click: (event) => onToggle(event.currentTarget) },
        })
      : null,
    log.length > 0
      ? el(
          'ul',
          { className: 'record-list contact-list' },
          log.map((entry) => contactItem(entry, nowMs)),
        )
      : el('p', { className: 'muted', text: t('contactLogEmpty') }),
  ];
  container.append(...parts.filter(Boolean));
}

/** Fills an account <select> with the debtor's accounts, keeping the previous choice when it still exists. */
export function fillAccountSelect(select, accounts) {
  const previous = select.value;
  clear(select);
  for (const account of accounts)
    select.append(el('option', { text: `${account.externalRef} · ${account.balance}`, attrs: { value: account.id } }));
  if (accounts.some((account) => account.id === previous)) select.value = previous;
}
