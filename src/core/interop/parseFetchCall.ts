// Reads browsers' "Copy as fetch" and "Copy as fetch (Node.js)" (Chrome, Edge, Firefox):
// `fetch("url", { …options… });`, possibly after `await`. Every browser writes the options with
// JSON.stringify, so they are read as JSON and nothing else: JavaScript that would have to run (a
// variable, JSON.stringify(…), a template) is an error that says what and where, never a guess.
import { lineColumn } from './lineColumn.ts';
import type { PastedCommand } from './parseCommand.ts';

export class FetchParseError extends Error {}

/** `fetch(`, `await fetch(`, `const response = await fetch(`, `window.fetch(`. */
export const FETCH_CALL = /^(?:(?:const|let|var)\s+[\w$]+\s*=\s*)?(?:await\s+)?(?:(?:window|globalThis|self)\.)?fetch\s*\(/;

type Json = string | number | boolean | null | Json[] | JsonObject;

/** A JSON object with its members in source order (a key may repeat), each with where its key starts. */
class JsonObject {
  constructor(readonly members: { key: string; value: Json; at: number }[]) {}
}

const describeJson = (value: Json): string =>
  value instanceof JsonObject ? 'an object' : Array.isArray(value) ? 'an array' : value === null ? 'null' : typeof value === 'string' ? 'a string' : `the ${typeof value} ${String(value)}`;

class Reader {
  constructor(
    readonly text: string,
    public i: number,
  ) {}

  fail(message: string, at = this.i): never {
    throw new FetchParseError(`${message} (${lineColumn(this.text, at)})`);
  }

  space(): void {
    while (/[ \t\r\n]/.test(this.text[this.i] ?? '')) this.i++;
    if (this.text.startsWith('//', this.i) || this.text.startsWith('/*', this.i)) this.fail('a comment is JavaScript, not JSON; remove it');
  }

  /** The JavaScript at `i` up to the end of its value, for an error message. */
  private expression(): string {
    let depth = 0;
    let j = this.i;
    for (; j < this.text.length; j++) {
      const c = this.text[j]!;
      if ('([{'.includes(c)) depth++;
      else if (')]}'.includes(c)) {
        if (depth === 0) break;
        depth--;
      } else if ((c === ',' || c === '\n') && depth === 0) break;
    }
    const source = this.text.slice(this.i, j).trim();
    return source.length > 40 ? `${source.slice(0, 40)}…` : source;
  }

  value(): Json {
    this.space();
    const c = this.text[this.i];
    if (c === '{') return this.object();
    if (c === '[') return this.array();
    if (c === '"') return this.string();
    if (c === '-' || /\d/.test(c ?? '')) return this.number();
    const literal = /^(true|false|null)(?![\w$])/.exec(this.text.slice(this.i, this.i + 6));
    if (literal) {
      this.i += literal[1]!.length;
      return literal[1] === 'null' ? null : literal[1] === 'true';
    }
    if (c === undefined) this.fail('the text ends before the options do');
    if (c === "'") this.fail('a single-quoted string is JavaScript, not JSON; write it in double quotes');
    if (c === '`') this.fail('a template literal is JavaScript, not JSON; write the text out in double quotes');
    return this.fail(`${this.expression()} is JavaScript that would have to run, not a JSON value; write the value out`);
  }

  private object(): JsonObject {
    const open = this.i++;
    const members: JsonObject['members'] = [];
    this.space();
    if (this.text[this.i] === '}') {
      this.i++;
      return new JsonObject(members);
    }
    for (;;) {
      this.space();
      const c = this.text[this.i];
      if (c !== '"') {
        const name = /^[A-Za-z_$][\w$]*/.exec(this.text.slice(this.i))?.[0];
        if (name) this.fail(`the key ${name} is not in double quotes, so this is JavaScript, not JSON`);
        if (c === "'") this.fail('a single-quoted key is JavaScript, not JSON; write it in double quotes');
        if (c === '}') this.fail('a comma before "}" is JavaScript, not JSON');
        if (c === undefined) this.fail('the "{" here is never closed', open);
        this.fail(`a "key" in double quotes is expected, not ${c}`);
      }
      const at = this.i;
      const key = this.string();
      this.space();
      if (this.text[this.i] !== ':') this.fail(`":" should follow the key "${key}"`);
      this.i++;
      members.push({ key, value: this.value(), at });
      this.space();
      if (this.text[this.i] === ',') {
        this.i++;
        continue;
      }
      if (this.text[this.i] === '}') {
        this.i++;
        return new JsonObject(members);
      }
      if (this.text[this.i] === undefined) this.fail('the "{" here is never closed', open);
      this.fail(`"," or "}" should follow the value of "${key}"`);
    }
  }

  private array(): Json[] {
    const open = this.i++;
    const items: Json[] = [];
    this.space();
    if (this.text[this.i] === ']') {
      this.i++;
      return items;
    }
    for (;;) {
      if (this.text[this.i] === ']') this.fail('a comma before "]" is JavaScript, not JSON');
      items.push(this.value());
      this.space();
      const c = this.text[this.i];
      this.i++;
      if (c === ',') {
        this.space();
        continue;
      }
      if (c === ']') return items;
      if (c === undefined) this.fail('the "[" here is never closed', open);
      this.fail('"," or "]" should follow an item of the list', this.i - 1);
    }
  }

  string(): string {
    const start = this.i;
    let j = start + 1;
    for (;;) {
      const c = this.text[j];
      if (c === undefined) this.fail('the string that starts here is never closed', start);
      if (c === '"') break;
      if (c === '\\') {
        const e = this.text[j + 1] ?? '';
        if (e === 'u') {
          if (!/^[0-9A-Fa-f]{4}$/.test(this.text.slice(j + 2, j + 6))) this.fail('"\\u" should be followed by four hexadecimal digits', j);
          j += 6;
        } else if ('"\\/bfnrt'.includes(e) && e) j += 2;
        else this.fail(`"\\${e}" is not a JSON escape`, j);
        continue;
      }
      if (c < ' ') this.fail(`a ${c === '\n' || c === '\r' ? 'line break' : 'control character'} inside a string must be escaped (\\n, \\r, \\t, \\u00XX)`, j);
      j++;
    }
    this.i = j + 1;
    return JSON.parse(this.text.slice(start, j + 1)) as string;
  }

  private number(): number {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(this.text.slice(this.i));
    if (!match) return this.fail(`${this.expression()} is not a JSON number`);
    this.i += match[0].length;
    return Number(match[0]);
  }

  /** A JavaScript string literal (the URL): "…", '…' or a template without ${…}. */
  jsString(): string {
    const start = this.i;
    const quote = this.text[start];
    if (quote !== '"' && quote !== "'" && quote !== '`') {
      return this.fail(`the URL should be a string, not ${this.expression() || 'nothing'}`);
    }
    let out = '';
    let j = start + 1;
    for (;;) {
      const c = this.text[j];
      if (c === undefined) this.fail('the URL string that starts here is never closed', start);
      if (c === quote) break;
      if (quote === '`' && c === '$' && this.text[j + 1] === '{') this.fail('the URL is a template with ${…}, which would have to run; write the URL out', j);
      if ((c === '\n' || c === '\r') && quote !== '`') this.fail('the URL string breaks its line', j);
      if (c !== '\\') {
        out += c;
        j++;
        continue;
      }
      const rest = this.text.slice(j + 1);
      const escape = /^(?:x([0-9A-Fa-f]{2})|u([0-9A-Fa-f]{4})|u\{([0-9A-Fa-f]{1,6})\}|(\r\n|[\s\S]))/.exec(rest);
      if (!escape) this.fail('the URL string that starts here is never closed', start);
      const [all, hex, unit, point, other] = escape;
      if (hex || unit) out += String.fromCharCode(parseInt((hex ?? unit)!, 16));
      else if (point) out += String.fromCodePoint(parseInt(point, 16));
      else if (other === '\n' || other === '\r\n' || other === '\u2028' || other === '\u2029') out += '';
      else out += { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f', v: '\v', '0': '\0' }[other!] ?? other;
      j += 1 + all.length;
    }
    this.i = j + 1;
    return out;
  }
}

/** RequestInit's members (Fetch standard, plus undici's dispatcher): known, and not part of what is sent. */
const QUIET_OPTIONS = new Set(['referrer', 'referrerPolicy', 'mode', 'credentials', 'cache', 'redirect', 'integrity', 'keepalive', 'signal', 'priority', 'duplex', 'window', 'dispatcher']);
const NORMALISED_METHODS = /^(delete|get|head|options|post|put)$/i;

export function parseFetchCall(text: string): PastedCommand {
  const source = text.replace(/^\uFEFF/, '');
  const start = source.search(/\S/);
  const call = FETCH_CALL.exec(source.slice(Math.max(0, start)));
  if (start < 0 || !call) throw new FetchParseError('this is not a fetch(…) call (it should start with fetch( or await fetch()');
  const warnings: string[] = [];
  const reader: Reader = new Reader(source, start + call[0].length);
  const command: PastedCommand = { flavour: 'fetch', method: 'GET', headers: [], data: [], form: [], unknownOptions: [], warnings };

  reader.space();
  command.url = reader.jsString();
  reader.space();
  let options: JsonObject | undefined;
  if (source[reader.i] === ',') {
    reader.i++;
    reader.space();
    if (source[reader.i] !== ')') {
      const at = reader.i;
      const value = reader.value();
      if (!(value instanceof JsonObject)) reader.fail(`the options (the second argument) should be an object { … }, not ${describeJson(value)}`, at);
      options = value;
      reader.space();
      if (source[reader.i] === ',') {
        reader.i++;
        reader.space();
      }
    }
  }
  if (source[reader.i] !== ')') reader.fail(source[reader.i] === undefined ? 'the fetch( call is never closed' : '")" should close the fetch( call here');
  const rest = source.slice(reader.i + 1).replace(/^\s*;?\s*/, '');
  if (rest) {
    const more = rest.match(/\bfetch\s*\(/g)?.length ?? 0;
    if (more) warnings.push(`${more} more fetch ${more === 1 ? 'call follows' : 'calls follow'} the first; only the first was read.`);
    else warnings.push(`What follows the call was ignored: ${rest.length > 40 ? `${rest.slice(0, 40)}…` : rest}`);
  }

  let body: string | undefined;
  const seen = new Set<string>();
  for (const { key, value, at } of options?.members ?? []) {
    if (seen.has(key)) warnings.push(`The option "${key}" is given twice; the last one counts, as in JavaScript.`);
    seen.add(key);
    if (key === 'method') {
      if (typeof value !== 'string') reader.fail(`"method" should be a string, not ${describeJson(value)}`, at);
      command.method = NORMALISED_METHODS.test(value) ? value.toUpperCase() : value;
    } else if (key === 'headers') {
      command.headers = [];
      const pairs: [string, Json][] =
        value instanceof JsonObject
          ? value.members.map((m) => [m.key, m.value])
          : Array.isArray(value) && value.every((p) => Array.isArray(p) && p.length === 2 && typeof p[0] === 'string')
            ? (value as [string, Json][])
            : reader.fail(`"headers" should be an object { "Name": "value" }, not ${describeJson(value)}`, at);
      for (const [name, v] of pairs) {
        if (v instanceof JsonObject || Array.isArray(v)) reader.fail(`the header "${name}" should be a string, not ${describeJson(v)}`, at);
        command.headers.push([name, String(v)]);
      }
    } else if (key === 'body') {
      if (value !== null && typeof value !== 'string') {
        reader.fail(`"body" should be the text that was sent, as a JSON string (or null), not ${describeJson(value)}`, at);
      }
      body = value ?? undefined;
    } else if (!QUIET_OPTIONS.has(key)) {
      command.unknownOptions.push(`"${key}"`);
    }
  }
  if (command.unknownOptions.length) warnings.push(`Options not understood (reported, not used): ${command.unknownOptions.join(' ')}.`);

  const headerType = command.headers.findLast(([name]) => name.toLowerCase() === 'content-type')?.[1];
  if (body !== undefined) {
    command.body = body;
    command.data.push({ option: 'body', value: body, contributes: body });
    if (headerType === undefined) warnings.push('No Content-Type header: fetch sends a string body as text/plain;charset=UTF-8.');
  }
  command.contentType = headerType ?? (body !== undefined ? 'text/plain;charset=UTF-8' : undefined);
  return command;
}
