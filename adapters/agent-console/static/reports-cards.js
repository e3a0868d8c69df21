// The reports page's headline cards: one figure per card, big, with what explains it underneath, drawn from the
// summary (`GET /agent/api/reports/summary`). Money is listed per currency, never summed.
import { clear, el } from './dom.js';
import { count, duration, money, noFigure, percent } from './reports-format.js';
import { t } from './i18n.js';

/** A card: `name` (its data-card), title, the figure (text or an element), and detail lines (texts or elements). */
function card(name, title, value, details) {
  return el('article', { className: 'report-card', attrs: { 'data-card': name } }, [
    el('h3', { className: 'report-card-title', text: title }),
    typeof value === 'string' ? el('p', { className: 'report-card-value', text: value }) : value,
    ...details.map((detail) => (typeof detail === 'string' ? el('p', { className: 'report-card-detail', text: detail }) : detail)),
  ]);
}

/** One line per currency (`className` sets its size): the amount, and optionally a note ("12,5 % del saldo"). */
function moneyList(byCurrency, className, noteOf = () => null) {
  const currencies = Object.keys(byCurrency ?? {});
  if (currencies.length === 0) return el('p', { className, text: noFigure });
  return el(
    'ul',
    { className: `${className} report-money-list` },
    currencies.map((currency) =>
      el('li', { attrs: { 'data-currency': currency } }, [
        el('span', { className: 'report-money', text: money(byCurrency[currency], currency) }),
        noteOf(currency) ? el('span', { className: 'report-money-note', text: noteOf(currency) }) : null,
      ]),
    ),
  );
}

/** Draws the headline cards of `summary` into `container`. */
export function renderCards(container, summary) {
  const { handoffs, promises, agreements, nlu } = summary;
  clear(container);
  container.append(
    card('conversations', t('cardConversations'), count(summary.conversations), [
      t('cardVerified', { count: count(summary.verifiedConversations), share: percent(summary.verifiedShare) }),
    ]),
    card('self-service', t('cardSelfService'), percent(summary.selfServiceRate), [
      t('cardSelfServed', { count: count(summary.selfServedConversations), total: count(summary.conversations) }),
    ]),
    card('handoffs', t('cardHandoffs'), count(handoffs.count), [
      t('cardWaiting', { count: count(handoffs.waiting) }),
      t('cardWait', { p50: duration(handoffs.waitP50Seconds), p90: duration(handoffs.waitP90Seconds) }),
      t('cardAnswer', { p50: duration(handoffs.answerP50Seconds), p90: duration(handoffs.answerP90Seconds) }),
    ]),
    card('promises', t('cardPromises'), count(promises.made), [
      t('cardPromisesOutcome', { kept: count(promises.kept), broken: count(promises.broken) }),
      t('cardKeptRate', { rate: percent(promises.keptRate) }),
    ]),
    card('agreements', t('cardAgreements'), count(agreements.created), [
      t('cardAgreementsStanding', { current: count(agreements.current), late: count(agreements.late) }),
      t('cardAgreementsDone', { completed: count(agreements.completed), ended: count(agreements.ended) }),
    ]),
    card(
      'recovered',
      t('cardRecovered'),
      moneyList(summary.recoveredByCurrency, 'report-card-value', (currency) =>
        t('cardRecoveryRate', { rate: percent(summary.recoveryRateByCurrency?.[currency] ?? null) }),
      ),
      [],
    ),
    card('opt-outs', t('cardOptOuts'), count(summary.optOuts), [t('cardOptOutsDetail')]),
    card('nlu', t('cardNlu'), percent(nlu.fallbackRate), [
      t('cardNluDetail', { fallbacks: count(nlu.fallbacks), messages: count(nlu.messages) }),
    ]),
    card('accounts', t('cardAccounts'), count(summary.accounts), [
      t('cardOpenBalance'),
      moneyList(summary.portfolioBalanceByCurrency, 'report-card-detail'),
    ]),
  );
}
