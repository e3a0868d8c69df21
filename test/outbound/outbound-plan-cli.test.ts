import { describe, expect, it } from 'vitest';
import { defaultContactRules } from '../../ledger/outbound/contact-rules.js';
import { isContactTime } from '../../ledger/outbound/contact-window.js';
import { weekOf } from '../../ledger/outbound/frequency.js';
import { main } from '../../ledger/outbound-plan-cli.js';
import { testProviders } from '../support/temp-database.js';
import { useTempLedger } from '../support/temp-ledger.js';

/** Runs the command in-process against the ledger at `url`; returns its exit code and what it printed. */
async function run(argv: string[], env: Record<string, string>) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (text) => out.push(text), err: (text) => err.push(text), env });
  return { code, out, err: err.join('\n') };
}

describe.each(testProviders)('npm run outbound:plan on $provider', ({ provider, available }) => {
  const ledger = useTempLedger(provider, available);

  /** A debtor with one active account due on `dueDateIso`, reachable as told. */
  async function debtor(
    ref: string,
    options: { country: string; timezone: string; dueDateIso: string; telegram?: boolean; status?: string; phone?: string },
  ) {
    const { prisma } = ledger.database;
    const created = await prisma.debtor.create({
      data: {
        externalId: ref,
        fullName: 'Test Debtor',
        documentType: 'ID',
        documentNumber: `${ref}-doc`,
        documentNumberNormalized: `${ref}DOC`.toUpperCase().replace(/[^A-Z0-9]/g, ''),
        dateOfBirthIso: '1980-01-01',
        phone: options.phone ?? '',
        email: '',
        language: options.country === 'US' ? 'en' : 'es',
        country: options.country,
        timezone: options.timezone,
      },
    });
    await prisma.account.create({
      data: {
        externalRef: `${ref}-A`,
        debtorId: created.id,
        product: 'loan',
        currency: options.country === 'US' ? 'USD' : 'CLP',
        originalAmountMinor: 500_000n,
        balanceMinor: 500_000n,
        dueDateIso: options.dueDateIso,
        status: options.status ?? 'active',
      },
    });
    if (options.telegram)
      await prisma.channelIdentity.create({
        data: { channel: 'telegram', channelUserId: `tg-${ref}`, debtorId: created.id, verifiedAt: new Date('2026-11-20T12:00:00Z') },
      });
    return created.id;
  }

  it.skipIf(!available)('prints one JSON line per contact, inside each debtor’s hours, the same every time', async () => {
    await debtor('CL-1', { country: 'CL', timezone: 'America/Santiago', dueDateIso: '2026-12-10', telegram: true });
    await debtor('US-1', { country: 'US', timezone: 'America/Chicago', dueDateIso: '2026-12-15', phone: '+1 312 555 0100' });
    await debtor('CO-1', { country: 'CO', timezone: 'America/Bogota', dueDateIso: '2026-12-12', telegram: true });
    const optedOut = await debtor('CL-2', { country: 'CL', timezone: 'America/Santiago', dueDateIso: '2026-12-10', telegram: true });
    await ledger.database.prisma.contactPreference.create({
      data: {
        channel: 'telegram',
        channelUserId: 'tg-CL-2',
        debtorId: optedOut,
        optedOutAt: new Date('2026-11-25T12:00:00Z'),
        reason: 'opt_out',
      },
    });
    await debtor('CL-3', { country: 'CL', timezone: 'America/Santiago', dueDateIso: '2026-12-10', telegram: true, status: 'on_hold' });
    const env = { DATABASE_URL: ledger.database.url, TELEGRAM_BOT_TOKEN: 'x', WHATSAPP_OUTBOUND: 'true' };

    const first = await run(['--from', '2026-12-01T00:00:00-03:00', '--days', '31', '--json'], env);
    expect(first.code).toBe(0);
    const lines = first.out.map((line) => JSON.parse(line) as Record<string, string>);
    for (const line of lines) expect(Object.keys(line)).toEqual(['debtor_id', 'account_ref', 'channel', 'kind', 'at']);
    expect(new Set(lines.map((line) => line.debtor_id))).toEqual(new Set(['CL-1', 'US-1', 'CO-1']));
    expect(lines.find((line) => line.debtor_id === 'US-1')?.channel).toBe('whatsapp');
    expect(lines.filter((line) => line.debtor_id === 'CL-1').map((line) => `${line.kind} ${line.at}`)).toEqual([
      'pre_due 2026-12-07T10:00:00-03:00',
      'due_today 2026-12-10T10:00:00-03:00',
      'past_due 2026-12-14T10:00:00-03:00',
      'past_due 2026-12-17T10:00:00-03:00',
      'past_due 2026-12-26T10:00:00-03:00',
    ]);
    const zones: Record<string, [string, string]> = {
      'CL-1': ['CL', 'America/Santiago'],
      'US-1': ['US', 'America/Chicago'],
      'CO-1': ['CO', 'America/Bogota'],
    };
    for (const line of lines) {
      const [country, zone] = zones[line.debtor_id as string] as [string, string];
      expect(line.at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/);
      expect(isContactTime(defaultContactRules.countries.get(country)!, zone, Date.parse(line.at as string))).toBe(true);
    }
    const chileWeeks = new Map<string, number>();
    for (const line of lines.filter((entry) => entry.debtor_id === 'CL-1')) {
      const week = weekOf((line.at as string).slice(0, 10));
      chileWeeks.set(week, (chileWeeks.get(week) ?? 0) + 1);
    }
    expect(Math.max(...chileWeeks.values())).toBeLessThanOrEqual(2);
    const times = lines.map((line) => Date.parse(line.at as string));
    expect(times).toEqual([...times].sort((a, b) => a - b));

    const again = await run(['--from', '2026-12-01T00:00:00-03:00', '--days', '31', '--json'], env);
    expect(again.out).toEqual(first.out);
    // Without WHATSAPP_OUTBOUND the US debtor, who has no other channel, is left out; the table says why.
    const table = await run(['--from', '2026-12-01T03:00:00Z', '--days', '31'], {
      DATABASE_URL: ledger.database.url,
      TELEGRAM_BOT_TOKEN: 'x',
    });
    expect(table.code).toBe(0);
    expect(table.out.some((line) => line.includes('US-1'))).toBe(false);
    // Left out: the US debtor's five and the opted-out Chilean's five; the account on hold is not even asked for.
    expect(table.err).toMatch(/^10 contacts planned \(rules built-in 2026-12\); left out: no_channel 10$/);
    expect(table.out.some((line) => line.includes('CL-3'))).toBe(false);
  });

  it.skipIf(!available)('refuses a bad command line with the usage and exit code 2, before opening anything', async () => {
    for (const argv of [
      [],
      ['--from', '2026-12-01', '--days', '30'],
      ['--from', 'tomorrow', '--days', '30'],
      ['--from', '2026-12-01T00:00:00Z', '--days', '0'],
      ['--from', '2026-12-01T00:00:00Z', '--days', '2.5'],
      ['--from', '2026-12-01T00:00:00Z', '--days', '30', '--sent'],
    ]) {
      const result = await run(argv, { DATABASE_URL: 'file:/nonexistent/dir/x.db' });
      expect(result.code, argv.join(' ')).toBe(2);
      expect(result.err).toMatch(/usage: npm run --silent outbound:plan/);
    }
  });
});
