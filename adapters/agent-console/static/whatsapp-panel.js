// The admin's WhatsApp panel: the connection state, the pairing QR (an SVG the server drew, shown as an
// image so no markup is ever inserted) and "Pair again"; refreshed every 5 s while it is open and visible.
/* global confirm */
import { api } from './api.js';
import { byId, show } from './dom.js';
import { t } from './i18n.js';
import { makePolledPanel } from './polled-panel.js';

const pollMs = 5000;

const view = {
  state: byId('whatsapp-state'),
  hint: byId('whatsapp-hint'),
  qr: byId('whatsapp-qr'),
  pair: byId('whatsapp-pair'),
};

const panel = {
  /** The last answer: `{ state, qrSvg, reconnectAttempt }`, `{ disabled: true }` (404), or null before the first. */
  status: null,
};

const polled = makePolledPanel({
  name: 'whatsapp',
  pollMs,
  refresh,
  onAccessLost: () => {
    panel.status = null;
  },
});

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
    if (error.status !== 404) return polled.refreshFailed(error);
    panel.status = { disabled: true };
  }
  render();
}

async function pairAgain() {
  if (panel.status?.state === 'open' && !confirm(t('whatsappConfirmPair'))) return;
  await polled.act(view.pair, async () => {
    panel.status = await api('POST', '/channels/whatsapp/pair');
    render();
    polled.announce(t('whatsappPairingStarted'));
  });
}

/** Wires the panel once; `announce` and `errorText` are the console's status message and error wording. */
export function initWhatsAppPanel({ announce, errorText }) {
  polled.connect({ announce, errorText });
  view.pair.addEventListener('click', () => void pairAgain());
}

/** Shows the WhatsApp button to admins only; anyone else (or a logged-out console) gets the panel closed. */
export function setWhatsAppAccess(isAdmin) {
  polled.setAccess(isAdmin);
}

/** Redraws the panel's texts (after a language switch). */
export function redrawWhatsAppPanel() {
  render();
}
