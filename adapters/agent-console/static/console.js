// The agent console in the browser: login, the live queue over Server-Sent Events, the open
// conversation (transcript, reply, hand back, close) and the debtor panel with its forms.
/* global EventSource, crypto, setTimeout, clearTimeout, setInterval, clearInterval */
import { api, ApiError, setCsrfToken, whenSessionEnds } from './api.js';
import { renderTranscript } from './conversation-view.js';
import { fillAccountSelect, renderContactLog, renderDebtor } from './debtor-view.js';
import { byId, clear, el, show } from './dom.js';
import { channelName } from './format.js';
import { applyStaticTexts, hasText, language, setLanguage, t } from './i18n.js';
import { refreshWaitingTimes, renderQueue, withPreview } from './queue-view.js';
import { initOutboundPanel, redrawOutboundPanel, setOutboundAccess } from './outbound-panel.js';
import { initPaymentsDesk, redrawPaymentsDesk, setPaymentsDeskAccess } from './payments-desk.js';
import { initWhatsAppPanel, redrawWhatsAppPanel, setWhatsAppAccess } from './whatsapp-panel.js';

const outcomes = ['resolved', 'promise', 'plan', 'dispute_registered', 'no_contact', 'other'];
const detailPollMs = 10_000;

const state = {
  agent: null,
  queue: [],
  queueStreamed: false,
  openId: null,
  detail: null,
  events: null,
  quickReplies: [],
  refreshTimer: null,
  pollTimer: null,
  promiseKey: null,
  planKey: null,
  /** The open conversation's contact log `{ conversationId, data }` (null: none, not verified, or not loaded). */
  contacts: null,
  /** Numbers the contact-log reads: only the latest one's answer is drawn. */
  contactsRead: 0,
  /** The conversation whose contact log is being read (a poll does not start a second read meanwhile). */
  contactsReading: null,
};

const view = {
  login: byId('login-view'),
  console: byId('console-view'),
  identity: byId('agent-identity'),
  logout: byId('logout-button'),
  toast: byId('toast'),
  queueList: byId('queue-list'),
  queueEmpty: byId('queue-empty'),
  queueCount: byId('queue-count'),
  live: byId('live-indicator'),
  placeholder: byId('conversation-placeholder'),
  conversation: byId('conversation'),
  title: byId('conversation-title'),
  meta: byId('conversation-meta'),
  notice: byId('conversation-notice'),
  take: byId('take-button'),
  transcript: byId('transcript'),
  replyForm: byId('reply-form'),
  replyText: byId('reply-text'),
  quickReplies: byId('quick-replies'),
  handBack: byId('hand-back-button'),
  closeForm: byId('close-form'),
  closeOutcome: byId('close-outcome'),
  debtorContent: byId('debtor-content'),
  contacts: byId('debtor-contacts'),
  debtorForms: byId('debtor-forms'),
  promiseForm: byId('promise-form'),
  planForm: byId('plan-form'),
};

let toastTimer = null;
/** Tells the agent something in the status region (read by screen readers). */
function announce(text, kind = 'info') {
  view.toast.textContent = text;
  view.toast.dataset.kind = kind;
  view.toast.classList.add('visible');
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => view.toast.classList.remove('visible'), 6000);
}

/** The agent-facing text of an API error. */
function errorText(error) {
  if (!(error instanceof ApiError)) return t('error_generic', { message: String(error) });
  if (error.status === 0) return t('networkError');
  if (error.code === 'already_taken') return t('takenByOther', { name: error.body.holderName ?? '?' });
  if (error.code === 'policy_refusal') {
    const refusal = error.body.refusal ?? {};
    return hasText(`refusal_${refusal.code}`) ? t(`refusal_${refusal.code}`, refusal) : error.message;
  }
  if (error.code === 'outside_policy') return t('outsidePolicy', error.body.allowed ?? {});
  return hasText(`error_${error.code}`) ? t(`error_${error.code}`) : t('error_generic', { message: error.message });
}

// ── Session ──────────────────────────────────────────────────────────────────

function showLogin() {
  stopLive();
  setWhatsAppAccess(false);
  setOutboundAccess(false);
  setPaymentsDeskAccess(false);
  show(byId('reports-link'), false);
  state.agent = null;
  state.contacts = null;
  state.openId = null;
  state.detail = null;
  show(view.console, false);
  show(view.identity, false);
  show(view.logout, false);
  show(view.login, true);
  byId('login-email').focus();
}

async function startConsole(agent, csrfToken) {
  state.agent = agent;
  setCsrfToken(csrfToken);
  view.identity.textContent = `${agent.name} · ${t(`role_${agent.role}`)}`;
  show(view.login, false);
  show(view.identity, true);
  show(view.logout, true);
  show(view.console, true);
  show(byId('plan-exception-row'), agent.role === 'supervisor' || agent.role === 'admin');
  setWhatsAppAccess(agent.role === 'admin');
  setOutboundAccess(agent.role === 'supervisor' || agent.role === 'admin');
  show(byId('reports-link'), agent.role === 'supervisor' || agent.role === 'admin');
  setPaymentsDeskAccess(true);
  renderConversation();
  connectLive();
  await Promise.all([loadQueue(), loadQuickReplies()]);
}

/** Reads the queue (at start, or `force`d after a surprise); the live stream keeps it current otherwise. */
async function loadQueue(force = false) {
  try {
    const items = (await api('GET', '/queue')).items;
    // At start the stream may already have sent a newer queue.
    if (force || !state.queueStreamed) {
      state.queue = items;
      drawQueue();
    }
  } catch (error) {
    if (error.status !== 401) announce(errorText(error), 'error');
  }
}

byId('login-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const error = byId('login-error');
  show(error, false);
  const email = byId('login-email').value.trim();
  const password = byId('login-password').value;
  try {
    const answer = await api('POST', '/login', { email, password });
    byId('login-password').value = '';
    await startConsole(answer.agent, answer.csrfToken);
  } catch (failure) {
    error.textContent = failure.status === 429 ? t('tooManyAttempts') : failure.status === 0 ? t('networkError') : t('loginFailed');
    show(error, true);
    byId('login-password').select();
  }
});

view.logout.addEventListener('click', async () => {
  try {
    await api('POST', '/logout');
  } finally {
    showLogin();
  }
});

whenSessionEnds(() => {
  if (state.agent) showLogin();
});

// ── Live queue ───────────────────────────────────────────────────────────────

function setLive(status) {
  view.live.dataset.state = status;
  view.live.textContent = status === 'open' ? t('live') : t('reconnecting');
}

function connectLive() {
  stopLive();
  const source = new EventSource('/agent/api/events');
  state.events = source;
  setLive('connecting');
  source.addEventListener('open', () => setLive('open'));
  source.addEventListener('queue', (event) => {
    setLive('open');
    state.queueStreamed = true;
    state.queue = JSON.parse(event.data).items;
    drawQueue();
  });
  source.addEventListener('preview', (event) => {
    state.queue = withPreview(state.queue, JSON.parse(event.data));
    drawQueue();
  });
  source.addEventListener('message', (event) => {
    const message = JSON.parse(event.data);
    if (message.conversationId === state.openId) scheduleDetailRefresh();
  });
  source.addEventListener('mode', (event) => {
    const change = JSON.parse(event.data);
    if (change.conversationId === state.openId) scheduleDetailRefresh();
  });
  source.addEventListener('logout', () => showLogin());
  source.addEventListener('error', () => {
    setLive('reconnecting');
    // A closed stream (e.g. 401) is not retried by the browser: check the session, then reconnect.
    if (source.readyState === EventSource.CLOSED) {
      setTimeout(async () => {
        if (state.events !== source) return;
        try {
          await api('GET', '/me');
          connectLive();
        } catch {
          // whenSessionEnds shows the login on a 401; otherwise try again later.
          if (state.agent) setTimeout(connectLive, 5000);
        }
      }, 2000);
    }
  });
  state.pollTimer = setInterval(() => {
    refreshWaitingTimes(view.queueList, Date.now());
    if (state.openId) void refreshDetail();
  }, detailPollMs);
}

function stopLive() {
  state.queueStreamed = false;
  state.events?.close();
  state.events = null;
  clearInterval(state.pollTimer);
  state.pollTimer = null;
}

function drawQueue() {
  renderQueue(view.queueList, state.queue, { me: state.agent, openId: state.openId, nowMs: Date.now(), onSelect: selectQueueItem });
  view.queueCount.textContent = String(state.queue.filter((item) => item.status === 'queued').length);
  show(view.queueEmpty, state.queue.length === 0);
}

async function selectQueueItem(item) {
  if (item.status === 'queued') {
    await takeConversation(item.conversationId);
  } else {
    await openConversation(item.conversationId);
  }
}

// ── Conversation ─────────────────────────────────────────────────────────────

async function takeConversation(conversationId) {
  try {
    await api('POST', `/conversations/${encodeURIComponent(conversationId)}/take`);
    announce(t('taken'));
  } catch (error) {
    announce(errorText(error), 'error');
    // What this console showed was stale (e.g. taken through another server): read the queue again.
    void loadQueue(true);
  }
  await openConversation(conversationId);
}

async function openConversation(conversationId) {
  const switching = state.openId !== conversationId;
  state.openId = conversationId;
  if (switching) {
    state.detail = null;
    clear(view.transcript);
    view.replyText.value = '';
    state.promiseKey = null;
    state.planKey = null;
    state.contacts = null;
  }
  drawQueue();
  await refreshDetail();
  if (switching) view.title.focus();
}

let refreshQueued = null;
function scheduleDetailRefresh() {
  clearTimeout(refreshQueued);
  refreshQueued = setTimeout(() => void refreshDetail(), 120);
}

async function refreshDetail() {
  const conversationId = state.openId;
  if (!conversationId) return;
  try {
    const detail = await api('GET', `/conversations/${encodeURIComponent(conversationId)}`);
    if (state.openId !== conversationId) return;
    const previous = state.detail;
    state.detail = detail;
    if (previous?.holder?.id === state.agent.id && detail.holder && detail.holder.id !== state.agent.id) {
      announce(t('takenAway', { name: detail.holder.name ?? '?' }), 'error');
    }
    renderConversation();
    if (detail.debtor) void loadContacts(conversationId);
    else state.contacts = null;
  } catch (error) {
    if (error.status !== 401) announce(errorText(error), 'error');
  }
}

// ── Contact log ──────────────────────────────────────────────────────────────

/** Reads the contact log of the open conversation's verified debtor (404: none, the section stays hidden). */
async function loadContacts(conversationId, force = false) {
  if (!force && state.contactsReading === conversationId) return;
  state.contactsRead += 1;
  const read = state.contactsRead;
  state.contactsReading = conversationId;
  try {
    const data = await api('GET', `/conversations/${encodeURIComponent(conversationId)}/contacts`);
    if (read !== state.contactsRead || state.openId !== conversationId) return;
    state.contacts = { conversationId, data };
  } catch (error) {
    if (read !== state.contactsRead || state.openId !== conversationId) return;
    state.contacts = null;
    if (error.status !== 404 && error.status !== 401) announce(errorText(error), 'error');
  } finally {
    if (read === state.contactsRead) state.contactsReading = null;
  }
  drawContacts();
}

function drawContacts() {
  const shown = state.contacts && state.contacts.conversationId === state.openId && state.detail?.debtor ? state.contacts.data : null;
  const role = state.agent?.role;
  renderContactLog(view.contacts, shown, {
    canPause: role === 'supervisor' || role === 'admin',
    onToggle: toggleDebtorPause,
    nowMs: Date.now(),
  });
}

async function toggleDebtorPause(button) {
  const conversationId = state.openId;
  const contacts = state.contacts?.conversationId === conversationId ? state.contacts.data : null;
  if (!contacts) return;
  const pausing = !contacts.paused;
  button.disabled = true;
  try {
    await api('POST', pausing ? '/outbound/pause' : '/outbound/resume', { debtorId: contacts.debtorId });
    announce(pausing ? t('contactsPausedDebtor') : t('contactsResumedDone'));
  } catch (error) {
    announce(errorText(error), 'error');
  } finally {
    button.disabled = false;
  }
  if (state.openId === conversationId) await loadContacts(conversationId, true);
}

function renderConversation() {
  const detail = state.detail;
  show(view.placeholder, !state.openId);
  show(view.conversation, Boolean(state.openId));
  const verified = renderDebtor(view.debtorContent, detail);
  drawContacts();
  if (!detail) {
    show(view.debtorForms, false);
    return;
  }
  const me = state.agent;
  const holder = detail.holder;
  const mine = holder?.id === me.id;
  const override = me.role === 'supervisor' || me.role === 'admin';
  const mayAct = Boolean(holder) && (mine || override);

  view.title.textContent = t('conversationTitle', { channel: channelName(detail.channel) });
  view.meta.textContent = [
    t('mode', { mode: t(`mode_${detail.mode}`) }),
    holder ? (mine ? t('yours') : t('heldBy', { name: holder.name ?? '?' })) : null,
  ]
    .filter(Boolean)
    .join(' · ');
  let notice = null;
  if (holder && !mine) notice = override ? t('supervising', { name: holder.name ?? '?' }) : t('readOnly', { name: holder.name ?? '?' });
  else if (!holder && detail.mode === 'queued') notice = t('notTakenYet');
  view.notice.textContent = notice ?? '';
  show(view.notice, Boolean(notice));
  show(view.take, detail.mode === 'queued' && !holder);

  renderTranscript(view.transcript, detail.transcript, Date.now());

  const canReply = mayAct && detail.mode === 'agent';
  for (const control of view.replyForm.querySelectorAll('textarea, button')) control.disabled = !canReply;
  view.handBack.disabled = !(mayAct || (override && detail.mode === 'queued'));
  for (const control of view.closeForm.querySelectorAll('select, button'))
    control.disabled = !(mayAct || (override && detail.mode === 'queued'));

  show(view.debtorForms, verified && canReply);
  if (verified) {
    fillAccountSelect(byId('promise-account'), detail.debtor.accounts);
    fillAccountSelect(byId('plan-account'), detail.debtor.accounts);
    const date = byId('promise-date');
    date.min = detail.debtor.todayIso;
    date.max = detail.debtor.limits.promiseLatestDateIso;
    const count = byId('plan-count');
    count.min = '1';
    count.max = override ? '360' : String(detail.debtor.limits.planMaxCount);
    count.placeholder = `${detail.debtor.limits.planMinCount}–${detail.debtor.limits.planMaxCount}`;
  }
}

view.take.addEventListener('click', () => {
  if (state.openId) void takeConversation(state.openId);
});

async function sendReply() {
  const text = view.replyText.value.trim();
  if (!text || !state.openId) return;
  const button = byId('reply-send');
  button.disabled = true;
  try {
    await api('POST', `/conversations/${encodeURIComponent(state.openId)}/messages`, { text });
    view.replyText.value = '';
    announce(t('sent'));
    await refreshDetail();
  } catch (error) {
    announce(errorText(error), 'error');
  } finally {
    button.disabled = false;
    view.replyText.focus();
  }
}

view.replyForm.addEventListener('submit', (event) => {
  event.preventDefault();
  void sendReply();
});
view.replyText.addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
    event.preventDefault();
    void sendReply();
  }
});

async function loadQuickReplies() {
  try {
    state.quickReplies = (await api('GET', `/quick-replies?lang=${language()}`)).items;
  } catch {
    state.quickReplies = [];
  }
  clear(view.quickReplies);
  for (const reply of state.quickReplies) {
    view.quickReplies.append(
      el('button', {
        className: 'chip',
        text: reply.label,
        attrs: { type: 'button', title: reply.text, disabled: view.replyText.disabled },
        on: {
          click: () => {
            const current = view.replyText.value.trim();
            view.replyText.value = current ? `${current} ${reply.text}` : reply.text;
            view.replyText.focus();
          },
        },
      }),
    );
  }
}

view.handBack.addEventListener('click', async () => {
  if (!state.openId) return;
  try {
    await api('POST', `/conversations/${encodeURIComponent(state.openId)}/hand-back`);
    announce(t('handedBack'));
  } catch (error) {
    announce(errorText(error), 'error');
  }
  await refreshDetail();
});

view.closeForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  if (!state.openId) return;
  try {
    await api('POST', `/conversations/${encodeURIComponent(state.openId)}/close`, { outcome: view.closeOutcome.value });
    announce(t('closed'));
  } catch (error) {
    announce(errorText(error), 'error');
  }
  await refreshDetail();
});

function fillOutcomes() {
  const previous = view.closeOutcome.value;
  clear(view.closeOutcome);
  for (const outcome of outcomes) view.closeOutcome.append(el('option', { text: t(`outcome_${outcome}`), attrs: { value: outcome } }));
  if (previous) view.closeOutcome.value = previous;
}

// ── Promise and plan ─────────────────────────────────────────────────────────

function newKey() {
  return crypto.randomUUID().replaceAll('-', '');
}

function formError(id, text) {
  const target = byId(id);
  target.textContent = text ?? '';
  show(target, Boolean(text));
}

view.promiseForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  formError('promise-error', null);
  if (!view.promiseForm.reportValidity() || !state.openId) return;
  state.promiseKey ??= newKey();
  const body = {
    accountId: byId('promise-account').value,
    amount: byId('promise-amount').value.trim(),
    dateIso: byId('promise-date').value,
  };
  try {
    const answer = await api('POST', `/conversations/${encodeURIComponent(state.openId)}/promise`, body, state.promiseKey);
    state.promiseKey = null;
    view.promiseForm.reset();
    announce(t('promiseRecorded', { amount: answer.promise.amount, date: answer.promise.dueDateIso }));
    await refreshDetail();
  } catch (error) {
    if (error.status && error.status < 500) state.promiseKey = null;
    formError('promise-error', errorText(error));
  }
});

view.planForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  formError('plan-error', null);
  if (!view.planForm.reportValidity() || !state.openId) return;
  state.planKey ??= newKey();
  const downPayment = byId('plan-down-payment').value.trim();
  const body = { accountId: byId('plan-account').value, count: Number(byId('plan-count').value) };
  if (downPayment) body.downPayment = downPayment;
  if (byId('plan-exception').checked) body.exception = true;
  try {
    const answer = await api('POST', `/conversations/${encodeURIComponent(state.openId)}/plan`, body, state.planKey);
    state.planKey = null;
    view.planForm.reset();
    announce(t('planRecorded', { count: answer.agreement.installmentCount }));
    await refreshDetail();
  } catch (error) {
    if (error.status && error.status < 500) state.planKey = null;
    formError('plan-error', errorText(error));
  }
});

// ── Language and start ───────────────────────────────────────────────────────

byId('language-toggle').addEventListener('click', async () => {
  setLanguage(language() === 'es' ? 'en' : 'es');
  fillOutcomes();
  redrawWhatsAppPanel();
  redrawOutboundPanel();
  redrawPaymentsDesk();
  if (state.agent) {
    view.identity.textContent = `${state.agent.name} · ${t(`role_${state.agent.role}`)}`;
    setLive(view.live.dataset.state === 'open' ? 'open' : 'reconnecting');
    drawQueue();
    clear(view.transcript);
    renderConversation();
    await loadQuickReplies();
  }
});

async function boot() {
  applyStaticTexts();
  fillOutcomes();
  initWhatsAppPanel({ announce, errorText });
  initOutboundPanel({ announce, errorText });
  initPaymentsDesk({ announce, errorText, onChanged: () => void refreshDetail() });
  try {
    const me = await api('GET', '/me');
    await startConsole(me.agent, me.csrfToken);
  } catch {
    showLogin();
  }
}

// Module scripts run once the document is parsed.
void boot();
