// Canned answers agents insert into the reply box, per language. Plain text, edited before sending.

/** Languages the console has quick replies for. */
export type QuickReplyLanguage = 'es' | 'en';

/** One canned answer: a short label for the button and the text it inserts. */
export interface QuickReply {
  readonly id: string;
  readonly label: string;
  readonly text: string;
}

/** The quick replies per language. */
export const quickReplies: Readonly<Record<QuickReplyLanguage, readonly QuickReply[]>> = {
  es: [
    { id: 'greeting', label: 'Saludo', text: 'Hola, le saluda un ejecutivo. Ya revisé su conversación, ¿en qué le puedo ayudar?' },
    { id: 'checking', label: 'Revisando', text: 'Deme un momento, por favor, estoy revisando su cuenta.' },
    {
      id: 'dispute',
      label: 'Reclamo recibido',
      text: 'Registramos su reclamo. Mientras lo revisamos, la cuenta queda en pausa y no recibirá cobros por ella.',
    },
    { id: 'plan', label: 'Ofrecer plan', text: 'Podemos ofrecerle un plan en cuotas. ¿Cuánto podría pagar al mes?' },
    { id: 'promise', label: 'Compromiso', text: '¿Qué monto y qué fecha le acomodan para su próximo pago?' },
    { id: 'confirm', label: 'Confirmar acuerdo', text: 'Dejé registrado el acuerdo. Le llegará el detalle por este mismo canal.' },
    {
      id: 'back-to-bot',
      label: 'Volver al asistente',
      text: 'Le devuelvo al asistente virtual; puede escribir "ayuda" para ver las opciones. ¡Gracias!',
    },
    { id: 'goodbye', label: 'Despedida', text: 'Gracias por su tiempo. Que tenga un buen día.' },
  ],
  en: [
    { id: 'greeting', label: 'Greeting', text: 'Hello, this is an agent. I have read your conversation — how can I help?' },
    { id: 'checking', label: 'Checking', text: 'One moment please, I am looking at your account.' },
    {
      id: 'dispute',
      label: 'Dispute received',
      text: 'We have recorded your dispute. While we review it the account is on hold and you will not be asked to pay it.',
    },
    { id: 'plan', label: 'Offer a plan', text: 'We can offer you an installment plan. How much could you pay each month?' },
    { id: 'promise', label: 'Promise to pay', text: 'What amount and date would work for your next payment?' },
    {
      id: 'confirm',
      label: 'Confirm agreement',
      text: 'I have recorded the agreement. You will receive the details on this same channel.',
    },
    {
      id: 'back-to-bot',
      label: 'Back to the assistant',
      text: 'I am handing you back to the virtual assistant; type "help" to see what it can do. Thank you!',
    },
    { id: 'goodbye', label: 'Goodbye', text: 'Thank you for your time. Have a good day.' },
  ],
};

/** The quick replies of a language (Spanish unless the tag starts with "en"). */
export function quickRepliesFor(language: string | undefined): readonly QuickReply[] {
  return quickReplies[language?.toLowerCase().startsWith('en') ? 'en' : 'es'];
}
