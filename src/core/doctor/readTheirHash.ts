// Reads the hash an integrator's code produced: which output encodings it can be, and so which digest
// bytes and which hash function (the digest length gives that away). This costs nothing and already
// answers "hex or Base64?" and "SHA-512 or something else?" before any hypothesis is hashed.
import { base64ToBytes, bytesToHex, hexToBytes } from '../signing/bytes.ts';
import { DIGEST_LENGTH, type HashName } from './digest.ts';

export type OutputEncoding =
  | 'base64' // standard alphabet, padded: what PayWay wants on every endpoint but payout
  | 'base64-unpadded'
  | 'base64url'
  | 'base64-spaces' // Base64 whose "+" became spaces (URL-decoded somewhere)
  | 'hex'
  | 'hex-upper'
  | 'base64-of-hex'; // PHP base64_encode(hash_hmac(...)) without the raw flag

export const OUTPUT_LABEL: Record<OutputEncoding, string> = {
  base64: 'Base64',
  'base64-unpadded': 'Base64 without its "=" padding',
  base64url: 'URL-safe Base64 ("-" and "_" instead of "+" and "/")',
  'base64-spaces': 'Base64 with its "+" turned into spaces',
  hex: 'lower-case hex',
  'hex-upper': 'upper-case hex',
  'base64-of-hex': 'Base64 of the hex text (the digest was hex-encoded, then Base64-encoded again)',
};

export interface HashReading {
  encoding: OutputEncoding;
  /** The digest bytes this reading gives (a prefix when `truncated`). */
  bytes: Uint8Array;
  hex: string;
  /** Hash functions whose digest has this length. */
  hashes: HashName[];
  /** Only the start of the digest is known: their hash was cut short (a column or log too narrow). */
  truncated: boolean;
}

export interface TheirHash {
  text: string;
  readings: HashReading[];
  notes: string[];
}

const BY_LENGTH = new Map<number, HashName[]>();
for (const [name, length] of Object.entries(DIGEST_LENGTH) as [HashName, number][]) BY_LENGTH.set(length, [...(BY_LENGTH.get(length) ?? []), name]);
const LONGEST = Math.max(...Object.values(DIGEST_LENGTH));

function tryBase64(text: string): Uint8Array | undefined {
  try {
    return base64ToBytes(text);
  } catch {
    return undefined;
  }
}

const HEX = /^[0-9a-fA-F]+$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const BASE64URL = /^[A-Za-z0-9_-]+={0,2}$/;

function candidates(text: string): { encoding: OutputEncoding; bytes: Uint8Array }[] {
  const out: { encoding: OutputEncoding; bytes: Uint8Array }[] = [];
  if (HEX.test(text) && text.length % 2 === 0) {
    out.push({ encoding: /[A-F]/.test(text) && !/[a-f]/.test(text) ? 'hex-upper' : 'hex', bytes: hexToBytes(text) });
  }
  if (BASE64.test(text) && text.length % 4 === 0) {
    const bytes = tryBase64(text);
    if (bytes) {
      out.push({ encoding: 'base64', bytes });
      const inner = new TextDecoder().decode(bytes);
      if (HEX.test(inner) && inner.length % 2 === 0) out.push({ encoding: 'base64-of-hex', bytes: hexToBytes(inner) });
    }
  } else if (BASE64.test(text) && text.length % 4 !== 1) {
    const bytes = tryBase64(text);
    if (bytes) out.push({ encoding: 'base64-unpadded', bytes });
  }
  if (/[-_]/.test(text) && BASE64URL.test(text)) {
    const bytes = tryBase64(text);
    if (bytes) out.push({ encoding: 'base64url', bytes });
  }
  if (/ /.test(text) && BASE64.test(text.replace(/ /g, '+'))) {
    const bytes = tryBase64(text.replace(/ /g, '+'));
    if (bytes) out.push({ encoding: 'base64-spaces', bytes });
  }
  return out;
}

/** The start of a digest that `text` could be, for each hash function longer than what it holds. */
function prefixReadings(text: string, only?: HashName): HashReading[] {
  const readings: HashReading[] = [];
  const even = text.slice(0, text.length - (HEX.test(text) ? text.length % 2 : text.length % 4));
  for (const { encoding, bytes } of candidates(even)) {
    if (bytes.length < 8 || bytes.length >= LONGEST) continue;
    const hashes = (Object.entries(DIGEST_LENGTH) as [HashName, number][]).filter(([name, length]) => length > bytes.length && (!only || name === only)).map(([name]) => name);
    if (hashes.length) readings.push({ encoding, bytes, hex: bytesToHex(bytes), hashes, truncated: true });
  }
  return readings;
}

/**
 * `expected`: the hash function the recipe uses. A hash shorter than its digest is also read as the
 * start of one (a 64-character Base64 hash is a whole SHA-384, or a SHA-512 cut at 64 characters).
 */
export function readTheirHash(raw: string, expected?: HashName): TheirHash {
  const notes: string[] = [];
  // Keep inner spaces: they may be "+" signs lost to URL decoding. Only the ends are trimmed.
  const text = raw.replace(/^[\s"']+|[\s"']+$/g, '');
  if (text !== raw) notes.push('Their hash had whitespace or quotes around it; they were removed before reading it.');
  const readings: HashReading[] = [];
  for (const { encoding, bytes } of candidates(text)) {
    const hashes = BY_LENGTH.get(bytes.length);
    if (hashes) readings.push({ encoding, bytes, hex: bytesToHex(bytes), hashes, truncated: false });
  }
  if (!readings.length) {
    // No full digest: maybe the start of one (a VARCHAR(64) column, a log line cut short).
    readings.push(...prefixReadings(text));
    if (readings.length) notes.push(`Their hash (${text.length} characters) is shorter than any digest: it looks cut short, so only its start can be compared.`);
    else notes.push(`Their hash (${text.length} characters) is neither hex nor Base64 of a known digest length, so it cannot be compared byte for byte.`);
  } else if (expected && !readings.some((r) => r.hashes.includes(expected))) {
    readings.push(...prefixReadings(text, expected));
  }
  return { text, readings, notes };
}

/** What their hash says about itself, in words (shown even without the key). */
export function describeReading(reading: HashReading, expected?: { hash: HashName; output: 'base64' | 'hex' }): string {
  const digest = `${reading.truncated ? 'the start of ' : ''}a ${reading.bytes.length}-byte digest (${reading.hashes.join(' or ')})`;
  let text = `${OUTPUT_LABEL[reading.encoding]} of ${digest}`;
  if (expected) {
    const want = `${expected.output === 'hex' ? 'lower-case hex' : 'Base64'} of a ${DIGEST_LENGTH[expected.hash]}-byte ${expected.hash} digest`;
    if (!reading.hashes.includes(expected.hash) || reading.encoding !== expected.output) text += `; this endpoint expects ${want}`;
  }
  return text.charAt(0).toUpperCase() + text.slice(1);
}
