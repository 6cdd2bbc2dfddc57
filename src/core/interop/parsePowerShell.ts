// Reads browsers' "Copy as PowerShell" (Chrome, Edge, Firefox) and hand-written Invoke-WebRequest /
// Invoke-RestMethod commands: PowerShell's quoting (backtick escapes, "" and '' doubling, here-strings),
// line continuations, the -Headers hashtable, and the ([System.Text.Encoding]::UTF8.GetBytes("…")) body
// browsers write when the body is not printable ASCII. Nothing is evaluated: $([char]N) is the one
// expression read (browsers write every other character that way); a variable or any other expression
// is an error that names it, never a guess, because the hash depends on every byte of the body.
import { lineColumn } from './lineColumn.ts';
import type { PastedCommand } from './parseCommand.ts';
import type { CurlData, CurlFormPart } from './parseCurl.ts';

export class PowerShellParseError extends Error {}

// PowerShell takes typographic quotes and dashes for the ASCII ones (a command pasted through a chat or
// a word processor still runs), so they do here too.
const DOUBLE_QUOTES = '"\u201C\u201D\u201E';
const SINGLE_QUOTES = "'\u2018\u2019\u201A\u201B";
const DASHES = '-\u2013\u2014\u2015';
const isDouble = (c: string | undefined): boolean => c !== undefined && DOUBLE_QUOTES.includes(c);
const isSingle = (c: string | undefined): boolean => c !== undefined && SINGLE_QUOTES.includes(c);
const isSpace = (c: string | undefined): boolean => c === ' ' || c === '\t' || c === '\r' || c === '\f' || c === '\v' || c === '\u00A0';
const isNewline = (text: string, i: number): boolean => text[i] === '\n' || (text[i] === '\r' && text[i + 1] === '\n');

/** Backtick escapes in expandable strings (about_Special_Characters); any other character stands for itself. */
const ESCAPES: Record<string, string> = { '0': '\0', a: '\x07', b: '\b', e: '\x1b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };
/** What ends an unquoted word; inside ( ), @{ } and [ ] (expression mode) "=" and "]" end it too. */
const WORD_END = new Set([...'(){};,|\n']);
const EXPRESSION_WORD_END = new Set(['=', ']']);
/** $([char]13), $( [char] 0x0D ), $([char](13)): the subexpressions browsers write for unprintable characters. */
const CHAR_EXPRESSION = /^\s*\[char\]\s*(\(\s*)?(0x[0-9A-Fa-f]+|\d+)\s*(\))?\s*$/i;
const VARIABLE = /^\$(?:(?:[A-Za-z_]\w*:)?\w+|[$?^])/;
const OPENERS = new Set(['(', '@(', '$(', '@{', '{', '[']);
const CLOSERS = new Set([')', '}', ']']);

// ---- tokens ----------------------------------------------------------------------------------------

interface Text {
  type: 'text';
  start: number;
  end: number;
  quoted: boolean;
  value: string;
  /** Why the value cannot be known without running PowerShell (a variable, an expression). */
  problem?: string;
}
interface Variable {
  type: 'variable';
  start: number;
  end: number;
  name: string;
  /** $session.Cookies.Add → ['Cookies', 'Add']. */
  members: string[];
}
interface Parameter {
  type: 'parameter';
  start: number;
  end: number;
  name: string;
  /** -Name:value */
  colon: boolean;
}
interface Operator {
  type: 'op';
  start: number;
  end: number;
  /** ( ) @( $( @{ { } [ ] ; , = | and '\n' (a line end that is not continued). */
  value: string;
}
type Token = Text | Variable | Parameter | Operator;

type Mode = 'double' | 'here' | 'bare';

class Lexer {
  readonly tokens: Token[] = [];
  /** Open brackets: inside one, words are read in expression mode (PowerShell's two parsing modes). */
  private readonly open: string[] = [];

  constructor(
    private readonly text: string,
    private readonly warnings: string[],
  ) {}

  private at(i: number): string {
    return lineColumn(this.text, i);
  }

  run(): Token[] {
    const t = this.text;
    let i = 0;
    while (i < t.length) {
      const c = t[i]!;
      const start = i;
      if (isSpace(c)) i++;
      else if (c === '`' && this.continuation(i) !== undefined) i = this.continue(i);
      else if (c === '\n') {
        this.push({ type: 'op', start, end: i + 1, value: '\n' });
        i++;
      } else if (c === '#') {
        while (i < t.length && t[i] !== '\n') i++;
      } else if (c === '<' && t[i + 1] === '#') {
        const close = t.indexOf('#>', i + 2);
        if (close < 0) throw new PowerShellParseError(`a <# comment that starts at ${this.at(i)} is never closed`);
        i = close + 2;
      } else if (isDouble(c)) i = this.push(this.expandable(i + 1, start, 'double'));
      else if (isSingle(c)) i = this.push(this.verbatim(start));
      else if (c === '@' && (isDouble(t[i + 1]) || isSingle(t[i + 1]))) i = this.push(this.hereString(start));
      else if ((c === '@' && (t[i + 1] === '{' || t[i + 1] === '(')) || (c === '$' && t[i + 1] === '(')) {
        i = this.push({ type: 'op', start, end: i + 2, value: c + t[i + 1] });
      } else if (c === '$' && (t[i + 1] === '{' || VARIABLE.test(t.slice(i)))) i = this.push(this.variable(start));
      else if (c === '@' && /[A-Za-z_]/.test(t[i + 1] ?? '')) {
        // @params: splatting, the parameters are in a hashtable defined elsewhere
        const name = /^\w+/.exec(t.slice(i + 1))![0];
        const problem = `@${name} at ${this.at(i)} passes the parameters held in $${name}, whose value is not in the pasted text; write them out`;
        i = this.push({ type: 'text', start, end: i + 1 + name.length, quoted: false, value: '', problem });
      }
      else if ('(){}[];,=|'.includes(c)) i = this.push({ type: 'op', start, end: i + 1, value: c });
      else if (DASHES.includes(c) && /[A-Za-z_]/.test(t[i + 1] ?? '')) {
        const name = /^[A-Za-z_]\w*/.exec(t.slice(i + 1))![0];
        const colon = t[i + 1 + name.length] === ':';
        i = this.push({ type: 'parameter', start, end: i + 1 + name.length + (colon ? 1 : 0), name, colon });
      } else i = this.push(this.expandable(i, start, 'bare'));
    }
    return this.tokens;
  }

  private push(token: Token): number {
    this.tokens.push(token);
    if (token.type === 'op') {
      if (OPENERS.has(token.value)) this.open.push(token.value);
      else if (CLOSERS.has(token.value)) this.open.pop();
    }
    return token.end;
  }

  private get expressionMode(): boolean {
    const top = this.open.at(-1);
    return top !== undefined && top !== '{';
  }

  /** A backtick that ends its line continues the command: the index after the line break, else undefined. */
  private continuation(i: number): number | undefined {
    let j = i + 1;
    while (this.text[j] === ' ' || this.text[j] === '\t') j++;
    return isNewline(this.text, j) ? j + (this.text[j] === '\r' ? 2 : 1) : undefined;
  }

  private continue(i: number): number {
    const end = this.continuation(i)!;
    // PowerShell reads "` " as an escaped space and ends the command at the line break; a copy that
    // picked up trailing spaces is read as meant, and said.
    if (/^`[ \t]/.test(this.text.slice(i, i + 2))) this.warnings.push(`Spaces follow the line-continuation backtick at ${this.at(i)}; PowerShell would end the command there. It was read as a continuation.`);
    return end;
  }

  private variable(start: number): Variable {
    const t = this.text;
    let name: string;
    let i: number;
    if (t[start + 1] === '{') {
      const close = t.indexOf('}', start + 2);
      if (close < 0) throw new PowerShellParseError(`the \${ at ${this.at(start)} is never closed`);
      name = t.slice(start + 2, close);
      i = close + 1;
    } else {
      name = VARIABLE.exec(t.slice(start))![0].slice(1);
      i = start + 1 + name.length;
    }
    const members: string[] = [];
    for (let m = /^\.([A-Za-z_]\w*)/.exec(t.slice(i)); m; m = /^\.([A-Za-z_]\w*)/.exec(t.slice(i))) {
      members.push(m[1]!);
      i += m[0].length;
    }
    return { type: 'variable', start, end: i, name, members };
  }

  private verbatim(start: number): Text {
    const t = this.text;
    let value = '';
    let i = start + 1;
    for (;;) {
      const c = t[i];
      if (c === undefined) throw new PowerShellParseError(`a single-quoted string that starts at ${this.at(start)} is never closed`);
      if (isSingle(c)) {
        if (!isSingle(t[i + 1])) return { type: 'text', start, end: i + 1, quoted: true, value };
        value += t[i + 1];
        i += 2;
      } else {
        value += c;
        i++;
      }
    }
  }

  private hereString(start: number): Text {
    const t = this.text;
    const header = /^@(.)[ \t]*\r?\n/.exec(t.slice(start));
    if (!header) throw new PowerShellParseError(`the here-string at ${this.at(start)} must end its line after @${t[start + 1]}`);
    const bodyStart = start + header[0].length;
    if (isDouble(header[1])) return this.expandable(bodyStart, start, 'here');
    // @'…'@: verbatim up to a line that starts with '@; the line break before it is not part of the value.
    const close = /(?:^|\r?\n)['\u2018\u2019\u201A\u201B]@/.exec(t.slice(bodyStart));
    if (!close) throw new PowerShellParseError(`the here-string that starts at ${this.at(start)} is never closed ('@ must start a line)`);
    return { type: 'text', start, end: bodyStart + close.index + close[0].length, quoted: true, value: t.slice(bodyStart, bodyStart + close.index) };
  }

  /**
   * Expandable text from `i`: a "…" string ('double'), a @"…"@ here-string ('here') or an unquoted word
   * ('bare'). Backtick escapes and $([char]N) are applied; a variable or another expression leaves a
   * problem on the token, raised only if the value is used.
   */
  private expandable(i: number, start: number, mode: Mode): Text {
    const t = this.text;
    let value = '';
    let problem: string | undefined;
    const done = (end: number): Text => ({ type: 'text', start, end, quoted: mode !== 'bare', value, ...(problem ? { problem } : {}) });
    if (mode === 'here' && isDouble(t[i]) && t[i + 1] === '@') return done(i + 2); // @"<line end>"@ is empty
    for (;;) {
      const c = t[i];
      if (c === undefined) {
        if (mode === 'bare') return done(i);
        throw new PowerShellParseError(
          mode === 'double'
            ? `a double-quoted string that starts at ${this.at(start)} is never closed`
            : `the here-string that starts at ${this.at(start)} is never closed ("@ must start a line)`,
        );
      }
      if (mode === 'double' && isDouble(c)) {
        if (!isDouble(t[i + 1])) return done(i + 1);
        value += t[i + 1]; // "" inside "…" is one quote
        i += 2;
        continue;
      }
      if (mode === 'here' && isNewline(t, i)) {
        const after = i + (c === '\r' ? 2 : 1);
        if (isDouble(t[after]) && t[after + 1] === '@') return done(after + 2);
      }
      if (mode === 'bare') {
        if (isSpace(c) || WORD_END.has(c) || (this.expressionMode && EXPRESSION_WORD_END.has(c)) || (c === '`' && this.continuation(i) !== undefined)) return done(i);
        if (isDouble(c) || isSingle(c)) {
          // abc"def" is one word in argument mode
          const piece = isDouble(c) ? this.expandable(i + 1, i, 'double') : this.verbatim(i);
          value += piece.value;
          problem ??= piece.problem;
          i = piece.end;
          continue;
        }
      }
      if (c === '`') {
        const e = t[i + 1];
        if (e === undefined) {
          i++;
          continue;
        }
        const unicode = e === 'u' ? /^\{([0-9A-Fa-f]{1,6})\}/.exec(t.slice(i + 2)) : null;
        if (unicode) {
          value += String.fromCodePoint(parseInt(unicode[1]!, 16));
          i += 2 + unicode[0].length;
        } else {
          value += ESCAPES[e] ?? e;
          i += 2;
        }
        continue;
      }
      if (c === '$') {
        const read = this.dollar(i);
        if (read.problem) problem ??= read.problem;
        else value += read.text;
        i = read.next;
        continue;
      }
      value += c;
      i++;
    }
  }

  /** A "$" inside expandable text: $([char]N), a literal "$", or a variable / expression we will not run. */
  private dollar(i: number): { text?: string; problem?: string; next: number } {
    const t = this.text;
    if (t[i + 1] === '(') {
      const end = this.groupEnd(i + 1);
      const inner = t.slice(i + 2, end - 1);
      const char = CHAR_EXPRESSION.exec(inner);
      if (char && !char[1] === !char[3]) {
        const code = Number(char[2]);
        if (code > 0xffff) return { problem: `$(${inner}) at ${this.at(i)} is not a character ([char] takes 0 to 65535)`, next: end };
        return { text: String.fromCharCode(code), next: end };
      }
      return { problem: `$(${inner}) at ${this.at(i)} is a PowerShell expression that only PowerShell can run (the one expression read here is $([char]N))`, next: end };
    }
    if (t[i + 1] === '{') {
      const variable = this.variable(i);
      return { problem: `\${${variable.name}} at ${this.at(i)} is a PowerShell variable; its value is not in the pasted text`, next: variable.end };
    }
    const name = VARIABLE.exec(t.slice(i))?.[0];
    if (name) return { problem: `${name} at ${this.at(i)} is a PowerShell variable; its value is not in the pasted text (a literal "$" is written \`$)`, next: i + name.length };
    return { text: '$', next: i + 1 };
  }

  /** The index after the ")" that closes the "(" at `open`, skipping strings inside. */
  private groupEnd(open: number): number {
    const t = this.text;
    let depth = 0;
    let i = open;
    while (i < t.length) {
      const c = t[i]!;
      if (c === '(') depth++;
      else if (c === ')' && --depth === 0) return i + 1;
      if (isDouble(c)) i = this.expandable(i + 1, i, 'double').end;
      else if (isSingle(c)) i = this.verbatim(i).end;
      else if (c === '`') i += 2;
      else i++;
    }
    throw new PowerShellParseError(`the "(" at ${this.at(open)} is never closed`);
  }
}

// ---- values ----------------------------------------------------------------------------------------

type Value =
  | { kind: 'text'; text: string; problem?: string; bytes: boolean; start: number }
  | { kind: 'hashtable'; entries: [string, Value][]; start: number }
  | { kind: 'variable'; source: string; start: number }
  | { kind: 'expression'; source: string; start: number };


class Reader {
  constructor(
    private readonly text: string,
    private readonly tokens: Token[],
  ) {}

  at(i: number): string {
    return lineColumn(this.text, i);
  }

  /** The index after the token that closes the group opened at `k`. */
  groupEnd(k: number): number {
    let depth = 0;
    for (let j = k; j < this.tokens.length; j++) {
      const token = this.tokens[j]!;
      if (token.type !== 'op') continue;
      if (OPENERS.has(token.value)) depth++;
      else if (CLOSERS.has(token.value) && --depth === 0) return j + 1;
    }
    const open = this.tokens[k]!;
    throw new PowerShellParseError(`the "${open.type === 'op' ? open.value : '('}" at ${this.at(open.start)} is never closed`);
  }

  private source(from: number, to: number): string {
    return this.text.slice(this.tokens[from]!.start, this.tokens[to - 1]!.end);
  }

  private isOp(k: number, value: string): boolean {
    const token = this.tokens[k];
    return token?.type === 'op' && token.value === value;
  }

  private isWord(k: number, pattern: RegExp): boolean {
    const token = this.tokens[k];
    return token?.type === 'text' && !token.quoted && pattern.test(token.value);
  }

  /** One argument starting at token k, and the index after it. */
  value(k: number): { value: Value; next: number } {
    const token = this.tokens[k]!;
    const start = token.start;
    if (token.type === 'text') return { value: { kind: 'text', text: token.value, bytes: false, start, ...(token.problem ? { problem: token.problem } : {}) }, next: k + 1 };
    if (token.type === 'variable') {
      if (this.isOp(k + 1, '(') && this.tokens[k + 1]!.start === token.end) {
        const next = this.groupEnd(k + 1);
        return { value: { kind: 'expression', source: this.source(k, next), start }, next };
      }
      return { value: { kind: 'variable', source: this.text.slice(token.start, token.end), start }, next: k + 1 };
    }
    if (token.type === 'parameter') throw new PowerShellParseError(`expected a value at ${this.at(start)}, found the parameter -${token.name}`);
    if (token.value === '@{') return this.hashtable(k);
    if (token.value === '[' && this.isWord(k + 1, /^ordered$/i) && this.isOp(k + 2, ']') && this.isOp(k + 3, '@{')) return this.hashtable(k + 3);
    if (token.value === '(' || token.value === '$(' || token.value === '@(' || token.value === '[') {
      const next = this.groupEnd(k);
      const inner = this.tokens.slice(k + 1, next - 1);
      const only = inner[0];
      if (token.value === '(' && inner.length === 1 && only?.type === 'text' && only.quoted) {
        return { value: { kind: 'text', text: only.value, bytes: false, start, ...(only.problem ? { problem: only.problem } : {}) }, next };
      }
      // ([System.Text.Encoding]::UTF8.GetBytes("…")): the body browsers write when it is not printable ASCII.
      const bytes = inner[5];
      if (
        token.value === '(' &&
        inner.length === 7 &&
        this.isOp(k + 1, '[') &&
        this.isWord(k + 2, /^(System\.)?Text\.Encoding$/i) &&
        this.isOp(k + 3, ']') &&
        this.isWord(k + 4, /^::UTF8\.GetBytes$/i) &&
        this.isOp(k + 5, '(') &&
        bytes?.type === 'text' &&
        bytes.quoted &&
        this.isOp(k + 7, ')')
      ) {
        return { value: { kind: 'text', text: bytes.value, bytes: true, start, ...(bytes.problem ? { problem: bytes.problem } : {}) }, next };
      }
      // [type]::Member and friends: the group plus what is glued to it
      let end = next;
      const glued = (j: number) => {
        const next = this.tokens[j];
        return next !== undefined && next.start === this.tokens[j - 1]!.end && !(next.type === 'op' && CLOSERS.has(next.value));
      };
      while (glued(end)) {
        end = this.isOp(end, '(') ? this.groupEnd(end) : end + 1;
      }
      return { value: { kind: 'expression', source: this.source(k, end), start }, next: end };
    }
    throw new PowerShellParseError(`expected a value at ${this.at(start)}, found "${token.value === '\n' ? 'a line end' : token.value}"`);
  }

  /** @{ key = value; key = value } (entries separated by ";" or line ends). */
  private hashtable(k: number): { value: Value; next: number } {
    const open = this.tokens[k]!;
    const end = this.groupEnd(k);
    const entries: [string, Value][] = [];
    let j = k + 1;
    while (j < end - 1) {
      if (this.isOp(j, '\n') || this.isOp(j, ';')) {
        j++;
        continue;
      }
      const key = this.tokens[j]!;
      if (key.type !== 'text') throw new PowerShellParseError(`a key of the hashtable at ${this.at(open.start)} is not a name: ${this.text.slice(key.start, key.end)} (${this.at(key.start)})`);
      if (key.problem) throw new PowerShellParseError(`a key of the hashtable: ${key.problem}`);
      if (!this.isOp(j + 1, '=')) throw new PowerShellParseError(`"=" should follow the key "${key.value}" at ${this.at(key.start)}`);
      if (j + 2 >= end - 1) throw new PowerShellParseError(`the key "${key.value}" at ${this.at(key.start)} has no value`);
      const read = this.value(j + 2);
      entries.push([key.value, read.value]);
      j = read.next;
      if (j < end - 1 && !this.isOp(j, '\n') && !this.isOp(j, ';')) {
        const stray = this.tokens[j]!;
        throw new PowerShellParseError(`the value of "${key.value}" should end at ${this.at(stray.start)} (a line end or ";" separates entries)`);
      }
    }
    return { value: { kind: 'hashtable', entries, start: open.start }, next: end };
  }
}

// ---- Invoke-WebRequest ------------------------------------------------------------------------------

/** Invoke-WebRequest's and Invoke-RestMethod's parameters (PowerShell 5.1 to 7.5), and the common ones. */
const PARAMETERS: Record<string, 'switch' | 'value'> = {
  UseBasicParsing: 'switch', Uri: 'value', WebSession: 'value', SessionVariable: 'value', AllowUnencryptedAuthentication: 'switch',
  Authentication: 'value', Credential: 'value', UseDefaultCredentials: 'switch', CertificateThumbprint: 'value', Certificate: 'value',
  SkipCertificateCheck: 'switch', SslProtocol: 'value', Token: 'value', UserAgent: 'value', DisableKeepAlive: 'switch', TimeoutSec: 'value',
  ConnectionTimeoutSeconds: 'value', OperationTimeoutSeconds: 'value', Headers: 'value', MaximumRedirection: 'value', MaximumRetryCount: 'value',
  RetryIntervalSec: 'value', Method: 'value', CustomMethod: 'value', Proxy: 'value', ProxyCredential: 'value', ProxyUseDefaultCredentials: 'switch',
  NoProxy: 'switch', Body: 'value', Form: 'value', ContentType: 'value', TransferEncoding: 'value', InFile: 'value', OutFile: 'value',
  PassThru: 'switch', PreserveAuthorizationOnRedirect: 'switch', PreserveHttpMethodOnRedirect: 'switch', AllowInsecureRedirect: 'switch',
  SkipHeaderValidation: 'switch', SkipHttpErrorCheck: 'switch', ResponseHeadersVariable: 'value', StatusCodeVariable: 'value', HttpVersion: 'value',
  Resume: 'switch', UnixSocket: 'value', FollowRelLink: 'switch', MaximumFollowRelLink: 'value',
  Verbose: 'switch', Debug: 'switch', ErrorAction: 'value', WarningAction: 'value', InformationAction: 'value', ProgressAction: 'value',
  ErrorVariable: 'value', WarningVariable: 'value', InformationVariable: 'value', OutVariable: 'value', OutBuffer: 'value', PipelineVariable: 'value',
};
const ALIASES: Record<string, string> = {
  ea: 'ErrorAction', wa: 'WarningAction', infa: 'InformationAction', proga: 'ProgressAction', ev: 'ErrorVariable', wv: 'WarningVariable',
  iv: 'InformationVariable', ov: 'OutVariable', ob: 'OutBuffer', pv: 'PipelineVariable', vb: 'Verbose', db: 'Debug',
};
const NAMES = Object.keys(PARAMETERS);

/** The full name of a parameter as PowerShell resolves it (case-insensitive, any unambiguous prefix). */
function resolveParameter(name: string, where: string): string | undefined {
  const lower = name.toLowerCase();
  const exact = NAMES.find((n) => n.toLowerCase() === lower) ?? ALIASES[lower];
  if (exact) return exact;
  const prefixed = NAMES.filter((n) => n.toLowerCase().startsWith(lower));
  if (prefixed.length > 1) throw new PowerShellParseError(`-${name} at ${where} is ambiguous: it could be ${prefixed.map((n) => `-${n}`).join(', ')}`);
  return prefixed[0];
}

// curl and wget are Windows PowerShell 5.1's aliases of Invoke-WebRequest (parseCommand sends them here
// only when PowerShell's parameters follow).
const COMMAND = /^(Invoke-WebRequest|Invoke-RestMethod|iwr|irm|curl|wget)$/i;

/** Statements: split at line ends and ";" outside brackets (a continued line is one line). */
function statements(tokens: Token[]): Token[][] {
  const result: Token[][] = [];
  let current: Token[] = [];
  let depth = 0;
  for (const token of tokens) {
    if (token.type === 'op') {
      if (OPENERS.has(token.value)) depth++;
      else if (CLOSERS.has(token.value)) depth = Math.max(0, depth - 1);
      else if (depth === 0 && (token.value === '\n' || token.value === ';')) {
        if (current.length) result.push(current);
        current = [];
        continue;
      }
    }
    current.push(token);
  }
  if (current.length) result.push(current);
  return result;
}

const isText = (token: Token | undefined, pattern: RegExp): boolean => token?.type === 'text' && !token.quoted && pattern.test(token.value);
const isOp = (token: Token | undefined, value: string): boolean => token?.type === 'op' && token.value === value;

/** Where the command name is in a statement (0, or 2 after "$response ="), or -1. */
function commandAt(statement: Token[]): number {
  if (isText(statement[0], COMMAND)) return 0;
  if (statement[0]?.type === 'variable' && isOp(statement[1], '=') && isText(statement[2], COMMAND)) return 2;
  return -1;
}

export function parsePowerShell(text: string): PastedCommand {
  // A console prompt ("PS C:\> ") is not part of the command; blanks keep the columns of what follows.
  const source = text.replace(/^\uFEFF/, '').replace(/^(\s*PS [^>\n]*>)/, (prompt) => ' '.repeat(prompt.length));
  const warnings: string[] = [];
  const tokens = new Lexer(source, warnings).run();
  const all = statements(tokens);
  const commandIndex = all.findIndex((s) => commandAt(s) >= 0);
  const at = (i: number) => lineColumn(source, i);
  if (commandIndex < 0) {
    const nested = tokens.find((t) => t.type === 'text' && !t.quoted && COMMAND.test(t.value));
    if (nested) throw new PowerShellParseError(`${(nested as Text).value} at ${at(nested.start)} is inside another statement (a block, a pipeline or an expression); paste the command on its own`);
    throw new PowerShellParseError('no Invoke-WebRequest (or Invoke-RestMethod, iwr, irm) command was found');
  }
  const statement = all[commandIndex]!;
  if (isText(statement[commandAt(statement)], /^(curl|wget)$/i)) {
    warnings.push(`In Windows PowerShell 5.1 "${(statement[commandAt(statement)] as Text).value}" is Invoke-WebRequest; with these parameters it was read as PowerShell.`);
  }
  const excerpt = (s: Token[]) => {
    const line = source.slice(s[0]!.start, s.at(-1)!.end).replace(/\s+/g, ' ');
    return line.length > 60 ? `${line.slice(0, 60)}…` : line;
  };

  // The statements around the command: a WebRequestSession with the user agent and cookies, or noise.
  let userAgent: string | undefined;
  const cookies: string[] = [];
  const later = all.slice(commandIndex + 1).filter((s) => commandAt(s) >= 0).length;
  if (later) warnings.push(`${later} more ${later === 1 ? 'command follows' : 'commands follow'} the first; only the first was read.`);
  for (const [index, s] of all.entries()) {
    if (index === commandIndex || commandAt(s) >= 0) continue;
    const [first, second, third] = s;
    const quoted = s.filter((t): t is Text => t.type === 'text' && t.quoted);
    if (first?.type === 'variable' && !first.members.length && isOp(second, '=') && isText(third, /^New-Object$/i) && isText(s[3], /WebRequestSession$/i)) continue;
    if (first?.type === 'variable' && first.members.join('.').toLowerCase() === 'useragent' && isOp(second, '=') && third?.type === 'text' && !third.problem) {
      userAgent = third.value;
      continue;
    }
    if (first?.type === 'variable' && first.members.join('.').toLowerCase() === 'cookies.add' && s.some((t) => isText(t, /^(System\.Net\.)?Cookie$/i)) && quoted.length >= 2 && !quoted[0]!.problem && !quoted[1]!.problem) {
      cookies.push(`${quoted[0]!.value}=${quoted[1]!.value}`);
      continue;
    }
    warnings.push(`Not part of the request, ignored: ${excerpt(s)} (${at(first!.start)}).`);
  }

  const command: PastedCommand = { flavour: 'powershell', method: '', headers: [], data: [], form: [], unknownOptions: [], warnings };
  let url: string | undefined;
  let method: string | undefined;
  let contentType: string | undefined;
  let body: { text: string; bytes: boolean } | undefined;
  const headers: [string, string][] = [];
  const positionals: Value[] = [];

  const textOf = (value: Value, what: string): string => {
    if (value.kind === 'text') {
      if (value.problem) throw new PowerShellParseError(`${what} cannot be read: ${value.problem}`);
      return value.text;
    }
    if (value.kind === 'variable') throw new PowerShellParseError(`${what} is the variable ${value.source} (${at(value.start)}); its value is not in the pasted text, so write the value out`);
    if (value.kind === 'expression') throw new PowerShellParseError(`${what} is the expression ${value.source} (${at(value.start)}), which only PowerShell can run; write the value out`);
    throw new PowerShellParseError(`${what} is a hashtable (${at(value.start)}); a single value is expected`);
  };

  const take = (name: string, value: Value) => {
    switch (name) {
      case 'Uri':
        url = textOf(value, '-Uri');
        break;
      case 'Method':
        method = textOf(value, '-Method').toUpperCase();
        break;
      case 'CustomMethod':
        method = textOf(value, '-CustomMethod');
        break;
      case 'ContentType':
        contentType = textOf(value, '-ContentType');
        break;
      case 'UserAgent':
        userAgent = textOf(value, '-UserAgent');
        break;
      case 'Headers':
        if (value.kind !== 'hashtable') {
          textOf(value, '-Headers');
          throw new PowerShellParseError(`-Headers (${at(value.start)}) should be a hashtable, @{ "Name" = "value" }`);
        }
        for (const [header, v] of value.entries) headers.push([header, textOf(v, `The header "${header}"`)]);
        break;
      case 'Body':
        if (value.kind === 'hashtable') {
          throw new PowerShellParseError(`-Body is a hashtable (${at(value.start)}): PowerShell form-encodes it itself, in an order of its own, so the bytes sent cannot be known; write the body out as a string`);
        }
        body = { text: textOf(value, '-Body'), bytes: value.kind === 'text' && value.bytes };
        break;
      case 'Form':
        if (value.kind !== 'hashtable') {
          textOf(value, '-Form');
          throw new PowerShellParseError(`-Form (${at(value.start)}) should be a hashtable, @{ name = "value" }`);
        }
        for (const [field, v] of value.entries) {
          if (v.kind === 'expression') {
            const part: CurlFormPart = { name: field, value: '', file: v.source };
            command.form.push(part);
            warnings.push(`-Form ${field} = ${v.source} is a file or an object whose content is not here.`);
          } else command.form.push({ name: field, value: textOf(v, `-Form ${field}`) });
        }
        break;
      case 'InFile': {
        const file = textOf(value, '-InFile');
        const data: CurlData = { option: '-InFile', value: file, contributes: '', file };
        command.data.push(data);
        warnings.push(`-InFile ${file} sends the file "${file}", whose content is not here.`);
        break;
      }
      case 'Authentication':
      case 'Credential':
      case 'Token':
        warnings.push(`-${name} adds an Authorization header; PayWay does not use it.`);
        break;
    }
  };

  const args = statement.slice(commandAt(statement) + 1);
  const argReader = new Reader(source, args);
  for (let k = 0; k < args.length; ) {
    const token = args[k]!;
    if (isOp(token, '|')) {
      warnings.push(`Everything from "${excerpt(args.slice(k))}" on is another command in the pipeline; it was ignored.`);
      break;
    }
    if (token.type !== 'parameter') {
      const read = argReader.value(k);
      positionals.push(read.value);
      k = read.next;
      continue;
    }
    const name = resolveParameter(token.name, at(token.start));
    const kind = name ? PARAMETERS[name] : undefined;
    const next = args[k + 1];
    const hasValue = next !== undefined && next.type !== 'parameter' && !isOp(next, '|');
    if (kind === 'switch' || (!name && !hasValue)) {
      if (!name) command.unknownOptions.push(`-${token.name}`);
      // -Switch:$false and the like: the value belongs to the switch
      k += token.colon && hasValue ? argReader.value(k + 1).next - k : 1;
      continue;
    }
    if (!hasValue) throw new PowerShellParseError(`-${name} at ${at(token.start)} needs a value`);
    const read = argReader.value(k + 1);
    if (isOp(args[read.next], ',')) throw new PowerShellParseError(`-${name ?? token.name} at ${at(token.start)} is given a list; one value is expected`);
    if (name) take(name, read.value);
    else command.unknownOptions.push(`-${token.name}`);
    k = read.next;
  }

  if (positionals.length) {
    const [first, ...rest] = positionals;
    if (url === undefined) url = textOf(first!, 'The URL');
    else rest.unshift(first!);
    for (const extra of rest) {
      // a splat among them may hold -Body or -Headers: that cannot be ignored
      if (extra.kind === 'text' && extra.problem) textOf(extra, 'An argument');
      warnings.push(`An argument that belongs to no parameter was ignored (${at(extra.start)}).`);
    }
  }
  if (command.unknownOptions.length) warnings.push(`Parameters not understood (reported, not used): ${command.unknownOptions.join(' ')}.`);

  command.url = url;
  command.method = method ?? 'GET';
  if (userAgent !== undefined) command.headers.push(['User-Agent', userAgent]);
  if (cookies.length) command.headers.push(['Cookie', cookies.join('; ')]);
  command.headers.push(...headers);
  const headerType = headers.find(([name]) => name.toLowerCase() === 'content-type')?.[1];
  if (contentType !== undefined && headerType === undefined) command.headers.push(['Content-Type', contentType]);
  // Without a content type, Invoke-WebRequest sends a POST as a form (its documented default).
  command.contentType = contentType ?? headerType ?? (command.form.length ? 'multipart/form-data' : command.method === 'POST' && body ? 'application/x-www-form-urlencoded' : undefined);
  if (body) {
    command.body = body.text;
    command.data.push({ option: '-Body', value: body.text, contributes: body.text });
    if (!body.bytes && /[^\x00-\x7F]/.test(body.text) && !/charset\s*=\s*"?utf-?8/i.test(command.contentType ?? '')) {
      warnings.push(
        'The -Body string holds non-ASCII characters and the content type names no charset: PowerShell before 7.4 does not send such a string as UTF-8 (they can arrive as "?"); 7.4 and later do. It is read here as UTF-8. Browsers write such a body as ([System.Text.Encoding]::UTF8.GetBytes("…")).',
      );
    }
  }
  if (command.form.length && body) warnings.push('Both -Body and -Form are given; PowerShell refuses that combination.');
  return command;
}
