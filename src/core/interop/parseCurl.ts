// Reads a cURL command as browsers' "Copy as cURL" (bash and cmd), Postman and people write it: shell
// quoting, line continuations, cmd's "^" escapes, the options that say what is sent. Options it does
// not know are reported, never silently dropped.

export type ShellFlavour = 'bash' | 'cmd';

export interface CurlData {
  /** The option as written: -d, --data, --data-raw, --data-binary, --data-urlencode, --json… */
  option: string;
  /** The argument after shell unquoting. */
  value: string;
  /** What the option contributes to the body (urlencoded for --data-urlencode; '' for a file). */
  contributes: string;
  /** A file the option reads (`@file`): its content cannot be known here. */
  file?: string;
}

export interface CurlFormPart {
  name: string;
  value: string;
  /** `name=@file` (a file upload) or `name=<file` (the file's content as the value). */
  file?: string;
  contentType?: string;
  filename?: string;
}

export interface CurlCommand {
  flavour: ShellFlavour;
  url?: string;
  /** -X, or what curl would use (POST with data or a form, HEAD with -I, else GET). */
  method: string;
  headers: [string, string][];
  data: CurlData[];
  /** The body the --data options make, joined with "&" as curl does; undefined without data. */
  body?: string;
  form: CurlFormPart[];
  /** From the Content-Type header, else the one curl sends for the data or form options. */
  contentType?: string;
  /** Options this parser does not know, as written (their arguments, if any, may show up as URLs). */
  unknownOptions: string[];
  warnings: string[];
}

export class CurlParseError extends Error {}

// ---- shell words ---------------------------------------------------------------------------------

interface Words {
  words: string[];
  warnings: string[];
}

const ANSI_C: Record<string, string> = { n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', e: '\x1b', E: '\x1b', f: '\f', v: '\v', '\\': '\\', "'": "'", '"': '"', '?': '?' };

/** Splits a bash command line into words the way bash would (without expanding anything). */
export function bashWords(text: string): Words {
  const words: string[] = [];
  const warnings: string[] = [];
  let word: string | undefined;
  let i = 0;
  const add = (s: string) => (word = (word ?? '') + s);
  const end = () => {
    if (word !== undefined) words.push(word);
    word = undefined;
  };
  const variable = (at: number) => {
    const name = /^\$(\{[^}]*\}|\([^)]*\)|[A-Za-z_]\w*)/.exec(text.slice(at))?.[0];
    if (name) warnings.push(`${name} is a shell variable or command; it was kept as written, not expanded.`);
  };
  while (i < text.length) {
    const c = text[i]!;
    if (c === '\\') {
      const next = text[i + 1];
      if (next === '\n') i += 2;
      else if (next === '\r' && text[i + 2] === '\n') i += 3;
      else {
        if (next !== undefined) add(next);
        i += 2;
      }
    } else if (c === "'") {
      const close = text.indexOf("'", i + 1);
      if (close < 0) throw new CurlParseError('a single quote is never closed');
      add(text.slice(i + 1, close));
      i = close + 1;
    } else if (c === '$' && text[i + 1] === "'") {
      i += 2;
      let out = '';
      for (;;) {
        const ch = text[i];
        if (ch === undefined) throw new CurlParseError("a $'…' string is never closed");
        if (ch === "'") break;
        if (ch === '\\') {
          const e = text[i + 1] ?? '';
          const hex = /^x([0-9A-Fa-f]{1,2})/.exec(text.slice(i + 1));
          const uni = /^[uU]([0-9A-Fa-f]{1,8})/.exec(text.slice(i + 1));
          const oct = /^([0-7]{1,3})/.exec(text.slice(i + 1));
          if (hex) {
            out += String.fromCharCode(parseInt(hex[1]!, 16));
            i += 1 + hex[0].length;
          } else if (uni) {
            out += String.fromCodePoint(parseInt(uni[1]!, 16));
            i += 1 + uni[0].length;
          } else if (oct) {
            out += String.fromCharCode(parseInt(oct[1]!, 8));
            i += 1 + oct[0].length;
          } else {
            out += ANSI_C[e] ?? '\\' + e;
            i += 2;
          }
        } else {
          out += ch;
          i++;
        }
      }
      add(out);
      i++;
    } else if (c === '"') {
      i++;
      let out = '';
      for (;;) {
        const ch = text[i];
        if (ch === undefined) throw new CurlParseError('a double quote is never closed');
        if (ch === '"') break;
        if (ch === '\\' && '$`"\\\n'.includes(text[i + 1] ?? 'x')) {
          if (text[i + 1] !== '\n') out += text[i + 1];
          i += 2;
        } else if (ch === '\\' && text[i + 1] === '\r' && text[i + 2] === '\n') {
          i += 3;
        } else {
          if (ch === '$') variable(i);
          out += ch;
          i++;
        }
      }
      add(out);
      i++;
    } else if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      end();
      i++;
    } else if (c === '#' && word === undefined) {
      const newline = text.indexOf('\n', i);
      i = newline < 0 ? text.length : newline;
    } else if ((c === '|' || c === ';' || c === '&' || c === '>' || c === '<') && word === undefined) {
      const rest = text.slice(i).trim();
      warnings.push(`Everything from "${rest.length > 30 ? rest.slice(0, 30) + '…' : rest}" on is another shell command or a redirection; it was ignored.`);
      break;
    } else {
      if (c === '$') variable(i);
      add(c);
      i++;
    }
  }
  end();
  return { words, warnings };
}

/** Splits a Windows cmd.exe command line: cmd's "^" escapes first, then the C runtime's argv rules. */
export function cmdWords(text: string): Words {
  // cmd.exe: outside its own quotes, "^" takes the next character literally; "^" before a line break
  // continues the line. Inside quotes a caret is an ordinary character.
  let line = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '^' && !quoted) {
      const next = text[i + 1];
      if (next === '\r' && text[i + 2] === '\n') i += 2;
      else if (next === '\n') i += 1;
      else if (next !== undefined) {
        line += next;
        i += 1;
      }
      continue;
    }
    if (c === '"') quoted = !quoted;
    line += c;
  }
  // MS C runtime: whitespace separates words outside quotes; 2n backslashes + quote → n backslashes and
  // a quote toggle; 2n+1 backslashes + quote → n backslashes and a literal quote; "" inside quotes → ".
  const words: string[] = [];
  let word: string | undefined;
  let inQuotes = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === '\\') {
      let count = 0;
      while (line[i + count] === '\\') count++;
      if (line[i + count] === '"') {
        word = (word ?? '') + '\\'.repeat(count >> 1);
        if (count % 2 === 1) {
          word += '"';
          i += count;
        } else i += count - 1;
      } else {
        word = (word ?? '') + '\\'.repeat(count);
        i += count - 1;
      }
    } else if (c === '"') {
      if (inQuotes && line[i + 1] === '"') {
        word = (word ?? '') + '"';
        i++;
      } else {
        inQuotes = !inQuotes;
        word = word ?? '';
      }
    } else if (!inQuotes && (c === ' ' || c === '\t' || c === '\n' || c === '\r')) {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else word = (word ?? '') + c;
  }
  if (inQuotes) throw new CurlParseError('a double quote is never closed');
  if (word !== undefined) words.push(word);
  return { words, warnings: [] };
}

/** cmd when the text has cmd's marks: "^" continuations or "^" before a quote (Chrome's "Copy as cURL (cmd)"). */
export function detectFlavour(text: string): ShellFlavour {
  return /\^\r?\n|\^"|\^\\\^"/.test(text) ? 'cmd' : 'bash';
}

// ---- curl options --------------------------------------------------------------------------------

const WITH_ARGUMENT: Record<string, string> = {
  '-X': '--request', '-H': '--header', '-d': '--data', '-F': '--form', '-u': '--user', '-A': '--user-agent', '-e': '--referer',
  '-b': '--cookie', '-c': '--cookie-jar', '-o': '--output', '-m': '--max-time', '-w': '--write-out', '-x': '--proxy', '-E': '--cert',
  '-T': '--upload-file', '-K': '--config', '-r': '--range', '-U': '--proxy-user', '-Y': '--speed-limit', '-y': '--speed-time', '-z': '--time-cond',
  '-C': '--continue-at', '-D': '--dump-header', '-t': '--telnet-option',
};
const LONG_WITH_ARGUMENT = new Set([
  ...Object.values(WITH_ARGUMENT),
  '--data-ascii', '--data-binary', '--data-raw', '--data-urlencode', '--json', '--form-string', '--url', '--connect-timeout', '--retry',
  '--retry-delay', '--retry-max-time', '--cacert', '--capath', '--key', '--key-type', '--cert-type', '--resolve', '--connect-to', '--limit-rate',
  '--max-redirs', '--interface', '--proto', '--proto-redir', '--oauth2-bearer', '--aws-sigv4', '--request-target', '--variable', '--expand-url',
  '--local-port', '--dns-servers', '--unix-socket', '--abstract-unix-socket', '--proxy-header', '--trace', '--trace-ascii', '--stderr', '--url-query',
  '--pinnedpubkey', '--ciphers', '--tls-max', '--max-filesize', '--keepalive-time', '--happy-eyeballs-timeout-ms', '--noproxy', '--preproxy',
]);
const FLAGS: Record<string, string> = {
  '-s': '--silent', '-S': '--show-error', '-L': '--location', '-k': '--insecure', '-v': '--verbose', '-i': '--include', '-I': '--head',
  '-G': '--get', '-f': '--fail', '-N': '--no-buffer', '-#': '--progress-bar', '-g': '--globoff', '-4': '--ipv4', '-6': '--ipv6',
  '-O': '--remote-name', '-j': '--junk-session-cookies', '-q': '--disable', '-Z': '--parallel', '-0': '--http1.0', '-l': '--list-only',
  '-n': '--netrc', '-J': '--remote-header-name', '-R': '--remote-time', '-a': '--append', '-B': '--use-ascii', '-p': '--proxytunnel',
};
const LONG_FLAGS = new Set([
  ...Object.values(FLAGS),
  '--compressed', '--fail-with-body', '--http1.1', '--http2', '--http2-prior-knowledge', '--http3', '--location-trusted', '--no-keepalive',
  '--tr-encoding', '--raw', '--path-as-is', '--ssl-no-revoke', '--tlsv1', '--tlsv1.0', '--tlsv1.1', '--tlsv1.2', '--tlsv1.3', '--digest', '--basic',
  '--ntlm', '--anyauth', '--negotiate', '--post301', '--post302', '--post303', '--no-progress-meter', '--no-buffer', '--no-sessionid', '--no-alpn',
  '--no-npn', '--ssl', '--ssl-reqd', '--tcp-nodelay', '--tcp-fastopen', '--create-dirs', '--remote-name-all', '--styled-output', '--no-styled-output',
  '--retry-connrefused', '--retry-all-errors', '--suppress-connect-headers', '--xattr', '--disallow-username-in-url', '--false-start',
]);

const formEncode = (text: string) => encodeURIComponent(text).replace(/%20/g, '+');

function dataPart(option: string, value: string, warnings: string[]): CurlData {
  if (option === '--data-raw') return { option, value, contributes: value };
  if (option === '--data-urlencode') {
    // content | =content | name=content | @file | name@file (curl's five forms)
    const at = /^([^=@]*)@(.*)$/.exec(value);
    if (at) {
      warnings.push(`${option} ${value} reads the file "${at[2]}", whose content is not here.`);
      return { option, value, contributes: at[1] ? `${at[1]}=` : '', file: at[2] };
    }
    const eq = value.indexOf('=');
    if (eq < 0) return { option, value, contributes: formEncode(value) };
    const name = value.slice(0, eq);
    return { option, value, contributes: (name ? `${name}=` : '') + formEncode(value.slice(eq + 1)) };
  }
  if (value.startsWith('@')) {
    warnings.push(`${option} ${value} reads the file "${value.slice(1)}", whose content is not here.`);
    return { option, value, contributes: '', file: value.slice(1) };
  }
  return { option, value, contributes: value };
}

function formPart(value: string, literal: boolean): CurlFormPart {
  const eq = value.indexOf('=');
  if (eq < 0) throw new CurlParseError(`-F "${value}" is not name=value`);
  const name = value.slice(0, eq);
  let rest = value.slice(eq + 1);
  if (literal) return { name, value: rest };
  const part: CurlFormPart = { name, value: '' };
  if (rest.startsWith('"')) {
    // A quoted value may contain ";" and escaped quotes: name="a;b\"c";type=text/plain
    let i = 1;
    let text = '';
    while (i < rest.length && rest[i] !== '"') {
      if (rest[i] === '\\' && i + 1 < rest.length) i++;
      text += rest[i];
      i++;
    }
    part.value = text;
    rest = rest.slice(i + 1);
  } else {
    const options = /;(type|filename|headers|encoder)=/.exec(rest);
    part.value = options ? rest.slice(0, options.index) : rest;
    rest = options ? rest.slice(options.index) : '';
  }
  for (const [, key, v] of rest.matchAll(/;(type|filename|headers|encoder)=([^;]*)/g)) {
    if (key === 'type') part.contentType = v;
    if (key === 'filename') part.filename = v;
  }
  if (part.value.startsWith('@') || part.value.startsWith('<')) {
    part.file = part.value.slice(1);
    part.value = '';
  }
  return part;
}

export function parseCurl(text: string): CurlCommand {
  const source = text.replace(/^\uFEFF/, '').trim().replace(/^\$\s+/, '');
  const flavour = detectFlavour(source);
  const { words, warnings } = flavour === 'cmd' ? cmdWords(source) : bashWords(source);
  if (!words.length || !/(^|[\\/])curl(\.exe)?$/i.test(words[0]!)) throw new CurlParseError('this is not a curl command (it should start with "curl")');

  const command: CurlCommand = { flavour, method: '', headers: [], data: [], form: [], unknownOptions: [], warnings };
  let explicitMethod: string | undefined;
  let get = false;
  let head = false;
  let json = false;
  const positionals: string[] = [];

  const take = (option: string, argument: string) => {
    switch (option) {
      case '--request':
        explicitMethod = argument;
        break;
      case '--header': {
        const colon = argument.indexOf(':');
        if (colon <= 0) {
          warnings.push(`-H "${argument}" is not "Name: value"; it was ignored.`);
          break;
        }
        command.headers.push([argument.slice(0, colon).trim(), argument.slice(colon + 1).trim()]);
        break;
      }
      case '--data':
      case '--data-ascii':
      case '--data-binary':
      case '--data-raw':
      case '--data-urlencode':
        command.data.push(dataPart(option, argument, warnings));
        break;
      case '--json':
        json = true;
        command.data.push(dataPart(option, argument, warnings));
        break;
      case '--form':
      case '--form-string':
        command.form.push(formPart(argument, option === '--form-string'));
        break;
      case '--url':
        positionals.unshift(argument);
        break;
      case '--user':
        warnings.push('-u sends a Basic Authorization header; PayWay does not use it.');
        break;
      case '--referer':
        command.headers.push(['Referer', argument]);
        break;
      case '--user-agent':
        command.headers.push(['User-Agent', argument]);
        break;
      case '--cookie':
        command.headers.push(['Cookie', argument]);
        break;
      case '--upload-file':
      case '--config':
        warnings.push(`${option} ${argument} reads a file whose content is not here.`);
        break;
    }
  };

  for (let i = 1; i < words.length; i++) {
    const word = words[i]!;
    if (word.startsWith('--') && word.length > 2) {
      if (LONG_WITH_ARGUMENT.has(word)) {
        const argument = words[++i];
        if (argument === undefined) throw new CurlParseError(`${word} needs an argument`);
        take(word, argument);
      } else if (LONG_FLAGS.has(word) || word.startsWith('--no-')) {
        if (word === '--get') get = true;
        if (word === '--head') head = true;
      } else command.unknownOptions.push(word);
    } else if (word.startsWith('-') && word.length > 1) {
      for (let k = 1; k < word.length; k++) {
        const short = '-' + word[k];
        const long = WITH_ARGUMENT[short];
        if (long) {
          const attached = word.slice(k + 1);
          const argument = attached || words[++i];
          if (argument === undefined) throw new CurlParseError(`${short} needs an argument`);
          take(long, argument);
          break;
        }
        const flag = FLAGS[short];
        if (flag === '--get') get = true;
        if (flag === '--head') head = true;
        if (!flag) command.unknownOptions.push(word.length === 2 ? short : `${short} (in ${word})`);
      }
    } else positionals.push(word);
  }

  if (command.unknownOptions.length) warnings.push(`Options not understood (reported, not used): ${command.unknownOptions.join(' ')}.`);
  command.url = positionals[0];
  if (positionals.length > 1) warnings.push(`More than one URL; using the first (${positionals[0]}); also given: ${positionals.slice(1).join(' ')}.`);
  if (command.data.length) command.body = command.data.map((d) => d.contributes).join('&');
  if (get && command.body !== undefined && command.url) {
    command.url += (command.url.includes('?') ? '&' : '?') + command.body;
    command.body = undefined;
  }
  if (command.form.length && command.data.length) warnings.push('Both --data and --form are given; curl refuses that combination.');
  command.method = explicitMethod ?? (head ? 'HEAD' : get ? 'GET' : command.data.length || command.form.length ? 'POST' : 'GET');
  const header = command.headers.find(([name]) => name.toLowerCase() === 'content-type')?.[1];
  command.contentType =
    header ?? (command.form.length ? 'multipart/form-data' : json ? 'application/json' : command.body !== undefined ? 'application/x-www-form-urlencoded' : undefined);
  if (json && !header) command.headers.push(['Content-Type', 'application/json'], ['Accept', 'application/json']);
  return command;
}
