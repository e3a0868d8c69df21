// The transcript: one bubble per message, debtor on the left, bot and agents on the right, each
// labelled with who wrote it. Message text is always set as text.
import { clear, el } from './dom.js';
import { messageTime } from './format.js';
import { t } from './i18n.js';

function authorLabel(line) {
  if (line.author === 'agent') return line.agentName ? `${line.agentName} (${t('author_agent')})` : t('author_agent');
  return t(`author_${line.author}`);
}

function bubble(line, nowMs) {
  return el('li', { className: `bubble bubble-${line.author}`, attrs: { 'data-id': line.id } }, [
    el('div', { className: 'bubble-meta' }, [
      el('span', { className: 'bubble-author', text: authorLabel(line) }),
      el('time', { className: 'bubble-time', text: messageTime(line.atIso, nowMs), attrs: { datetime: line.atIso } }),
    ]),
    el('p', { className: 'bubble-text', text: line.text }),
  ]);
}

/**
 * Shows `lines` in `list`: appends new messages when the list already shows the start of the
 * transcript, otherwise redraws it; stays scrolled to the newest message when it was there.
 */
export function renderTranscript(list, lines, nowMs) {
  const shown = [...list.querySelectorAll('li[data-id]')];
  const extendsShown =
    shown.length > 0 && shown.length <= lines.length && shown.every((item, index) => item.dataset.id === lines[index].id);
  const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 48;
  if (extendsShown) {
    shown.forEach((item, index) => {
      const text = item.querySelector('.bubble-text');
      if (text && text.textContent !== lines[index].text) text.textContent = lines[index].text;
    });
    for (const line of lines.slice(shown.length)) list.append(bubble(line, nowMs));
  } else {
    clear(list);
    if (lines.length === 0) list.append(el('li', { className: 'transcript-empty', text: t('transcriptEmpty') }));
    for (const line of lines) list.append(bubble(line, nowMs));
  }
  if (atBottom || !extendsShown) list.scrollTop = list.scrollHeight;
}
