// Spanish and English texts of the console, and the helpers that apply them.
/* global document, navigator, localStorage */

const texts = {
  es: {
    appTitle: 'Consola de agentes',
    skipToMain: 'Saltar al contenido',
    switchLanguage: 'English',
    switchLanguageLabel: 'Switch the console to English',
    logout: 'Salir',
    loginTitle: 'Iniciar sesión',
    loginIntro: 'Ingrese con su correo y contraseña de agente.',
    email: 'Correo',
    password: 'Contraseña',
    loginButton: 'Entrar',
    loginFailed: 'Correo o contraseña no aceptados. Tras 5 intentos fallidos la cuenta se bloquea por 15 minutos.',
    tooManyAttempts: 'Demasiados intentos desde esta dirección. Espere unos minutos e intente de nuevo.',
    networkError: 'No hay conexión con el servidor. Intente de nuevo.',
    queueTitle: 'Cola',
    queueEmpty: 'No hay conversaciones esperando.',
    live: 'En vivo',
    reconnecting: 'Reconectando…',
    waiting: 'En espera',
    yours: 'Contigo',
    heldBy: 'Con {name}',
    heldBySomeone: 'Con otro agente',
    verified: 'Verificado',
    notVerified: 'No verificado',
    lastMessage: 'Último mensaje: {text}',
    waitingFor: 'espera {time}',
    lessThanMinute: '<1 min',
    take: 'Tomar',
    open: 'Abrir',
    chooseConversation: 'Elija una conversación de la cola para ver su transcripción.',
    conversationTitle: 'Conversación por {channel}',
    mode: 'Estado: {mode}',
    mode_bot: 'con el bot',
    mode_queued: 'en espera',
    mode_agent: 'con agente',
    mode_closed: 'cerrada',
    transcriptLabel: 'Transcripción',
    transcriptEmpty: 'Sin mensajes todavía.',
    author_debtor: 'Deudor',
    author_bot: 'Bot',
    author_agent: 'Agente',
    replyLabel: 'Respuesta al deudor',
    replyHint: 'Ctrl+Enter envía.',
    send: 'Enviar',
    quickReplies: 'Respuestas rápidas',
    handBack: 'Devolver al bot',
    closeLabel: 'Cerrar con resultado',
    closeButton: 'Cerrar',
    outcome_resolved: 'Resuelto',
    outcome_promise: 'Compromiso de pago',
    outcome_plan: 'Plan de cuotas',
    outcome_dispute_registered: 'Reclamo registrado',
    outcome_no_contact: 'Sin respuesta',
    outcome_other: 'Otro',
    takenByOther: '{name} tomó esta conversación primero.',
    takenAway: '{name} tiene ahora esta conversación.',
    readOnly: 'Solo lectura: la conversación está con {name}.',
    supervising: 'Supervisión: la conversación está con {name}; puede actuar igualmente.',
    notTakenYet: 'Tome la conversación para responder.',
    taken: 'Conversación tomada.',
    sent: 'Mensaje enviado.',
    handedBack: 'Conversación devuelta al bot.',
    closed: 'Conversación cerrada.',
    debtorTitle: 'Deudor',
    notVerifiedNote: 'No verificado — no se muestran datos de cuentas.',
    noConversation: 'Sin conversación abierta.',
    accounts: 'Cuentas',
    balance: 'Saldo',
    original: 'Monto original',
    dueDate: 'Vencimiento',
    status_active: 'Activa',
    status_on_hold: 'En pausa (reclamo)',
    status_settled: 'Pagada',
    status_closed: 'Cerrada',
    hasAgreement: 'Con acuerdo vigente',
    agreements: 'Acuerdos',
    noAgreements: 'Sin acuerdos.',
    kind_plan: 'Plan de {count} cuotas',
    kind_settlement: 'Pago total',
    downPaymentOf: 'Pie {amount}',
    installmentsOf: '{count} × {amount}',
    promises: 'Compromisos de pago',
    noPromises: 'Sin compromisos.',
    promiseTitle: 'Registrar compromiso de pago',
    planTitle: 'Registrar plan de cuotas',
    account: 'Cuenta',
    amount: 'Monto',
    amountHint: 'Use punto para decimales, sin separador de miles (ej. 150000 o 120.50).',
    date: 'Fecha',
    count: 'Número de cuotas',
    downPayment: 'Pie (opcional)',
    exception: 'Excepción a la política (supervisor)',
    record: 'Registrar',
    promiseRecorded: 'Compromiso registrado: {amount} el {date}.',
    planRecorded: 'Plan registrado: {count} cuotas.',
    outsidePolicy: 'La política no permite ese plan. Lo más cercano permitido: {count} cuotas de {installment}, pie {downPayment}.',
    refusal_account_on_hold: 'La cuenta está en pausa por un reclamo.',
    refusal_account_not_active: 'La cuenta no está activa.',
    refusal_nothing_owed: 'La cuenta no tiene saldo.',
    refusal_currency_not_configured: 'La política no tiene planes para esta moneda.',
    refusal_below_min_installment: 'El saldo es muy bajo para un plan (cuota mínima {minAmount}).',
    refusal_invalid_amount: 'Monto no válido.',
    refusal_amount_below_min: 'El monto mínimo es {minAmount}.',
    refusal_amount_above_balance: 'El monto supera el saldo ({maxAmount}).',
    refusal_date_in_past: 'La fecha debe ser entre {earliestDateIso} y {latestDateIso}.',
    refusal_date_too_far: 'La fecha debe ser entre {earliestDateIso} y {latestDateIso}.',
    refusal_agreement_exists: 'La cuenta ya tiene un acuerdo vigente.',
    refusal_offer_changed: 'La oferta cambió; intente de nuevo.',
    error_csrf_failed: 'La sesión cambió; recargue la consola.',
    error_not_holder: 'Solo quien tiene la conversación (o un supervisor) puede hacer eso.',
    error_not_taken: 'Tome la conversación primero.',
    error_not_queued: 'La conversación ya no está en espera.',
    error_not_verified: 'El deudor no fue verificado en esta conversación.',
    error_delivery_failed: 'No se pudo entregar el mensaje en el canal del deudor. Intente de nuevo.',
    error_exception_not_allowed: 'Solo un supervisor puede aprobar excepciones.',
    error_generic: 'No se pudo completar: {message}',
    reason_dispute: 'Reclamo',
    reason_exception: 'Excepción',
    reason_hardship: 'Dificultad económica',
    reason_human: 'Pide una persona',
    reason_bot_failure: 'Falla del bot',
    role_agent: 'agente',
    role_supervisor: 'supervisor',
    role_admin: 'administrador',
    whatsappButton: 'WhatsApp',
    whatsappTitle: 'WhatsApp',
    closePanel: 'Cerrar',
    whatsappState_stopped: 'Detenido',
    whatsappState_connecting: 'Conectando…',
    'whatsappState_waiting-for-pairing': 'Esperando vinculación',
    whatsappState_open: 'Conectado',
    'whatsappState_logged-out': 'Desvinculado',
    whatsappScanHint:
      'En el teléfono del negocio abra WhatsApp › Dispositivos vinculados › Vincular un dispositivo y escanee este código. El código se renueva solo.',
    whatsappLoggedOutHint: 'WhatsApp cerró la sesión de este dispositivo. Pulse «Vincular de nuevo» para mostrar un código nuevo.',
    whatsappReconnecting: 'Conexión perdida; reintento n.º {attempt}.',
    whatsappDisabled: 'WhatsApp no está habilitado en este servidor (WHATSAPP_ENABLED).',
    whatsappQrAlt: 'Código QR para vincular WhatsApp',
    whatsappPairAgain: 'Vincular de nuevo',
    whatsappConfirmPair: 'WhatsApp está conectado. ¿Olvidar esta vinculación y vincular otro teléfono?',
    whatsappPairingStarted: 'Vinculación iniciada: escanee el código nuevo.',
  },
  en: {
    appTitle: 'Agent console',
    skipToMain: 'Skip to content',
    switchLanguage: 'Español',
    switchLanguageLabel: 'Cambiar la consola a español',
    logout: 'Log out',
    loginTitle: 'Log in',
    loginIntro: 'Log in with your agent email and password.',
    email: 'Email',
    password: 'Password',
    loginButton: 'Log in',
    loginFailed: 'Email or password not accepted. After 5 failed attempts an account is locked for 15 minutes.',
    tooManyAttempts: 'Too many attempts from this address. Wait a few minutes and try again.',
    networkError: 'The server cannot be reached. Try again.',
    queueTitle: 'Queue',
    queueEmpty: 'No conversation is waiting.',
    live: 'Live',
    reconnecting: 'Reconnecting…',
    waiting: 'Waiting',
    yours: 'With you',
    heldBy: 'With {name}',
    heldBySomeone: 'With another agent',
    verified: 'Verified',
    notVerified: 'Not verified',
    lastMessage: 'Last message: {text}',
    waitingFor: 'waiting {time}',
    lessThanMinute: '<1 min',
    take: 'Take',
    open: 'Open',
    chooseConversation: 'Choose a conversation in the queue to see its transcript.',
    conversationTitle: 'Conversation on {channel}',
    mode: 'Status: {mode}',
    mode_bot: 'with the bot',
    mode_queued: 'waiting',
    mode_agent: 'with an agent',
    mode_closed: 'closed',
    transcriptLabel: 'Transcript',
    transcriptEmpty: 'No messages yet.',
    author_debtor: 'Debtor',
    author_bot: 'Bot',
    author_agent: 'Agent',
    replyLabel: 'Reply to the debtor',
    replyHint: 'Ctrl+Enter sends.',
    send: 'Send',
    quickReplies: 'Quick replies',
    handBack: 'Return to bot',
    closeLabel: 'Close with outcome',
    closeButton: 'Close',
    outcome_resolved: 'Resolved',
    outcome_promise: 'Promise to pay',
    outcome_plan: 'Installment plan',
    outcome_dispute_registered: 'Dispute registered',
    outcome_no_contact: 'No answer',
    outcome_other: 'Other',
    takenByOther: '{name} took this conversation first.',
    takenAway: '{name} now holds this conversation.',
    readOnly: 'Read only: the conversation is with {name}.',
    supervising: 'Supervising: the conversation is with {name}; you may still act.',
    notTakenYet: 'Take the conversation to reply.',
    taken: 'Conversation taken.',
    sent: 'Message sent.',
    handedBack: 'Conversation handed back to the bot.',
    closed: 'Conversation closed.',
    debtorTitle: 'Debtor',
    notVerifiedNote: 'Not verified — no account data shown.',
    noConversation: 'No conversation open.',
    accounts: 'Accounts',
    balance: 'Balance',
    original: 'Original amount',
    dueDate: 'Due',
    status_active: 'Active',
    status_on_hold: 'On hold (dispute)',
    status_settled: 'Settled',
    status_closed: 'Closed',
    hasAgreement: 'Agreement in force',
    agreements: 'Agreements',
    noAgreements: 'No agreements.',
    kind_plan: 'Plan of {count} installments',
    kind_settlement: 'Pay in full',
    downPaymentOf: 'Down payment {amount}',
    installmentsOf: '{count} × {amount}',
    promises: 'Promises to pay',
    noPromises: 'No promises.',
    promiseTitle: 'Record a promise to pay',
    planTitle: 'Record an installment plan',
    account: 'Account',
    amount: 'Amount',
    amountHint: 'Use a dot for decimals, no thousands separator (e.g. 150000 or 120.50).',
    date: 'Date',
    count: 'Number of installments',
    downPayment: 'Down payment (optional)',
    exception: 'Policy exception (supervisor)',
    record: 'Record',
    promiseRecorded: 'Promise recorded: {amount} on {date}.',
    planRecorded: 'Plan recorded: {count} installments.',
    outsidePolicy:
      'The policy does not allow that plan. Nearest allowed: {count} installments of {installment}, down payment {downPayment}.',
    refusal_account_on_hold: 'The account is on hold because of a dispute.',
    refusal_account_not_active: 'The account is not active.',
    refusal_nothing_owed: 'Nothing is owed on this account.',
    refusal_currency_not_configured: 'The policy has no plans for this currency.',
    refusal_below_min_installment: 'The balance is too small for a plan (minimum installment {minAmount}).',
    refusal_invalid_amount: 'Invalid amount.',
    refusal_amount_below_min: 'The minimum amount is {minAmount}.',
    refusal_amount_above_balance: 'The amount is above the balance ({maxAmount}).',
    refusal_date_in_past: 'The date must be between {earliestDateIso} and {latestDateIso}.',
    refusal_date_too_far: 'The date must be between {earliestDateIso} and {latestDateIso}.',
    refusal_agreement_exists: 'The account already has an agreement in force.',
    refusal_offer_changed: 'The offer changed; try again.',
    error_csrf_failed: 'The session changed; reload the console.',
    error_not_holder: 'Only the agent holding the conversation (or a supervisor) can do that.',
    error_not_taken: 'Take the conversation first.',
    error_not_queued: 'The conversation is no longer waiting.',
    error_not_verified: 'The debtor was not verified in this conversation.',
    error_delivery_failed: "The message could not be delivered on the debtor's channel. Try again.",
    error_exception_not_allowed: 'Only a supervisor can approve exceptions.',
    error_generic: 'Could not complete it: {message}',
    reason_dispute: 'Dispute',
    reason_exception: 'Exception',
    reason_hardship: 'Hardship',
    reason_human: 'Asks for a person',
    reason_bot_failure: 'Bot failure',
    role_agent: 'agent',
    role_supervisor: 'supervisor',
    role_admin: 'admin',
    whatsappButton: 'WhatsApp',
    whatsappTitle: 'WhatsApp',
    closePanel: 'Close',
    whatsappState_stopped: 'Stopped',
    whatsappState_connecting: 'Connecting…',
    'whatsappState_waiting-for-pairing': 'Waiting for pairing',
    whatsappState_open: 'Connected',
    'whatsappState_logged-out': 'Logged out',
    whatsappScanHint: 'On the business phone open WhatsApp › Linked devices › Link a device and scan this code. The code renews itself.',
    whatsappLoggedOutHint: 'WhatsApp logged this device out. Press "Pair again" to show a new code.',
    whatsappReconnecting: 'Connection lost; retry #{attempt}.',
    whatsappDisabled: 'WhatsApp is not enabled on this server (WHATSAPP_ENABLED).',
    whatsappQrAlt: 'QR code to link WhatsApp',
    whatsappPairAgain: 'Pair again',
    whatsappConfirmPair: 'WhatsApp is connected. Forget this pairing and link another phone?',
    whatsappPairingStarted: 'Pairing started: scan the new code.',
  },
};

const storageKey = 'agent-console.language';
let current = initialLanguage();

function initialLanguage() {
  try {
    const stored = localStorage.getItem(storageKey);
    if (stored === 'es' || stored === 'en') return stored;
  } catch {
    // Storage may be disabled; fall back to the browser's language.
  }
  return (navigator.language || 'es').toLowerCase().startsWith('en') ? 'en' : 'es';
}

/** The UI language, 'es' or 'en'. */
export function language() {
  return current;
}

/** The BCP 47 locale dates and times are shown in. */
export function displayLocale() {
  return current === 'en' ? 'en-US' : 'es-CL';
}

/** The text of `key` in the current language with `{name}` placeholders filled (the key itself if unknown). */
export function t(key, values = {}) {
  const template = texts[current][key] ?? texts.es[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (_match, name) =>
    values[name] === undefined || values[name] === null ? '' : String(values[name]),
  );
}

/** The name of a country (ISO 3166 code) or language (ISO 639 code) in the UI language; the code when unknown. */
export function displayName(type, code) {
  try {
    return new Intl.DisplayNames([displayLocale()], { type }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** True when a text exists for `key`. */
export function hasText(key) {
  return key in texts[current];
}

/** Switches the language, remembers it, and re-applies the static texts. */
export function setLanguage(next) {
  current = next === 'en' ? 'en' : 'es';
  try {
    localStorage.setItem(storageKey, current);
  } catch {
    // Not remembered when storage is disabled.
  }
  applyStaticTexts();
}

/** Fills every element carrying data-i18n (text) or data-i18n-<attribute> (attribute) in the page. */
export function applyStaticTexts(root = document) {
  document.documentElement.lang = current;
  for (const element of root.querySelectorAll('[data-i18n]')) element.textContent = t(element.dataset.i18n);
  for (const attribute of ['aria-label', 'placeholder', 'title']) {
    const dataName = `i18n${attribute.replace(/(^|-)(\w)/g, (_m, _d, c) => c.toUpperCase())}`;
    for (const element of root.querySelectorAll(`[data-i18n-${attribute}]`)) element.setAttribute(attribute, t(element.dataset[dataName]));
  }
}
