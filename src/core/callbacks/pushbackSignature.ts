// The signature PayWay puts in X-PayWay-HMAC-SHA512 on checkout pushbacks: the body's values sorted by
// key (PHP ksort), nested arrays/objects json_encode'd, concatenated, HMAC-SHA512 with the key, Base64.
import { phpJsonEncode } from '../signing/jsonInput.ts';
import { sign, timingSafeEqual } from '../signing/hmac.ts';
import { stringToSign, type StringToSign } from '../signing/stringToSign.ts';

export const PUSHBACK_SIGNATURE_HEADER = 'X-PayWay-HMAC-SHA512';

/** A scalar as PHP's string conversion writes it (true → "1", false/null → "", floats to 14 digits). */
function phpString(value: unknown): string {
  if (value === null || value === undefined || value === false) return '';
  if (value === true) return '1';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(14)));
  if (typeof value === 'object') return phpJsonEncode(value);
  return String(value);
}

export function pushbackStringToSign(body: Readonly<Record<string, unknown>>): StringToSign {
  // ksort compares keys as byte strings; JavaScript's default sort compares UTF-16 units, the same for ASCII keys.
  const keys = Object.keys(body).sort();
  const values = new Map(keys.map((k) => [k, phpString(body[k])]));
  return stringToSign(keys, (k) => values.get(k));
}

export interface PushbackSignature extends StringToSign {
  hash: string;
  digestHex: string;
}

export async function signPushback(body: Readonly<Record<string, unknown>>, key: string): Promise<PushbackSignature> {
  const built = pushbackStringToSign(body);
  const { hash, digestHex } = await sign(built.stringToSign, key, 'HMAC-SHA512', 'base64');
  return { ...built, hash, digestHex };
}

export interface PushbackVerification extends PushbackSignature {
  valid: boolean;
  received: string;
}

export async function verifyPushback(body: Readonly<Record<string, unknown>>, received: string, key: string): Promise<PushbackVerification> {
  const expected = await signPushback(body, key);
  return { ...expected, received, valid: timingSafeEqual(expected.hash, received.trim()) };
}
