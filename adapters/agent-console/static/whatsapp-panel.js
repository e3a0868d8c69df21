// The admin's WhatsApp panel: the connection state, the pairing QR (an SVG the server drew, shown as an
// image so no markup is ever inserted) and "Pair again"; refreshed every 5 s while it is open and visible.
/* global document, setInterval, clearInterval, confirm */
import { api } from './api.js';
import { byId, show } from './dom.js';
import { t } from './i18n.js';

const pollMs = 5000;

const view = {
  button: byId('whatsapp-button'),
  panel: byId('whatsapp-panel'),
  title: byId('whatsapp-title'),
  state: byId('whatsapp-state'),
  hint: byId('whatsapp-hint'),
  qr: byId('whatsapp-qr'),
  pair: byId('whatsapp-pair'),
  close: byId('whatsapp-close'),
};

const panel = {
  /** The last answer: `{ state, qrSvg, reconnectAttempt }`, `{ disabled: true }` (404), or null before the first. */
  status: null,
  timer: null,
  announce: () => {},
  errorText: (error) => String(error),
};

function hintText(status) {
  if (status.state === 'waiting-for-pairing') return t('whatsappScanHint');
  if (status.state === 'logged-out') return t('whatsappLoggedOutHint');
  if (status.state === 'connecting' && status.reconnectAttempt > 0) return t('whatsappReconnecting', { attempt: status.reconnectAttempt });
  return '';
}

function render() {
  const status = panel.status;
  if (!status) return;
  if (status.disabled) {
    view.state.textContent = t('whatsappDisabled');
    delete view.state.dataset.state;
    view.hint.textContent = '';
    show(view.qr, false);
    show(view.pair, false);
    return;
  }
  view.state.textContent = t(`whatsappState_${status.state}`);
  view.state.dataset.state = status.state;
  view.hint.textContent = hintText(status);
  if (status.qrSvg) {
    view.qr.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(status.qrSvg)}`;
    view.qr.alt = t('whatsappQrAlt');
  } else {
    view.qr.removeAttribute('src');
  }
  show(view.qr, Boolean(status.qrSvg));
  show(view.pair, true);
}

async function refresh() {
  try {
    panel.status = await api('GET', '/channels/whatsapp');
  } catch (error) {
    if (error.status === 404) panel.status = { disabled: true };
    else if (error.status === 401 || error.status === 403) return closePanel();
    else return panel.announce(panel.errorText(error), 'error');
  }
  render();
}

function openPanel() {
  show(view.panel, true);
  view.button.setAttribute('aria-expanded', 'true');
  void refresh();
  clearInterval(panel.timer);
  panel.timer = setInterval(() => {
    if (document.visibilityState === 'visible') void refresh();
  }, pollMs);
  view.title.focus();
}

function closePanel() {
  clearInterval(panel.timer);
  panel.timer = null;
  const wasOpen = !view.panel.hidden;
  show(view.panel, false);
  view.button.setAttribute('aria-expanded', 'false');
  if (wasOpen && !view.button.hidden) view.button.focus();
}

async function pairAgain() {
  if (panel.status?.state === 'open' && !confirm(t('whatsappConfirmPair'))) return;
  view.pair.disabled = true;
  try {
    panel.status = await api('POST', '/channels/whatsapp/pair');
    render();
    panel.announce(t('whatsappPairingStarted'));
  } catch (error) {
    panel.announce(panel.errorText(error), 'error');
  } finally {
    view.pair.disabled = false;
  }
}

/** Wires the panel once; `announce` and `errorText` are the console's status message and error wording. */
export function initWhatsAppPanel({ announce, errorText }) {
  panel.announce = announce;
  panel.errorText = errorText;
  view.button.addEventListener('click', () => (view.panel.hidden ? openPanel() : closePanel()));
  view.close.addEventListener('click', closePanel);
  view.pair.addEventListener('click', () => void pairAgain());
  view.panel.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') closePanel();
  });
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible' && panel.timer) void refresh();
  });
}

/** Shows the WhatsApp button to admins only; anyone else (or a logged-out console) gets the panel closed. */
export function setWhatsAppAccess(isAdmin) {
  show(view.button, isAdmin);
  if (!isAdmin) {
    closePanel();
    panel.status = null;
  }
}

/** Redraws the panel's texts (after a language switch). */
export function redrawWhatsAppPanel() {
  render();
}
