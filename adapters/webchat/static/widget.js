/*
 * Debt-bot web chat widget. Embed with one line:
 *   <script src="https://bot.example.com/widget.js" data-locale="es" async></script>
 * Attributes (all optional): data-locale ("es", "en", "es-CL"…; default: the browser's language),
 * data-title (header text), data-server (the bot server's URL; default: where this script comes from),
 * data-color (accent colour, e.g. "#0b5cad").
 *
 * It talks Direct Line 3.0 to the bot server: a token from POST /api/webchat/token (no secret in the page),
 * Start Conversation, a WebSocket stream (polling when WebSockets fail), token refresh, and it resumes the
 * same conversation after a reload (sessionStorage) while the token lives. Text is always rendered as text.
 */
/* global window, document, navigator, location, sessionStorage, fetch, URL, WebSocket, CSSStyleSheet, setTimeout, clearTimeout */
(function () {
  'use strict';

  var script = document.currentScript;
  if (!script || window.__debtBotWebChatLoaded) return;
  window.__debtBotWebChatLoaded = true;

  var STRINGS = {
    es: {
      title: 'Asistente de pagos',
      open: 'Abrir el chat',
      openUnread: 'Abrir el chat (mensaje nuevo)',
      close: 'Cerrar el chat',
      placeholder: 'Escribe tu mensaje…',
      inputLabel: 'Tu mensaje',
      send: 'Enviar',
      messages: 'Conversación',
      suggestions: 'Respuestas sugeridas',
      bot: 'Asistente',
      you: 'Tú',
      typing: 'El asistente está escribiendo…',
      connecting: 'Conectando…',
      reconnecting: 'Reconectando…',
      unavailable: 'No pudimos conectar con el chat. Vuelve a intentarlo en unos minutos.',
      failed: 'No se envió.',
      retry: 'Reintentar',
    },
    en: {
      title: 'Payment assistant',
      open: 'Open chat',
      openUnread: 'Open chat (new message)',
      close: 'Close chat',
      placeholder: 'Type your message…',
      inputLabel: 'Your message',
      send: 'Send',
      messages: 'Conversation',
      suggestions: 'Suggested replies',
      bot: 'Assistant',
      you: 'You',
      typing: 'The assistant is typing…',
      connecting: 'Connecting…',
      reconnecting: 'Reconnecting…',
      unavailable: 'We could not reach the chat. Please try again in a few minutes.',
      failed: 'Not sent.',
      retry: 'Retry',
    },
  };
  var TYPING_MS = 5000;
  var POLL_OPEN_MS = 1000;
  var POLL_CLOSED_MS = 5000;
  var MAX_SOCKET_FAILURES = 3;

  var requestedLocale = script.getAttribute('data-locale') || navigator.language || 'es';
  var language = /^en\b/i.test(requestedLocale) ? 'en' : 'es';
  var browserLocale = navigator.language || '';
  // The locale sent on activities: the attribute if it names a region, else the browser's if it is the same language.
  var locale = /-/.test(requestedLocale)
    ? requestedLocale
    : browserLocale.slice(0, 2).toLowerCase() === language
      ? browserLocale
      : language;
  var text = STRINGS[language];
  var server = (script.getAttribute('data-server') || new URL(script.src, location.href).origin).replace(/\/+$/, '');
  var directLine = server + '/v3/directline';
  var storageKey = 'debt-bot-webchat:' + server;

  // ---------- DOM (static markup only; every text goes in with textContent) ----------
  var host = document.createElement('div');
  host.setAttribute('data-debt-bot-webchat', '');
  var root = host.attachShadow({ mode: 'open' });
  var css =
    ':host{all:initial}' +
    '*{box-sizing:border-box;font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif}' +
    '.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}' +
    '.launcher{position:fixed;right:20px;bottom:20px;z-index:2147483000;width:60px;height:60px;border-radius:50%;border:0;background:var(--accent);color:#fff;cursor:pointer;box-shadow:0 4px 14px rgba(0,0,0,.3);display:flex;align-items:center;justify-content:center}' +
    '.launcher:focus-visible,button:focus-visible,input:focus-visible,.messages:focus-visible{outline:3px solid #ffbf47;outline-offset:2px}' +
    '.launcher svg{width:30px;height:30px;fill:currentColor}' +
    '.launcher[aria-expanded="true"] .when-closed,.launcher[aria-expanded="false"] .when-open{display:none}' +
    '.badge{position:absolute;top:4px;right:4px;width:14px;height:14px;border-radius:50%;background:#d4351c;border:2px solid #fff}' +
    '.panel{position:fixed;right:20px;bottom:92px;z-index:2147483000;width:370px;height:min(600px,calc(100vh - 112px));display:flex;flex-direction:column;background:#fff;color:#1b1b1b;border-radius:14px;box-shadow:0 8px 30px rgba(0,0,0,.3);overflow:hidden;font-size:15px;line-height:1.4}' +
    '.panel[hidden]{display:none}' +
    'header{display:flex;align-items:center;justify-content:space-between;gap:8px;padding:12px 12px 12px 16px;background:var(--accent);color:#fff}' +
    'h2{margin:0;font-size:17px;font-weight:600}' +
    '.close{border:0;background:transparent;color:#fff;font-size:26px;line-height:1;width:40px;height:40px;border-radius:8px;cursor:pointer}' +
    '.status{padding:0 16px;font-size:13px;color:#505a5f}' +
    '.status:not(:empty){padding:6px 16px;background:#f3f2f1}' +
    '.messages{flex:1;overflow-y:auto;margin:0;padding:12px;list-style:none;display:flex;flex-direction:column;gap:8px;background:#f7f8fa}' +
    '.message{display:flex}' +
    '.message.user{justify-content:flex-end}' +
    '.bubble{max-width:82%;padding:9px 12px;border-radius:14px;overflow-wrap:anywhere;white-space:normal}' +
    '.bot .bubble{background:#fff;border:1px solid #dfe3e8;border-bottom-left-radius:4px}' +
    '.user .bubble{background:var(--accent);color:#fff;border-bottom-right-radius:4px}' +
    '.user.pending .bubble{opacity:.7}' +
    '.bubble a{color:inherit;text-decoration:underline}.bubble img.attachment{display:block;margin-top:8px;width:176px;height:176px;object-fit:cover;image-rendering:pixelated}' +
    '.failure{display:block;margin-top:4px;font-size:12px;color:#d4351c}' +
    '.failure button{margin-left:6px;border:1px solid currentColor;background:#fff;color:#d4351c;border-radius:6px;padding:2px 8px;cursor:pointer;font-size:12px}' +
    '.typing{padding:4px 16px 0;display:flex;gap:4px;align-items:center;height:20px}' +
    '.typing[hidden]{display:none}' +
    '.typing span[aria-hidden]{width:7px;height:7px;border-radius:50%;background:#8a9299;animation:blink 1.2s infinite}' +
    '.typing span[aria-hidden]:nth-child(2){animation-delay:.2s}.typing span[aria-hidden]:nth-child(3){animation-delay:.4s}' +
    '@keyframes blink{0%,80%,100%{opacity:.3}40%{opacity:1}}' +
    '@media (prefers-reduced-motion:reduce){.typing span[aria-hidden]{animation:none}}' +
    '.actions{display:flex;flex-wrap:wrap;gap:6px;padding:8px 12px 0}' +
    '.actions:empty{display:none}' +
    '.actions button{border:1px solid var(--accent);background:#fff;color:var(--accent);border-radius:16px;padding:6px 12px;font-size:14px;cursor:pointer;min-height:36px}' +
    '.actions button:hover{background:#eef4fb}' +
    'form{display:flex;gap:8px;padding:10px 12px;border-top:1px solid #e5e7ea;background:#fff}' +
    'input{flex:1;min-width:0;border:1px solid #b1b4b6;border-radius:20px;padding:9px 14px;font-size:16px;color:#1b1b1b;background:#fff}' +
    '.send{border:0;border-radius:20px;padding:0 16px;background:var(--accent);color:#fff;font-size:15px;font-weight:600;cursor:pointer;min-height:40px}' +
    '@media (max-width:480px){.panel{inset:0;width:100%;height:100%;border-radius:0}.panel:not([hidden])~.launcher{display:none}}';
  var markup =
    '<section class="panel" id="panel" role="dialog" aria-modal="false" aria-labelledby="title" hidden>' +
    '<header><h2 id="title"></h2><button type="button" class="close"><span aria-hidden="true">×</span></button></header>' +
    '<div class="status" role="status"></div>' +
    '<ol class="messages" role="log" aria-live="polite" tabindex="0"></ol>' +
    '<div class="typing" hidden><span aria-hidden="true"></span><span aria-hidden="true"></span><span aria-hidden="true"></span><span class="sr"></span></div>' +
    '<div class="actions" role="group"></div>' +
    '<form><label class="sr" for="input"></label><input id="input" type="text" autocomplete="off" enterkeyhint="send" maxlength="2000"><button type="submit" class="send"></button></form>' +
    '</section>' +
    '<button type="button" class="launcher" aria-expanded="false" aria-controls="panel">' +
    '<svg class="when-closed" viewBox="0 0 24 24" aria-hidden="true"><path d="M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H8l-5 4V5a2 2 0 0 1 2-2z"/></svg>' +
    '<svg class="when-open" viewBox="0 0 24 24" aria-hidden="true"><path d="M6.4 8.6 12 14.2l5.6-5.6L19 10l-7 7-7-7z"/></svg>' +
    '</button>';
  // A constructed stylesheet also works on sites whose Content-Security-Policy forbids inline <style>.
  if (Array.isArray(root.adoptedStyleSheets) && typeof CSSStyleSheet === 'function' && 'replaceSync' in CSSStyleSheet.prototype) {
    var sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    root.adoptedStyleSheets = [sheet];
    root.innerHTML = markup;
  } else {
    root.innerHTML = '<style>' + css + '</style>' + markup;
  }

  var $ = function (selector) {
    return root.querySelector(selector);
  };
  var launcher = $('.launcher');
  var panel = $('.panel');
  var closeButton = $('.close');
  var statusLine = $('.status');
  var list = $('.messages');
  var typingRow = $('.typing');
  var actionsRow = $('.actions');
  var form = $('form');
  var input = $('input');

  host.style.setProperty('--accent', script.getAttribute('data-color') || '#0b5cad');
  $('#title').textContent = script.getAttribute('data-title') || text.title;
  launcher.setAttribute('aria-label', text.open);
  closeButton.setAttribute('aria-label', text.close);
  list.setAttribute('aria-label', text.messages);
  actionsRow.setAttribute('aria-label', text.suggestions);
  typingRow.querySelector('.sr').textContent = text.typing;
  $('label').textContent = text.inputLabel;
  input.placeholder = text.placeholder;
  $('.send').textContent = text.send;

  // ---------- state ----------
  var session = null; // { conversationId, token, userId, expiresAtMs, watermark, open }
  var seenIds = {};
  var pendingByClientId = {};
  var connecting = null;
  var socket = null;
  var socketFailures = 0;
  var pollTimer = 0;
  var refreshTimer = 0;
  var typingTimer = 0;
  var polling = false;

  function save() {
    try {
      if (session) sessionStorage.setItem(storageKey, JSON.stringify(session));
      else sessionStorage.removeItem(storageKey);
    } catch {
      /* storage can be disabled; the chat still works without resuming */
    }
  }

  function load() {
    try {
      var stored = JSON.parse(sessionStorage.getItem(storageKey) || 'null');
      return stored && stored.conversationId && stored.token && stored.expiresAtMs > Date.now() + 60000 ? stored : null;
    } catch {
      return null;
    }
  }

  function setStatus(message) {
    statusLine.textContent = message || '';
  }

  // ---------- rendering ----------
  var LINK = /https?:\/\/[^\s<>"']+/g;

  /** Appends one line: plain text, with http(s) addresses as links that open in a new tab (built as elements, never HTML). */
  function appendLine(element, line) {
    var last = 0;
    line.replace(LINK, function (address, at) {
      if (at > last) element.appendChild(document.createTextNode(line.slice(last, at)));
      var anchor = document.createElement('a');
      anchor.href = address;
      anchor.target = '_blank';
      anchor.rel = 'noopener noreferrer';
      anchor.textContent = address;
      element.appendChild(anchor);
      last = at + address.length;
      return address;
    });
    if (last < line.length) element.appendChild(document.createTextNode(line.slice(last)));
  }

  function appendText(element, value) {
    String(value)
      .split(/\r?\n/)
      .forEach(function (line, index) {
        if (index > 0) element.appendChild(document.createElement('br'));
        appendLine(element, line);
      });
  }

  /** Shows the message's PNG images carried inline (the pay link's QR code); other attachments are not rendered. */
  function appendImages(item, attachments) {
    (attachments || []).forEach(function (attachment) {
      var source = String(attachment.contentUrl || '');
      if (attachment.contentType !== 'image/png' || source.indexOf('data:image/png;base64,') !== 0) return;
      var image = document.createElement('img');
      image.className = 'attachment';
      image.src = source;
      image.alt = String(attachment.name || '');
      item.querySelector('.bubble').appendChild(image);
    });
  }

  function addBubble(role, value) {
    var item = document.createElement('li');
    item.className = 'message ' + role;
    var bubble = document.createElement('div');
    bubble.className = 'bubble';
    var who = document.createElement('span');
    who.className = 'sr';
    who.textContent = (role === 'bot' ? text.bot : text.you) + ': ';
    bubble.appendChild(who);
    appendText(bubble, value);
    item.appendChild(bubble);
    list.appendChild(item);
    scrollToEnd();
    return item;
  }

  function scrollToEnd() {
    list.scrollTop = list.scrollHeight;
  }

  function clearActions() {
    actionsRow.textContent = '';
  }

  function showActions(actions) {
    clearActions();
    actions.forEach(function (action) {
      if (['imBack', 'postBack', 'messageBack'].indexOf(action.type) < 0) return;
      var button = document.createElement('button');
      button.type = 'button';
      button.textContent =
        action.title || action.displayText || (typeof action.value === 'string' ? action.value : '') || action.text || '';
      button.addEventListener('click', function () {
        useAction(action);
      });
      actionsRow.appendChild(button);
    });
  }

  function useAction(action) {
    var value = action.value;
    if (action.type === 'imBack') return send({ type: 'message', text: String(value) }, String(value));
    if (action.type === 'postBack') {
      return send(
        typeof value === 'string'
          ? { type: 'message', text: value, channelData: { postBack: true } }
          : { type: 'message', value: value, channelData: { postBack: true } },
        null,
      );
    }
    var displayText = action.displayText || null;
    send({ type: 'message', text: action.text, value: value, channelData: { messageBack: { displayText: displayText } } }, displayText);
  }

  function setTyping(visible) {
    clearTimeout(typingTimer);
    typingRow.hidden = !visible;
    scrollToEnd();
    if (visible)
      typingTimer = setTimeout(function () {
        typingRow.hidden = true;
      }, TYPING_MS);
  }

  /** What a user activity shows: hidden for postBacks, the display text for messageBacks. */
  function userDisplayText(activity) {
    var data = activity.channelData || {};
    if (data.postBack) return null;
    if (data.messageBack) return data.messageBack.displayText || null;
    return activity.text || null;
  }

  function receive(activity) {
    if (!activity || !activity.id || seenIds[activity.id]) return;
    seenIds[activity.id] = true;
    var fromBot = activity.from && (activity.from.role === 'bot' || activity.from.id !== session.userId);
    if (!fromBot) {
      var clientId = activity.channelData && activity.channelData.clientActivityID;
      var pending = clientId && pendingByClientId[clientId];
      if (pending) return markSent(clientId);
      if (activity.type === 'message' && userDisplayText(activity)) {
        clearActions();
        addBubble('user', userDisplayText(activity));
      }
      return;
    }
    if (activity.type === 'typing') return setTyping(true);
    if (activity.type !== 'message') return;
    setTyping(false);
    clearActions();
    if (activity.text) appendImages(addBubble('bot', activity.text), activity.attachments);
    var actions = activity.suggestedActions && activity.suggestedActions.actions;
    if (actions && actions.length) showActions(actions);
    scrollToEnd(); // the suggested actions take room from the list
    if (panel.hidden) {
      launcher.setAttribute('aria-label', text.openUnread);
      if (!launcher.querySelector('.badge')) launcher.appendChild(Object.assign(document.createElement('span'), { className: 'badge' }));
    }
  }

  function receiveSet(set) {
    if (!set || !session) return;
    (set.activities || []).forEach(receive);
    if (set.watermark) {
      session.watermark = set.watermark;
      save();
    }
  }

  // ---------- Direct Line ----------
  function request(url, method, token, body) {
    var headers = { Accept: 'application/json' };
    if (token) headers.Authorization = 'Bearer ' + token;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    return fetch(url, { method: method, headers: headers, body: body === undefined ? undefined : JSON.stringify(body) }).then(
      function (response) {
        if (!response.ok) {
          var error = new Error('HTTP ' + response.status);
          error.status = response.status;
          throw error;
        }
        return response.json();
      },
    );
  }

  function api(method, path, body) {
    return request(directLine + path, method, session.token, body);
  }

  function adoptToken(token, expiresInSeconds) {
    session.token = token;
    session.expiresAtMs = Date.now() + expiresInSeconds * 1000;
    save();
    clearTimeout(refreshTimer);
    // Refresh halfway through the token's life, as the official client does.
    refreshTimer = setTimeout(refreshToken, Math.max(10000, (expiresInSeconds * 1000) / 2));
  }

  function refreshToken() {
    api('POST', '/tokens/refresh')
      .then(function (renewed) {
        adoptToken(renewed.token, renewed.expires_in);
      })
      .catch(function (error) {
        if (error.status !== 403) refreshTimer = setTimeout(refreshToken, 30000);
      });
  }

  function startConversation() {
    return request(server + '/api/webchat/token', 'POST')
      .then(function (issued) {
        session = {
          conversationId: issued.conversationId,
          token: issued.token,
          userId: issued.userId,
          expiresAtMs: 0,
          watermark: null,
          open: !panel.hidden,
        };
        return api('POST', '/conversations', { locale: locale });
      })
      .then(function (conversation) {
        adoptToken(conversation.token, conversation.expires_in);
        openSocket(conversation.streamUrl);
      });
  }

  function resumeConversation(stored) {
    session = stored;
    return api('GET', '/conversations/' + encodeURIComponent(session.conversationId) + '/activities').then(function (history) {
      // Each message clears the suggested actions, so only the last message's remain, as they should.
      receiveSet(history);
      return reconnectStream();
    });
  }

  function reconnectStream() {
    var query = session.watermark ? '?watermark=' + encodeURIComponent(session.watermark) : '';
    return api('GET', '/conversations/' + encodeURIComponent(session.conversationId) + query).then(function (conversation) {
      adoptToken(conversation.token, conversation.expires_in);
      openSocket(conversation.streamUrl);
    });
  }

  function openSocket(streamUrl) {
    if (polling || typeof WebSocket !== 'function') return startPolling();
    var current = new WebSocket(streamUrl);
    socket = current;
    current.onopen = function () {
      socketFailures = 0;
      setStatus('');
    };
    current.onmessage = function (event) {
      if (event.data) receiveSet(JSON.parse(event.data));
    };
    current.onclose = function (event) {
      if (socket !== current) return;
      socket = null;
      // Another tab took this conversation's stream: keep up by polling instead of fighting over it.
      if (event.reason === 'collision' || ++socketFailures >= MAX_SOCKET_FAILURES) return startPolling();
      scheduleReconnect();
    };
  }

  function scheduleReconnect() {
    setStatus(text.reconnecting);
    setTimeout(
      function () {
        reconnectStream().catch(function (error) {
          if (error.status === 403 || error.status === 404) return handleLostConversation();
          if (++socketFailures >= MAX_SOCKET_FAILURES) return startPolling();
          scheduleReconnect();
        });
      },
      1000 * socketFailures * socketFailures,
    );
  }

  function startPolling() {
    polling = true;
    setStatus('');
    clearTimeout(pollTimer);
    poll();
  }

  function poll() {
    clearTimeout(pollTimer);
    if (!session) return;
    var query = session.watermark ? '?watermark=' + encodeURIComponent(session.watermark) : '';
    api('GET', '/conversations/' + encodeURIComponent(session.conversationId) + '/activities' + query)
      .then(receiveSet, function (error) {
        if (error.status === 403 || error.status === 404) handleLostConversation();
      })
      .then(function () {
        if (!polling || !session) return;
        clearTimeout(pollTimer);
        pollTimer = setTimeout(poll, panel.hidden ? POLL_CLOSED_MS : POLL_OPEN_MS);
      });
  }

  /** The token expired or the conversation is gone: start a new one (the messages on screen stay). */
  function handleLostConversation() {
    session = null;
    connecting = null;
    save();
    ensureConnected().catch(function () {
      /* the status line says so */
    });
  }

  function ensureConnected() {
    if (connecting) return connecting;
    setStatus(text.connecting);
    var stored = load();
    connecting = (stored ? resumeConversation(stored).catch(startConversation) : startConversation())
      .then(function () {
        setStatus('');
      })
      .catch(function (error) {
        connecting = null;
        setStatus(text.unavailable);
        throw error;
      });
    return connecting;
  }

  // ---------- sending ----------
  function markSent(clientId) {
    var pending = pendingByClientId[clientId];
    if (!pending) return;
    delete pendingByClientId[clientId];
    if (pending.item) {
      pending.item.classList.remove('pending');
      pending.item.removeAttribute('aria-busy');
      var failure = pending.item.querySelector('.failure');
      if (failure) failure.remove();
    }
  }

  function markFailed(clientId, activity, display) {
    var pending = pendingByClientId[clientId];
    if (!pending) return;
    delete pendingByClientId[clientId];
    if (!pending.item) return;
    pending.item.classList.remove('pending');
    pending.item.removeAttribute('aria-busy');
    var failure = document.createElement('span');
    failure.className = 'failure';
    failure.textContent = text.failed;
    var retry = document.createElement('button');
    retry.type = 'button';
    retry.textContent = text.retry;
    retry.addEventListener('click', function () {
      pending.item.remove();
      send(activity, display);
    });
    failure.appendChild(retry);
    pending.item.querySelector('.bubble').appendChild(failure);
  }

  function send(activity, display) {
    var clientId = 'c' + Date.now().toString(36) + Math.random().toString(36).slice(2, 10);
    var item = display ? addBubble('user', display) : null;
    if (item) {
      item.classList.add('pending');
      item.setAttribute('aria-busy', 'true');
    }
    pendingByClientId[clientId] = { item: item };
    clearActions();
    var outgoing = Object.assign({}, activity, {
      locale: locale,
      channelData: Object.assign({}, activity.channelData, { clientActivityID: clientId }),
    });
    return ensureConnected()
      .then(function () {
        outgoing.from = { id: session.userId, role: 'user' };
        return api('POST', '/conversations/' + encodeURIComponent(session.conversationId) + '/activities', outgoing);
      })
      .then(function () {
        markSent(clientId);
        if (polling) poll();
      })
      .catch(function () {
        markFailed(clientId, activity, display);
      });
  }

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var value = input.value.trim();
    if (!value) return;
    input.value = '';
    send({ type: 'message', text: value }, value);
  });

  // ---------- opening and closing ----------
  function openPanel() {
    panel.hidden = false;
    launcher.setAttribute('aria-expanded', 'true');
    launcher.setAttribute('aria-label', text.close);
    var badge = launcher.querySelector('.badge');
    if (badge) badge.remove();
    input.focus();
    ensureConnected().catch(function () {
      /* the status line says so */
    });
    if (session) {
      session.open = true;
      save();
    }
  }

  function closePanel() {
    panel.hidden = true;
    launcher.setAttribute('aria-expanded', 'false');
    launcher.setAttribute('aria-label', text.open);
    launcher.focus();
    if (session) {
      session.open = false;
      save();
    }
  }

  launcher.addEventListener('click', function () {
    if (panel.hidden) openPanel();
    else closePanel();
  });
  closeButton.addEventListener('click', closePanel);
  panel.addEventListener('keydown', function (event) {
    if (event.key === 'Escape') {
      event.stopPropagation();
      closePanel();
    }
  });

  function mount() {
    document.body.appendChild(host);
    var previous = load();
    if (previous && previous.open) openPanel();
  }
  if (document.body) mount();
  else document.addEventListener('DOMContentLoaded', mount);
})();
