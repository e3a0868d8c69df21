import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { addDays } from '../../lib/calendar.js';
import { minorToMajorString, type CurrencyCode } from '../money/index.js';
import { portfolioColumns } from './portfolio-row.js';

/** Options of writeSyntheticPortfolio. */
export interface SyntheticPortfolioOptions {
  readonly accounts: number;
  /** Seed of the deterministic generator (same seed, same file). */
  readonly seed?: number;
  /** Prefix of debtor ids and account refs, so two files can share or avoid keys. */
  readonly prefix?: string;
  /** Multiplies every balance, e.g. to simulate a re-import with new balances. */
  readonly balanceFactorPercent?: number;
}

interface CountryProfile {
  readonly country: string;
  readonly language: 'es' | 'en';
  readonly timezone: string;
  readonly currency: CurrencyCode;
  readonly documentType: string;
  readonly phonePrefix: string;
  /** Balance range in minor units. */
  readonly minMinor: number;
  readonly maxMinor: number;
}

const profiles: readonly CountryProfile[] = [
  {
    country: 'CL',
    language: 'es',
    timezone: 'America/Santiago',
    currency: 'CLP',
    documentType: 'RUT',
    phonePrefix: '+569',
    minMinor: 50_000,
    maxMinor: 5_000_000,
  },
  {
    country: 'PE',
    language: 'es',
    timezone: 'America/Lima',
    currency: 'PEN',
    documentType: 'DNI',
    phonePrefix: '+519',
    minMinor: 20_000,
    maxMinor: 2_000_000,
  },
  {
    country: 'MX',
    language: 'es',
    timezone: 'America/Mexico_City',
    currency: 'MXN',
    documentType: 'CURP',
    phonePrefix: '+5255',
    minMinor: 100_000,
    maxMinor: 8_000_000,
  },
  {
    country: 'CO',
    language: 'es',
    timezone: 'America/Bogota',
    currency: 'COP',
    documentType: 'CC',
    phonePrefix: '+573',
    minMinor: 200_000,
    maxMinor: 20_000_000,
  },
  {
    country: 'SV',
    language: 'es',
    timezone: 'America/El_Salvador',
    currency: 'USD',
    documentType: 'DUI',
    phonePrefix: '+5037',
    minMinor: 10_000,
    maxMinor: 800_000,
  },
  {
    country: 'US',
    language: 'en',
    timezone: 'America/New_York',
    currency: 'USD',
    documentType: 'SSN4',
    phonePrefix: '+1212',
    minMinor: 10_000,
    maxMinor: 1_500_000,
  },
];

const givenNames = [
  'Raúl',
  'Carlos',
  'María José',
  'Diego',
  'Ana',
  'Sofía',
  "D'Angelo",
  'Ñuflo',
  'Michael',
  'Jennifer',
  'José Luis',
  'Camila',
];
const familyNames = ['Flores', 'Hernández', 'Muñoz', 'Soto', 'Rojas', 'Davis', 'Pérez "Pepe"', 'González, Jr.', 'Smith', 'Quispe'];
const products = ['tarjeta_credito', 'credito_consumo', 'factura_servicios', 'personal_loan', 'utility_bill'];

/** A small deterministic PRNG (mulberry32). */
function makeRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function rutFor(body: number): string {
  let sum = 0;
  let factor = 2;
  for (const digit of String(body).split('').reverse()) {
    sum += Number(digit) * factor;
    factor = factor === 7 ? 2 : factor + 1;
  }
  const remainder = 11 - (sum % 11);
  return `${body}-${remainder === 11 ? '0' : remainder === 10 ? 'K' : remainder}`;
}

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/**
 * Writes a synthetic portfolio CSV in the import format (for demos, tests and benchmarks):
 * realistic countries, currencies, valid RUTs, accents, quoted names; about 1.3 accounts per debtor.
 */
export async function writeSyntheticPortfolio(path: string, options: SyntheticPortfolioOptions): Promise<void> {
  const random = makeRandom(options.seed ?? 1);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const prefix = options.prefix ?? 'G';
  const out = createWriteStream(path, 'utf8');
  const write = async (line: string) => {
    if (!out.write(`${line}\n`)) await once(out, 'drain');
  };
  await write(portfolioColumns.join(','));
  let debtorNumber = 0;
  for (let accountNumber = 1; accountNumber <= options.accounts;) {
    debtorNumber += 1;
    const profile = pick(profiles);
    const accountsOfDebtor = random() < 0.25 ? 2 : 1;
    const name = `${pick(givenNames)} ${pick(familyNames)}`;
    const document =
      profile.documentType === 'RUT'
        ? rutFor(5_000_000 + Math.floor(random() * 20_000_000))
        : profile.documentType === 'SSN4'
          ? String(Math.floor(random() * 10_000)).padStart(4, '0')
          : String(10_000_000 + Math.floor(random() * 89_999_999));
    const birth = addDays('1950-01-01', Math.floor(random() * 18_000));
    const phone = `${profile.phonePrefix}${String(Math.floor(random() * 10_000_000)).padStart(7, '0')}`;
    const email = random() < 0.2 ? '' : `debtor${debtorNumber}@example.com`;
    for (let index = 0; index < accountsOfDebtor && accountNumber <= options.accounts; index += 1, accountNumber += 1) {
      const original = profile.minMinor + Math.floor(random() * (profile.maxMinor - profile.minMinor));
      const balance = Math.floor((Math.floor(original * (0.3 + random() * 0.7)) * (options.balanceFactorPercent ?? 100)) / 100);
      const due = addDays('2025-06-01', Math.floor(random() * 540));
      const fields = [
        `${prefix}D${debtorNumber}`,
        name,
        profile.documentType,
        document,
        birth,
        phone,
        email,
        profile.language,
        profile.country,
        profile.timezone,
        `${prefix}A${accountNumber}`,
        pick(products),
        profile.currency,
        minorToMajorString(original, profile.currency),
        minorToMajorString(balance, profile.currency),
        due,
      ];
      await write(fields.map(csvField).join(','));
    }
  }
  out.end();
  await once(out, 'finish');
}
