import { z } from 'zod';
import { LedgerError } from '../errors.js';
import { readJsonSettingsFile } from '../json-file.js';

/** The contact rules file is unreadable or invalid; the message names the field (e.g. `countries.CL.hours.mon`). */
export class ContactRulesError extends LedgerError {
  constructor(message: string) {
    super('invalid_contact_rules', message);
  }
}

const weekdays = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
type WeekdayName = (typeof weekdays)[number];

/** One country's rules for contacts the bot starts, applied in the debtor's local time. */
export interface CountryRules {
  readonly country: string;
  /** Allowed local minutes per weekday (index 0 = Sunday … 6 = Saturday) as [from, to), or null: no contact that day. */
  readonly windows: ReadonlyArray<readonly [number, number] | null>;
  /** False: no contact on the country's public holidays (date-holidays). */
  readonly contactOnHolidays: boolean;
  /** At most this many contacts per local day, per debtor (null: no limit). */
  readonly maxPerDay: number | null;
  /** At most this many contacts per calendar week (Monday to Sunday, local), per debtor. */
  readonly maxPerWeek: number | null;
  /** Local dates of two contacts to one debtor at least this many days apart. */
  readonly minDaysApart: number | null;
  /** All of a debtor's contacts in a calendar week on one channel. */
  readonly oneChannelPerWeek: boolean;
  /** Every message carries the debt-collector disclosure and the opt-out statement (US, Regulation F). */
  readonly disclosure: boolean;
  /** Where each rule comes from (law, article), by rule name. */
  readonly sources: Readonly<Record<string, string>>;
}

/** The rules in force: a version (recorded with every contact) and a profile per country. */
export interface ContactRules {
  readonly version: string;
  readonly countries: ReadonlyMap<string, CountryRules>;
}

const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'a local time "HH:MM" (00:00 to 24:00)');
const window = z
  .tuple([clock, clock])
  .refine(([from, to]) => minutesOf(from) < minutesOf(to), 'the window must end after it starts')
  .nullable();
const limit = z.number().int().min(1).max(100).nullable().default(null);

const countrySchema = z
  .strictObject({
    hours: z.strictObject({
      sun: window.default(null),
      mon: window.default(null),
      tue: window.default(null),
      wed: window.default(null),
      thu: window.default(null),
      fri: window.default(null),
      sat: window.default(null),
    }),
    holidays: z.boolean().describe('true: contact allowed on public holidays'),
    maxPerDay: limit,
    maxPerWeek: limit,
    minDaysApart: limit,
    oneChannelPerWeek: z.boolean().default(false),
    disclosure: z.boolean().default(false),
    sources: z.record(z.string(), z.string().min(3)),
  })
  .superRefine((profile, context) => {
    const needed = [
      'hours',
      ...(profile.holidays ? [] : ['holidays']),
      ...(['maxPerDay', 'maxPerWeek', 'minDaysApart'] as const).filter((rule) => profile[rule] !== null),
      ...(profile.oneChannelPerWeek ? ['oneChannelPerWeek'] : []),
      ...(profile.disclosure ? ['disclosure'] : []),
    ];
    for (const rule of needed)
      if (!profile.sources[rule])
        context.addIssue({ code: 'custom', path: ['sources', rule], message: `the source of the "${rule}" rule` });
  });

const rulesFileSchema = z.strictObject({
  version: z.string().min(1).max(100),
  countries: z.record(z.string().regex(/^[A-Z]{2}$/, 'an ISO 3166-1 alpha-2 code'), countrySchema),
});

type CountryDocument = z.input<typeof countrySchema>;

type Hours = Partial<Record<WeekdayName, [string, string]>>;
const hoursOn = (days: readonly WeekdayName[], from: string, to: string): Hours =>
  Object.fromEntries(days.map((day) => [day, [from, to]])) as Hours;
const everyDay = (from: string, to: string) => hoursOn(weekdays, from, to);
const weekdaysOnly = (from: string, to: string) => hoursOn(weekdays.slice(1, 6), from, to);

/** The built-in profiles of DESIGN §12, in the file's own format (a CONTACT_RULES_FILE replaces a country whole). */
export const builtInContactRules = {
  version: 'built-in 2026-12',
  countries: {
    US: {
      hours: everyDay('08:00', '21:00'),
      holidays: true,
      disclosure: true,
      sources: {
        hours: 'Regulation F, 12 CFR 1006.6(b)(1)(i): before 8 a.m. and after 9 p.m. local time are inconvenient',
        disclosure:
          'FDCPA 15 U.S.C. 1692e(11) (debt-collector disclosure) and Regulation F, 12 CFR 1006.6(e) (opt-out notice in electronic messages)',
      },
    },
    CL: {
      hours: { ...weekdaysOnly('08:00', '20:00'), sat: ['08:00', '20:00'] as [string, string] },
      holidays: false,
      maxPerWeek: 2,
      minDaysApart: 2,
      sources: {
        hours: 'Ley 19.496 art. 37, as amended by Ley 21.320: Monday to Saturday, 08:00 to 20:00',
        holidays: 'Ley 19.496 art. 37 (Ley 21.320): not on Sundays or public holidays',
        maxPerWeek: 'Ley 19.496 art. 37 (Ley 21.320): at most two contacts a week by means other than a phone call',
        minDaysApart: 'Ley 19.496 art. 37 (Ley 21.320): at least two days between contacts',
      },
    },
    PE: {
      hours: weekdaysOnly('07:00', '20:00'),
      holidays: false,
      sources: {
        hours:
          'Ley 29571 (Código de Protección y Defensa del Consumidor) art. 62: not between 20:00 and 07:00, nor on Saturdays or Sundays',
        holidays: 'Ley 29571 art. 62: not on public holidays',
      },
    },
    MX: {
      hours: everyDay('07:00', '22:00'),
      holidays: true,
      sources: { hours: 'CONDUSEF, disposiciones de carácter general para despachos de cobranza: only from 07:00 to 22:00, debtor time' },
    },
    CO: {
      hours: { ...weekdaysOnly('07:00', '19:00'), sat: ['08:00', '15:00'] as [string, string] },
      holidays: false,
      maxPerDay: 1,
      oneChannelPerWeek: true,
      sources: {
        hours: 'Ley 2300 de 2023 art. 3: Monday to Friday 07:00 to 19:00, Saturday 08:00 to 15:00, never on Sundays',
        holidays: 'Ley 2300 de 2023 art. 3: never on public holidays',
        maxPerDay: 'Ley 2300 de 2023 art. 3: at most one contact a day',
        oneChannelPerWeek: 'Ley 2300 de 2023 art. 3: one channel per week',
      },
    },
    SV: {
      hours: weekdaysOnly('08:00', '18:00'),
      holidays: false,
      sources: {
        hours: 'Ley de Protección al Consumidor art. 18: Monday to Friday, 08:00 to 18:00',
        holidays: 'Ley de Protección al Consumidor art. 18: not on public holidays',
      },
    },
  } satisfies Record<string, CountryDocument>,
};

function minutesOf(clockText: string): number {
  const [hours, minutes] = clockText.split(':').map(Number) as [number, number];
  return hours * 60 + minutes;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  return `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`;
}

/**
 * Validates a rules document (the JSON of CONTACT_RULES_FILE) and lays it over the built-in profiles: each country
 * it names replaces the built-in one whole; the version is the file's.
 */
export function parseContactRules(document: unknown): ContactRules {
  const parsed = rulesFileSchema.safeParse(document);
  if (!parsed.success) throw new ContactRulesError(parsed.error.issues.map(describeIssue).join('; '));
  const builtIn = rulesFileSchema.parse(builtInContactRules);
  const countries = new Map<string, CountryRules>();
  for (const [country, profile] of Object.entries({ ...builtIn.countries, ...parsed.data.countries })) {
    countries.set(country, {
      country,
      windows: weekdays.map((day) => {
        const hours = profile.hours[day];
        return hours ? ([minutesOf(hours[0]), minutesOf(hours[1])] as const) : null;
      }),
      contactOnHolidays: profile.holidays,
      maxPerDay: profile.maxPerDay,
      maxPerWeek: profile.maxPerWeek,
      minDaysApart: profile.minDaysApart,
      oneChannelPerWeek: profile.oneChannelPerWeek,
      disclosure: profile.disclosure,
      sources: profile.sources,
    });
  }
  return { version: parsed.data.version, countries };
}

/** The built-in rules (DESIGN §12). */
export const defaultContactRules: ContactRules = parseContactRules(builtInContactRules);

/** Reads and validates CONTACT_RULES_FILE at `path`, or returns the built-in rules when `path` is unset. */
export async function loadContactRules(path: string | undefined): Promise<ContactRules> {
  if (!path) return defaultContactRules;
  const document = await readJsonSettingsFile('CONTACT_RULES_FILE', path, (message) => new ContactRulesError(message));
  try {
    return parseContactRules(document);
  } catch (error) {
    throw error instanceof ContactRulesError ? new ContactRulesError(`CONTACT_RULES_FILE ${path}: ${error.message}`) : error;
  }
}
