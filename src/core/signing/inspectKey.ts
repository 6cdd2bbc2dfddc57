// What we may show about a secret: its length, a short fingerprint and what looks wrong with it.
// Never the key itself.
import { bytesToHex, utf8Encode, utf8Length } from './bytes.ts';
import { inspectChars, describeFinding, type CharFinding } from './inspectChars.ts';

export interface KeyReport {
  length: number;
  bytes: number;
  /** First 8 bytes of SHA-256(key), hex: enough to tell two keys apart, useless to recover one. */
  fingerprint: string;
  findings: CharFinding[];
  warnings: string[];
}

export async function keyFingerprint(key: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', utf8Encode(key)));
  return bytesToHex(digest.subarray(0, 8));
}

// The trace inspects the same key on every keystroke; its fingerprint is worth remembering.
let lastFingerprint: { key: string; fingerprint: string } | undefined;

async function cachedFingerprint(key: string): Promise<string> {
  if (lastFingerprint?.key !== key) lastFingerprint = { key, fingerprint: await keyFingerprint(key) };
  return lastFingerprint.fingerprint;
}

export async function inspectKey(key: string, label = 'API key'): Promise<KeyReport> {
  const findings = inspectChars(key).filter((f) => f.suspicious);
  const warnings: string[] = [];
  if (!key) warnings.push(`The ${label} is empty.`);
  for (const finding of findings) warnings.push(`The ${label} contains ${describeFinding(finding)}; PayWay keys have none.`);
  if (key.includes('-----BEGIN')) warnings.push(`The ${label} looks like a PEM key. The HMAC key is the API key from ABA, not the RSA key.`);
  return { length: key.length, bytes: utf8Length(key), fingerprint: await cachedFingerprint(key), findings, warnings };
}
