// JSON that a person typed: where it is broken (exactly, in every browser), and the serialisations PayWay
// integrations meet. The default never changes a value: it only removes whitespace between tokens, so
// numbers, escapes and key order stay byte for byte what the integrator's own code produced.

export type JsonParseResult = { ok: true; value: unknown } | { ok: false; message: string; line: number; column: number };

/**
 * How JSON inputs become the text that is encoded:
 * - 'compact': whitespace between tokens removed; nothing else touched (the default).
 * - 'as-typed': the text exactly as typed, whitespace and all.
 * - 'php': re-serialised like PHP's json_encode() ("\/" and \uXXXX escapes); values pass through a
 *   JavaScript number, so very large integers lose precision. Only on explicit request.
 */
export type JsonStyle = 'compact' | 'as-typed' | 'php';

export function parseJsonInput(text: string): JsonParseResult {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    // Engines word and place JSON.parse errors differently (V8's "Unexpected token" has no position),
    // so we find the first error ourselves.
    const { offset, reason } = locateJsonError(text);
    const before = text.slice(0, offset);
    const line = before.split('\n').length;
    const column = offset - before.lastIndexOf('\n');
    return { ok: false, message: `invalid JSON at line ${line}, column ${column}: ${reason}`, line, column };
  }
}

const WHITESPACE = new Set([' ', '\t', '\n', '\r']);

/** The offset and reason of the first JSON syntax error in `text` (a small recursive-descent scanner). */
export function locateJsonError(text: string): { offset: number; reason: string } {
  let i = 0;
  class Stop {
    constructor(
      readonly offset: number,
      readonly reason: string,
    ) {}
  }
  const fail = (reason: string, at = i): never => {
    throw new Stop(at, reason);
  };
  const describe = (at: number) => (at >= text.length ? 'the end of the text' : `"${text[at]}"`);
  const skip = () => {
    while (i < text.length && WHITESPACE.has(text[i]!)) i++;
  };
  const literal = (word: string) => {
    if (text.startsWith(word, i)) i += word.length;
    else fail(`unexpected ${describe(i)}`);
  };
  const string = () => {
    i++; // opening quote
    while (i < text.length) {
      const ch = text[i]!;
      if (ch === '"') return void i++;
      if (ch === '\\') {
        const next = text[i + 1];
        if (next === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) fail('bad \\u escape: four hex digits expected');
          i += 6;
        } else if (next !== undefined && '"\\/bfnrt'.includes(next)) i += 2;
        else fail(`bad escape "\\${next ?? ''}" in a string`);
      } else if (ch < ' ') fail(ch === '\n' ? 'a line break inside a string (strings end with ")' : 'a control character inside a string');
      else i++;
    }
    fail('a string is not closed (missing ")');
  };
  const number = () => {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
    if (!match) fail(`unexpected ${describe(i)}`);
    i += match![0].length;
  };
  const value = (): void => {
    skip();
    const ch = text[i];
    if (ch === '{') return object();
    if (ch === '[') return array();
    if (ch === '"') return string();
    if (ch === 't') return literal('true');
    if (ch === 'f') return literal('false');
    if (ch === 'n') return literal('null');
    if (ch === '-' || (ch !== undefined && ch >= '0' && ch <= '9')) return number();
    if (ch === "'") fail('strings need double quotes (") in JSON');
    if (ch === '}' || ch === ']') fail(`unexpected ${describe(i)}: a value is missing (trailing comma?)`);
    fail(ch === undefined ? 'the text ends where a value was expected' : `unexpected ${describe(i)}`);
  };
  const object = () => {
    i++;
    skip();
    if (text[i] === '}') return void i++;
    for (;;) {
      skip();
      if (text[i] !== '"') fail(text[i] === '}' ? 'a trailing comma before "}"' : `expected a property name in double quotes, found ${describe(i)}`);
      string();
      skip();
      if (text[i] !== ':') fail(`expected ":" after the property name, found ${describe(i)}`);
      i++;
      value();
      skip();
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === '}') return void i++;
      fail(`expected "," or "}" after a property value, found ${describe(i)}`);
    }
  };
  const array = () => {
    i++;
    skip();
    if (text[i] === ']') return void i++;
    for (;;) {
      value();
      skip();
      if (text[i] === ',') {
        i++;
        skip();
        if (text[i] === ']') fail('a trailing comma before "]"');
        continue;
      }
      if (text[i] === ']') return void i++;
      fail(`expected "," or "]" after an array element, found ${describe(i)}`);
    }
  };
  try {
    if (text.charCodeAt(0) === 0xfeff) fail('the text starts with a byte-order mark (BOM)', 0);
    value();
    skip();
    if (i < text.length) fail(`unexpected ${describe(i)} after the end of the JSON value`);
    return { offset: text.length, reason: 'not valid JSON' };
  } catch (error) {
    if (error instanceof Stop) return { offset: error.offset, reason: error.reason };
    throw error;
  }
}

// A JSON string token (kept as it is) or a run of whitespace between tokens (dropped). Valid JSON only.
const STRING_OR_WHITESPACE = /("(?:[^"\\]|\\.)*")|[ \t\n\r]+/g;

/** Removes whitespace between tokens of valid JSON; strings, numbers and escapes are left untouched. */
export function minifyJson(text: string): string {
  return text.replace(STRING_OR_WHITESPACE, (_match, string: string | undefined) => string ?? '');
}

/** Serialises like PHP's json_encode() with default flags: "\/" and \uXXXX for every unit above 0x7F. */
export function phpJsonEncode(value: unknown): string {
  return JSON.stringify(value).replace(/[\u0080-\uffff]|\//g, (ch) =>
    ch === '/' ? '\\/' : '\\u' + ch.charCodeAt(0).toString(16).padStart(4, '0'),
  );
}

/** The text of valid JSON `text` (whose parsed value is `value`) in the chosen style. */
export function styleJson(text: string, value: unknown, style: JsonStyle): string {
  if (style === 'as-typed') return text;
  if (style === 'php') return phpJsonEncode(value);
  return minifyJson(text);
}
