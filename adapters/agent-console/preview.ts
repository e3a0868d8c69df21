// The one-line preview of a debtor's message on a queue card: identity data masked (DESIGN §11), whitespace
// and newlines collapsed, bidi overrides dropped, cut to a length with an ellipsis.
import { maskIdentityData } from '../../ledger/index.js';

/** Longest preview, in characters, ellipsis included. */
export const previewLength = 80;

/** `text` masked, on one line, at most `maxLength` characters (cut with "…", never inside a mask such as "[document]"). */
export function messagePreview(text: string, maxLength: number = previewLength): string {
  const line = maskIdentityData(text)
    .replace(/[\u202a-\u202e\u2066-\u2069]/gu, '')
    .replace(/[\s\p{Cc}]+/gu, ' ')
    .trim();
  const characters = Array.from(line);
  if (characters.length <= maxLength) return line;
  let cut = characters.slice(0, maxLength - 1).join('');
  const openMask = cut.lastIndexOf('[');
  if (openMask > cut.lastIndexOf(']')) cut = cut.slice(0, openMask);
  return `${cut.trimEnd()}…`;
}
