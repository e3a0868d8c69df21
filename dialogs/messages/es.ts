import type { Catalog } from './catalog.js';

/** Spanish (Latin America), written to be read on a phone: short, plain and respectful. */
export const es: Catalog = {
  greeting: (lender) =>
    `¡Hola! Soy el asistente virtual de ${lender}. Puedo ayudarte a revisar tu saldo, pagar, acordar un plan de cuotas o comunicarte con una persona. ¿En qué te ayudo?`,
  menuTitle: 'Esto es lo que puedo hacer por ti:',
  menu: {
    balance: 'Ver mi saldo',
    payFull: 'Pagar el total',
    plan: 'Plan de cuotas',
    promise: 'Prometer un pago',
    alreadyPaid: 'Ya pagué',
    dispute: 'No reconozco la deuda',
    human: 'Hablar con una persona',
    methods: 'Formas de pago',
  },
  help: 'Puedo mostrarte tu saldo, ofrecerte un descuento por pago total, armar un plan de cuotas, registrar una promesa de pago, recibir un reclamo o pasarte con una persona. Escribe "english" para cambiar de idioma.',
  verifyIntro: 'Para proteger tus datos, primero necesito confirmar tu identidad.',
  askDocument: 'Por favor, escribe tu número de documento (RUT, DNI, CURP, cédula o DUI).',
  askBirthDate: 'Gracias. Ahora tu fecha de nacimiento (por ejemplo 07/06/1972 o 1972-06-07).',
  askDocumentAfterDate: 'Gracias, ya tengo tu fecha de nacimiento. Ahora escribe tu número de documento (RUT, DNI, CURP, cédula o DUI).',
  reverifyBirthDate: 'Por tu seguridad, confirma tu fecha de nacimiento (por ejemplo 07/06/1972).',
  verificationExpired: 'Por seguridad, tu sesión se cerró después de un rato sin actividad.',
  verifyFirst: 'Con gusto te ayudo con eso, pero primero necesito confirmar tu identidad.',
  phoneNotUnderstood: 'No logré leer esos dígitos. Escribe solo los últimos 4 dígitos de tu teléfono, por ejemplo 5678.',
  birthDateNotUnderstood: 'No logré leer la fecha. Escríbela como día/mes/año, por ejemplo 07/06/1972.',
  documentNotUnderstood: 'No logré leer el número de documento. Escríbelo solo con números (y letras si tiene), por ejemplo 17090571-7.',
  askPhoneLast4: 'Para terminar, ¿cuáles son los últimos 4 dígitos de tu teléfono?',
  verified: (firstName) => `Gracias, ${firstName}. Ya confirmé tu identidad.`,
  verificationFailed: (attemptsLeft) =>
    `No pude confirmar tu identidad con esos datos. Te ${attemptsLeft === 1 ? 'queda 1 intento' : `quedan ${attemptsLeft} intentos`}.`,
  verificationLocked: (minutes) =>
    `Por tu seguridad, pausamos la verificación durante ${minutes} minutos. Si necesitas ayuda antes, puedes pedir hablar con una persona.`,
  usDisclosure:
    'Esta es una comunicación de un cobrador de deudas. Es un intento de cobrar una deuda y cualquier información obtenida se usará para ese fin.',
  noAccounts: 'No encuentro cuentas con saldo pendiente a tu nombre.',
  balanceHeader: (count) => (count === 1 ? 'Este es el estado de tu cuenta:' : `Tienes ${count} cuentas:`),
  balanceLine: (product, refTail, balance, status) => `• ${product} (terminada en ${refTail}): ${balance} — ${status}`,
  accountStatus: {
    current: 'al día',
    pastDue: (days) => `vencida hace ${days} ${days === 1 ? 'día' : 'días'}`,
    onHold: 'en revisión por un reclamo',
    settled: 'pagada',
    closed: 'cerrada',
  },
  whatNext: '¿Qué te gustaría hacer?',
  chooseAccount: '¿Sobre cuál cuenta?',
  noOfferableAccount: 'No tienes cuentas con saldo disponible para esta opción en este momento.',
  settlementOffer: (pay, discount, percent, byDate) =>
    `Si pagas el total hasta el ${byDate}, te hacemos un descuento del ${percent}% (${discount}). Pagarías ${pay}.`,
  payInFullNoDiscount: (balance) => `El total a pagar es ${balance}.`,
  discountCapped: (percent) =>
    `El máximo descuento que puedo ofrecerte hoy es ${percent}%. Si necesitas una excepción, puedo pasarte con una persona.`,
  confirmSettlement: '¿Acordamos este pago?',
  settlementRecorded: (pay, byDate) => `Listo, quedó registrado: pagarás ${pay} hasta el ${byDate}.`,
  howToPay: (methods) => `Puedes pagar por:\n${methods.map((method) => `• ${method}`).join('\n')}`,
  payNowLink: (amount, url) => `Puedes pagar ahora ${amount} en este enlace:\n${url}`,
  payNowTransfer: (amount, reference, bankDetails) =>
    `${amount ? `Puedes pagar ${amount} por` : 'O por'} transferencia bancaria, indicando la referencia ${reference}${bankDetails ? `:\n${bankDetails}` : '.'}`,
  payNowQrName: 'Código QR para pagar',
  nextDueLead: (account, date, late) =>
    late
      ? `Tu acuerdo de la cuenta ${account} tiene un pago atrasado desde el ${date}.`
      : `El próximo pago de tu acuerdo de la cuenta ${account} vence el ${date}.`,
  planOffer: (summary) => `Te propongo este plan:\n${summary}`,
  planLowestOffer: (summary) => `Este es el plan con las cuotas más bajas que puedo ofrecerte:\n${summary}`,
  planSummary: (downPayment, count, installment, firstInstallment, firstDate, total) =>
    `${downPayment ? `• Pie de ${downPayment} hoy\n` : ''}• ${count} cuotas de ${installment}${firstInstallment !== installment ? ` (la primera de ${firstInstallment})` : ''}, desde el ${firstDate}\n• Total: ${total}`,
  planSchedule: (lines) => `Calendario de pagos:\n${lines.join('\n')}`,
  scheduleLine: (label, date, amount) => `${label} — ${date}: ${amount}`,
  downPaymentLabel: 'Pie',
  installmentLabel: (sequence) => `Cuota ${sequence}`,
  planAdjusted: {
    count_above_max: (max) => `El máximo es ${max} cuotas, así que te ofrezco ${max}.`,
    count_below_min: (min) => `El plan debe tener al menos ${min} cuotas.`,
    installment_below_min: (minimum) => `Cada cuota debe ser de al menos ${minimum}, por eso ajusté la cantidad de cuotas.`,
    monthly_amount_too_low: (minimum) => `Con ese monto mensual no alcanza; la cuota mínima es ${minimum} y hay un máximo de cuotas.`,
    monthly_amount_too_many_payments: (asked, maxCount, lowest) =>
      `Con ${asked} al mes se necesitarían más de las ${maxCount} cuotas que puedo ofrecer; la cuota más baja es ${lowest}.`,
    down_payment_below_min: (minimum) => `El pie mínimo es ${minimum}.`,
    down_payment_too_high: 'Con ese pie casi pagas el total; ajusté el pie para que queden cuotas.',
  },
  confirmPlan: '¿Confirmas este plan? Responde "sí" para registrarlo.',
  askPlanChange: '¿Cuántas cuotas o qué monto mensual te acomoda?',
  planRecorded: (reference) => `¡Listo! Tu plan quedó registrado (referencia ${reference}).`,
  planReminders: (daysBefore) =>
    `Te escribiremos ${daysBefore === 1 ? 'un día' : `${daysBefore} días`} antes de cada cuota para recordártela.`,
  planDeclined: 'Entendido, no registré ningún plan. Si cambias de opinión, escríbeme cuando quieras.',
  amountTooPrecise: (decimals) =>
    `Ese monto tiene más decimales de los que usa la moneda de tu cuenta (${decimals === 0 ? 'se escribe sin decimales' : `hasta ${decimals}`}), así que no lo tomé.`,
  amountTooLarge: 'Ese monto es más grande de lo que puedo registrar, así que no lo tomé. Revisa la cifra, por favor.',
  askPromiseAmount: (minimum, balance) => `¿Cuánto podrás pagar? (entre ${minimum} y ${balance})`,
  askPromiseDate: (latest) => `¿Qué día pagarás? (a más tardar el ${latest})`,
  confirmPromise: (amount, date) => `Entonces pagarás ${amount} el ${date}. ¿Lo confirmas?`,
  promiseRecorded: (amount, date) => `Gracias, registré tu compromiso de pagar ${amount} el ${date}.`,
  promiseDeclined: 'Entendido, no registré ningún compromiso.',
  askPaidDate: '¿Qué día hiciste el pago?',
  askPaidAmount: '¿Por qué monto fue el pago?',
  paymentAlreadyRecorded: (amount, date, balance) =>
    `Ya tenemos registrado tu pago de ${amount} del ${date}: está aplicado a tu cuenta. Saldo actual: ${balance}. ¡Gracias!`,
  paidClaimRecorded: 'Gracias. Registré tu pago para que un agente lo verifique; te avisaremos cuando quede confirmado.',
  askDisputeCategory: 'Lamento la confusión. ¿Cuál es el problema con esta deuda?',
  disputeCategories: {
    not_mine: 'No es mía',
    amount_wrong: 'El monto está mal',
    already_paid: 'Ya la pagué',
    fraud: 'Fue un fraude',
    other: 'Otro motivo',
  },
  askDisputeText: 'Cuéntame brevemente qué pasó.',
  disputeRecorded: (reference) =>
    `Registré tu reclamo con la referencia ${reference}. La cuenta queda en revisión y no te cobraremos mientras tanto. Una persona del equipo revisará tu caso.`,
  hardship: 'Siento mucho que estés pasando por un momento difícil. Podemos buscar una cuota más pequeña o puedo pasarte con una persona.',
  hardshipSmallestPlan: 'Plan con cuotas más bajas',
  handoffQueued: 'Te comunico con una persona del equipo. Te responderá por aquí apenas esté disponible.',
  queueAhead: (ahead) =>
    ahead === 0
      ? 'Eres el siguiente en la fila.'
      : ahead === 1
        ? 'Hay 1 persona antes que tú en la fila.'
        : `Hay ${ahead} personas antes que tú en la fila.`,
  handoffWaiting: 'Tu conversación está en la fila; una persona te responderá por aquí.',
  handoffStillWaiting: (businessHours) =>
    `Seguimos buscando a alguien del equipo para atenderte. Atendemos ${businessHours}; te responderemos por aquí apenas podamos. No necesitas volver a escribir.`,
  optOutConfirmed: 'Listo, registré que no quieres recibir más mensajes por este canal. Si nos escribes, te responderemos.',
  wrongPerson: 'Disculpa la molestia. Registré que este contacto no corresponde y no te escribiremos más.',
  paymentMethods: (methods) => `Puedes pagar por:\n${methods.map((method) => `• ${method}`).join('\n')}`,
  goodbye: '¡Gracias por escribir! Aquí estaré si me necesitas.',
  notUnderstood: 'Perdón, no te entendí. ¿Me lo dices de otra forma?',
  notUnderstoodAgain: 'Sigo sin entenderte. Puedes elegir una opción o hablar con una persona:',
  questionDropped: 'Dejemos esa pregunta por ahora. Puedes elegir una opción o hablar con una persona:',
  languageSwitched: 'Listo, seguimos en español.',
  turnError: 'Lo siento, tuve un problema técnico. ¿Puedes intentarlo de nuevo?',
  refusal: {
    account_on_hold: 'Esta cuenta está en revisión por un reclamo, así que por ahora no puedo ofrecerte opciones de pago en ella.',
    account_not_active: 'Esta cuenta ya no tiene saldo por pagar.',
    nothing_owed: 'Esta cuenta no tiene saldo pendiente.',
    currency_not_configured: 'Para esta cuenta necesito pasarte con una persona.',
    below_min_installment: (minimum) =>
      `El saldo es muy bajo para un plan de cuotas (la cuota mínima es ${minimum}). Te conviene pagarlo completo.`,
    invalid_amount: 'Ese monto no es válido.',
    invalid_request: 'No pude usar ese número. Escríbelo como número entero o con hasta dos decimales (por ejemplo 12,5).',
    amount_below_min: (minimum) => `El monto mínimo es ${minimum}.`,
    amount_above_balance: (maximum) => `Ese monto supera tu saldo (${maximum}).`,
    date_in_past: 'Esa fecha ya pasó; elige una fecha desde hoy.',
    date_too_far: (latest) => `La fecha no puede ser después del ${latest}.`,
    agreement_exists: 'Esta cuenta ya tiene un acuerdo vigente.',
    offer_changed: 'Tu saldo cambió mientras conversábamos; revisemos la oferta de nuevo.',
  },
  choices: {
    yes: 'Sí',
    no: 'No',
    accept: 'Aceptar',
    change: 'Cambiar',
    decline: 'No, gracias',
    smallerPlan: 'Plan más pequeño',
    human: 'Hablar con una persona',
    menu: 'Ver opciones',
  },
  products: {
    tarjeta_credito: 'Tarjeta de crédito',
    credit_card: 'Tarjeta de crédito',
    credito_consumo: 'Crédito de consumo',
    prestamo_personal: 'Préstamo personal',
    personal_loan: 'Préstamo personal',
    factura_servicios: 'Factura de servicios',
    utility_bill: 'Factura de servicios',
    servicio_telefonia: 'Servicio de telefonía',
  },
  receipts: {
    paid: (amount, account, balance) => `Recibimos tu pago de ${amount} a la cuenta ${account}. ¡Gracias! Saldo actual: ${balance}.`,
    credit: (credit) => ` ${credit} superó lo que debías y queda como saldo a tu favor.`,
    reversed: (amount, account, balance) =>
      `Tu pago de ${amount} a la cuenta ${account} fue reversado (un reembolso o un contracargo). Saldo actual: ${balance}.`,
  },
  reminders: {
    pre_due: (lender, date) =>
      `Hola, te escribe ${lender}. Un pago de tu cuenta vence el ${date}. Responde aquí para ver tu saldo o tus opciones.`,
    due_today: (lender) => `Hola, te escribe ${lender}. Hoy vence un pago de tu cuenta. Responde aquí para ver tu saldo o cómo pagar.`,
    past_due: (lender, daysLate) =>
      `Hola, te escribe ${lender}. Un pago de tu cuenta tiene ${daysLate} ${daysLate === 1 ? 'día' : 'días'} de atraso. Responde aquí y vemos juntos tus opciones, como un plan de cuotas.`,
    installment_due: (lender, date) =>
      `Hola, te escribe ${lender}. La próxima cuota de tu plan vence el ${date}. Responde aquí si necesitas el detalle.`,
    promise_due: (lender) =>
      `Hola, te escribe ${lender}. Hoy es el día en que dijiste que harías tu pago. ¡Gracias! Responde aquí si necesitas ayuda.`,
    broken_promise: (lender) =>
      `Hola, te escribe ${lender}. No hemos recibido el pago que tenías planeado. Responde aquí y buscamos juntos otra forma.`,
    usFooter: 'Esta es una comunicación de un cobrador de deudas. Responde STOP para dejar de recibir estos mensajes.',
    pendingNotices: (count) =>
      count === 1 ? 'Mientras no estabas te dejamos un aviso:' : `Mientras no estabas te dejamos ${count} avisos:`,
    replyingTo: (account, date) => `Sobre el recordatorio que te enviamos: ${account}, fecha ${date}.`,
  },
};
