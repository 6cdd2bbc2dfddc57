// The signature PayWay puts in X-PayWay-HMAC-SHA512 on checkout pushbacks. The docs' PHP does:
//   $body = json_decode($raw, true); ksort($body);
//   foreach ($body as $v) $b4hash .= is_array($v) ? json_encode($v) : $v;
//   base64_encode(hash_hmac('sha512', $b4hash, $key, true))
// so this module reproduces PHP's view of the JSON, not JavaScript's. Checked against PHP in
// tests/conformance. Two differences cannot be seen after JSON.parse, which is what we are given: a
// number written with "." or "e" but integral and below 2^63 (1.0, 1e14) is a float to PHP and an
// integer to JavaScript, and integer-like object keys keep their written order in PHP where JavaScript
// sorts them. PayWay's pushbacks carry strings and small integers, so neither arises.
import { sign, timingSafeEqual, type HmacSigner } from '../signing/hmac.ts';
import { phpJsonEncode } from '../signing/jsonInput.ts';
import { stringToSign, type StringToSign } from '../signing/stringToSign.ts';

export const PUSHBACK_SIGNATURE_HEADER = 'X-PayWay-HMAC-SHA512';

const INT64 = 2 ** 63;
const isPhpInt = (n: number) => Number.isInteger(n) && Math.abs(n) < INT64;
const isIntegerKey = (key: string) => /^(0|-?[1-9]\d*)$/.test(key) && Math.abs(Number(key)) < INT64;

/**
 * PHP's float → string, as PHP 8.2 prints it: a string cast uses `precision` 14 (%.14G: exponent from
 * 1e14 up or below 1e-4, "1.0E+20"); json_encode uses the shortest round-trip digits (exponent from 1e17
 * up or below 1e-4, "1.0e+20").
 */
function phpFloat(n: number, forJson: boolean): string {
  if (n === 0) return Object.is(n, -0) ? '-0' : '0';
  if (!Number.isFinite(n)) return forJson ? '0' : n > 0 ? 'INF' : n < 0 ? '-INF' : 'NAN';
  const [mantissaText, exponentText] = (forJson ? n.toExponential() : n.toExponential(13)).split('e') as [string, string];
  const exponent = Number(exponentText);
  if (exponent < -4 || exponent >= (forJson ? 17 : 14)) {
    const mantissa = mantissaText.replace(/\.?0+$/, '');
    return `${mantissa.includes('.') ? mantissa : `${mantissa}.0`}${forJson ? 'e' : 'E'}${exponent < 0 ? '-' : '+'}${Math.abs(exponent)}`;
  }
  return forJson ? String(n) : String(Number(n.toPrecision(14)));
}

/** PHP ksort (SORT_REGULAR, PHP 8): integer keys compare as numbers, anything else as strings. */
function phpKeyCompare(a: string, b: string): number {
  if (isIntegerKey(a) && isIntegerKey(b)) return Number(a) - Number(b);
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A decoded JSON value as PHP's json_decode(..., true) then json_encode() writes it. */
function phpJson(value: unknown): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return phpJsonEncode(value);
  if (typeof value === 'number') return isPhpInt(value) ? String(value) : phpFloat(value, true);
  if (Array.isArray(value)) return `[${value.map(phpJson).join(',')}]`;
  // An associative array: a list again when its keys are 0..n-1 (so {} becomes []), else an object
  // whose integer-like keys PHP has turned into integers and moved to the front.
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.every(([k], i) => k === String(i))) return `[${entries.map(([, v]) => phpJson(v)).join(',')}]`;
  return `{${entries.map(([k, v]) => `${phpJsonEncode(k)}:${phpJson(v)}`).join(',')}}`;
}

/** A top-level value as PHP's string concatenation writes it. */
function phpString(value: unknown): string {
  if (value === null || value === undefined || value === false) return '';
  if (value === true) return '1';
  if (typeof value === 'number') return isPhpInt(value) ? String(value) : phpFloat(value, false);
  if (typeof value === 'object') return phpJson(value);
  return String(value);
}

export function pushbackStringToSign(body: Readonly<Record<string, unknown>>): StringToSign {
  const keys = Object.keys(body).sort(phpKeyCompare);
  const values = new Map(keys.map((k) => [k, phpString(body[k])]));
  return stringToSign(keys, (k) => values.get(k));
}

export interface PushbackSignature extends StringToSign {
  hash: string;
  digestHex: string;
}

export async function signPushback(body: Readonly<Record<string, unknown>>, key: string, hmac: HmacSigner = sign): Promise<PushbackSignature> {
  const built = pushbackStringToSign(body);
  const { hash, digestHex } = await hmac(built.stringToSign, key, 'HMAC-SHA512', 'base64');
  return { ...built, hash, digestHex };
}

export interface PushbackVerification extends PushbackSignature {
  valid: boolean;
  received: string;
}

export async function verifyPushback(body: Readonly<Record<string, unknown>>, received: string, key: string, hmac: HmacSigner = sign): Promise<PushbackVerification> {
  const expected = await signPushback(body, key, hmac);
  return { ...expected, received, valid: timingSafeEqual(expected.hash, received.trim()) };
}
