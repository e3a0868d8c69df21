import { describe, expect, it } from 'vitest';
import { isoWithOffset } from '../../lib/calendar.js';
import { defaultPolicy } from '../policy/index.js';
import { defaultContactRules } from './contact-rules.js';
import { isContactTime } from './contact-window.js';
import { planDebtor, type PlanningAccount, type PlanningDebtor } from './planner.js';

const cadence = defaultPolicy.outbound;
const account = (overrides: Partial<PlanningAccount> = {}): PlanningAccount => ({
  id: 'acc-1',
  ref: 'CL-001',
  status: 'active',
  balanceMinor: 100_000n,
  dueDateIso: '2026-12-10',
  pendingInstallmentDates: null,
  openPromises: [],
  ...overrides,
});
const debtor = (overrides: Partial<PlanningDebtor> = {}): PlanningDebtor => ({
  id: 'deb-1',
  ref: 'D-1',
  country: 'CL',
  timezone: 'America/Santiago',
  paused: false,
  channels: ['telegram'],
  accounts: [account()],
  made: [],
  ...overrides,
});
const from = Date.parse('2026-12-01T03:00:00Z'); // Tuesday 1 December, 00:00 in Santiago
const month = from + 31 * 86_400_000;
const plan = (who: PlanningDebtor, start = from, end = month) => planDebtor(who, defaultContactRules, cadence, start, end);
const lines = (who: PlanningDebtor) =>
  plan(who).planned.map((contact) => `${contact.kind} ${isoWithOffset(contact.atMs, contact.timezone)}`);

describe('the outbound planner', () => {
  it('plans the default cadence around a due date at 10:00 local, within Chile’s two-a-week limit', () => {
    // Due Thursday 10 December: pre_due on Monday 7th, due_today on the 10th, past_due from the 11th.
    expect(lines(debtor())).toEqual([
      'pre_due 2026-12-07T10:00:00-03:00',
      'due_today 2026-12-10T10:00:00-03:00',
      // The 11th is one day after the 10th, and the week already has two: the next Monday, still within its three days.
      'past_due 2026-12-14T10:00:00-03:00',
      'past_due 2026-12-17T10:00:00-03:00',
      'past_due 2026-12-26T10:00:00-03:00',
    ]);
    const dropped = plan(debtor()).dropped.map((contact) => `${contact.kind} ${contact.forDateIso} ${contact.reason}`);
    expect(dropped).toEqual([]);
  });

  it('drops what cannot go out while still useful, with the rule that stopped it', () => {
    // Two accounts due the same day compete for Chile's weekly limit.
    const two = debtor({ accounts: [account(), account({ id: 'acc-2', ref: 'CL-002' })] });
    const result = plan(two, from, from + 12 * 86_400_000);
    expect(result.planned.map((contact) => `${contact.accountRef} ${contact.kind} ${contact.localDateIso}`)).toEqual([
      'CL-001 pre_due 2026-12-07',
      'CL-001 due_today 2026-12-10',
    ]);
    expect(result.dropped.map((contact) => `${contact.accountRef} ${contact.kind} ${contact.reason}`)).toEqual([
      'CL-002 due_today min_days_apart',
      'CL-002 pre_due max_per_week',
      'CL-001 past_due max_per_week',
      'CL-002 past_due max_per_week',
    ]);
  });

  it('never plans for a paused debtor, one with an account on hold, or one without a channel or rules', () => {
    expect(plan(debtor({ paused: true })).planned).toEqual([]);
    expect(plan(debtor({ paused: true })).dropped[0]?.reason).toBe('paused');
    const disputed = debtor({ accounts: [account(), account({ id: 'acc-2', ref: 'CL-002', status: 'on_hold' })] });
    expect(plan(disputed).planned).toEqual([]);
    expect(plan(disputed).dropped[0]?.reason).toBe('account_on_hold');
    expect(plan(debtor({ channels: [] })).dropped[0]?.reason).toBe('no_channel');
    expect(plan(debtor({ country: 'AR', timezone: 'America/Argentina/Buenos_Aires' })).dropped[0]?.reason).toBe('no_contact_rules');
    expect(plan(debtor({ accounts: [account({ status: 'settled' }), account({ id: 'a3', ref: 'x', balanceMinor: 0n })] })).planned).toEqual(
      [],
    );
  });

  it('an agreement replaces the due-date reminders with one before each pending installment', () => {
    const withPlan = debtor({ accounts: [account({ pendingInstallmentDates: ['2026-12-15', '2027-01-15'] })] });
    expect(lines(withPlan)).toEqual(['installment_due 2026-12-14T10:00:00-03:00']);
    // Installment on Monday 28 December: two days before is Saturday 26th (Chile allows Saturdays).
    expect(lines(debtor({ accounts: [account({ pendingInstallmentDates: ['2026-12-28'] })] }))).toEqual([
      'installment_due 2026-12-26T10:00:00-03:00',
    ]);
  });

  it('a pending promise gets its reminder on the day and a follow-up the day after, and stops late notices before it', () => {
    const promised = debtor({
      accounts: [account({ dueDateIso: '2026-11-20', openPromises: [{ dueDateIso: '2026-12-15', status: 'pending' }] })],
    });
    // The follow-up is planned while the promise is pending (sending checks it again); two days after the reminder.
    expect(lines(promised)).toEqual([
      'promise_due 2026-12-15T10:00:00-03:00',
      'broken_promise 2026-12-17T10:00:00-03:00',
      'past_due 2026-12-21T10:00:00-03:00',
    ]);
    const broken = debtor({
      accounts: [account({ dueDateIso: '2027-03-01', openPromises: [{ dueDateIso: '2026-12-15', status: 'broken' }] })],
    });
    expect(lines(broken)).toEqual(['broken_promise 2026-12-16T10:00:00-03:00']);
  });

  it('contacts already made are not planned again and count toward the limits', () => {
    const first = plan(debtor());
    const made = first.planned
      .slice(0, 1)
      .map((contact) => ({ key: contact.key, dateIso: contact.localDateIso, channel: contact.channel }));
    const again = plan(debtor({ made }));
    expect(again.planned.map((contact) => contact.key)).toEqual(first.planned.slice(1).map((contact) => contact.key));
  });

  it('every planned moment is inside the debtor’s hours, whatever the country and zone', () => {
    const countries: Array<[string, string]> = [
      ['US', 'America/Chicago'],
      ['US', 'Pacific/Honolulu'],
      ['PE', 'America/Lima'],
      ['MX', 'America/Tijuana'],
      ['CO', 'America/Bogota'],
      ['SV', 'America/El_Salvador'],
    ];
    for (const [country, timezone] of countries) {
      const result = plan(debtor({ country, timezone, channels: ['telegram', 'whatsapp'] }));
      expect(result.planned.length).toBeGreaterThan(0);
      for (const contact of result.planned)
        expect(isContactTime(defaultContactRules.countries.get(country)!, timezone, contact.atMs), `${country} ${contact.kind}`).toBe(true);
    }
  });

  it('the same inputs give the same plan: keys are debtor, account, kind and the date the contact is for', () => {
    expect(plan(debtor())).toEqual(plan(debtor()));
    expect(plan(debtor()).planned[0]?.key).toBe('deb-1|acc-1|pre_due|2026-12-07');
  });
});
