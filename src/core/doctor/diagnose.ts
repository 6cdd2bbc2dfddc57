// The doctor: given a failing request and what the integrator's code produced (its hash, its string to
// sign, or both), say whether it is correct and, when not, which mistake produced it, in plain words,
// with the correct hash. Pure data in, pure data out: the app page and the CLI render the same result.
import { defaultVariant, emulatorVariant, getEndpoint, isEndpointId } from '../catalog/index.ts';
import type { EndpointId, EndpointSpec, HashOutput, HmacAlgorithm, Variant } from '../catalog/types.ts';
import { parseRequestText, RequestParseError, type JsonNumber } from '../interop/parseRequestText.ts';
import { recogniseEndpoint, type EndpointRecognition } from '../interop/recogniseEndpoint.ts';
import { sign } from '../signing/hmac.ts';
import { inspectKey } from '../signing/inspectKey.ts';
import { partLabel, stringToSign, type Segment } from '../signing/stringToSign.ts';
import { compareStrings, type StringDifference } from './compareStrings.ts';
import type { HashName } from './digest.ts';
import { cloneDraft, renderSegments } from './draft.ts';
import { endpointSpace, sameOrder, variantFinding } from './endpointSpace.ts';
import { noteJsonNumbers } from './jsonNumberNote.ts';
import { lintWire, type WireWarning } from './lintWire.ts';
import { languageOfFindings, languageOfInput, speak } from './language.ts';
import { lowerFirst, toFinding, type Finding, type Language } from './mistake.ts';
import { describeReading, OUTPUT_LABEL, readTheirHash } from './readTheirHash.ts';
import { readAnswerCode, readRefusal } from './readRefusal.ts';
import { checkRefusal, type CheckStatus, type Refusal, type RefusalCheck } from './refusal.ts';
import { search, type Reproduction, type SearchOptions, type SearchSpace } from './search.ts';

export interface DiagnoseInput {
  /** Chosen by hand; otherwise recognised from the path or the field names. */
  endpointId?: string;
  /** The failing request as pasted: JSON, form body, multipart dump, HTTP request, cURL, or lines. */
  requestText?: string;
  /** Wire values; they override those of `requestText`. */
  wire?: readonly (readonly [string, string])[] | Readonly<Record<string, string>>;
  /** The URL or path, when `requestText` has none. */
  path?: string;
  /** The hash their code produced (defaults to the request's own `hash` field). */
  theirHash?: string;
  /** The string to sign their code logged. */
  theirString?: string;
  /** The API key (the partner key for partner endpoints). Stays in memory. */
  key?: string;
  /** Their RSA public key, to test "the PEM was used as the HMAC key". */
  rsaPublicKeyPem?: string;
  /** For the req_time check (defaults to now). */
  now?: Date;
  search?: SearchOptions;
  /**
   * The target refused this request. With it the verdict is never 'correct': when the hash is right for
   * the key and fields given, the doctor checks what remains (the key against the merchant's, the
   * merchant id, the transport, req_time) and says what it checked.
   */
  refused?: Refusal;
  /** PayWay's answer as pasted: a code other than the endpoint's success is read as a refusal. */
  responseText?: string;
}

export type Verdict =
  /** Their hash / string is what PayWay expects. */
  | 'correct'
  /** It follows another catalog variant of the recipe (documented or seen in the sandbox). */
  | 'variant'
  /** A mistake (or two) reproduces it. */
  | 'diagnosed'
  /** Nothing tried reproduces it. */
  | 'unexplained'
  /** A hash without the key: only its encoding can be read. */
  | 'need-key'
  /** Neither a hash nor a string was given. */
  | 'nothing-to-compare'
  /** The hash is right for the key and fields given, yet the target refused it; see `refusal`. */
  | 'refused';

export interface Diagnosis {
  endpoint: {
    id: EndpointId;
    name: string;
    path: string;
    recognisedBy: 'given' | EndpointRecognition['by'];
    /** Other endpoints the request could be for (same path or same fields). */
    candidates: EndpointId[];
    notes: string[];
  };
  /** The recipe "correct" is judged by: the endpoint's default variant. */
  variant: { id: string; label: string };
  verdict: Verdict;
  /** Their hash (and/or string) is the expected one. */
  match: boolean;
  /** A hypothesis reproduced what their code produced. */
  reproduced: boolean;
  /** One paragraph for a person. */
  summary: string;
  /** The explanation: what their code does, and what it should do. */
  mistakes: Finding[];
  /** Other explanations that give exactly the same result. */
  alternatives: Finding[][];
  expected: {
    stringToSign: string;
    segments: Segment[];
    byteLength: number;
    algorithm: HmacAlgorithm;
    output: HashOutput;
    /** With the key only. */
    hash?: string;
    digestHex?: string;
  };
  theirs: {
    hash?: string;
    /** What their hash is, read without the key (encoding, digest length). */
    hashReadings: string[];
    string?: string;
    /** Their string to sign as reproduced (or as given), cut into fields when the hypothesis allows. */
    reproducedString?: string;
    segments?: Segment[];
  };
  /** Expected vs theirs (given, or reproduced from their hash). */
  difference?: StringDifference;
  hypothesesTried: number;
  exhaustive: boolean;
  elapsedMs: number;
  /** When nothing reproduces it: what the doctor cannot test. */
  leftToCheck: string[];
  warnings: WireWarning[];
  /** The wire values diagnosed, in the order sent (without `hash`). */
  wire: [string, string][];
  /** Given `refused`: who refused it, whether the hash is right for the key given, and what was checked. */
  refusal?: {
    by?: string;
    code?: string;
    message?: string;
    hashRight: boolean;
    checks: RefusalCheck[];
  };
  /** The language the pasted input shows (a User-Agent, a fetch() call, a PHP or Python repr); fixes use it. */
  language?: Language;
}

export class DoctorInputError extends Error {}

export const HASH_OF: Record<HmacAlgorithm, HashName> = { 'HMAC-SHA512': 'SHA-512', 'HMAC-SHA256': 'SHA-256' };

// ---- input -----------------------------------------------------------------------------------------

interface Normalised {
  wire: [string, string][];
  sentHash?: string;
  path?: string;
  warnings: WireWarning[];
  /** Members of a JSON body that are not strings, as written and as PayWay reads them. */
  numbers?: JsonNumber[];
  format?: string;
  contentType?: string;
}

function normalise(input: DiagnoseInput): Normalised {
  const warnings: WireWarning[] = [];
  let fields: [string, string][] = [];
  let path = input.path;
  let numbers: JsonNumber[] | undefined;
  let format: string | undefined;
  let contentType: string | undefined;
  if (input.requestText?.trim()) {
    let parsed;
    try {
      parsed = parseRequestText(input.requestText);
    } catch (error) {
      if (error instanceof RequestParseError) throw new DoctorInputError(error.message);
      throw error;
    }
    fields = parsed.fields;
    numbers = parsed.numbers;
    path ??= parsed.path;
    format = parsed.format;
    contentType = parsed.contentType;
    for (const message of parsed.warnings) warnings.push({ severity: 'info', message });
    for (const name of parsed.files) warnings.push({ field: name, severity: 'info', message: `${name} is a file part; files are never hashed.` });
  }
  const extra = input.wire ? (Array.isArray(input.wire) ? (input.wire as readonly (readonly [string, string])[]) : Object.entries(input.wire)) : [];
  for (const [name, value] of extra) {
    const at = fields.findIndex(([n]) => n === name);
    if (at >= 0) fields[at] = [name, value];
    else fields.push([name, value]);
  }
  // A name sent twice: PHP (and JSON.parse) keep the last one.
  const wire: [string, string][] = [];
  for (const [name, value] of fields) {
    const at = wire.findIndex(([n]) => n === name);
    if (at >= 0) {
      warnings.push({ field: name, severity: 'warning', message: `${name} is sent twice; PayWay reads the last value.` });
      wire.splice(at, 1);
    }
    wire.push([name, value]);
  }
  const hashAt = wire.findIndex(([n]) => n === 'hash');
  const sentHash = hashAt >= 0 ? wire.splice(hashAt, 1)[0]![1] : undefined;
  return { wire, sentHash, path, warnings, numbers, format, contentType };
}

function chooseEndpoint(input: DiagnoseInput, norm: Normalised): { endpoint: EndpointSpec; recognisedBy: Diagnosis['endpoint']['recognisedBy']; candidates: EndpointId[]; ties: EndpointId[]; notes: string[] } {
  if (input.endpointId) {
    if (!isEndpointId(input.endpointId)) throw new DoctorInputError(`unknown endpoint "${input.endpointId}"`);
    return { endpoint: getEndpoint(input.endpointId), recognisedBy: 'given', candidates: [], ties: [], notes: [] };
  }
  const recognition = recogniseEndpoint(norm.path, norm.wire.map(([n]) => n));
  if (!recognition.endpoint) {
    throw new DoctorInputError(`cannot tell which endpoint this request is for${recognition.notes.length ? ` (${recognition.notes.join(' ')})` : ''}; choose one`);
  }
  return {
    endpoint: getEndpoint(recognition.endpoint),
    recognisedBy: recognition.by,
    candidates: recognition.candidates.map((c) => c.id).filter((id) => id !== recognition.endpoint),
    ties: recognition.ties,
    notes: recognition.notes,
  };
}

// ---- explanations ----------------------------------------------------------------------------------

/** The mistakes a reproduction stands for, including the ones read off their hash for free. */
function explain(endpoint: EndpointSpec, expected: Variant, repro: Reproduction): Finding[] {
  const findings = repro.mistakes.map(toFinding);
  const reading = repro.reading;
  if (!reading || !repro.hash) return findings;
  const usedId = repro.mistakes.find((m) => m.variant !== undefined)?.variant;
  const used = endpoint.variants.find((v) => v.id === usedId) ?? expected;
  const hashDiffers = repro.hash !== HASH_OF[used.hash.algorithm];
  const outputDiffers = reading.encoding !== used.hash.output;
  if (!hashDiffers && !outputDiffers && !reading.truncated) return findings;
  // A catalog variant with this order, hash function and output names the difference better.
  const named =
    repro.draft.construction === 'hmac' && !reading.truncated
      ? endpoint.variants.find((v) => v.id !== expected.id && sameOrder(v.hash.fields, used.hash.fields) && HASH_OF[v.hash.algorithm] === repro.hash && v.hash.output === reading.encoding)
      : undefined;
  if (named) return [variantFinding(endpoint, named, expected), ...findings.filter((f) => f.id !== 'variant')];
  if (hashDiffers) {
    findings.push({
      id: 'algorithm',
      kind: 'algorithm',
      mistake: `The digest is ${repro.hash}, not ${HASH_OF[used.hash.algorithm]}`,
      explanation: `Your hash is a ${repro.hash} digest (${reading.bytes.length} bytes); ${endpoint.name} uses ${used.hash.algorithm}.`,
      fix: `Use ${used.hash.algorithm}: PHP hash_hmac('${HASH_OF[used.hash.algorithm].replace('-', '').toLowerCase()}', $b4hash, $key, true).`,
    });
  }
  if (outputDiffers) {
    const want = used.hash.output === 'hex' ? 'lower-case hex (128 characters), not Base64' : 'Base64 of the raw digest (88 characters)';
    findings.push({
      id: 'output-encoding',
      kind: 'output-encoding',
      mistake: `The hash is written as ${OUTPUT_LABEL[reading.encoding]}`,
      explanation: `Your code writes the digest as ${OUTPUT_LABEL[reading.encoding]}; ${endpoint.name} expects ${want}.`,
      fix:
        used.hash.output === 'hex'
          ? `Hex-encode the digest: PHP hash_hmac('sha512', $b4hash, $key) without the raw flag; Node .digest('hex').`
          : `Base64-encode the raw digest: PHP base64_encode(hash_hmac('sha512', $b4hash, $key, true)); Node .digest('base64').`,
    });
  }
  if (reading.truncated) {
    findings.push({
      id: 'hash-truncated',
      kind: 'output-encoding',
      mistake: 'The hash is cut short',
      explanation: `Your hash is only the first ${reading.bytes.length} bytes of the right digest: it was cut when stored or logged (a column or field too narrow).`,
      fix: 'Keep the whole hash: 88 characters in Base64, 128 in hex.',
    });
  }
  return findings;
}

/** Once a mistake is known, the kind of the difference is the kind of the mistake at that place. */
function nameDifference(difference: StringDifference | undefined, findings: readonly Finding[]): void {
  if (!difference || difference.identical) return;
  const messageKinds = findings.filter((f) => f.kind !== 'output-encoding' && f.kind !== 'algorithm' && f.kind !== 'key');
  const found = messageKinds.find((f) => f.field !== undefined && f.field === difference.segment?.field) ?? messageKinds[0];
  if (found) difference.kind = found.kind;
}

function leftToCheck(endpoint: EndpointSpec, tried: number, exhaustive: boolean): string[] {
  const out = [
    'The key itself: it must be the API key of this merchant profile and of this environment. Sandbox and production keys differ, and the sandbox key has an expiry date (see the credential e-mail). The doctor can only test the key you gave it.',
    'The values: their code may have hashed other values than the ones sent (another tran_id, amount or req_time, a field filled in later). Log the string to sign next to the body and paste it here.',
    'The merchant profile: ABA may answer "Wrong hash" when the endpoint is not enabled for the profile, or the call comes from a domain or IP that is not whitelisted (code 6).',
  ];
  if (endpoint.rsa) out.push(`${endpoint.rsa.field}: it must be RSA PKCS#1 v1.5 with ABA's RSA public key, ${117}-byte chunks, raw blocks joined and Base64-encoded once.`);
  if (!exhaustive) out.push(`The search stopped at its budget after ${tried} hypotheses; a larger budget may find a rarer combination.`);
  return out;
}

function summarise(d: Omit<Diagnosis, 'summary'>): string {
  const errors = d.warnings.filter((w) => w.severity === 'error');
  const blocker = errors.length ? ` But the request has a problem PayWay refuses whatever the hash: ${errors.map((e) => e.message).join(' ')}` : '';
  const refusal = blocker;
  const correctHash = d.expected.hash ? ` The correct hash is ${d.expected.hash}.` : '';
  switch (d.verdict) {
    case 'correct':
      return `Correct: ${d.theirs.hash !== undefined ? 'their hash' : 'their string to sign'} is what ${d.endpoint.name} expects (${d.variant.label}).${refusal}`;
    case 'variant':
      return `${d.mistakes.map((m) => m.explanation).join(' ')}${correctHash}${refusal}`;
    case 'diagnosed':
      if (d.refusal?.hashRight) return `${refusedOpening(d)} ${d.mistakes.map((m) => m.mistake).join('. ')}. The doctor ${checkedWords(d.refusal.checks)}${blocker}`;
      return `Found it after ${d.hypothesesTried} hypotheses: ${d.mistakes.map((m) => lowerFirst(m.mistake)).join('; ')}.${correctHash}${refusal}`;
    case 'unexplained':
      if (d.hypothesesTried === 0 && d.theirs.string === undefined) return `${d.theirs.hashReadings.join(' ')} Copy the whole hash (88 characters in Base64, 128 in hex).${correctHash}`;
      return `Nothing reproduces ${d.theirs.hash !== undefined && d.theirs.string === undefined ? 'their hash' : 'it'}: ${d.hypothesesTried} hypotheses ruled out (every single mistake the doctor knows${d.exhaustive ? ' and every pair' : ' and the most likely pairs'}).${d.difference && !d.difference.identical ? ` ${d.difference.summary}` : ''} Left to check: the key itself and the merchant profile.${correctHash}`;
    case 'need-key':
      return `Without the key only the shape of their hash can be checked: ${d.theirs.hashReadings.join('; ') || 'it is not a digest the doctor can read'}. Give the API key (it stays here) to search for the mistake.`;
    case 'nothing-to-compare':
      return `Give their hash (with the key) or their string to sign to compare. The expected string to sign is shown.${correctHash}`;
    case 'refused':
      return `${refusedOpening(d)} Nothing the doctor can see explains it; ${checkedWords(d.refusal?.checks ?? [])}${blocker}`;
  }
}

const REFUSERS: Record<string, string> = { emulator: 'the emulator', sandbox: "PayWay's sandbox", production: 'PayWay (production)' };

/** "The hash is right for the key and fields given, yet the emulator refused it (code 5, "Invalid hash")." */
function refusedOpening(d: Omit<Diagnosis, 'summary'>): string {
  const r = d.refusal;
  const by = r?.by ? (REFUSERS[r.by] ?? r.by) : 'the target';
  const code = r?.code !== undefined ? ` (code ${r.code}${r.message ? `, "${r.message}"` : ''})` : '';
  const what = d.theirs.hash !== undefined ? 'The hash is right for the key and the fields given' : 'The string to sign is right for the fields given';
  return `${what}, yet ${by} refused the request${code}.`;
}

const STATUS_WORDS: Record<CheckStatus, string> = { found: 'found', possible: 'possible', ask: 'to compare by hand', 'ruled-out': 'ruled out' };

/** "checked, in order: the key (found: …), the merchant id (ruled out), …" */
function checkedWords(checks: readonly RefusalCheck[]): string {
  const areas: [RefusalCheck['area'], string][] = [['key', 'the key'], ['merchant-id', 'the merchant id'], ['transport', 'the transport'], ['req-time', 'the request time']];
  const parts = areas.map(([area, label]) => {
    const mine = checks.filter((c) => c.area === area);
    const worst = (['found', 'possible', 'ask', 'ruled-out'] as const).find((s) => mine.some((c) => c.status === s)) ?? 'ruled-out';
    return `${label} (${STATUS_WORDS[worst]})`;
  });
  return `checked, in order: ${parts.join(', ')}.`;
}

// ---- the doctor ------------------------------------------------------------------------------------

/** What the caller says and what the answer says, together (the answer's code wins over none). */
function mergeRefusal(given: Refusal | undefined, answered: Refusal | undefined): Refusal | undefined {
  if (!given && !answered) return undefined;
  return { ...given, ...answered, ...(given?.by ? { by: given.by } : {}) };
}

export async function diagnose(input: DiagnoseInput): Promise<Diagnosis> {
  const started = performance.now();
  const norm = normalise(input);
  const chosen = chooseEndpoint(input, norm);
  let { endpoint } = chosen;
  const theirHash = input.theirHash ?? norm.sentHash;
  if (input.theirHash !== undefined && norm.sentHash !== undefined && input.theirHash.trim() !== norm.sentHash.trim()) {
    norm.warnings.push({ field: 'hash', severity: 'warning', message: 'The hash given differs from the one in the request; the one given is diagnosed.' });
  }
  const values = new Map(norm.wire);
  const key = input.key;
  const theirString = input.theirString;
  const readings = theirHash !== undefined ? readTheirHash(theirHash, HASH_OF[defaultVariant(endpoint).hash.algorithm]) : undefined;

  // The expected hash is WebCrypto's (what the trace shows): started now, awaited once the search is done.
  const expectedFor = (e: EndpointSpec) => {
    const variant = defaultVariant(e);
    const built = stringToSign(variant.hash.fields, (n) => values.get(n));
    const signature = key !== undefined ? sign(built.stringToSign, key, variant.hash.algorithm, variant.hash.output) : Promise.resolve(undefined);
    return { variant, built, signature };
  };
  let expected = expectedFor(endpoint);
  // Endpoints that fit equally well but sign differently: take the one whose recipe gives their result.
  if (chosen.ties.length > 1) {
    for (const id of chosen.ties) {
      const other = getEndpoint(id);
      const candidate = expectedFor(other);
      if ((theirString !== undefined && candidate.built.stringToSign === theirString) || (theirHash !== undefined && (await candidate.signature)?.hash === theirHash.trim())) {
        if (other.id !== endpoint.id) chosen.notes.push(`${other.id} was chosen over ${endpoint.id}: its recipe gives their result.`);
        endpoint = other;
        expected = candidate;
        break;
      }
    }
  }
  const variant = expected.variant;
  const warnings = [...norm.warnings, ...lintWire(endpoint, variant, values, input.now ?? new Date())];
  // What the key looks like (whitespace, a PEM…): also WebCrypto, also awaited after the search.
  const keyReport = key !== undefined ? inspectKey(key, variant.hash.key === 'partner-key' ? 'partner key' : 'API key') : undefined;
  const keyWarningsAt = warnings.length;

  const space: SearchSpace = endpointSpace({ endpoint, wire: norm.wire, key, rsaPublicKeyPem: input.rsaPublicKeyPem }, variant);
  const emulator = emulatorVariant(endpoint);
  // The emulator's variant is as good as the default one.
  const verdictOf = (found: Finding[]): Verdict =>
    found.length === 0 || (found.length === 1 && found[0]!.variant === emulator.id) ? 'correct' : found.every((m) => m.id === 'variant') ? 'variant' : 'diagnosed';
  let mistakes: Finding[] = [];
  let alternatives: Finding[][] = [];
  let tried = 0;
  let exhaustive = true;
  let reproduced = false;
  let verdict: Verdict;
  let unexplainedHash = false;
  let difference: StringDifference | undefined;
  const theirs: Diagnosis['theirs'] = {
    hash: readings?.text,
    hashReadings: readings ? [...readings.readings.map((r) => describeReading(r, { hash: HASH_OF[variant.hash.algorithm], output: variant.hash.output })), ...readings.notes] : [],
    string: theirString,
  };
  const expectedString = expected.built.stringToSign;

  if (theirString !== undefined) {
    // Their string first: pure text comparison, then which mistake makes the expected string theirs.
    difference = compareStrings(expectedString, expected.built.segments, theirString);
    let stringRepro: Reproduction | undefined;
    if (!difference.identical) {
      const result = await search(space, { kind: 'string', text: theirString }, input.search);
      tried += result.hypothesesTried;
      exhaustive &&= result.exhaustive;
      stringRepro = result.reproduction;
      if (stringRepro) {
        mistakes = stringRepro.mistakes.map(toFinding);
        alternatives = stringRepro.alternatives.map((a) => a.map(toFinding));
        const segments = renderSegments(stringRepro.draft);
        if (segments.length) theirs.segments = segments;
      }
    }
    let hashOk = true;
    if (key !== undefined && readings) {
      // Does their hash come from their own string? If not, which key or hashing mistake makes it so.
      const hashSpace: SearchSpace = {
        ...space,
        base: { ...cloneDraft(space.base), message: theirString },
        mistakes: space.mistakes.filter((m) => m.affects !== 'message'),
      };
      const result = await search(hashSpace, { kind: 'hash', readings: readings.readings }, { ...input.search, maxMistakes: 2 });
      tried += result.hypothesesTried;
      exhaustive &&= result.exhaustive;
      if (result.reproduction) {
        const extra = explain(endpoint, variant, result.reproduction).filter((f) => !mistakes.some((m) => m.id === f.id && m.field === f.field));
        mistakes.push(...extra);
      } else {
        hashOk = false;
        warnings.push({ severity: 'warning', message: 'Their hash is not the HMAC of their string to sign with this key, nor with any key or hashing mistake tried: the key differs, or the string logged is not the one that was hashed.' });
      }
    }
    reproduced = (difference.identical || stringRepro !== undefined) && hashOk;
    if (!difference.identical && !stringRepro) verdict = 'unexplained';
    else if (!hashOk && mistakes.length === 0) verdict = 'unexplained';
    else verdict = verdictOf(mistakes);
    if (!hashOk) unexplainedHash = true;
  } else if (readings && key !== undefined) {
    const result = await search(space, { kind: 'hash', readings: readings.readings }, input.search);
    tried = result.hypothesesTried;
    exhaustive = result.exhaustive;
    const repro = result.reproduction;
    if (repro) {
      reproduced = true;
      mistakes = explain(endpoint, variant, repro);
      alternatives = repro.alternatives.map((combo) => explain(endpoint, variant, { ...repro, mistakes: combo }));
      theirs.reproducedString = repro.message;
      const segments = renderSegments(repro.draft);
      if (segments.length) theirs.segments = segments;
      if (repro.message !== expectedString) difference = compareStrings(expectedString, expected.built.segments, repro.message);
      verdict = verdictOf(mistakes);
    } else verdict = 'unexplained';
  } else if (readings) {
    verdict = 'need-key';
  } else {
    verdict = 'nothing-to-compare';
  }

  if (keyReport) warnings.splice(keyWarningsAt, 0, ...(await keyReport).warnings.map((message): WireWarning => ({ severity: 'warning', message })));
  const signature = await expected.signature;

  // The target refused it: a hash that is right for this key and these fields is not the end of it.
  let refusal: Diagnosis['refusal'];
  const answered = input.responseText !== undefined ? readAnswerCode(input.responseText) : undefined;
  if (input.responseText !== undefined && !answered) warnings.push({ severity: 'warning', message: 'The response given has no PayWay code (status.code, code or status of a JSON body); it was not used.' });
  const refused = mergeRefusal(input.refused, input.responseText !== undefined ? readRefusal(input.responseText, endpoint, input.refused?.by) : undefined);
  if (refused) {
    const hashRight = verdict === 'correct';
    let checks: RefusalCheck[] = [];
    if (hashRight || verdict === 'unexplained' || verdict === 'need-key') {
      const timeField = variant.hash.fields.map(partLabel).find((f) => f === 'req_time' || f === 'request_time');
      checks = await checkRefusal({
        refusal: refused,
        key,
        label: variant.hash.key === 'partner-key' ? 'partner key' : 'API key',
        wire: values,
        transport: {
          format: norm.format ?? (endpoint.contentType === 'application/json' ? 'json' : endpoint.contentType === 'multipart/form-data' ? 'multipart' : 'urlencoded'),
          contentType: norm.contentType ?? endpoint.contentType,
          charset: /charset=["']?([\w-]+)/i.exec(norm.contentType ?? '')?.[1],
          jsonNumbers: norm.numbers ?? [],
        },
        timeField,
        now: input.now ?? new Date(),
      });
    }
    if (hashRight) {
      const found = checks.filter((c) => c.status === 'found' && c.finding).map((c) => c.finding!);
      const open = checks.filter((c) => (c.status === 'possible' || c.status === 'ask') && c.finding).map((c) => c.finding!);
      // Something found names the refusal; otherwise what is left to check leads, each a sentence of its own.
      verdict = found.length ? 'diagnosed' : 'refused';
      mistakes = found.length ? found : open;
      alternatives = [];
    }
    refusal = {
      ...(refused.by !== undefined ? { by: refused.by } : {}),
      ...(refused.code !== undefined ? { code: refused.code } : {}),
      ...(refused.message !== undefined ? { message: refused.message } : {}),
      hashRight,
      checks,
    };
  }

  // In the words of their language, when what they pasted shows it.
  const language = languageOfInput(input.requestText, norm.format) ?? languageOfFindings(mistakes);
  if (language) {
    const recipe = variant.hash.fields.map(partLabel).filter((f) => (values.get(f) ?? '') !== '');
    mistakes = speak(mistakes, language, recipe);
    alternatives = alternatives.map((combo) => speak(combo, language, recipe));
  }

  nameDifference(difference, mistakes);
  noteJsonNumbers(mistakes, norm.numbers);
  const result: Omit<Diagnosis, 'summary'> = {
    endpoint: {
      id: endpoint.id,
      name: endpoint.name,
      path: endpoint.path,
      recognisedBy: chosen.recognisedBy,
      candidates: chosen.candidates.filter((id) => id !== endpoint.id),
      notes: chosen.notes,
    },
    variant: { id: variant.id, label: variant.label },
    verdict,
    match: verdict === 'correct',
    reproduced,
    mistakes,
    alternatives,
    expected: {
      stringToSign: expectedString,
      segments: expected.built.segments,
      byteLength: expected.built.byteLength,
      algorithm: variant.hash.algorithm,
      output: variant.hash.output,
      ...(signature ? { hash: signature.hash, digestHex: signature.digestHex } : {}),
    },
    theirs,
    difference,
    hypothesesTried: tried,
    exhaustive,
    elapsedMs: 0,
    leftToCheck: verdict === 'unexplained' || unexplainedHash ? leftToCheck(endpoint, tried, exhaustive) : [],
    warnings,
    wire: norm.wire,
    ...(refusal ? { refusal } : {}),
    ...(language ? { language } : {}),
  };
  result.elapsedMs = performance.now() - started;
  return { ...result, summary: summarise(result) };
}
