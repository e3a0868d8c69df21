import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { parseIsoDate } from '../../lib/calendar.js';
import { canonicalDecimal } from '../decimal.js';
import { INTENTS } from '../types.js';

/**
 * A gold amount in major units, compared as a canonical decimal string: a decimal string ("1234.50") or, as DESIGN §5 writes
 * it, a JSON number (1234.5) read by its shortest decimal form; an amount of more than 15 significant digits is exact only
 * as a string.
 */
const goldAmountValue = z.union([z.string(), z.number()]).transform((value, context) => {
  const decimal = canonicalDecimal(String(value));
  if (decimal !== null && decimal !== '0') return decimal;
  context.addIssue({ code: 'custom', message: 'a positive plain decimal such as 1234.5 or "1234.5"' });
  return z.NEVER;
});

const amountSchema = z.object({
  value: goldAmountValue,
  currency: z
    .string()
    .regex(/^[A-Za-z]{3}$/, 'an ISO 4217 code such as "CLP"')
    .transform((code) => code.toUpperCase())
    .nullable(),
});

const entitiesSchema = z.object({
  amount: amountSchema.optional(),
  date: z
    .string()
    .refine((value) => parseIsoDate(value) !== null, 'an ISO date YYYY-MM-DD')
    .optional(),
  count: z.number().int().min(1).max(120).optional(),
});

const lineSchema = z.object({
  text: z.string().min(1),
  lang: z.string().regex(/^(?:es|en)(?:[-_][A-Za-z0-9]{2,3})?$/i, '"es" or "en" (optionally with a region, e.g. "es-CL")'),
  intent: z.enum(INTENTS),
  entities: entitiesSchema.nullish().transform((entities) => entities ?? {}),
});

/** One labelled message of an evaluation corpus (`{"text","lang","intent","entities"}`). */
export type GoldLine = z.infer<typeof lineSchema>;

/** An evaluation file that cannot be used; the message names the file and line ("dev.jsonl: line 3: intent: …") and is meant for the user. */
export class GoldFileError extends Error {
  override readonly name = 'GoldFileError';
}

/** Parses JSONL evaluation data; blank lines are skipped; the first bad line throws {@link GoldFileError}. */
export function parseGoldLines(content: string): GoldLine[] {
  const lines: GoldLine[] = [];
  content.split(/\r?\n/).forEach((raw, index) => {
    if (raw.trim() === '') return;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      throw new GoldFileError(`line ${index + 1}: not valid JSON`);
    }
    const parsed = lineSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue === undefined || issue.path.length === 0 ? '' : `${issue.path.join('.')}: `;
      throw new GoldFileError(`line ${index + 1}: ${where}${issue?.message ?? 'invalid line'}`);
    }
    lines.push(parsed.data);
  });
  return lines;
}

/** Reads and parses an evaluation file; every problem (unreadable, empty, bad line) is a {@link GoldFileError} naming the file. */
export async function readGoldFile(path: string): Promise<GoldLine[]> {
  let content: string;
  try {
    content = await readFile(path, 'utf8');
  } catch (error) {
    const code = error instanceof Error && 'code' in error ? String(error.code) : 'unreadable';
    throw new GoldFileError(`${path}: cannot read it (${code})`);
  }
  let lines: GoldLine[];
  try {
    lines = parseGoldLines(content);
  } catch (error) {
    throw error instanceof GoldFileError ? new GoldFileError(`${path}: ${error.message}`) : error;
  }
  if (lines.length === 0) throw new GoldFileError(`${path}: no lines to evaluate`);
  return lines;
}
