// merchant_auth / beneficiaries / request_data: decrypted with the merchant's private key (our own
// PKCS#1 v1.5, since Node 20 refuses that padding for private decryption), parsed, checked against the
// catalog's description of the plaintext.
import type { RsaKeySpec, RsaSpec } from '../core/catalog/types.ts';
import { decryptChunked, parsePrivateKeyPem, type RsaPrivateKey } from '../core/signing/rsa.ts';
import { decodeBase64Text } from './validation.ts';

export type AuthPlaintext = Record<string, unknown> | Record<string, unknown>[];

export type DecryptResult = { ok: true; value: AuthPlaintext } | { ok: false; reason: 'cannot-decrypt' | 'not-json'; message: string };

const privateKeys = new Map<string, RsaPrivateKey>();

/** Parsing a PEM is slow next to a request; each key is parsed once. */
export function privateKeyOf(pem: string): RsaPrivateKey {
  let key = privateKeys.get(pem);
  if (!key) {
    key = parsePrivateKeyPem(pem);
    privateKeys.set(pem, key);
  }
  return key;
}

export function decryptAuth(pem: string, wire: string): DecryptResult {
  let plaintext: string;
  try {
    plaintext = decryptChunked(privateKeyOf(pem), wire);
  } catch (error) {
    return { ok: false, reason: 'cannot-decrypt', message: (error as Error).message };
  }
  let value: unknown;
  try {
    value = JSON.parse(plaintext);
  } catch {
    return { ok: false, reason: 'not-json', message: 'the decrypted text is not JSON' };
  }
  if (typeof value !== 'object' || value === null) return { ok: false, reason: 'not-json', message: 'the decrypted JSON is not an object or array' };
  return { ok: true, value: value as AuthPlaintext };
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function typeProblem(key: RsaKeySpec, value: unknown): string | undefined {
  switch (key.type) {
    case 'string':
      if (typeof value !== 'string') return `${key.name} must be a string`;
      if (key.encoding === 'base64' && decodeBase64Text(value) === undefined) return `${key.name} must be Base64`;
      return undefined;
    // The docs type several numbers as strings; numeric text is accepted as the gateway's PHP would.
    case 'number':
      return typeof value === 'number' || (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value)) ? undefined : `${key.name} must be a number`;
    case 'integer':
      return Number.isInteger(typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value) ? undefined : `${key.name} must be a whole number`;
    case 'array':
      return Array.isArray(value) ? undefined : `${key.name} must be an array`;
    case 'object':
      return isRecord(value) ? undefined : `${key.name} must be an object`;
  }
}

/** What is wrong with a decrypted plaintext, judged by the endpoint's rsa spec ([] when fine). */
export function authProblems(spec: RsaSpec, value: AuthPlaintext): string[] {
  const entries = spec.shape === 'array' ? (Array.isArray(value) ? value : undefined) : isRecord(value) ? [value] : undefined;
  if (!entries) return [`${spec.field} must be a JSON ${spec.shape}`];
  if (spec.shape === 'array' && entries.length === 0) return [`${spec.field} is an empty array`];
  const problems: string[] = [];
  for (const entry of entries) {
    if (!isRecord(entry)) {
      problems.push(`every entry of ${spec.field} must be an object`);
      continue;
    }
    for (const key of spec.keys) {
      const present = entry[key.name] !== undefined && entry[key.name] !== null && entry[key.name] !== '';
      if (!present) {
        if (key.required) problems.push(`${spec.field} has no "${key.name}"`);
        continue;
      }
      const problem = typeProblem(key, entry[key.name]);
      if (problem) problems.push(problem);
    }
  }
  return problems;
}

/** Among endpoints sharing a path and recipe, the one whose plaintext keys cover the received ones. */
export function keysCovered(spec: RsaSpec, value: AuthPlaintext): boolean {
  const names = new Set(spec.keys.map((k) => k.name));
  const entries = Array.isArray(value) ? value : [value];
  return entries.every((entry) => isRecord(entry) && Object.keys(entry).every((k) => names.has(k)));
}
