// Cutting long texts where a reader expects a break: paragraph, then line, then word; never inside a surrogate pair.

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/** The last good place to cut `text` at or before `limit`: after a paragraph, a line or a word when one is in the second half. */
function cutBefore(text: string, limit: number): number {
  for (const separator of ['\n\n', '\n', ' ']) {
    const at = text.lastIndexOf(separator, limit);
    if (at >= limit / 2) return at;
  }
  return isHighSurrogate(text.charCodeAt(limit - 1)) ? limit - 1 : limit;
}

/**
 * Splits a text into parts of at most `limit` UTF-16 units (WhatsApp's 4,096 characters for a text message), cutting at
 * the last paragraph break, line break or space before the limit when there is one; parts are trimmed, empty ones dropped.
 */
export function splitText(text: string, limit: number): string[] {
  const parts: string[] = [];
  let rest = text.trim();
  while (rest.length > limit) {
    const cut = cutBefore(rest, limit);
    const part = rest.slice(0, cut).trimEnd();
    if (part.length > 0) parts.push(part);
    rest = rest.slice(cut).trimStart();
  }
  if (rest.length > 0) parts.push(rest);
  return parts;
}

/**
 * Splits a text in two so that the second part has at most `tailLimit` units (an interactive message's 1,024-character
 * body; the head goes out before it as plain text): the cut is the first paragraph break, line break or space that
 * leaves the tail short enough, or a hard cut when none is near. The head is '' when the whole text fits.
 */
export function splitTail(text: string, tailLimit: number): { readonly head: string; readonly tail: string } {
  const whole = text.trim();
  if (whole.length <= tailLimit) return { head: '', tail: whole };
  const earliest = whole.length - tailLimit;
  let cut = -1;
  for (const separator of ['\n\n', '\n', ' ']) {
    const at = whole.indexOf(separator, earliest);
    if (at >= 0 && at < earliest + tailLimit / 2) {
      cut = at;
      break;
    }
  }
  if (cut < 0) cut = isHighSurrogate(whole.charCodeAt(earliest - 1)) ? earliest + 1 : earliest;
  return { head: whole.slice(0, cut).trimEnd(), tail: whole.slice(cut).trimStart() };
}

/** `text` cut to at most `limit` units, ending in '…' when it was cut (never inside a surrogate pair). */
export function truncate(text: string, limit: number): string {
  if (text.length <= limit) return text;
  let cut = limit - 1;
  if (isHighSurrogate(text.charCodeAt(cut - 1))) cut -= 1;
  return `${text.slice(0, cut).trimEnd()}…`;
}
