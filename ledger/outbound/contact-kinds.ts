/** The reminders and follow-ups the bot sends on its own initiative (DESIGN §12). */
export const contactKinds = ['pre_due', 'due_today', 'past_due', 'installment_due', 'promise_due', 'broken_promise'] as const;

/** One kind of outbound contact. */
export type ContactKind = (typeof contactKinds)[number];

/** True when `value` names a contact kind. */
export function isContactKind(value: string): value is ContactKind {
  return (contactKinds as readonly string[]).includes(value);
}

/**
 * When each kind may go out, in days relative to the date it is about (the due date, the installment's or the
 * promise's date): from its planned day (the cadence's offset) until the last day of this window. A reminder before a
 * date is no use on the date; a "due today" only that day; a late notice for a few days, until the next one.
 */
export const lastUsefulDay: Readonly<Record<ContactKind, (offsetDays: number) => number>> = {
  pre_due: () => -1,
  due_today: () => 0,
  past_due: (offsetDays) => offsetDays + 3,
  installment_due: () => -1,
  promise_due: () => 0,
  broken_promise: (offsetDays) => offsetDays + 2,
};

/**
 * Which kinds take a debtor's allowed days first (lower first): those tied to a date the debtor must act on, then
 * the notices before and after a due date. Within a tier, earlier contacts go first.
 */
export const kindTier: Readonly<Record<ContactKind, number>> = {
  due_today: 0,
  installment_due: 0,
  promise_due: 0,
  broken_promise: 0,
  pre_due: 1,
  past_due: 1,
};

/** What the cadence says: the local time contacts aim for, and per kind the days from the date it is about (− before). */
export interface OutboundCadence {
  /** Local minute of the day a contact aims for (moved into the country's hours when outside them). */
  readonly sendAtMinute: number;
  /** Per kind, the days relative to the date the contact is about (−3: three days before); empty: the kind is off. */
  readonly offsets: Readonly<Record<ContactKind, readonly number[]>>;
}
