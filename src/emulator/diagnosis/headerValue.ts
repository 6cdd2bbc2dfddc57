// A diagnosis line made safe for an HTTP header and a log: never a key, one line, ASCII only.

const MAX_LENGTH = 600;

/** Replaces every occurrence of a secret (8 characters or more) with what it is, never the value. */
export function redact(text: string, secrets: readonly { value: string; label: string }[]): string {
  let out = text;
  for (const { value, label } of secrets) {
    const clean = value.trim();
    if (clean.length >= 8 && out.includes(clean)) out = out.split(clean).join(`[${label}]`);
  }
  return out;
}

/**
 * One line of visible ASCII: line breaks and tabs become spaces, anything else outside printable ASCII
 * is escaped as \uXXXX (as JSON would), and the line is cut at 600 characters.
 */
export function headerValue(line: string): string {
  let out = '';
  for (const ch of line.replace(/[\r\n\t]+/g, ' ').trim()) {
    const code = ch.codePointAt(0)!;
    if (code >= 0x20 && code < 0x7f) out += ch;
    else if (code > 0xffff) {
      const high = Math.floor((code - 0x10000) / 0x400) + 0xd800;
      const low = ((code - 0x10000) % 0x400) + 0xdc00;
      out += `\\u${high.toString(16)}\\u${low.toString(16)}`;
    } else out += `\\u${code.toString(16).padStart(4, '0')}`;
  }
  return out.length > MAX_LENGTH ? out.slice(0, MAX_LENGTH - 3) + '...' : out;
}
