// One function normalises a request pasted from anywhere: a JSON body, a form body (a=b&c=d), a
// multipart dump, a raw HTTP request, a command (cURL, PowerShell's Invoke-WebRequest, a fetch() call:
// browsers' "Copy as …"), or "name: value" / "name=value" lines. It returns
// the fields in the order they appear, with the text of each value exactly as it would be hashed, and
// says what it had to guess.
import { forEachJsonMember, jsonWireValue, phpNumberText } from '../signing/jsonWireValue.ts';
import { COMMAND_NAMES, CommandParseError, commandKind, parseCommand, type PastedCommand } from './parseCommand.ts';

export type RequestFormat = 'json' | 'urlencoded' | 'multipart' | 'curl' | 'powershell' | 'fetch' | 'http' | 'lines' | 'empty';

export interface ParsedRequest {
  format: RequestFormat;
  method?: string;
  url?: string;
  /** The URL's path, e.g. /api/payment-gateway/v1/payments/purchase. */
  path?: string;
  contentType?: string;
  /** Name/value pairs in the order they appear; a name may repeat. */
  fields: [string, string][];
  /** Multipart parts that are files: not part of any hash. */
  files: string[];
  warnings: string[];
  /**
   * The members of a JSON body that are numbers or literals (true, false), not strings: as written, and
   * the text PayWay hashes for them (core/signing/jsonWireValue).
   */
  numbers?: JsonNumber[];
}

export interface JsonNumber {
  field: string;
  kind: 'number' | 'literal';
  written: string;
  read: string;
}

export class RequestParseError extends Error {}

/** The path of a URL or of a bare path, without query or trailing slash. */
export function pathOf(url: string): string | undefined {
  const trimmed = url.trim();
  let path: string;
  try {
    path = new URL(trimmed, 'http://relative.invalid').pathname;
  } catch {
    return undefined;
  }
  path = path.replace(/\/+$/, '');
  return path || undefined;
}

// ---- JSON, keeping each value's source text --------------------------------------------------------

export interface JsonMember {
  name: string;
  /** The value's source text (0.10 stays "0.10"). */
  raw: string;
  kind: 'string' | 'number' | 'literal' | 'nested';
  value: unknown;
}

/** Top-level members of a JSON object, in source order, with the source text of each value. */
export function readJsonMembers(text: string): JsonMember[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new RequestParseError(`the JSON body does not parse: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new RequestParseError('the JSON body is not an object of fields');
  const members: JsonMember[] = [];
  forEachJsonMember(text, (name, raw) => {
    const value: unknown = JSON.parse(raw);
    const kind = typeof value === 'string' ? 'string' : typeof value === 'number' ? 'number' : value === null || typeof value === 'boolean' ? 'literal' : 'nested';
    members.push({ name, raw, kind, value });
  });
  return members;
}

function parseJsonBody(text: string, warnings: string[], numbers: JsonNumber[]): [string, string][] {
  const fields: [string, string][] = [];
  for (const { name, raw, kind, value } of readJsonMembers(text)) {
    if (kind === 'string') fields.push([name, value as string]);
    else if (kind === 'number') {
      // Read as PayWay reads it: json_decode, then concatenated as PHP prints the number.
      const read = phpNumberText(raw);
      fields.push([name, read]);
      numbers.push({ field: name, kind: 'number', written: raw, read });
      warnings.push(
        read === raw
          ? `${name} is the JSON number ${raw}; PayWay hashes a JSON number as PHP prints it, here the same text "${read}" (a string is safer).`
          : `${name} is the JSON number ${raw}; PayWay hashes a JSON number as PHP prints it: "${read}", not "${raw}". Send it as the string "${raw}" if that is what you hash.`,
      );
    } else if (value === null) {
      fields.push([name, '']);
      warnings.push(`${name} is null; it is treated as not sent (an empty string in the hash).`);
    } else if (kind === 'literal') {
      const read = jsonWireValue(value)!;
      fields.push([name, read]);
      numbers.push({ field: name, kind: 'literal', written: raw, read });
      warnings.push(`${name} is the JSON literal ${raw}; PayWay (PHP) concatenates it as "${read}".`);
    } else {
      fields.push([name, raw]);
      warnings.push(`${name} is a nested JSON ${raw.startsWith('[') ? 'array' : 'object'}; PayWay's fields are strings (Base64-encode JSON values such as items).`);
    }
  }
  return fields;
}

// ---- form bodies ---------------------------------------------------------------------------------

function parseUrlencoded(text: string, warnings: string[]): [string, string][] {
  const fields: [string, string][] = [];
  const plus: string[] = [];
  for (const pair of text.split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const rawName = eq < 0 ? pair : pair.slice(0, eq);
    const rawValue = eq < 0 ? '' : pair.slice(eq + 1);
    const decode = (s: string) => {
      try {
        return decodeURIComponent(s.replace(/\+/g, ' '));
      } catch {
        warnings.push(`"${s.slice(0, 40)}" has a "%" that is not percent-encoding; it was kept as written.`);
        return s.replace(/\+/g, ' ');
      }
    };
    const name = decode(rawName);
    if (rawValue.includes('+')) plus.push(name);
    fields.push([name, decode(rawValue)]);
  }
  if (plus.length) {
    warnings.push(`In a form body "+" means a space, so ${plus.join(', ')} ${plus.length === 1 ? 'was' : 'were'} read with spaces. If your code sent those "+" signs unescaped, PayWay sees spaces too (they must travel as %2B).`);
  }
  return fields;
}

function parseMultipart(text: string, boundaryHint: string | undefined, warnings: string[], files: string[]): [string, string][] {
  const boundary = boundaryHint ?? /^--(\S+?)\s*$/m.exec(text)?.[1]?.replace(/--$/, '');
  if (!boundary) throw new RequestParseError('the multipart body has no boundary line');
  const fields: [string, string][] = [];
  const pieces = text.split('--' + boundary);
  for (const piece of pieces.slice(1)) {
    if (piece.startsWith('--')) break;
    const body = piece.replace(/^\r?\n/, '');
    const split = /\r?\n\r?\n/.exec(body);
    const headers = split ? body.slice(0, split.index) : body;
    const value = split ? body.slice(split.index + split[0].length).replace(/\r?\n$/, '') : '';
    const name = /name="([^"]*)"/i.exec(headers)?.[1] ?? /name=([^;\s]+)/i.exec(headers)?.[1];
    if (name === undefined) {
      warnings.push('A multipart part has no name; it was skipped.');
      continue;
    }
    if (/filename=/i.test(headers)) {
      files.push(name);
      continue;
    }
    fields.push([name, value]);
  }
  return fields;
}

// ---- name/value lines ----------------------------------------------------------------------------

const LINE = /^\s*(?:\[\s*)?["']?([A-Za-z_][\w.-]*)["']?(?:\s*\])?\s*(=>|:|=|\t)[ \t]?(.*?)\r?$/;

function parseLines(text: string, warnings: string[]): [string, string][] {
  const fields: [string, string][] = [];
  for (const [number, line] of text.split('\n').entries()) {
    if (!line.trim() || /^\s*(#|\/\/)/.test(line) || /^\s*(Array\s*)?[()[\]{}]\s*,?\s*$/.test(line)) continue;
    const match = LINE.exec(line);
    if (!match) {
      warnings.push(`Line ${number + 1} is not "name: value" or "name=value"; it was skipped: ${line.trim().slice(0, 60)}`);
      continue;
    }
    let value = match[3]!;
    // "name": "value", (a JSON-ish line) → the string inside the quotes.
    const quoted = /^("(?:[^"\\]|\\.)*")\s*,?\s*$/.exec(value);
    if (quoted) {
      try {
        value = JSON.parse(quoted[1]!) as string;
      } catch {
        // keep as written
      }
    }
    fields.push([match[1]!, value]);
  }
  return fields;
}

// ---- detection -----------------------------------------------------------------------------------

function parseBody(body: string, contentType: string | undefined, warnings: string[], files: string[], numbers: JsonNumber[]): { format: RequestFormat; fields: [string, string][] } {
  const text = body.replace(/^\uFEFF/, '');
  const trimmed = text.trim();
  const type = contentType?.toLowerCase() ?? '';
  if (!trimmed) return { format: 'empty', fields: [] };
  if (trimmed.startsWith('{')) {
    if (type && !type.includes('json')) {
      const origin = type.includes('x-www-form-urlencoded') ? " (curl's default for -d, and PowerShell's for a POST)" : type.startsWith('text/plain') ? " (fetch's default for a string body)" : '';
      warnings.push(`The body is JSON but its Content-Type is ${contentType}${origin}; PayWay's JSON endpoints need application/json.`);
    }
    return { format: 'json', fields: parseJsonBody(trimmed, warnings, numbers) };
  }
  if (type.includes('multipart') || (/^--\S+\s*\r?\n/.test(trimmed) && /content-disposition/i.test(trimmed))) {
    const boundary = /boundary="?([^";]+)"?/i.exec(contentType ?? '')?.[1];
    return { format: 'multipart', fields: parseMultipart(text.replace(/^\s*\r?\n/, ''), boundary, warnings, files) };
  }
  if (type.includes('x-www-form-urlencoded') || (!/\n/.test(trimmed) && /^[^=&\s]+=[^&]*(&[^=&\s]+=[^&]*)+&?$/.test(trimmed))) {
    return { format: 'urlencoded', fields: parseUrlencoded(trimmed, warnings) };
  }
  return { format: 'lines', fields: parseLines(text, warnings) };
}

const REQUEST_LINE = /^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\s+(\S+)(?:\s+HTTP\/[\d.]+)?\s*$/i;

export function parseRequestText(text: string): ParsedRequest {
  const warnings: string[] = [];
  const files: string[] = [];
  const numbers: JsonNumber[] = [];
  const withNumbers = (parsed: ParsedRequest): ParsedRequest => (numbers.length ? { ...parsed, numbers } : parsed);
  const source = text.replace(/^\uFEFF/, '');
  const trimmed = source.trim();
  if (!trimmed) return { format: 'empty', fields: [], files, warnings };

  const kind = commandKind(trimmed);
  if (kind) {
    let command: PastedCommand;
    try {
      command = parseCommand(source); // untrimmed: error positions are lines and columns of the pasted text
    } catch (error) {
      if (error instanceof CommandParseError) throw new RequestParseError(`the ${COMMAND_NAMES[kind]} cannot be read: ${error.message}`);
      throw error;
    }
    warnings.push(...command.warnings);
    let fields: [string, string][] = [];
    if (command.form.length) {
      for (const part of command.form) {
        if (part.file !== undefined) files.push(part.name);
        else fields.push([part.name, part.value]);
      }
    } else if (command.body !== undefined) {
      fields = parseBody(command.body, command.contentType, warnings, files, numbers).fields;
    }
    const path = command.url ? pathOf(command.url) : undefined;
    return withNumbers({ format: kind, method: command.method, url: command.url, path, contentType: command.contentType, fields, files, warnings });
  }

  const lines = source.replace(/^\s*\n/, '').split('\n');
  const first = lines[0]!.trim();
  const requestLine = REQUEST_LINE.exec(first);
  const urlLine = /^(https?:\/\/\S+|\/api\/\S+)$/.exec(first);
  if (requestLine || urlLine) {
    const url = requestLine ? requestLine[2]! : urlLine![1]!;
    let contentType: string | undefined;
    let i = 1;
    // Headers follow a request line until a blank line; a bare URL line has none.
    if (requestLine) {
      for (; i < lines.length && lines[i]!.trim() !== ''; i++) {
        const header = /^([\w-]+):\s*(.*?)\r?$/.exec(lines[i]!);
        if (!header) break;
        if (header[1]!.toLowerCase() === 'content-type') contentType = header[2];
      }
    }
    const body = lines.slice(i).join('\n');
    const parsed = parseBody(body, contentType, warnings, files, numbers);
    return withNumbers({
      format: requestLine ? 'http' : parsed.format,
      method: requestLine?.[1]!.toUpperCase(),
      url,
      path: pathOf(url),
      contentType: contentType ?? (parsed.format === 'json' ? 'application/json' : parsed.format === 'multipart' ? 'multipart/form-data' : undefined),
      fields: parsed.fields,
      files,
      warnings,
    });
  }

  const parsed = parseBody(source, undefined, warnings, files, numbers);
  const contentType =
    parsed.format === 'json' ? 'application/json' : parsed.format === 'multipart' ? 'multipart/form-data' : parsed.format === 'urlencoded' ? 'application/x-www-form-urlencoded' : undefined;
  return withNumbers({ format: parsed.format, contentType, fields: parsed.fields, files, warnings });
}
