// Exact decimal strings: the NLU never holds a sum of money in a float (issue 14). Arithmetic is on bigint digits.

const PLAIN_DECIMAL = /^(\d+)(?:\.(\d+))?$/;

/** A decimal as an integer of units and how many of its digits are decimals: "12.5" is 125 with 1 place. */
interface Scaled {
  readonly units: bigint;
  readonly places: number;
}

/**
 * The canonical form of a non-negative plain decimal, the form of `Amount.value`: digits with a "." only before decimals,
 * no leading zeros but the one before the point, no trailing zeros after it ("0050.50" → "50.5", "12.000" → "12",
 * "0.05" stays); null for anything else (a sign, an exponent, a comma, grouping, blanks, an empty side of the point).
 */
export function canonicalDecimal(text: string): string | null {
  const match = PLAIN_DECIMAL.exec(text);
  return match ? joinDigits(match[1] ?? '', match[2] ?? '') : null;
}

/** Whole and decimal digits joined in canonical form. */
function joinDigits(wholeDigits: string, fractionDigits: string): string {
  const whole = wholeDigits.replace(/^0+(?=\d)/, '');
  const fraction = fractionDigits.replace(/0+$/, '');
  return fraction === '' ? whole : `${whole}.${fraction}`;
}

function toScaled(decimal: string): Scaled {
  const [whole = '', fraction = ''] = decimal.split('.');
  return { units: BigInt(whole + fraction), places: fraction.length };
}

function fromScaled({ units, places }: Scaled): string {
  if (places <= 0) return (units * 10n ** BigInt(-places)).toString();
  const digits = units.toString().padStart(places + 1, '0');
  return joinDigits(digits.slice(0, -places), digits.slice(-places));
}

function aligned(a: string, b: string): [bigint, bigint, number] {
  const left = toScaled(a);
  const right = toScaled(b);
  const places = Math.max(left.places, right.places);
  return [left.units * 10n ** BigInt(places - left.places), right.units * 10n ** BigInt(places - right.places), places];
}

/** The exact sum of two canonical decimals: ("1", "0.5") → "1.5". */
export function addDecimals(a: string, b: string): string {
  const [left, right, places] = aligned(a, b);
  return fromScaled({ units: left + right, places });
}

/** A canonical decimal times 10^`power` (a scale word: 3 for "mil", 6 for "millones"), exactly: ("1.5", 6) → "1500000". */
export function timesPowerOfTen(decimal: string, power: number): string {
  const { units, places } = toScaled(decimal);
  return fromScaled({ units, places: places - power });
}

/** Compares two canonical decimals by value: negative when `a` is smaller, 0 when equal, positive when larger. */
export function compareDecimals(a: string, b: string): number {
  const [left, right] = aligned(a, b);
  return left === right ? 0 : left < right ? -1 : 1;
}
