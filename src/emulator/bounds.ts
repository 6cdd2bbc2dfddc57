// How big and how deep anything the emulator stores may be. A value past these bounds is refused where it
// comes in (PayWay's validation code, or 400/413 on the emulator's own routes); the same bounds are
// checked again on every record written, so nothing that gets past a route can wedge the store.

/** JSON nesting any stored value may have: PayWay's own bodies nest 3 or 4 levels. */
export const MAX_STORED_DEPTH = 64;
/** A pushback body the inbox keeps (a real pushback is under 2 KB). */
export const MAX_INBOX_BODY_BYTES = 64 * 1024;
/** One stored record as JSON text (a transaction with hundreds of partial refunds is under 100 KB). */
export const MAX_RECORD_CHARS = 512 * 1024;

/** The nesting depth of a JSON text ({"a":[1]} is 2), counted without recursion, so any text is safe. */
export function jsonDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) deepest = Math.max(deepest, ++depth);
    else if (c === 0x7d || c === 0x5d) depth--;
  }
  return deepest;
}

/** Why a JSON text cannot be stored, or undefined when it can. */
export function jsonBoundsProblem(text: string, maxChars = MAX_RECORD_CHARS): string | undefined {
  if (text.length > maxChars) return `it is larger than ${maxChars} characters`;
  if (jsonDepth(text) > MAX_STORED_DEPTH) return `it nests deeper than ${MAX_STORED_DEPTH} levels`;
  return undefined;
}

/** A record the store refused before writing anything: too large, too deep, or not serialisable. */
export class StoredValueError extends Error {
  override name = 'StoredValueError';
}

/** One record as the JSON text that is stored; throws StoredValueError when it is out of bounds. */
export function recordText(what: string, value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value);
  } catch (error) {
    throw new StoredValueError(`${what} cannot be stored: ${(error as Error).message}`);
  }
  const problem = jsonBoundsProblem(text);
  if (problem) throw new StoredValueError(`${what} cannot be stored: ${problem}`);
  return text;
}
