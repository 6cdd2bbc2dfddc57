// What a step's `expect` and `capture` read (subjects) and how an expectation is judged. Subjects:
//   status, code, message, diagnosis         the HTTP status, the PayWay code and message, the emulator's diagnosis
//   $.data.payment_status, $.items[0].x      a JSON path into the response body ($ is the whole body)
//   header.<name>                            a response header
//   request.<field>, wire.<field>            what was sent: the input after variables, the encoded wire value
//   trace.stringToSign / hash / digestHex / byteLength / variant
//   outcome, title                           an action's result on the payer page ("ok" when it went through)
//   signature                                a pushback's signature: valid, invalid or unsigned
import type { RequestTrace } from '../signing/buildRequest.ts';

export interface SubjectContext {
  status?: number;
  headers?: readonly (readonly [string, string])[];
  /** The body parsed as JSON, or its text when it is not JSON. */
  body?: unknown;
  code?: string;
  message?: string;
  diagnosis?: string;
  request?: Readonly<Record<string, string>>;
  trace?: RequestTrace;
  outcome?: string;
  title?: string;
  signature?: string;
}

export type Read = { found: true; value: unknown } | { found: false; why: string };

const missing = (why: string): Read => ({ found: false, why });

/** `$.a.b[0]['c d'].length` → ['a', 'b', 0, 'c d', 'length']; undefined when it is not a path. */
export function parseJsonPath(path: string): (string | number)[] | undefined {
  if (!path.startsWith('$')) return undefined;
  const parts: (string | number)[] = [];
  let i = 1;
  while (i < path.length) {
    if (path[i] === '.') {
      const m = /^[^.[\]]+/.exec(path.slice(i + 1));
      if (!m) return undefined;
      parts.push(m[0]);
      i += 1 + m[0].length;
    } else if (path[i] === '[') {
      const m = /^\[(?:(-?\d+)|'([^']*)'|"([^"]*)")\]/.exec(path.slice(i));
      if (!m) return undefined;
      parts.push(m[1] !== undefined ? Number(m[1]) : (m[2] ?? m[3])!);
      i += m[0].length;
    } else return undefined;
  }
  return parts;
}

export function readJsonPath(root: unknown, path: string): Read {
  const parts = parseJsonPath(path);
  if (!parts) return missing(`"${path}" is not a JSON path ($.a.b, $.list[0], $['a key'])`);
  let node = root;
  let at = '$';
  for (const part of parts) {
    if (typeof part === 'number') {
      if (!Array.isArray(node)) return missing(`${at} is not a list`);
      const index = part < 0 ? node.length + part : part;
      if (index < 0 || index >= node.length) return missing(`${at} has ${node.length} item${node.length === 1 ? '' : 's'}, no [${part}]`);
      node = node[index];
      at += `[${part}]`;
    } else if (part === 'length' && (Array.isArray(node) || typeof node === 'string')) {
      node = node.length;
      at += '.length';
    } else {
      if (typeof node !== 'object' || node === null || Array.isArray(node)) return missing(`${at} is not an object${typeof node === 'string' && at === '$' ? ' (the response is not JSON)' : ''}`);
      if (!Object.hasOwn(node, part)) return missing(`${at} has no "${part}"`);
      node = (node as Record<string, unknown>)[part];
      at += `.${part}`;
    }
  }
  return { found: true, value: node };
}

const given = (value: unknown, what: string): Read => (value === undefined ? missing(`no ${what} for this step`) : { found: true, value });

export function readSubject(subject: string, ctx: SubjectContext): Read {
  if (subject.startsWith('$')) return ctx.body === undefined ? missing('no response body') : readJsonPath(ctx.body, subject);
  const dot = subject.indexOf('.');
  const head = dot < 0 ? subject : subject.slice(0, dot);
  const rest = dot < 0 ? '' : subject.slice(dot + 1);
  switch (head) {
    case 'status':
      return given(ctx.status, 'HTTP status');
    case 'code':
      return given(ctx.code, 'PayWay code (the response has no status.code)');
    case 'message':
      return given(ctx.message, 'PayWay message');
    case 'diagnosis':
      return given(ctx.diagnosis, 'diagnosis (the target sent no x-payway-emulator-diagnosis header)');
    case 'outcome':
      return given(ctx.outcome, 'outcome (only actions have one)');
    case 'title':
      return given(ctx.title, 'page title (only actions have one)');
    case 'signature':
      return given(ctx.signature, 'signature (only pushbacks have one)');
    case 'header': {
      const found = ctx.headers?.find(([name]) => name.toLowerCase() === rest.toLowerCase());
      return found ? { found: true, value: found[1] } : missing(`no "${rest}" header in the response`);
    }
    case 'request':
      return ctx.request && Object.hasOwn(ctx.request, rest) ? { found: true, value: ctx.request[rest] } : missing(`the request has no input "${rest}"`);
    case 'wire': {
      const pair = ctx.trace?.wire.find(([name]) => name === rest);
      return pair ? { found: true, value: pair[1] } : missing(`"${rest}" was not sent`);
    }
    case 'trace': {
      const t = ctx.trace;
      if (!t) return missing('no trace (only requests are signed)');
      const values: Record<string, unknown> = { stringToSign: t.stringToSign, hash: t.signature.hash, digestHex: t.signature.digestHex, byteLength: t.byteLength, variant: t.variant };
      return rest in values ? { found: true, value: values[rest] } : missing(`the trace has no "${rest}"`);
    }
  }
  return missing(`"${subject}" is not a subject`);
}

/** A captured value as text (a variable is text wherever it is used). */
export const asText = (value: unknown): string => (typeof value === 'string' ? value : value === undefined ? '' : JSON.stringify(value));

export interface ExpectationResult {
  subject: string;
  /** The expectation as written, e.g. "00", "gt 0", 200. */
  expected: string;
  /** What was found, as text ('(absent)' when nothing). */
  actual: string;
  ok: boolean;
  /** Why it failed, in words. */
  message?: string;
}

const OPERATORS = ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'contains', 'notContains', 'matches', 'oneOf', 'exists', 'absent', 'type'] as const;
type Operator = (typeof OPERATORS)[number];

/** "gt 5" → ['gt', '5']; a text that starts with no operator is compared as it is ('eq'). */
export function parseExpectation(text: string): { op: Operator; operand: string } {
  const m = /^(\w+)(?:\s+([\s\S]*))?$/.exec(text);
  if (m && (OPERATORS as readonly string[]).includes(m[1]!)) {
    const op = m[1] as Operator;
    if ((op === 'exists' || op === 'absent') && m[2] === undefined) return { op, operand: '' };
    if (m[2] !== undefined && op !== 'exists' && op !== 'absent') return { op, operand: m[2] };
  }
  return { op: 'eq', operand: text };
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => Object.hasOwn(b, k) && deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

const typeOf = (value: unknown) => (Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value);

/** Judges one expectation. `expected` strings have had their {{variables}} replaced already. */
export function judge(subject: string, expected: unknown, read: Read): ExpectationResult {
  const shown = typeof expected === 'string' ? expected : JSON.stringify(expected);
  const actual = read.found ? (typeof read.value === 'string' ? read.value : JSON.stringify(read.value) ?? 'undefined') : '(absent)';
  const result = (ok: boolean, message?: string): ExpectationResult => ({ subject, expected: shown, actual, ok, ...(ok ? {} : { message: message ?? `expected ${shown}, got ${actual}` }) });

  if (typeof expected !== 'string') {
    if (!read.found) return result(false, `expected ${shown}, but ${read.why}`);
    return deepEqual(read.value, expected) ? result(true) : result(false, `expected ${shown} (${typeOf(expected)}), got ${actual} (${typeOf(read.value)})`);
  }
  const { op, operand } = parseExpectation(expected);
  if (op === 'absent') return read.found ? result(false, `expected no ${subject}, got ${actual}`) : result(true);
  if (!read.found) return result(false, `expected ${shown}, but ${read.why}`);
  const value = read.value;
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  const number = Number(operand);
  const numeric = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  const compare = (test: (a: number, b: number) => boolean, words: string) => {
    if (Number.isNaN(number)) return result(false, `"${operand}" is not a number to compare with`);
    if (Number.isNaN(numeric)) return result(false, `expected a number ${words} ${operand}, got ${actual}`);
    return test(numeric, number) ? result(true) : result(false, `expected ${words} ${operand}, got ${actual}`);
  };
  switch (op) {
    case 'exists':
      return result(true);
    case 'eq':
      return text === operand ? result(true) : result(false);
    case 'neq':
      return text !== operand ? result(true) : result(false, `expected anything but ${operand}`);
    case 'gt':
      return compare((a, b) => a > b, 'greater than');
    case 'gte':
      return compare((a, b) => a >= b, 'at least');
    case 'lt':
      return compare((a, b) => a < b, 'less than');
    case 'lte':
      return compare((a, b) => a <= b, 'at most');
    case 'contains':
      return text.includes(operand) ? result(true) : result(false, `expected it to contain "${operand}", got ${actual}`);
    case 'notContains':
      return !text.includes(operand) ? result(true) : result(false, `expected it not to contain "${operand}"`);
    case 'matches': {
      let re: RegExp;
      try {
        re = new RegExp(operand);
      } catch (error) {
        return result(false, `"${operand}" is not a regular expression: ${(error as Error).message}`);
      }
      return re.test(text) ? result(true) : result(false, `expected it to match /${operand}/, got ${actual}`);
    }
    case 'oneOf': {
      const options = operand.split('|').map((o) => o.trim());
      return options.includes(text) ? result(true) : result(false, `expected one of ${options.join(', ')}, got ${actual}`);
    }
    case 'type':
      return typeOf(value) === operand ? result(true) : result(false, `expected a ${operand}, got a ${typeOf(value)}`);
  }
}
