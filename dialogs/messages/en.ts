import type { Catalog } from './catalog.js';

/** US English: short, plain and respectful. */
export const en: Catalog = {
  greeting: (lender) =>
    `Hi! I'm the virtual assistant of ${lender}. I can help you check your balance, pay, set up a payment plan or talk to a person. How can I help?`,
  menuTitle: 'Here is what I can do for you:',
  menu: {
    balance: 'Check my balance',
    payFull: 'Pay in full',
    plan: 'Payment plan',
    promise: 'Promise a payment',
    alreadyPaid: 'I already paid',
    dispute: "I don't recognize this debt",
    human: 'Talk to a person',
    methods: 'Ways to pay',
  },
  help: 'I can show your balance, offer a discount for paying in full, set up a payment plan, record a promise to pay, take a dispute or connect you with a person. Type "español" to switch language.',
  verifyIntro: 'To protect your information, I first need to confirm your identity.',
  askDocument: 'Please type your ID number (for US accounts, the last 4 digits of your SSN).',
  askBirthDate: 'Thanks. Now your date of birth (for example 06/07/1972 or 1972-06-07).',
  askDocumentAfterDate: 'Thanks, I have your date of birth. Now please type your ID number (SSN last 4, RUT, DNI, CURP, cédula or DUI).',
  reverifyBirthDate: 'For your security, please confirm your date of birth (for example 06/07/1972).',
  verificationExpired: 'For your security, your session closed after a while without activity.',
  verifyFirst: "Happy to help with that, but first I need to confirm who I'm talking to.",
  phoneNotUnderstood: "I couldn't read those digits. Please type only the last 4 digits of your phone, for example 5678.",
  birthDateNotUnderstood: "I couldn't read that date. Please write it as month/day/year, for example 06/07/1972.",
  documentNotUnderstood: "I couldn't read that ID number. Please type just the digits (and letters, if any).",
  askPhoneLast4: 'Last step: what are the last 4 digits of your phone number?',
  verified: (firstName) => `Thank you, ${firstName}. Your identity is confirmed.`,
  verificationFailed: (attemptsLeft) =>
    `I couldn't confirm your identity with those details. You have ${attemptsLeft} ${attemptsLeft === 1 ? 'attempt' : 'attempts'} left.`,
  verificationLocked: (minutes) =>
    `For your security, verification is paused for ${minutes} minutes. If you need help sooner, you can ask to talk to a person.`,
  usDisclosure:
    'This is a communication from a debt collector. This is an attempt to collect a debt and any information obtained will be used for that purpose.',
  noAccounts: "I don't find any accounts with a balance in your name.",
  balanceHeader: (count) => (count === 1 ? "Here's your account:" : `You have ${count} accounts:`),
  balanceLine: (product, refTail, balance, status) => `• ${product} (ending in ${refTail}): ${balance} — ${status}`,
  accountStatus: {
    current: 'current',
    pastDue: (days) => `${days} ${days === 1 ? 'day' : 'days'} past due`,
    onHold: 'under review (dispute)',
    settled: 'paid',
    closed: 'closed',
  },
  whatNext: 'What would you like to do?',
  chooseAccount: 'Which account?',
  noOfferableAccount: "You don't have an account with a balance available for this option right now.",
  settlementOffer: (pay, discount, percent, byDate) =>
    `If you pay in full by ${byDate}, you get a ${percent}% discount (${discount}). You would pay ${pay}.`,
  payInFullNoDiscount: (balance) => `The total to pay is ${balance}.`,
  discountCapped: (percent) =>
    `The largest discount I can offer today is ${percent}%. If you need an exception, I can connect you with a person.`,
  confirmSettlement: 'Shall we agree on this payment?',
  settlementRecorded: (pay, byDate) => `Done, it's recorded: you'll pay ${pay} by ${byDate}.`,
  howToPay: (methods) => `You can pay by:\n${methods.map((method) => `• ${method}`).join('\n')}`,
  payNowLink: (amount, url) => `You can pay ${amount} now at this link:\n${url}`,
  payNowTransfer: (amount, reference, bankDetails) =>
    `${amount ? `You can pay ${amount} by` : 'Or by'} bank transfer, quoting the reference ${reference}${bankDetails ? `:\n${bankDetails}` : '.'}`,
  payNowQrName: 'QR code to pay',
  nextDueLead: (account, date, late) =>
    late
      ? `The agreement on account ${account} has a payment overdue since ${date}.`
      : `The next payment of the agreement on account ${account} is due on ${date}.`,
  planOffer: (summary) => `Here's a plan for you:\n${summary}`,
  planLowestOffer: (summary) => `This is the plan with the lowest payments I can offer:\n${summary}`,
  planSummary: (downPayment, count, installment, firstInstallment, firstDate, total) =>
    `${downPayment ? `• Down payment of ${downPayment} today\n` : ''}• ${count} payments of ${installment}${firstInstallment !== installment ? ` (the first one ${firstInstallment})` : ''}, starting ${firstDate}\n• Total: ${total}`,
  planSchedule: (lines) => `Payment schedule:\n${lines.join('\n')}`,
  scheduleLine: (label, date, amount) => `${label} — ${date}: ${amount}`,
  downPaymentLabel: 'Down payment',
  installmentLabel: (sequence) => `Payment ${sequence}`,
  planAdjusted: {
    count_above_max: (max) => `The maximum is ${max} payments, so I'm offering ${max}.`,
    count_below_min: (min) => `A plan needs at least ${min} payments.`,
    installment_below_min: (minimum) => `Each payment must be at least ${minimum}, so I adjusted the number of payments.`,
    monthly_amount_too_low: (minimum) =>
      `That monthly amount is too low: the minimum payment is ${minimum} and there is a maximum number of payments.`,
    monthly_amount_too_many_payments: (asked, maxCount, lowest) =>
      `${asked} a month would take more than the ${maxCount} payments I can offer; the lowest monthly payment is ${lowest}.`,
    down_payment_below_min: (minimum) => `The minimum down payment is ${minimum}.`,
    down_payment_too_high: 'That down payment covers almost everything; I adjusted it so the plan still has payments.',
  },
  confirmPlan: 'Do you confirm this plan? Reply "yes" to record it.',
  askPlanChange: 'How many payments, or what monthly amount, works for you?',
  planRecorded: (reference) => `All set! Your plan is recorded (reference ${reference}).`,
  planReminders: (daysBefore) =>
    `We'll write to you ${daysBefore === 1 ? 'a day' : `${daysBefore} days`} before each installment as a reminder.`,
  planDeclined: "Understood, I didn't record any plan. Write to me whenever you change your mind.",
  amountTooPrecise: (decimals) =>
    `That amount has more decimals than your account's currency uses (${decimals === 0 ? 'it has none' : `up to ${decimals}`}), so I didn't take it.`,
  amountTooLarge: "That amount is larger than I can record, so I didn't take it. Please check the figure.",
  askPromiseAmount: (minimum, balance) => `How much will you pay? (between ${minimum} and ${balance})`,
  askPromiseDate: (latest) => `On what day will you pay? (${latest} at the latest)`,
  confirmPromise: (amount, date) => `So you'll pay ${amount} on ${date}. Do you confirm?`,
  promiseRecorded: (amount, date) => `Thank you, I recorded your promise to pay ${amount} on ${date}.`,
  promiseDeclined: "Understood, I didn't record any promise.",
  askPaidDate: 'On what day did you pay?',
  askPaidAmount: 'How much did you pay?',
  paymentAlreadyRecorded: (amount, date, balance) =>
    `We already have your payment of ${amount} on ${date}: it is applied to your account. Balance now: ${balance}. Thank you!`,
  paidClaimRecorded: "Thank you. I recorded your payment for an agent to verify; we'll let you know once it's confirmed.",
  askDisputeCategory: "I'm sorry for the confusion. What's the problem with this debt?",
  disputeCategories: {
    not_mine: "It's not mine",
    amount_wrong: 'The amount is wrong',
    already_paid: 'I already paid it',
    fraud: 'It was fraud',
    other: 'Something else',
  },
  askDisputeText: 'Please tell me briefly what happened.',
  disputeRecorded: (reference) =>
    `I recorded your dispute with reference ${reference}. The account is on hold and we won't collect on it meanwhile. A person from our team will review your case.`,
  hardship: "I'm sorry you're going through a hard time. We can look for a smaller payment, or I can connect you with a person.",
  hardshipSmallestPlan: 'Plan with lower payments',
  handoffQueued: "I'm connecting you with a person from our team. They'll reply here as soon as they're available.",
  queueAhead: (ahead) =>
    ahead === 0 ? "You're next in line." : ahead === 1 ? 'There is 1 person ahead of you.' : `There are ${ahead} people ahead of you.`,
  handoffWaiting: "You're in the queue; a person will reply here.",
  handoffStillWaiting: (businessHours) =>
    `We're still looking for someone on our team to help you. We're open ${businessHours}; we'll reply here as soon as we can. No need to write again.`,
  optOutConfirmed: "Done, you won't receive more messages from us on this channel. If you write to us, we'll still reply.",
  wrongPerson: "Sorry for the trouble. I've noted that this contact is not the right person, and we won't write again.",
  paymentMethods: (methods) => `You can pay by:\n${methods.map((method) => `• ${method}`).join('\n')}`,
  goodbye: "Thanks for writing! I'm here if you need me.",
  notUnderstood: "Sorry, I didn't get that. Could you say it another way?",
  notUnderstoodAgain: "I still don't understand. You can pick an option or talk to a person:",
  questionDropped: "Let's leave that question for now. You can pick an option or talk to a person:",
  languageSwitched: "Sure, let's continue in English.",
  turnError: 'Sorry, I had a technical problem. Could you try again?',
  refusal: {
    account_on_hold: "This account is under review because of a dispute, so I can't offer payment options on it for now.",
    account_not_active: 'This account has no balance left to pay.',
    nothing_owed: 'This account has no outstanding balance.',
    currency_not_configured: 'For this account I need to connect you with a person.',
    below_min_installment: (minimum) =>
      `The balance is too small for a payment plan (the minimum payment is ${minimum}). Paying it in full is best.`,
    invalid_amount: "That amount isn't valid.",
    invalid_request: "I couldn't use that number. Please write it as a whole number, or with at most two decimals (like 12.5).",
    amount_below_min: (minimum) => `The minimum amount is ${minimum}.`,
    amount_above_balance: (maximum) => `That amount is more than your balance (${maximum}).`,
    date_in_past: 'That date has passed; please pick a date from today on.',
    date_too_far: (latest) => `The date can't be later than ${latest}.`,
    agreement_exists: 'This account already has an agreement in place.',
    offer_changed: 'Your balance changed while we were talking; let me check the offer again.',
  },
  choices: {
    yes: 'Yes',
    no: 'No',
    accept: 'Accept',
    change: 'Change it',
    decline: 'No, thanks',
    smallerPlan: 'Smaller payments',
    human: 'Talk to a person',
    menu: 'Show options',
  },
  products: {
    tarjeta_credito: 'Credit card',
    credit_card: 'Credit card',
    credito_consumo: 'Consumer loan',
    prestamo_personal: 'Personal loan',
    personal_loan: 'Personal loan',
    factura_servicios: 'Utility bill',
    utility_bill: 'Utility bill',
    servicio_telefonia: 'Phone service',
  },
  receipts: {
    paid: (amount, account, balance) => `We received your payment of ${amount} to account ${account}. Thank you! Balance now: ${balance}.`,
    credit: (credit) => ` ${credit} was more than you owed and is kept as credit in your favour.`,
    reversed: (amount, account, balance) =>
      `Your payment of ${amount} to account ${account} was reversed (a refund or a chargeback). Balance now: ${balance}.`,
  },
  reminders: {
    pre_due: (lender, date) =>
      `Hi, this is ${lender}. A payment on your account is due on ${date}. Reply here to see your balance or your options.`,
    due_today: (lender) => `Hi, this is ${lender}. A payment on your account is due today. Reply here to see your balance or how to pay.`,
    past_due: (lender, daysLate) =>
      `Hi, this is ${lender}. A payment on your account is ${daysLate} ${daysLate === 1 ? 'day' : 'days'} late. Reply here and we'll look at your options together, such as a payment plan.`,
    installment_due: (lender, date) =>
      `Hi, this is ${lender}. The next installment of your payment plan is due on ${date}. Reply here if you need the details.`,
    promise_due: (lender) =>
      `Hi, this is ${lender}. Today is the day you planned to make your payment. Thank you! Reply here if you need help.`,
    broken_promise: (lender) =>
      `Hi, this is ${lender}. We haven't received the payment you planned. Reply here and we'll find another way together.`,
    usFooter: 'This is a communication from a debt collector. Reply STOP to stop these messages.',
    pendingNotices: (count) =>
      count === 1 ? 'While you were away we left you a notice:' : `While you were away we left you ${count} notices:`,
    replyingTo: (account, date) => `About the reminder we sent you: ${account}, date ${date}.`,
  },
};
