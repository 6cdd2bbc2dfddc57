// Parsing JSON that a person typed, with errors that say where, and the two serialisations PayWay
// integrations meet: JavaScript's JSON.stringify and PHP's json_encode (which escapes "/" and non-ASCII).

export type JsonParseResult = { ok: true; value: unknown } | { ok: false; message: string; line: number; column: number };

export function parseJsonInput(text: string): JsonParseResult {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    const raw = error instanceof Error ? error.message : String(error);
    const position = Number(/position (\d+)/.exec(raw)?.[1] ?? text.length);
    const before = text.slice(0, position);
    const line = before.split('\n').length;
    const column = position - before.lastIndexOf('\n');
    // V8 appends its own location and a source excerpt; keep only the reason.
    const reason = raw.replace(/^JSON\.parse: /, '').replace(/,? ?"[^"]*"? is not valid JSON$/, '').replace(/ in JSON at position \d+.*$/, '');
    return { ok: false, message: `invalid JSON at line ${line}, column ${column}: ${reason}`, line, column };
  }
}

export type JsonStyle = 'compact' | 'php';

/** Serialises like PHP's json_encode() with default flags: "\/" and \uXXXX for every non-ASCII unit. */
export function phpJsonEncode(value: unknown): string {
  return JSON.stringify(value).replace(/[\u007f-\uffff]|\//g, (ch) =>
    ch === '/' ? '\\/' : '\\u' + ch.charCodeAt(0).toString(16).padStart(4, '0'),
  );
}

export function serializeJson(value: unknown, style: JsonStyle): string {
  return style === 'php' ? phpJsonEncode(value) : JSON.stringify(value);
}
