/** Identity documents: normalisation for lookups and check digits where a country defines one. */

/** Upper-case letters and digits only: "17.090.571-7", "170905717" and "17090571-7" are equal. */
export function normalizeDocumentNumber(documentNumber: string): string {
  return documentNumber
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[^0-9A-Z]/g, '');
}

/** True when a Chilean RUT (any punctuation) carries the right check digit (modulo 11). */
export function isValidRut(documentNumber: string): boolean {
  const normalized = normalizeDocumentNumber(documentNumber);
  if (!/^\d{7,8}[0-9K]$/.test(normalized)) return false;
  const body = normalized.slice(0, -1);
  let sum = 0;
  let factor = 2;
  for (let index = body.length - 1; index >= 0; index -= 1) {
    sum += Number(body[index]) * factor;
    factor = factor === 7 ? 2 : factor + 1;
  }
  const remainder = 11 - (sum % 11);
  const expected = remainder === 11 ? '0' : remainder === 10 ? 'K' : String(remainder);
  return normalized.endsWith(expected);
}
