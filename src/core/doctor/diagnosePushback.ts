// Callbacks: verify a received pushback body against its X-PayWay-HMAC-SHA512 header with the documented
// sorted-key recipe, and when it does not verify, search for the recipe (or key) that does reproduce the
// header, the same way the request doctor does.
import { pushbackStringToSign, signPushback, PUSHBACK_SIGNATURE_HEADER } from '../callbacks/pushbackSignature.ts';
import { readJsonMembers, RequestParseError, type JsonMember } from '../interop/parseRequestText.ts';
import { timingSafeEqual } from '../signing/hmac.ts';
import { phpJsonEncode } from '../signing/jsonInput.ts';
import type { Segment } from '../signing/stringToSign.ts';
import { compareStrings, type StringDifference } from './compareStrings.ts';
import { assign, newDraft, renderSegments, setValue } from './draft.ts';
import { DoctorInputError } from './diagnose.ts';
import { keyMistakes } from './keyMistakes.ts';
import { listFields, lowerFirst, Phase, toFinding, type Finding, type Mistake } from './mistake.ts';
import { describeReading, OUTPUT_LABEL, readTheirHash } from './readTheirHash.ts';
import { charsetMistakes, constructionMistakes, emptyPlaceholderMistakes, separatorMistakes } from './renderMistakes.ts';
import { search, type SearchOptions, type SearchSpace } from './search.ts';

export interface PushbackInput {
  /** The body PayWay posted, as received (JSON text), or already parsed. */
  body: string | Readonly<Record<string, unknown>>;
  /** The X-PayWay-HMAC-SHA512 header value. */
  header?: string;
  key?: string;
  search?: SearchOptions;
}

export interface PushbackDiagnosis {
  verdict: 'valid' | 'diagnosed' | 'unexplained' | 'need-key' | 'nothing-to-compare';
  valid: boolean;
  summary: string;
  /** The documented recipe: values sorted by key, concatenated. */
  stringToSign: string;
  segments: Segment[];
  expectedHash?: string;
  received?: string;
  hashReadings: string[];
  /** How PayWay's header was made, when it is not the documented recipe. */
  mistakes: Finding[];
  alternatives: Finding[][];
  reproducedString?: string;
  /** The reproduced string cut into fields, when the recipe found has fields. */
  reproducedSegments?: Segment[];
  difference?: StringDifference;
  hypothesesTried: number;
  exhaustive: boolean;
  elapsedMs: number;
  leftToCheck: string[];
  warnings: string[];
}

const recipeWords = 'values sorted by key, concatenated, HMAC-SHA512 with the API key, Base64';

function mistake(id: string, weight: number, mistakeText: string, explanation: string, fix: string, apply: Mistake['apply'], slots: string[], phase: Mistake['phase'], field?: string): Mistake {
  return { id, ref: `${id}:${field ?? ''}:${mistakeText}`, kind: id.startsWith('order') ? 'order' : 'different-value', field, mistake: mistakeText, explanation, fix, weight, slots, phase, affects: 'message', apply };
}

/** Pushback wording for the shared mistakes: here "their code" is PayWay's signer, not the integrator's. */
function asPushback(m: Mistake): Mistake {
  const keyed = m.kind === 'key';
  return {
    ...m,
    explanation: `The received signature is reproduced when ${lowerFirst(m.mistake)}; the documented recipe (${recipeWords}) does not reproduce it.`,
    fix: keyed
      ? 'The key you gave differs from the one these pushbacks are signed with: check which key the profile signs pushbacks with, and verify with exactly that key.'
      : 'Verify with the recipe that reproduces the header, and compare in constant time (hash_equals).',
  };
}

function pushbackSpace(members: readonly JsonMember[], rawBody: string | undefined, body: Readonly<Record<string, unknown>>, key: string): SearchSpace {
  const sorted = pushbackStringToSign(body);
  const values = new Map(sorted.segments.map((s) => [s.field, s.value]));
  const sortedNames = sorted.segments.map((s) => s.field);
  const bodyOrder = members.length ? members.map((m) => m.name) : Object.keys(body);
  const mistakes: Mistake[] = [];
  const orderFix = 'Verify over the values in that order.';
  if (bodyOrder.join('\0') !== sortedNames.join('\0')) {
    mistakes.push(
      mistake('order-form', 90, 'Values in the order of the body', `The header matches the values concatenated in the order the body lists them (${listFields(bodyOrder)}), not sorted by key.`, orderFix, assign({ order: bodyOrder }), ['base'], Phase.Base),
    );
  }
  const reverse = [...sortedNames].reverse();
  mistakes.push(
    mistake('order-sorted-desc', 20, 'Keys sorted in reverse', `The header matches the values sorted by key in descending order (krsort).`, orderFix, assign({ order: reverse }), ['base'], Phase.Base),
  );
  const wholeMessages: [string, string, number, string][] = [];
  if (rawBody !== undefined) {
    wholeMessages.push(['raw-body', rawBody, 95, 'the body exactly as received']);
    if (rawBody.trim() !== rawBody) wholeMessages.push(['raw-body', rawBody.trim(), 80, 'the body as received, without surrounding whitespace']);
  }
  wholeMessages.push(['json-body', JSON.stringify(body), 70, 'the body re-serialised as compact JSON']);
  wholeMessages.push(['json-body', phpJsonEncode(body), 70, 'the body re-serialised with PHP json_encode']);
  for (const [id, text, weight, what] of wholeMessages) {
    mistakes.push(
      mistake(id, weight, `Signed over ${what}`, `The header is the HMAC-SHA512 of ${what}, not of the sorted-key string.`, 'Verify over that text (read the raw request body before any JSON parsing).', assign({ message: text }), ['base', 'render', 'empty-as'], Phase.Base),
    );
  }
  for (const member of members) {
    const php = values.get(member.name) ?? '';
    const forms: [string, string][] = [];
    if (member.kind === 'number' && member.raw !== php) forms.push([member.raw, `the number as written in the body (${member.raw})`]);
    if (member.kind === 'nested') {
      forms.push([JSON.stringify(member.value), 'compact JSON without PHP escaping']);
      forms.push([member.raw, 'the JSON as written in the body']);
    }
    if (member.value === null) forms.push(['null', '"null"']);
    if (typeof member.value === 'boolean') forms.push([String(member.value), `"${String(member.value)}"`]);
    for (const [form, how] of forms) {
      if (form === php) continue;
      mistakes.push(
        mistake('value-form', 60, `${member.name} written as ${how}`, `The header matches when ${member.name} is written as ${how} rather than as PHP converts it ("${php}").`, `Write ${member.name} that way when verifying.`, (d) => {
          setValue(d, member.name, form);
          return true;
        }, [`value:${member.name}`], Phase.Value, member.name),
      );
    }
  }
  mistakes.push(...emptyPlaceholderMistakes().map(asPushback), ...separatorMistakes().map(asPushback), ...charsetMistakes(/[^\x00-\x7f]/.test(sorted.stringToSign)).map(asPushback));
  const keySpace = keyMistakes(key, { label: 'API key', merchantId: typeof body.merchant_id === 'string' ? body.merchant_id : undefined });
  mistakes.push(...keySpace.mistakes.map(asPushback), ...constructionMistakes('HMAC-SHA512').map(asPushback));
  return { base: newDraft(sortedNames, values), mistakes, keys: keySpace.keys };
}

export async function diagnosePushback(input: PushbackInput): Promise<PushbackDiagnosis> {
  const started = performance.now();
  const warnings: string[] = [];
  let members: JsonMember[] = [];
  let body: Readonly<Record<string, unknown>>;
  const rawBody = typeof input.body === 'string' ? input.body : undefined;
  if (rawBody !== undefined) {
    try {
      members = readJsonMembers(rawBody.trim());
    } catch (error) {
      throw new DoctorInputError(`the pushback body: ${error instanceof RequestParseError ? error.message : String(error)}`);
    }
    body = JSON.parse(rawBody) as Record<string, unknown>;
  } else body = input.body as Readonly<Record<string, unknown>>;

  const documented = pushbackStringToSign(body);
  const header = input.header?.trim();
  const reading = header !== undefined && header !== '' ? readTheirHash(header) : undefined;
  const base = {
    stringToSign: documented.stringToSign,
    segments: documented.segments,
    received: header,
    hashReadings: reading ? [...reading.readings.map((r) => describeReading(r, { hash: 'SHA-512', output: 'base64' })), ...reading.notes] : [],
    mistakes: [] as Finding[],
    alternatives: [] as Finding[][],
    hypothesesTried: 0,
    exhaustive: true,
    leftToCheck: [] as string[],
    warnings,
  };
  const done = (rest: Omit<PushbackDiagnosis, keyof typeof base | 'elapsedMs'> & Partial<typeof base>): PushbackDiagnosis => ({ ...base, ...rest, elapsedMs: performance.now() - started });

  if (input.key === undefined) {
    return done({ verdict: reading ? 'need-key' : 'nothing-to-compare', valid: false, summary: `Give the API key to verify the ${PUSHBACK_SIGNATURE_HEADER} header (it stays here). The documented string to sign is shown.` });
  }
  const expected = await signPushback(body, input.key);
  if (!reading || header === undefined) {
    return done({ verdict: 'nothing-to-compare', valid: false, expectedHash: expected.hash, summary: `No ${PUSHBACK_SIGNATURE_HEADER} header given; the expected one is ${expected.hash}.` });
  }
  if (timingSafeEqual(expected.hash, header)) {
    return done({ verdict: 'valid', valid: true, expectedHash: expected.hash, summary: `Valid: the header is the HMAC-SHA512 of the sorted-key string with this key (${recipeWords}).` });
  }

  const space = pushbackSpace(members, rawBody, body, input.key);
  const result = await search(space, { kind: 'hash', readings: reading.readings }, input.search);
  const repro = result.reproduction;
  const common = { expectedHash: expected.hash, hypothesesTried: result.hypothesesTried, exhaustive: result.exhaustive };
  if (!repro) {
    return done({
      ...common,
      verdict: 'unexplained',
      valid: false,
      summary: `INVALID: the header does not match, and nothing reproduces it (${result.hypothesesTried} hypotheses ruled out). Left to check: the key, and whether the body was changed on the way (a proxy re-encoding the JSON).`,
      leftToCheck: [
        'The key: pushbacks may be signed with another key than the one you gave (the docs only say "secret key"); try the API key of the same profile and environment.',
        'The body: verify over the exact bytes received, before any framework parses and re-serialises it.',
        'The sender: make sure the request came from PayWay (check the source IP and confirm the transaction with Check transaction before fulfilling).',
      ],
    });
  }
  const findings = repro.mistakes.map(toFinding);
  if (repro.reading && repro.reading.encoding !== 'base64') {
    findings.push({ id: 'output-encoding', kind: 'output-encoding', mistake: `Header written as ${OUTPUT_LABEL[repro.reading.encoding]}`, explanation: `The header is ${OUTPUT_LABEL[repro.reading.encoding]}, not Base64 as documented.`, fix: 'Encode your digest the same way before comparing.' });
  }
  if (repro.hash && repro.hash !== 'SHA-512') {
    findings.push({ id: 'algorithm', kind: 'algorithm', mistake: `${repro.hash} instead of SHA-512`, explanation: `The header is a ${repro.hash} digest, not HMAC-SHA512 as the header name says.`, fix: `Verify with ${repro.hash}.` });
  }
  const segments = renderSegments(repro.draft);
  return done({
    ...common,
    verdict: findings.length ? 'diagnosed' : 'valid',
    valid: findings.length === 0,
    mistakes: findings,
    alternatives: repro.alternatives.map((a) => a.map(toFinding)),
    reproducedString: repro.message,
    ...(segments.length ? { reproducedSegments: segments } : {}),
    difference: repro.message !== documented.stringToSign ? compareStrings(documented.stringToSign, documented.segments, repro.message) : undefined,
    summary: findings.length
      ? `The header does not follow the documented recipe, but it is reproduced: ${findings.map((f) => lowerFirst(f.mistake)).join('; ')}.`
      : 'Valid.',
  });
}
