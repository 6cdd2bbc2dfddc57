// When the hash is right for the key and the fields given and the target still refused the request,
// what remains, in this order: the key (is it the merchant's? whitespace, quotes, encoding, the other
// environment's or another merchant's), the merchant id, what the transport did to the body, and
// req_time. Each check says what it looked at and whether it found something, ruled it out, or needs the
// person (the sandbox's key is not ours to see).
import type { JsonNumber } from '../interop/parseRequestText.ts';
import { keyFingerprint } from '../signing/inspectKey.ts';
import { base64ToBytes, hexToBytes } from '../signing/bytes.ts';
import { formatReqTime, parseReqTime } from '../signing/reqTime.ts';
import type { Finding } from './mistake.ts';

export interface Refusal {
  /** Who refused: the emulator, PayWay's sandbox or production (or another name). */
  by?: 'emulator' | 'sandbox' | 'production' | string;
  /** The code the target answered. */
  code?: string;
  message?: string;
  /** The merchant id the target expected (its own, when it knows the merchant). */
  merchantId?: string;
  /** SHA-256 fingerprint (first 8 bytes, hex) of the key the target holds for the merchant. */
  merchantKeyFingerprint?: string;
  /** Other merchants the target knows, by the fingerprint of their keys: "a key of another merchant". */
  otherMerchants?: readonly { merchantId: string; keyFingerprint: string }[];
}

export type CheckArea = 'key' | 'merchant-id' | 'transport' | 'req-time';
export type CheckStatus = 'found' | 'possible' | 'ask' | 'ruled-out';

export interface RefusalCheck {
  area: CheckArea;
  /** found: it is in what the doctor was given; possible: it fits, the doctor cannot tell; ask: only the
   *  person can check; ruled-out: checked, and fine. */
  status: CheckStatus;
  /** What was checked, in words. */
  checked: string;
  finding?: Finding;
}

export interface RefusalContext {
  refusal: Refusal;
  key?: string;
  /** Label of the key ("API key" / "partner key"). */
  label: string;
  wire: ReadonlyMap<string, string>;
  /** How the body travels: from the pasted text, else the endpoint's content type. */
  transport: { format?: string; contentType?: string; charset?: string; jsonNumbers: readonly JsonNumber[] };
  /** The time field of the recipe, if any (req_time / request_time). */
  timeField?: string;
  now: Date;
}

const who = (by: string | undefined) =>
  by === 'emulator' ? 'the emulator' : by === 'sandbox' ? "PayWay's sandbox" : by === 'production' ? 'PayWay (production)' : by ? by : 'the target';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const asText = (bytes: Uint8Array): string | undefined => {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return undefined;
  }
};

/** Texts a key may have been before it reached the code (or after): trimmed, unquoted, decoded, encoded. */
function keyVariants(key: string): [string, string, string][] {
  const out: [string, string, string][] = [];
  const push = (id: string, text: string | undefined, how: string) => {
    if (text !== undefined && text !== key && text !== '' && !out.some(([, t]) => t === text)) out.push([id, text, how]);
  };
  const cleaned = key.replace(/^[\s\ufeff\u200b\u00a0]+|[\s\ufeff\u200b\u00a0]+$/g, '');
  push('refused-key-whitespace', cleaned, 'has whitespace (or an invisible character) at its ends that the merchant\'s key does not have');
  push('refused-key-quoted', cleaned.replace(/^(["'`])(.*)\1$/s, '$2'), 'still has the quotes of the line it was read from');
  if (/^[A-Za-z0-9+/]+={0,2}$/.test(cleaned) && cleaned.length % 4 === 0) {
    try {
      push('refused-key-encoded', asText(base64ToBytes(cleaned)), 'is the Base64 of the merchant\'s key: something encoded it');
    } catch {
      // not Base64
    }
  }
  if (/^[0-9a-fA-F]+$/.test(cleaned) && cleaned.length % 2 === 0) push('refused-key-encoded', asText(hexToBytes(cleaned)), 'is the hex of the merchant\'s key: something encoded it');
  push('refused-key-encoded', btoa(String.fromCharCode(...new TextEncoder().encode(cleaned))), 'is the merchant\'s key Base64-decoded: something decoded it');
  return out;
}

export async function checkRefusal(ctx: RefusalContext): Promise<RefusalCheck[]> {
  const { refusal, key, label, wire } = ctx;
  const target = who(refusal.by);
  const merchantId = wire.get('merchant_id');
  const checks: RefusalCheck[] = [];
  const finding = (id: string, kind: Finding['kind'], mistake: string, explanation: string, fix: string, field?: string): Finding => ({ id, kind, mistake, explanation, fix, ...(field ? { field } : {}) });

  // ---- the key -----------------------------------------------------------------------------------------
  if (key === undefined) {
    checks.push({
      area: 'key',
      status: 'ask',
      checked: 'the key: not given',
      finding: finding('refused-key-unknown', 'key', `The ${label} was not given, so it could not be checked`, `The doctor needs the ${label} your code signs with to tell whether the hash is right for it.`, `Give the ${label} (it stays on this machine).`),
    });
  } else {
    const fingerprint = await keyFingerprint(key);
    const theirs = refusal.merchantKeyFingerprint?.toLowerCase();
    if (theirs) {
      if (fingerprint === theirs) {
        checks.push({ area: 'key', status: 'ruled-out', checked: `the key: its fingerprint ${fingerprint} is the one ${target} holds for ${refusal.merchantId ?? merchantId ?? 'the merchant'}` });
      } else {
        let explained: RefusalCheck | undefined;
        for (const [id, text, how] of keyVariants(key)) {
          if ((await keyFingerprint(text)) !== theirs) continue;
          explained = {
            area: 'key',
            status: 'found',
            checked: `the key: its fingerprint ${fingerprint} is not ${target}'s (${theirs}), but the key ${how}`,
            finding: finding(id, 'key', `The ${label} ${how}`, `Your hash is right for the ${label} as your code holds it, but that text differs from the key ${target} holds for ${refusal.merchantId ?? merchantId}: without the difference, the fingerprints agree (${theirs}).`, `Use the key exactly as issued: no surrounding whitespace, quotes or encoding.`),
          };
          break;
        }
        const other = refusal.otherMerchants?.find((m) => m.keyFingerprint.toLowerCase() === fingerprint);
        if (!explained && other) {
          explained = {
            area: 'key',
            status: 'found',
            checked: `the key: its fingerprint ${fingerprint} is merchant ${other.merchantId}'s, not ${merchantId}'s (${theirs})`,
            finding: finding('refused-key-other-merchant', 'key', `The ${label} is merchant ${other.merchantId}'s, but the request is for ${merchantId}`, `Your hash is right for the key you gave, which ${target} holds for ${other.merchantId}; the request's merchant_id is ${merchantId}, whose key has the fingerprint ${theirs}.`, `Sign with ${merchantId}'s key, or send merchant_id ${other.merchantId}.`),
          };
        }
        checks.push(
          explained ?? {
            area: 'key',
            status: 'found',
            checked: `the key: its fingerprint ${fingerprint} differs from the one ${target} holds for ${refusal.merchantId ?? merchantId ?? 'the merchant'} (${theirs}), and no trimming, unquoting or decoding makes them agree`,
            finding: finding(
              'refused-key-mismatch',
              'key',
              `The ${label} is not the one ${target} holds for merchant ${refusal.merchantId ?? merchantId ?? '(none sent)'}`,
              `Your hash is right for the key you gave (fingerprint ${fingerprint}), but ${target} checks it with another key (fingerprint ${theirs}), so it computes another hash and refuses the request.`,
              refusal.by === 'emulator'
                ? `Sign with the merchant's API key as the emulator has it (the demo merchant's is filled in by default; added merchants show theirs in the emulator panel), or add your key to the emulator as a merchant.`
                : `Sign with the ${label} ${target} issued for this merchant.`,
            ),
          },
        );
      }
    } else {
      const visible = /^[\s\ufeff\u200b\u00a0]|[\s\ufeff\u200b\u00a0]$|^["'`].*["'`]$/s.test(key);
      if (visible) {
        checks.push({
          area: 'key',
          status: 'found',
          checked: `the key: it has whitespace, an invisible character or quotes at its ends`,
          finding: finding('refused-key-whitespace', 'key', `The ${label} has whitespace or quotes at its ends`, `Your hash is right for the key with those characters, but PayWay's keys have none: PayWay hashes with the key as issued and gets another hash.`, `Trim the key and strip its quotes where your code reads it.`),
        });
      }
      const environment = refusal.by === 'production' ? 'production' : refusal.by === 'sandbox' ? 'sandbox' : undefined;
      checks.push({
        area: 'key',
        status: 'ask',
        checked: `the key: ${target}'s key is not known here; its fingerprint is ${fingerprint}`,
        finding: finding(
          'refused-key-compare',
          'key',
          `The ${label} may not be ${merchantId ?? 'this merchant'}'s ${environment ?? ''} key: compare its fingerprint ${fingerprint} with the portal's`.replace('  ', ' '),
          `The hash is right for the key you gave, so if PayWay still refuses it, PayWay holds another key for ${merchantId ?? 'this merchant'}. ${
            environment === 'production'
              ? 'A sandbox key used on production (the sandbox credential e-mail gives its key a "Valid until" date) is the usual cause.'
              : environment === 'sandbox'
                ? 'A production key used on the sandbox, an expired sandbox key ("Valid until" in the credential e-mail) or the key of another merchant id are the usual causes.'
                : 'Sandbox and production keys differ, and each merchant id has its own.'
          }`,
          refusal.by === 'emulator'
            ? `Compare ${fingerprint} with the fingerprint of the merchant's key in the emulator (printf %s "$KEY" | sha256sum | cut -c1-16), and sign with that key if they differ.`
            : `Compute the fingerprint of the key in the ${environment ?? 'PayWay'} portal's credentials (printf %s "$KEY" | sha256sum | cut -c1-16) and compare it with ${fingerprint}; use that key if they differ.`,
        ),
      });
    }
  }
  checks.push({ area: 'key', status: 'ruled-out', checked: 'the key as text: the hash is right for the key text given, so the code did not hex- or Base64-decode it before use' });

  // ---- the merchant id ---------------------------------------------------------------------------------
  if (merchantId === undefined || merchantId === '') {
    checks.push({ area: 'merchant-id', status: 'found', checked: 'merchant_id: not sent', finding: finding('refused-merchant-missing', 'merchant-id', 'merchant_id is not sent.', `${target} cannot tell whose request it is without merchant_id.`, 'Send merchant_id.', 'merchant_id') });
  } else if (refusal.merchantId && refusal.merchantId !== merchantId) {
    checks.push({
      area: 'merchant-id',
      status: 'found',
      checked: `merchant_id: ${merchantId} is not ${refusal.merchantId}, the merchant ${target} expected`,
      finding: finding('refused-merchant-other', 'merchant-id', `merchant_id ${merchantId} is not the merchant ${target} expected (${refusal.merchantId})`, `The request names ${merchantId}, but ${target} expected ${refusal.merchantId}: another environment's or a sub-merchant's id.`, `Send the merchant_id of the profile whose key you sign with.`, 'merchant_id'),
    });
  } else if (refusal.merchantKeyFingerprint) {
    checks.push({ area: 'merchant-id', status: 'ruled-out', checked: `merchant_id: ${merchantId} is a merchant ${target} knows` });
  } else {
    checks.push({
      area: 'merchant-id',
      status: 'ask',
      checked: `merchant_id: ${merchantId} cannot be checked here`,
      finding: finding('refused-merchant-compare', 'merchant-id', `merchant_id ${merchantId} may belong to another environment or to a sub-merchant`, `Sandbox and production profiles have different merchant ids, and a sub-merchant signs with its own key: a merchant_id that does not go with the key gives a wrong hash for PayWay.`, `Check that ${merchantId} is the ${refusal.by === 'production' ? 'production' : refusal.by === 'sandbox' ? 'sandbox' : ''} profile's merchant id, the one whose key you sign with.`.replace('the  profile', 'the profile'), 'merchant_id'),
    });
  }

  // ---- the transport -------------------------------------------------------------------------------------
  const { format, contentType, charset, jsonNumbers } = ctx.transport;
  const form = format === 'urlencoded' || /x-www-form-urlencoded/i.test(contentType ?? '');
  const keepsPlus = format === 'json' || format === 'multipart' || /json|multipart/i.test(contentType ?? '');
  const withPlus = [...wire].filter(([, v]) => v.includes('+')).map(([n]) => n);
  if (!withPlus.length) checks.push({ area: 'transport', status: 'ruled-out', checked: 'the transport: no value has a "+" that form encoding could turn into a space' });
  else if (keepsPlus && !form) checks.push({ area: 'transport', status: 'ruled-out', checked: `the transport: ${withPlus.join(', ')} ${withPlus.length === 1 ? 'has' : 'have'} "+", but a ${format === 'json' || /json/i.test(contentType ?? '') ? 'JSON' : 'multipart'} body carries it as it is` });
  else {
    checks.push({
      area: 'transport',
      status: 'possible',
      checked: `the transport: ${withPlus.join(', ')} ${withPlus.length === 1 ? 'has' : 'have'} "+"`,
      finding: finding('refused-plus-space', 'transport', `"+" in ${withPlus.join(', ')} may reach PayWay as a space`, `A form body (application/x-www-form-urlencoded) that is not percent-encoded turns every "+" into a space on arrival, so PayWay hashes other text than your code did.`, 'Percent-encode the form body ("+" travels as %2B), or send multipart/form-data.', withPlus[0]),
    });
  }
  const percent = [...wire].filter(([, v]) => /%(2B|2F|3D)/i.test(v)).map(([n]) => n);
  checks.push(
    percent.length
      ? { area: 'transport', status: 'found', checked: `the transport: ${percent.join(', ')} carry percent-encoded Base64`, finding: finding('refused-url-encoded', 'transport', `${percent.join(', ')} ${percent.length === 1 ? 'is' : 'are'} sent as URL-encoded Base64 (%2B, %2F, %3D)`, `The value was percent-encoded before it was put in the body, so PayWay receives "%2B" where the Base64 has "+": it cannot decode it, and it hashes the encoded text.`, 'Put the Base64 text itself in the body; let the HTTP client do the one encoding the transport needs.', percent[0]) }
      : { area: 'transport', status: 'ruled-out', checked: 'the transport: no value is percent-encoded' },
  );
  const newline = [...wire].filter(([, v]) => /[\r\n]$/.test(v)).map(([n]) => n);
  checks.push(
    newline.length
      ? { area: 'transport', status: 'found', checked: `the transport: ${newline.join(', ')} end with a line break`, finding: finding('refused-trailing-newline', 'transport', `${newline.join(', ')} ${newline.length === 1 ? 'ends' : 'end'} with a line break`, 'A body read from a file or a heredoc keeps its last line break in the last value; PayWay may read the value without it and hash other text than your code did.', 'Strip the trailing line break before you hash and send (printf instead of echo, or trim).', newline[0]) }
      : { area: 'transport', status: 'ruled-out', checked: 'the transport: no value ends with a line break' },
  );
  const nonAscii = [...wire].filter(([, v]) => /[^\x00-\x7f]/.test(v)).map(([n]) => n);
  if (!nonAscii.length) checks.push({ area: 'transport', status: 'ruled-out', checked: 'the transport: every value is ASCII, so the charset cannot change the bytes' });
  else if (charset && !/^utf-?8$/i.test(charset)) {
    checks.push({ area: 'transport', status: 'found', checked: `the transport: the body is declared as ${charset}`, finding: finding('refused-charset', 'transport', `The body is sent as ${charset}, not UTF-8`, `${nonAscii.join(', ')} ${nonAscii.length === 1 ? 'has' : 'have'} non-ASCII characters; in ${charset} they are other bytes than the UTF-8 your hash was made over.`, 'Send the body as UTF-8 (Content-Type: …; charset=utf-8) and hash the UTF-8 bytes.', nonAscii[0]) });
  } else {
    checks.push({ area: 'transport', status: charset ? 'ruled-out' : 'possible', checked: `the transport: ${nonAscii.join(', ')} ${nonAscii.length === 1 ? 'has' : 'have'} non-ASCII characters${charset ? `, sent as ${charset}` : ', and the charset is not known'}`, ...(charset ? {} : { finding: finding('refused-charset', 'transport', `${nonAscii.join(', ')} may reach PayWay in a charset other than UTF-8`, 'A client that sends the body as Latin-1 or Windows-1252 (or a form page without accept-charset) changes the bytes of every non-ASCII character, so PayWay hashes other bytes.', 'Send the body as UTF-8 and say so (charset=utf-8).', nonAscii[0]) }) });
  }
  // What the integrator hashed is the text they wrote; PayWay decodes the JSON first (core/signing/jsonWireValue).
  const reformatted = jsonNumbers.filter((n) => n.read !== n.written);
  const jsonBody = format === 'json' || /json/i.test(contentType ?? '');
  if (!jsonBody) checks.push({ area: 'transport', status: 'ruled-out', checked: 'the transport: not a JSON body, so no JSON encoder re-formats its numbers' });
  else if (!reformatted.length) checks.push({ area: 'transport', status: 'ruled-out', checked: jsonNumbers.length ? `the transport: the JSON numbers (${jsonNumbers.map((n) => n.field).join(', ')}) read back as the same text` : 'the transport: every JSON value is a string' });
  else {
    const n = reformatted[0]!;
    checks.push({
      area: 'transport',
      status: 'possible',
      checked: `the transport: ${reformatted.map((r) => `${r.field} is the JSON ${r.kind} ${r.written}`).join(', ')}`,
      finding: finding('refused-number', 'transport', `${n.field} is sent as the JSON ${n.kind} ${n.written}, which PayWay may read as "${n.read}"`, `Your hash was made over the text "${n.written}", but a server that decodes the JSON first (PHP's json_decode) turns it back into text as "${n.read}" and hashes that.`, `Send ${n.field} as a JSON string ("${n.written}"), the text you hashed.`, n.field),
    });
  }

  // ---- req_time --------------------------------------------------------------------------------------------
  const field = ctx.timeField;
  const value = field ? wire.get(field) : undefined;
  if (!field) checks.push({ area: 'req-time', status: 'ruled-out', checked: 'the time: this endpoint sends none' });
  else if (!value) checks.push({ area: 'req-time', status: 'found', checked: `${field}: not sent`, finding: finding('refused-time-missing', 'time', `${field} is not sent`, `PayWay needs ${field} (UTC, YYYYMMDDHHmmss).`, `Send ${field}.`, field) });
  else {
    const at = parseReqTime(value);
    if (!at) {
      checks.push({ area: 'req-time', status: 'found', checked: `${field}: "${value}" is not YYYYMMDDHHmmss`, finding: finding('refused-time-format', 'time', `${field} "${value}" is not 14 digits of UTC time`, `PayWay reads ${field} as YYYYMMDDHHmmss in UTC; "${value}" is not that.`, `Send ${field} as UTC YYYYMMDDHHmmss, e.g. ${formatReqTime(ctx.now)}.`, field) });
    } else {
      const ahead = (at.getTime() - ctx.now.getTime()) / 60_000;
      const hours = Math.round(ahead / 60);
      const local = hours !== 0 && Math.abs(hours) <= 14 && Math.abs(ahead - hours * 60) <= 2;
      if (local) {
        checks.push({ area: 'req-time', status: 'found', checked: `${field}: ${value} is ${Math.abs(hours)} hour${Math.abs(hours) === 1 ? '' : 's'} ${hours > 0 ? 'ahead of' : 'behind'} UTC`, finding: finding('refused-time-local', 'time', `${field} ${value} is local time (UTC${hours > 0 ? '+' : ''}${hours}), not UTC`, `${field} must be UTC; ${value} is ${Math.abs(hours)} hour${Math.abs(hours) === 1 ? '' : 's'} ${hours > 0 ? 'ahead' : 'behind'}${hours === 7 ? ' (Cambodia, UTC+7)' : ''}, so PayWay treats the request as ${hours > 0 ? 'coming from the future' : 'expired'}.`, `Format the current UTC time: ${formatReqTime(ctx.now)} now.`, field) });
      } else if (ahead > 2) {
        checks.push({ area: 'req-time', status: 'found', checked: `${field}: ${value} is ${Math.round(ahead)} minutes in the future`, finding: finding('refused-time-future', 'time', `${field} ${value} is ${Math.round(ahead)} minutes in the future`, `The clock that made ${field} is ahead of UTC (or the time was made in advance); PayWay refuses request times it has not reached.`, `Use the current UTC time from a synchronised clock (NTP).`, field) });
      } else if (ahead < -15) {
        const minutes = Math.round(-ahead);
        checks.push({ area: 'req-time', status: 'possible', checked: `${field}: ${value} is ${minutes < 120 ? `${minutes} minutes` : `${Math.round(minutes / 60)} hours`} old`, finding: finding('refused-time-stale', 'time', `${field} ${value} is ${minutes < 120 ? `${minutes} minutes` : `${Math.round(minutes / 60)} hours`} old.`, `PayWay refuses request times that are too old (the portal APIs answer PTL06 "request has expired"; the window is not documented). A request replayed later, or signed long before it is sent, is refused.`, `Make ${field} (and the hash) right before sending.`, field) });
      } else {
        checks.push({ area: 'req-time', status: 'ruled-out', checked: `${field}: ${value} is within a few minutes of now, in UTC` });
      }
    }
  }
  return checks;
}
