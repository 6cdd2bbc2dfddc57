// Why a hash was refused. First what can be settled with a handful of HMACs (another key the emulator
// knows, a whitespace or quoting variant of the right key, the RSA PEM used as the key, hex for Base64, a
// JSON number hashed as written), then the doctor's search with the merchant's real key, bounded in time.
import { DEMO_MERCHANT } from '../../core/demoMerchant.ts';
import { diagnose, type DiagnoseInput, type Diagnosis } from '../../core/doctor/index.ts';
import { lowerFirst } from '../../core/doctor/mistake.ts';
import type { EndpointSpec, Variant } from '../../core/catalog/types.ts';
import { bytesToBase64, hexToBytes } from '../../core/signing/bytes.ts';
import type { Signature } from '../../core/signing/hmac.ts';
import { keyFingerprint } from '../../core/signing/inspectKey.ts';
import { stringToSign } from '../../core/signing/stringToSign.ts';
import type { EmulatorCore } from '../emulatorCore.ts';
import type { Merchant } from '../merchants.ts';
import type { RequestBody } from '../requestBody.ts';

export interface WrongHashContext {
  core: EmulatorCore;
  endpoint: EndpointSpec;
  variant: Variant;
  body: RequestBody;
  /** The principal whose key the hash is checked with (a merchant-shaped view of a partner). */
  merchant: Merchant;
  partner: boolean;
}

interface KeyCandidate {
  /** Says what the key is, never what it holds. */
  label: string;
  key: string;
  /** A variant of the right key (whitespace, quotes): a mistake in reading it, not another key. */
  variantOfRight?: string;
}

const name = (ctx: WrongHashContext) => (ctx.partner ? `partner ${ctx.merchant.merchantId}` : ctx.merchant.merchantId);

function candidates(ctx: WrongHashContext): KeyCandidate[] {
  const right = ctx.merchant.apiKey;
  const out: KeyCandidate[] = [];
  const seen = new Set([right]);
  const add = (c: KeyCandidate) => {
    if (!seen.has(c.key)) seen.add(c.key), out.push(c);
  };
  for (const m of ctx.core.merchants()) if (m.merchantId !== ctx.merchant.merchantId) add({ label: `${m.merchantId}'s API key`, key: m.apiKey });
  add({ label: "the demo merchant's published API key", key: DEMO_MERCHANT.apiKey });
  for (const p of ctx.core.partnerList()) if (p.partnerId !== ctx.merchant.merchantId) add({ label: `partner ${p.partnerId}'s key`, key: p.partnerKey });
  add({ label: `${name(ctx)}'s RSA public key PEM`, key: ctx.merchant.rsaPublicKeyPem });
  add({ label: `${name(ctx)}'s RSA public key PEM`, key: ctx.merchant.rsaPublicKeyPem.trim() });
  const variants: [string, string][] = [
    [right + '\n', 'with a line feed at the end'],
    [right + '\r\n', 'with CR LF at the end'],
    [right + ' ', 'with a space at the end'],
    [' ' + right, 'with a space in front'],
    [`"${right}"`, 'in double quotes (from a .env line)'],
    [`'${right}'`, 'in single quotes (from a .env line)'],
    [right.toUpperCase(), 'in upper case'],
  ];
  for (const [key, how] of variants) add({ label: `${name(ctx)}'s key ${how}`, key, variantOfRight: how });
  return out;
}

const matches = (theirs: string, s: Signature) => theirs === s.hash || theirs === s.digestHex || theirs.toLowerCase() === s.digestHex;

/** The emulator's expected string to sign, with `values` for the fields. */
const textFor = (variant: Variant, values: Readonly<Record<string, string>>) => stringToSign(variant.hash.fields, (n) => values[n]).stringToSign;

/** Fingerprint of a key: the first 8 bytes of its SHA-256, as the trace shows it (never the key). */
const short = (fingerprint: string) => fingerprint.slice(0, 12);

/**
 * What a few HMACs can say for sure, or undefined. Cheap: one HMAC per known key and per JSON number,
 * so every refused hash gets at least this much at once.
 */
export async function quickWrongHash(ctx: WrongHashContext): Promise<string | undefined> {
  const theirs = (ctx.body.fields.hash ?? '').trim();
  if (!theirs) return undefined;
  const { algorithm, output } = ctx.variant.hash;
  const text = textFor(ctx.variant, ctx.body.fields);
  const rightFingerprint = await keyFingerprint(ctx.merchant.apiKey);
  const right = await ctx.core.hmac(text, ctx.merchant.apiKey, algorithm, output);
  if (theirs !== right.hash && (theirs === right.digestHex || theirs.toLowerCase() === right.digestHex)) {
    return `hash written as hex; ${ctx.endpoint.id} expects Base64 of the raw digest (88 characters)`;
  }
  if (output === 'hex' && theirs === bytesToBase64(hexToBytes(right.digestHex))) {
    return `hash written as Base64; ${ctx.endpoint.id} expects lower-case hex (128 characters), as hash_hmac without the raw flag gives`;
  }
  for (const candidate of candidates(ctx)) {
    const s = await ctx.core.hmac(text, candidate.key, algorithm, output);
    if (!matches(theirs, s)) continue;
    const theirFingerprint = await keyFingerprint(candidate.key);
    const hexNote = theirs === s.hash ? '' : ', and written as hex';
    if (candidate.variantOfRight) return `key differs from ${name(ctx)}'s key: yours is the right key ${candidate.variantOfRight}${hexNote} (fingerprint ${short(theirFingerprint)} vs ${short(rightFingerprint)}); use the key exactly as ABA issued it`;
    return `key differs from ${name(ctx)}'s key: the hash was made with ${candidate.label}${hexNote} (fingerprint ${short(theirFingerprint)} vs ${short(rightFingerprint)})`;
  }
  // A JSON number hashed as written: PayWay (PHP) hashes what json_decode makes of it.
  const differing = (ctx.body.numbers ?? []).filter((n) => n.read !== n.written);
  if (differing.length) {
    const asWritten = { ...ctx.body.fields, ...Object.fromEntries(differing.map((n) => [n.field, n.written])) };
    const s = await ctx.core.hmac(textFor(ctx.variant, asWritten), ctx.merchant.apiKey, algorithm, output);
    if (matches(theirs, s)) {
      const list = differing.map((n) => `${n.field} ${n.written} → "${n.read}"`).join(', ');
      return `JSON number hashed as written: PayWay hashes a JSON number as PHP prints it (${list}); send ${differing.map((n) => `"${n.field}":"${n.written}"`).join(', ')} as a string`;
    }
  }
  return undefined;
}

/** The line for a diagnosis the doctor finished. */
export async function lineFromDoctor(ctx: WrongHashContext, d: Diagnosis): Promise<string> {
  const first = d.mistakes[0];
  if (first && d.reproduced) {
    // One line: the mistake, then what to do, each as the doctor words it (without its capital and full stop).
    const clause = (text: string) => lowerFirst(text.replace(/\.$/, ''));
    const more = d.mistakes.length > 1 ? ` (and ${d.mistakes.length - 1} more: ${d.mistakes.slice(1).map((m) => clause(m.mistake)).join('; ')})` : '';
    return `${clause(first.mistake)}${more}; ${clause(first.fix)}`;
  }
  // Right for the merchant's real key: the doctor judged it by a variant of the recipe the emulator does not enforce.
  if (d.verdict === 'refused' || d.verdict === 'correct') {
    return `the doctor finds this hash right for "${d.variant.label}", which the emulator does not enforce here ("${ctx.variant.label}")`;
  }
  const fingerprint = short(await keyFingerprint(ctx.merchant.apiKey));
  return (
    `key differs from ${name(ctx)}'s key (fingerprint ${fingerprint}), or the values hashed are not the ones sent: ` +
    `no mistake the doctor knows reproduces the hash with that key (${d.hypothesesTried} hypotheses${d.exhaustive ? '' : ', search cut short'})`
  );
}

/**
 * The doctor's search with the merchant's real key (the body as the emulator read it). The search itself
 * is synchronous: `maxMs` bounds how long it holds the caller, and `pause` (for a search that runs after
 * the answer) lets other requests in between its batches.
 */
export function doctorWrongHash(ctx: WrongHashContext, maxMs: number, pause?: () => Promise<void>): Promise<Diagnosis> {
  const input: DiagnoseInput = {
    endpointId: ctx.endpoint.id,
    wire: Object.entries(ctx.body.fields),
    key: ctx.merchant.apiKey,
    ...(ctx.partner ? {} : { rsaPublicKeyPem: ctx.merchant.rsaPublicKeyPem }),
    now: ctx.core.now(),
    // Inline, small batches: the time budget is looked at often. After the answer, larger batches with a
    // pause between them.
    search: pause ? { maxMs, batchSize: 256, pause } : { maxMs, batchSize: 32 },
    // A refused request is never 'correct'.
    refused: { by: 'emulator', code: ctx.endpoint.outcomes.wrongHash.code, merchantId: ctx.merchant.merchantId },
  };
  return diagnose(input);
}
