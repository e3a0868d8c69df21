import { daysBetween } from '../lib/calendar.js';
import type { ContactKind } from '../ledger/index.js';
import { longDate } from './format.js';
import { messagesFor, type Language } from './messages/index.js';

/** What a reminder is about, and to whom it goes. */
export interface ReminderFacts {
  readonly kind: ContactKind;
  readonly language: Language;
  readonly lenderName: string;
  /** The date it is about (the due date, the installment's or the promise's date). */
  readonly aboutDateIso: string;
  /** The debtor's local date when it goes out. */
  readonly localDateIso: string;
  /** Add the US debt-collector disclosure and opt-out statement. */
  readonly disclosure: boolean;
}

/** The text of a reminder and its template id (recorded in the contact log), e.g. "reminder.past_due.es". */
export function composeReminder(facts: ReminderFacts): { readonly text: string; readonly template: string } {
  const texts = messagesFor(facts.language).reminders;
  const date = longDate(facts.aboutDateIso, facts.language);
  const bodies: Record<ContactKind, () => string> = {
    pre_due: () => texts.pre_due(facts.lenderName, date),
    due_today: () => texts.due_today(facts.lenderName),
    past_due: () => texts.past_due(facts.lenderName, Math.max(1, daysBetween(facts.aboutDateIso, facts.localDateIso))),
    installment_due: () => texts.installment_due(facts.lenderName, date),
    promise_due: () => texts.promise_due(facts.lenderName),
    broken_promise: () => texts.broken_promise(facts.lenderName),
  };
  const body = bodies[facts.kind]();
  return {
    text: facts.disclosure ? `${body}\n\n${texts.usFooter}` : body,
    template: `reminder.${facts.kind}.${facts.language}${facts.disclosure ? '.us' : ''}`,
  };
}
