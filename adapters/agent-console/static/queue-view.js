// The live queue: reason (disputes first), waiting time, channel, verified or not (the name only once
// verified), the debtor's last message (masked by the server, set as text), who holds it.
/* global document, CSS */
import { clear, el } from './dom.js';
import { channelName, waitingTime } from './format.js';
import { hasText, t } from './i18n.js';

function holderText(item, me) {
  if (item.status === 'queued') return t('waiting');
  if (item.holder?.id === me.id) return t('yours');
  return item.holder?.name ? t('heldBy', { name: item.holder.name }) : t('heldBySomeone');
}

function reasonText(reason) {
  return hasText(`reason_${reason}`) ? t(`reason_${reason}`) : reason;
}

/** Renders the queue into `list`; keeps keyboard focus on the same conversation across re-renders. */
export function renderQueue(list, items, { me, openId, nowMs, onSelect }) {
  const focusedId = document.activeElement?.closest?.('[data-conversation-id]')?.dataset.conversationId ?? null;
  clear(list);
  for (const item of items) {
    const wait = waitingTime(item.queuedAtIso, nowMs);
    const verified = item.verified ? t('verified') : t('notVerified');
    const status = holderText(item, me);
    const lastMessage = item.lastMessage ? t('lastMessage', { text: item.lastMessage }) : null;
    const label = [
      reasonText(item.reason),
      t('waitingFor', { time: wait }),
      channelName(item.channel),
      verified,
      item.debtorName,
      lastMessage,
      status,
    ]
      .filter(Boolean)
      .join(', ');
    const classes = ['queue-item', `priority-${Math.min(item.priority, 4)}`, `status-${item.status}`];
    if (item.holder?.id === me.id) classes.push('is-mine');
    if (item.conversationId === openId) classes.push('is-open');
    const button = el(
      'button',
      {
        className: classes.join(' '),
        attrs: {
          type: 'button',
          'data-conversation-id': item.conversationId,
          'aria-label': label,
          'aria-current': item.conversationId === openId ? 'true' : false,
        },
        on: { click: () => onSelect(item) },
      },
      [
        el('span', { className: 'queue-line' }, [
          el('span', { className: `reason-badge reason-${item.reason}`, text: reasonText(item.reason) }),
          el('span', { className: 'queue-wait', text: wait, attrs: { 'data-queued-at': item.queuedAtIso } }),
        ]),
        el('span', { className: 'queue-line queue-facts' }, [
          el('span', { className: 'queue-channel', text: channelName(item.channel) }),
          el('span', { className: item.verified ? 'verified-badge' : 'unverified-badge', text: verified }),
        ]),
        item.debtorName ? el('span', { className: 'queue-name', text: item.debtorName }) : null,
        item.lastMessage ? el('span', { className: 'queue-preview', text: item.lastMessage, attrs: { title: item.lastMessage } }) : null,
        el('span', { className: 'queue-line queue-status' }, [
          el('span', { text: status }),
          item.status === 'queued' ? el('span', { className: 'queue-action', text: t('take'), attrs: { 'aria-hidden': 'true' } }) : null,
        ]),
      ],
    );
    list.append(el('li', {}, [button]));
  }
  if (focusedId) list.querySelector(`[data-conversation-id="${CSS.escape(focusedId)}"]`)?.focus();
}

/** The queue with one conversation's last-message preview replaced (from a live `preview` event). */
export function withPreview(items, { conversationId, lastMessage }) {
  return items.map((item) => (item.conversationId === conversationId ? { ...item, lastMessage } : item));
}

/** Refreshes only the waiting times (every half minute). */
export function refreshWaitingTimes(list, nowMs) {
  for (const span of list.querySelectorAll('[data-queued-at]')) span.textContent = waitingTime(span.dataset.queuedAt, nowMs);
}
