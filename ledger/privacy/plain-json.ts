/** A value JSON.stringify writes as it is. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** `value` as plain JSON: bigint as a decimal string, Date as an ISO instant, undefined as null. */
export function toPlainJson(value: unknown): JsonValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (Array.isArray(value)) return value.map(toPlainJson);
  if (typeof value === 'object') {
    const result: { [key: string]: JsonValue } = {};
    for (const [key, item] of Object.entries(value)) result[key] = toPlainJson(item);
    return result;
  }
  return String(value);
}

/** Parses stored JSON text (audit data, bot state); text that is not JSON is kept as a string. */
export function parseStoredJson(text: string): JsonValue {
  try {
    return toPlainJson(JSON.parse(text));
  } catch {
    return text;
  }
}
