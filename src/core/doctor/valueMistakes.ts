// Mistakes in one value: the hash was made over a different text than the one sent. Each is derived
// from the value as sent (decoded Base64, another amount format, local time, a stray newline…).
import type { Encoding, FieldFormat, FieldType } from '../catalog/types.ts';
import { base64Encode, base64ToBytes, bytesToBase64, bytesToHex } from '../signing/bytes.ts';
import { phpJsonEncode } from '../signing/jsonInput.ts';
import { formatReqTime, parseReqTime } from '../signing/reqTime.ts';
import { setValue } from './draft.ts';
import { Phase, quote, type Mistake, type MistakeKind } from './mistake.ts';

export interface FieldFacts {
  name: string;
  /** The wire value; '' when the field is not sent. */
  value: string;
  encoding?: Encoding;
  format?: FieldFormat;
  type?: FieldType;
  allowed?: readonly string[];
  default?: string;
  /** Part of the recipe the doctor compares with. */
  hashed: boolean;
}

interface Words {
  mistake: string;
  explanation: string;
  fix: string;
}

export function valueMistake(field: string, id: string, kind: MistakeKind, value: string, weight: number, words: Words): Mistake {
  return {
    id,
    ref: `${id}:${field}:${value}`,
    kind,
    field,
    ...words,
    weight,
    slots: [`value:${field}`, `field:${field}`],
    phase: Phase.Value,
    affects: 'message',
    apply: (d) => {
      setValue(d, field, value);
      return true;
    },
  };
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** The text inside a Base64 value, or undefined when it is not Base64 of UTF-8 text. */
export function decodeBase64Text(value: string): string | undefined {
  if (!value || !/^[A-Za-z0-9+/_-]+={0,2}$/.test(value.replace(/\r?\n/g, ''))) return undefined;
  try {
    return strictUtf8.decode(base64ToBytes(value.replace(/\r?\n/g, '')));
  } catch {
    return undefined;
  }
}

export function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  // Most values are not JSON: do not pay for an exception to learn it.
  if (!/^\s*(?:[{["\d-]|true|false|null)/.test(text)) return { ok: false };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

const escapeNonAscii = (json: string) => json.replace(/[\u007f-\uffff]/g, (ch) => '\\u' + ch.charCodeAt(0).toString(16).padStart(4, '0'));

/** Python's json.dumps() with default arguments: ", " and ": " separators, non-ASCII escaped. */
function pythonJson(value: unknown): string {
  if (Array.isArray(value)) return '[' + value.map(pythonJson).join(', ') + ']';
  if (value && typeof value === 'object') {
    return '{' + Object.entries(value).map(([k, v]) => `${escapeNonAscii(JSON.stringify(k))}: ${pythonJson(v)}`).join(', ') + '}';
  }
  return escapeNonAscii(JSON.stringify(value) ?? 'null');
}

/** The JSON serialisations integrations produce: JS, PHP json_encode, pretty-printed, Python json.dumps. */
export function jsonStyles(value: unknown): { style: string; text: string }[] {
  return [
    { style: 'compact JSON (JSON.stringify)', text: JSON.stringify(value) },
    { style: 'PHP json_encode (escaped "/" and \\uXXXX)', text: phpJsonEncode(value) },
    { style: 'pretty-printed JSON', text: JSON.stringify(value, null, 2) },
    { style: 'pretty-printed JSON (4 spaces)', text: JSON.stringify(value, null, 4) },
    { style: 'Python json.dumps (", " and ": ")', text: pythonJson(value) },
  ];
}

const pythonFloat = (n: number) => (Number.isInteger(n) ? n.toFixed(1) : String(n));

function amountForms(text: string): { form: string; how: string }[] {
  if (!/^-?\d+(\.\d+)?$/.test(text)) return [];
  const n = Number(text);
  const forms = [
    { form: n.toFixed(2), how: 'two decimals' },
    { form: String(n), how: 'the shortest number text (JavaScript String(), PHP float to string)' },
    { form: pythonFloat(n), how: 'Python str(float)' },
    { form: n.toFixed(1), how: 'one decimal' },
    { form: String(Math.round(n * 100)), how: 'cents (the amount times 100)' },
    { form: text.replace('.', ','), how: 'a decimal comma (locale formatting)' },
  ];
  if (Math.abs(n) >= 1000) {
    forms.push({ form: n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 }), how: 'a thousands separator (number_format)' });
    forms.push({ form: n.toLocaleString('en-US', { maximumFractionDigits: 0 }), how: 'number_format() without decimals' });
  }
  return forms;
}

const HOUR = 3600_000;

function timeForms(text: string): { form: string; id: string; weight: number; how: string }[] {
  const date = parseReqTime(text);
  if (!date) return [];
  const at = (ms: number) => formatReqTime(new Date(date.getTime() + ms));
  const out: { form: string; id: string; weight: number; how: string }[] = [
    { form: at(7 * HOUR), id: 'time-local', weight: 60, how: 'Cambodia local time (UTC+7) instead of UTC' },
    { form: at(-7 * HOUR), id: 'time-local', weight: 30, how: 'a time 7 hours behind the one sent (the body has local time, the hash UTC)' },
    { form: at(-1000), id: 'time-drift', weight: 40, how: 'a time one second earlier: the time was read twice' },
    { form: at(1000), id: 'time-drift', weight: 40, how: 'a time one second later: the time was read twice' },
    { form: at(-2000), id: 'time-drift', weight: 20, how: 'a time two seconds earlier: the time was read twice' },
    { form: at(2000), id: 'time-drift', weight: 20, how: 'a time two seconds later: the time was read twice' },
    { form: date.toISOString().replace(/\.\d{3}Z$/, 'Z'), id: 'time-format', weight: 20, how: 'an ISO 8601 date instead of 14 digits' },
    { form: date.toISOString(), id: 'time-format', weight: 15, how: 'an ISO 8601 date with milliseconds instead of 14 digits' },
    { form: date.toISOString().replace('T', ' ').replace(/\.\d{3}Z$/, ''), id: 'time-format', weight: 20, how: '"YYYY-MM-DD HH:mm:ss" instead of 14 digits' },
    { form: String(Math.floor(date.getTime() / 1000)), id: 'time-format', weight: 15, how: 'Unix seconds instead of 14 digits' },
  ];
  for (let h = -14; h <= 14; h++) {
    if (h === 0 || h === 7 || h === -7) continue;
    out.push({ form: at(h * HOUR), id: 'time-local', weight: 10, how: `local time (UTC${h > 0 ? '+' : ''}${h}) instead of UTC` });
  }
  return out;
}

const sameTextFix = (field: string) => `Compute ${field} once and use that exact text both in the body and in the string to sign.`;

function encodedMistakes(f: FieldFacts, out: Mistake[]): void {
  const { name, value } = f;
  const text = decodeBase64Text(value);
  if (text !== undefined) {
    out.push(
      valueMistake(name, 'raw-value', 'raw-value', text, 90, {
        mistake: `${name} is hashed before its Base64 encoding`,
        explanation: `Your hash uses the raw ${name} (${quote(text)}), but the request sends its Base64 form. PayWay hashes the value exactly as sent, so the string to sign must contain the Base64 text.`,
        fix: `Encode ${name} first, then put the encoded string both in the body and in the string to sign.`,
      }),
    );
    const base64Fix = `Make the Base64 text once (without line breaks or a trailing newline) and use it both in the body and in the string to sign.`;
    if (!text.endsWith('\n')) {
      out.push(
        valueMistake(name, 'base64-newline', 'character-encoding', base64Encode(text + '\n'), 40, {
          mistake: `The Base64 of ${name} in the hash includes a trailing newline`,
          explanation: `Your hash uses the Base64 of ${name} plus a line break (what \`echo '…' | base64\` produces), while the body carries the Base64 without it.`,
          fix: base64Fix,
        }),
      );
    } else {
      out.push(
        valueMistake(name, 'base64-newline', 'character-encoding', base64Encode(text.slice(0, -1)), 40, {
          mistake: `${name} is sent with a newline inside its Base64`,
          explanation: `The ${name} sent decodes to text ending in a line break (\`echo '…' | base64\` adds it), but your hash was made over the Base64 without it.`,
          fix: `Use \`echo -n\` or printf, or encode in code; then hash the same Base64 text you send.`,
        }),
      );
    }
    if (value.length > 76 && !value.includes('\n')) {
      out.push(
        valueMistake(name, 'base64-wrapped', 'character-encoding', value.replace(/.{76}(?=.)/g, '$&\n'), 30, {
          mistake: `The Base64 of ${name} is wrapped at 76 columns in the hash`,
          explanation: `Your hash uses the Base64 of ${name} broken into lines of 76 characters (GNU base64, PHP chunk_split), while the body carries it on one line.`,
          fix: base64Fix,
        }),
      );
    }
    if (value.includes('\n')) {
      out.push(
        valueMistake(name, 'base64-wrapped', 'character-encoding', value.replace(/\r?\n/g, ''), 30, {
          mistake: `${name} is sent as wrapped Base64`,
          explanation: `The ${name} sent has line breaks inside its Base64 (GNU base64 wraps at 76 columns); your hash was made over it on one line.`,
          fix: `Use \`base64 -w0\` or encode in code, and hash the same text you send.`,
        }),
      );
    }
    if (/[+/=]/.test(value)) {
      out.push(
        valueMistake(name, 'base64url', 'character-encoding', value.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, ''), 20, {
          mistake: `${name} is hashed as URL-safe Base64`,
          explanation: `Your hash uses ${name} in URL-safe Base64 ("-" and "_", no padding), while the body carries standard Base64.`,
          fix: `Use standard Base64 (with "+", "/" and "=") everywhere, as PHP's base64_encode does.`,
        }),
      );
    }
    const json = f.encoding === 'base64-json' ? parseJson(text) : { ok: false as const };
    if (json.ok) {
      for (const { style, text: styled } of jsonStyles(json.value)) {
        if (styled === text) continue;
        out.push(
          valueMistake(name, 'json-style', 'character-encoding', base64Encode(styled), 30, {
            mistake: `The JSON of ${name} is serialised differently for the hash`,
            explanation: `Your hash uses the Base64 of ${name}'s JSON written as ${style}, while the body carries another serialisation of the same data (${quote(text, 40)}).`,
            fix: `Serialise ${name} once, encode it once, and use that one string in the body and in the string to sign.`,
          }),
        );
      }
    }
  } else if (value && (parseJson(value).ok || /^https?:\/\//.test(value))) {
    out.push(
      valueMistake(name, 'raw-value-sent', 'raw-value', base64Encode(value), 50, {
        mistake: `${name} is sent raw but hashed as Base64`,
        explanation: `The request sends ${name} as raw text (${quote(value)}), but your hash used its Base64 form. PayWay expects the Base64 form in the body too.`,
        fix: `Send the Base64 form of ${name} (the one you hashed).`,
      }),
    );
  }
}

function rsaMistakes(f: FieldFacts, out: Mistake[]): void {
  let bytes: Uint8Array;
  try {
    bytes = base64ToBytes(f.value.replace(/\s+/g, ''));
  } catch {
    return;
  }
  const block = [128, 256, 512, 64].find((size) => bytes.length % size === 0);
  if (!block || !bytes.length) return;
  const fix = `Encrypt in ${block - 11}-byte chunks, join the raw ciphertext blocks, Base64-encode the whole once, and hash exactly that text.`;
  out.push(
    valueMistake(f.name, 'rsa-hex', 'rsa-encoding', bytesToHex(bytes), 20, {
      mistake: `${f.name} is hashed as hex`,
      explanation: `Your hash uses the RSA ciphertext of ${f.name} as hex, while the body carries it as Base64.`,
      fix,
    }),
  );
  if (bytes.length > block) {
    let perChunk = '';
    for (let i = 0; i < bytes.length; i += block) perChunk += bytesToBase64(bytes.subarray(i, i + block));
    out.push(
      valueMistake(f.name, 'rsa-per-chunk', 'rsa-encoding', perChunk, 20, {
        mistake: `${f.name} is Base64-encoded per chunk in the hash`,
        explanation: `Your hash uses ${f.name} with each ${block}-byte RSA block Base64-encoded separately and the pieces joined, while the body carries the joined blocks encoded once.`,
        fix,
      }),
    );
  }
  out.push(
    valueMistake(f.name, 'rsa-wrapped', 'rsa-encoding', f.value.replace(/.{76}(?=.)/g, '$&\r\n'), 15, {
      mistake: `The Base64 of ${f.name} is wrapped in the hash`,
      explanation: `Your hash uses ${f.name} broken into 76-character lines (PHP chunk_split), while the body carries it on one line.`,
      fix,
    }),
  );
}

/** Every value mistake that could turn `f` into what their code hashed (one per resulting value). */
export function valueMistakes(f: FieldFacts): Mistake[] {
  const all = collect(f);
  const seen = new Set<string>([f.value]);
  return all.filter((m) => {
    const value = m.ref.slice(`${m.id}:${f.name}:`.length);
    if (seen.has(value)) return false;
    seen.add(value);
    return true;
  });
}

function collect(f: FieldFacts): Mistake[] {
  const out: Mistake[] = [];
  const { name, value } = f;
  if (value === '') {
    if (!f.hashed) return out;
    for (const [placeholder, weight] of [['null', 20], ['undefined', 20], ['None', 12]] as const) {
      out.push(
        valueMistake(name, 'empty-placeholder', 'empty-placeholder', placeholder, weight, {
          mistake: `The empty ${name} is written as "${placeholder}"`,
          explanation: `${name} is not sent, so it contributes nothing to PayWay's string; your code wrote "${placeholder}" in its place.`,
          fix: `An absent field contributes an empty string: use "" (or ?? '' / or '') instead of ${placeholder}.`,
        }),
      );
    }
    const guesses = new Map<string, number>();
    for (const v of f.allowed ?? []) guesses.set(v, 30);
    if (f.default && !/\s/.test(f.default) && f.default.length < 20) guesses.set(f.default, 40);
    if (f.type === 'number' || f.type === 'integer' || f.format === 'amount') guesses.set('0', 30);
    for (const [guess, weight] of guesses) {
      out.push(
        valueMistake(name, 'field-not-sent', 'missing-field', guess, weight, {
          mistake: `${name} is hashed but not sent`,
          explanation: `Your hash includes ${name} = ${quote(guess)}, but the request does not send ${name}. PayWay hashes what it receives, so for it ${name} is empty.`,
          fix: `Send every field you hash (add ${name}=${guess} to the body), or leave it out of the string to sign.`,
        }),
      );
    }
    return out;
  }

  if (f.encoding === 'base64' || f.encoding === 'base64-json') encodedMistakes(f, out);
  if (f.encoding === 'rsa') rsaMistakes(f, out);
  if (f.encoding === 'json' || (f.encoding === 'none' && f.type === 'json')) {
    const json = parseJson(value);
    if (json.ok) {
      for (const { style, text } of jsonStyles(json.value)) {
        if (text === value) continue;
        out.push(
          valueMistake(name, 'json-style', 'character-encoding', text, 30, {
            mistake: `The JSON of ${name} is serialised differently for the hash`,
            explanation: `Your hash uses ${name} written as ${style}, while the body carries another serialisation of the same JSON.`,
            fix: `Serialise ${name} once and use that exact text in the body and in the string to sign.`,
          }),
        );
      }
    }
  }

  if (f.format === 'amount' || f.type === 'number') {
    const weight = f.format === 'amount' ? 80 : 50;
    for (const { form, how } of amountForms(value)) {
      if (form === value) continue;
      out.push(
        valueMistake(name, 'amount-format', 'number-format', form, weight, {
          mistake: `${name} is written as "${form}" in the hash and "${value}" in the body`,
          explanation: `Your hash was made over ${name} = "${form}" (${how}), but the request sends "${value}". PayWay hashes the text as sent, so "${form}" and "${value}" give different hashes.`,
          fix: `Format ${name} once (USD with two decimals, KHR as a whole number) and use that same text in the body and in the string to sign.`,
        }),
      );
    }
  }

  if (f.format === 'req-time') {
    for (const { form, id, weight, how } of timeForms(value)) {
      out.push(
        valueMistake(name, id, 'time', form, weight, {
          mistake: `${name} in the hash differs from the one sent`,
          explanation: `Your hash was made with ${name} = "${form}" (${how}), but the request sends "${value}".`,
          fix: `${sameTextFix(name)} PayWay wants UTC as YYYYMMDDHHmmss (14 digits).`,
        }),
      );
    }
  }

  if (value !== value.trim()) {
    out.push(
      valueMistake(name, 'trim', 'whitespace', value.trim(), 50, {
        mistake: `${name} is trimmed for the hash but not in the body`,
        explanation: `The request sends ${name} with whitespace at its ends (${quote(value)}); your hash was made over the trimmed value.`,
        fix: `Trim ${name} once, before both the body and the hash, so the same text is sent and hashed.`,
      }),
    );
  }
  for (const [suffix, label, weight] of [['\n', 'a line break', 12], [' ', 'a space', 8], ['\r\n', 'CR LF', 6]] as const) {
    out.push(
      valueMistake(name, 'whitespace', 'whitespace', value + suffix, weight, {
        mistake: `${name} is hashed with ${label} at the end`,
        explanation: `Your hash includes ${name} followed by ${label}, which the body does not carry (a value read with fgets/readline, or from a text area).`,
        fix: `Trim ${name} once, before both the body and the hash.`,
      }),
    );
  }
  if (value.includes(' ') && (f.encoding === 'base64' || f.encoding === 'base64-json' || f.encoding === 'rsa' || decodeBase64Text(value.replace(/ /g, '+')) !== undefined)) {
    out.push(
      valueMistake(name, 'plus-space', 'url-decoding', value.replace(/ /g, '+'), 60, {
        mistake: `"+" in ${name} turned into a space on the way`,
        explanation: `Your code hashed ${name} with "+" signs, but the value arrives with spaces in their place: the body was sent as a form (application/x-www-form-urlencoded) without percent-encoding, and URL decoding reads "+" as a space.`,
        fix: `Percent-encode the form body ("+" must travel as %2B): use URLSearchParams, http_build_query or curl --data-urlencode, or send multipart/form-data as documented.`,
      }),
    );
  }
  const encoded = encodeURIComponent(value);
  if (encoded !== value && f.encoding !== 'rsa') {
    out.push(
      valueMistake(name, 'url-encoded', 'character-encoding', encoded, 25, {
        mistake: `${name} is percent-encoded in the hash`,
        explanation: `Your hash uses ${name} percent-encoded (${quote(encoded)}), while PayWay hashes the decoded value it receives (${quote(value)}).`,
        fix: `Hash the plain value; only the transport may percent-encode it.`,
      }),
    );
  }
  if (/%[0-9A-Fa-f]{2}/.test(value)) {
    try {
      const decoded = decodeURIComponent(value);
      out.push(
        valueMistake(name, 'url-encoded', 'character-encoding', decoded, 25, {
          mistake: `${name} is sent percent-encoded twice`,
          explanation: `The request carries ${name} still percent-encoded (${quote(value)}): it was encoded twice on the way. Your hash used the decoded value.`,
          fix: `Encode the body once (let the HTTP client do it), and hash the plain value.`,
        }),
      );
    } catch {
      // not valid percent-encoding
    }
  }
  if (/[^\x00-\x7f]/.test(value)) {
    for (const form of ['NFC', 'NFD'] as const) {
      const normalised = value.normalize(form);
      if (normalised === value) continue;
      out.push(
        valueMistake(name, 'unicode-normalisation', 'character-encoding', normalised, 20, {
          mistake: `${name} has its accents encoded differently in the hash`,
          explanation: `${name} contains accented or non-Latin characters; your hash used them in Unicode form ${form}, the body in the other form. They look the same but are different bytes.`,
          fix: `Normalise text fields once (NFC) before both the body and the hash.`,
        }),
      );
    }
  }
  return out;
}
