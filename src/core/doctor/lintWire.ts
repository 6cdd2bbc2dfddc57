// Problems with the values as sent that no hash can fix: a Base64 field sent raw or damaged by URL
// decoding, merchant_auth encoded per chunk or as hex, a local req_time. A request can carry a correct
// hash and still be refused for these.
import { fieldsOf } from '../catalog/index.ts';
import type { EndpointSpec, FieldSpec, Variant } from '../catalog/types.ts';
import { base64ToBytes } from '../signing/bytes.ts';
import { checkField } from '../signing/fieldChecks.ts';
import { didYouMean } from './fieldNames.ts';
import { decodeBase64Text, parseJson } from './valueMistakes.ts';

export interface WireWarning {
  field?: string;
  /** 'error': PayWay will refuse it whatever the hash; 'warning': likely a problem; 'info': worth knowing. */
  severity: 'error' | 'warning' | 'info';
  message: string;
}

function lintEncoded(spec: FieldSpec, value: string, out: WireWarning[]): void {
  const { name } = spec;
  const what = spec.encoding === 'base64-json' ? 'the Base64 of its JSON' : 'the Base64 of its text';
  if (/ /.test(value) && decodeBase64Text(value.replace(/ /g, '+')) !== undefined) {
    out.push({ field: name, severity: 'error', message: `${name} has spaces inside its Base64: its "+" signs were turned into spaces by URL decoding. PayWay will not hash the same text.` });
    return;
  }
  if (/\r?\n/.test(value)) {
    out.push({ field: name, severity: 'warning', message: `${name} has line breaks inside its Base64 (GNU base64 wraps at 76 columns; use base64 -w0).` });
  }
  const text = decodeBase64Text(value);
  if (text === undefined) {
    const raw = parseJson(value).ok || /^https?:\/\//.test(value);
    out.push({ field: name, severity: 'error', message: `${name} is not Base64${raw ? ' (it is sent raw)' : ''}; PayWay expects ${what}.` });
    return;
  }
  if (/[-_]/.test(value)) out.push({ field: name, severity: 'warning', message: `${name} is URL-safe Base64 ("-" / "_"); PayWay's samples use standard Base64 (PHP base64_encode).` });
  if (text.endsWith('\n')) out.push({ field: name, severity: 'warning', message: `${name} decodes to text ending in a line break (\`echo '…' | base64\` adds one; use echo -n).` });
  if (spec.encoding === 'base64-json' && !parseJson(text).ok) out.push({ field: name, severity: 'warning', message: `${name} is Base64, but what it decodes to is not JSON.` });
}

function lintRsa(spec: FieldSpec, value: string, out: WireWarning[]): void {
  const { name } = spec;
  if (parseJson(value).ok) {
    out.push({ field: name, severity: 'error', message: `${name} is the plaintext JSON; PayWay expects it RSA-encrypted with your RSA public key, then Base64-encoded.` });
    return;
  }
  if (/^[0-9a-fA-F]+$/.test(value) && value.length >= 128) {
    out.push({ field: name, severity: 'error', message: `${name} is hex; PayWay expects the joined RSA blocks Base64-encoded once (PayWay cannot decrypt it: code 24 / PTL errors).` });
    return;
  }
  if (/=[A-Za-z0-9+/]/.test(value)) {
    out.push({ field: name, severity: 'error', message: `${name} has "=" padding in the middle: each RSA chunk was Base64-encoded separately. Join the raw blocks and Base64-encode once.` });
    return;
  }
  let bytes: Uint8Array;
  try {
    bytes = base64ToBytes(value.replace(/\s+/g, ''));
  } catch {
    out.push({ field: name, severity: 'error', message: `${name} is not Base64.` });
    return;
  }
  if (/\s/.test(value)) out.push({ field: name, severity: 'warning', message: `${name} has whitespace or line breaks inside its Base64.` });
  if (bytes.length % 128 !== 0 && bytes.length % 256 !== 0) {
    out.push({ field: name, severity: 'warning', message: `${name} is ${bytes.length} bytes once decoded, not a whole number of RSA blocks (128 bytes for ABA's 1024-bit key).` });
  }
}

/** Values that are a language's text for something that was not a string. */
const STRINGIFIED: readonly [RegExp, string][] = [
  [/^(\[object Object\],?)+$/, 'JavaScript turned an object into text (String() or a template literal); send JSON.stringify(…) of it (Base64-encoded where the field wants it).'],
  [/^Array$/, "PHP turned an array into the text \"Array\"; send json_encode(…) of it (Base64-encoded where the field wants it)."],
  [/^(undefined|None|nil|<nil>)$/, 'a missing value was written as text; leave the field out or send an empty string.'],
  [/^[[{]\s*'|^\{'[^']*': /, "it is Python's str() of a dict or list (single quotes), not JSON; send json.dumps(…) of it."],
];

export function lintWire(endpoint: EndpointSpec, variant: Variant, wire: ReadonlyMap<string, string>, now: Date): WireWarning[] {
  const out: WireWarning[] = [];
  const specs = new Map(endpoint.variants.flatMap((v) => fieldsOf(endpoint, v)).map((f) => [f.name, f]));
  const own = new Set(fieldsOf(endpoint, variant).map((f) => f.name));
  const currency = wire.get('currency');
  for (const [name, value] of wire) {
    const spec = specs.get(name);
    if (!spec) {
      const meant = didYouMean(name, [...specs.keys()].filter((n) => !wire.has(n)));
      out.push({
        field: name,
        severity: meant ? 'warning' : 'info',
        message: `${name} is not a field of ${endpoint.name}; PayWay ignores it (and leaves it out of the hash).${meant ? ` Did you mean ${meant.name}?` : ''}`,
      });
      continue;
    }
    if (spec.notHashed) out.push({ field: name, severity: 'info', message: `${name} is sent but never hashed.` });
    if (value === '') continue;
    const said = STRINGIFIED.find(([pattern]) => pattern.test(value));
    if (said) {
      out.push({ field: name, severity: 'error', message: `${name} is "${value.length > 40 ? value.slice(0, 37) + '…' : value}": ${said[1]}` });
      continue;
    }
    if (spec.encoding === 'base64' || spec.encoding === 'base64-json') lintEncoded(spec, value, out);
    else if (spec.encoding === 'rsa') lintRsa(spec, value, out);
    else if (spec.type !== 'file') {
      for (const p of checkField(spec, value, value, { currency, now })) out.push({ field: name, severity: 'warning', message: p.message });
    }
  }
  for (const spec of fieldsOf(endpoint, variant)) {
    if (spec.required === true && own.has(spec.name) && (wire.get(spec.name) ?? '') === '') {
      out.push({ field: spec.name, severity: 'warning', message: `${spec.name} is required but not sent.` });
    }
  }
  return out;
}
