// catalog spec + user inputs + credentials → wire values → string-to-sign → HMAC → body, with every
// step kept so the trace panel, the CLI and the emulator show the same thing.
import { fieldsOf, getEndpoint, getVariant } from '../catalog/index.ts';
import type { Encoding, EndpointId, EndpointSpec, FieldSpec, HashRecipe, RsaKeySpec, RsaSpec } from '../catalog/types.ts';
import { base64Encode, base64ToBytes, utf8Decode } from './bytes.ts';
import { serializeBody, type RequestBody } from './body.ts';
import { checkField, type Problem } from './fieldChecks.ts';
import { sign, type HmacSigner, type Signature } from './hmac.ts';
import { inspectChars, type CharFinding } from './inspectChars.ts';
import { inspectKey, type KeyReport } from './inspectKey.ts';
import { parseJsonInput, styleJson, type JsonStyle } from './jsonInput.ts';
import { encryptChunked, parsePublicKeyPem, RsaKeyError, secureRandomBytes, type RandomBytes, type RsaTrace } from './rsa.ts';
import { JSON_NUMBER_RULE } from './jsonWireValue.ts';
import { phpSumError, stringToSign, type Segment } from './stringToSign.ts';

export interface Credentials {
  /** The HMAC key for ordinary endpoints ("public_key" / "API KEY" in PayWay's docs). */
  apiKey?: string;
  /** The RSA public key PEM for merchant_auth, beneficiaries and request_data. */
  rsaPublicKeyPem?: string;
  /** The HMAC key of the partner endpoints. */
  partnerKey?: string;
}

export interface BuildOptions {
  /** Variant id; the endpoint's default variant when absent. */
  variant?: string;
  /** Wire values set verbatim: no encoding is applied to these. */
  wire?: Readonly<Record<string, string>>;
  /** How JSON inputs are re-serialised before encoding. */
  jsonStyle?: JsonStyle;
  random?: RandomBytes;
  now?: Date;
  /**
   * RSA padding is random, so the same plaintext encrypts differently each time. A cache keyed by
   * plaintext and key keeps the trace steady while the user types in other fields.
   */
  rsaCache?: Map<string, RsaTrace>;
  /** Computes the HMAC in place of WebCrypto's sign(); a synchronous one keeps a rebuild within one task. */
  signer?: HmacSigner;
  /**
   * Fields whose result depends on nothing but their own input (and the currency) are rebuilt the same on
   * every keystroke in another field: with a cache, each is looked up instead (the caller bounds it).
   */
  stepCache?: Map<string, { step: FieldStep; problems: Problem[] }>;
}

export interface Transform {
  label: string;
  value: string;
}

export interface FieldStep {
  field: string;
  spec?: FieldSpec;
  /** What the user gave ('' when nothing). */
  input: string;
  encoding: Encoding | 'verbatim';
  transforms: Transform[];
  wireValue: string;
  /** Position in the recipe (0-based), or -1 when the field is not hashed. */
  hashIndex: number;
  sent: boolean;
  findings: CharFinding[];
}

export interface RequestTrace {
  endpoint: EndpointId;
  variant: string;
  recipe: HashRecipe;
  steps: FieldStep[];
  rsa?: RsaTrace;
  /** Sent name/value pairs in form order, `hash` last: exactly what the body carries. */
  wire: [string, string][];
  stringToSign: string;
  segments: Segment[];
  byteLength: number;
  key: KeyReport;
  signature: Signature;
  /** A `hash` the user passed in (as input or wire value): compared, never sent. */
  suppliedHash?: string;
  body: RequestBody;
  /** How PayWay reads the body's values (JSON bodies: the number rule, core/signing/jsonWireValue). */
  bodyNote?: string;
  problems: Problem[];
}

const RSA_CACHE_LIMIT = 32;
const STEP_CACHE_LIMIT = 256;

// The trace rebuilds every field on every keystroke, while long JSON inputs (50 items) rarely change:
// their parse, styled text and Base64 are remembered, a few at a time. Values are only ever read.
const REMEMBERED_FROM_LENGTH = 256;
const REMEMBERED_VALUES = 32;
const rememberedJson = new Map<string, { json: string; value?: unknown; error?: string }>();
const rememberedBase64 = new Map<string, string>();

function remember<T>(map: Map<string, T>, key: string, compute: () => T): T {
  if (key.length < REMEMBERED_FROM_LENGTH) return compute();
  let value = map.get(key);
  if (value === undefined) {
    value = compute();
    if (map.size >= REMEMBERED_VALUES) map.delete(map.keys().next().value!);
    map.set(key, value);
  }
  return value;
}

const base64Of = (text: string): string => remember(rememberedBase64, text, () => base64Encode(text));

/** The trace's word on a JSON body: every value is sent as the string that was hashed. */
export const JSON_BODY_NOTE = `Every value is sent as a JSON string, exactly the text hashed. ${JSON_NUMBER_RULE.replace(/; send every value as a JSON string\.$/, '.')}`;

/** JSON input → its text in the chosen style, or the error that names the field, line and column. */
function encodeJson(field: string, input: string, style: JsonStyle, problems: Problem[]): { json: string; value?: unknown } {
  const encoded = remember(rememberedJson, style + '\0' + input, () => {
    const parsed = parseJsonInput(input);
    return parsed.ok ? { json: styleJson(input, parsed.value, style), value: parsed.value } : { json: input, error: parsed.message };
  });
  if (encoded.error !== undefined) problems.push({ field, severity: 'error', message: `${field}: ${encoded.error}` });
  return encoded;
}

const JSON_STYLE_LABEL: Record<JsonStyle, string> = {
  compact: 'JSON, whitespace removed',
  'as-typed': 'JSON as typed',
  php: 'JSON re-encoded like PHP json_encode',
};

const typeOfJson = (value: unknown) => (Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value);

function typeMatches(expected: RsaKeySpec['type'], value: unknown): boolean {
  if (expected === 'integer') return Number.isInteger(value);
  if (expected === 'array') return Array.isArray(value);
  if (expected === 'object') return typeof value === 'object' && value !== null && !Array.isArray(value);
  return typeof value === expected;
}

/** Keys and types of an RSA plaintext against the catalog: the acc/amt vs account/amount mix-up and co. */
function checkRsaPlaintext(spec: RsaSpec, value: unknown, merchantId: string, problems: Problem[]): void {
  const warn = (message: string): void => void problems.push({ field: spec.field, severity: 'warning', message: `${spec.field}: ${message}` });
  const known = spec.keys.map((k) => k.name);
  const checkObject = (object: Record<string, unknown>, where: string) => {
    for (const key of spec.keys) {
      const v = object[key.name];
      if (v === undefined) {
        if (key.required && key.from !== 'merchant_id') warn(`${where} has no "${key.name}" (${key.description})`);
      } else if (!typeMatches(key.type, v) && !(key.type === 'number' && typeof v === 'string' && /^\d+(\.\d+)?$/.test(v))) {
        warn(`in ${where}, "${key.name}" is a JSON ${typeOfJson(v)}; the docs describe a ${key.type}`);
      }
    }
    const unknown = Object.keys(object).filter((k) => !known.includes(k));
    if (unknown.length) warn(`${where} has ${unknown.map((k) => `"${k}"`).join(', ')}, which PayWay does not read here; expected keys: ${known.join(', ')}`);
    const mcId = spec.keys.find((k) => k.from === 'merchant_id');
    if (mcId && typeof object[mcId.name] === 'string' && merchantId && object[mcId.name] !== merchantId) {
      warn(`"${mcId.name}" is "${String(object[mcId.name])}" but merchant_id is "${merchantId}"; they must be the same`);
    }
  };
  if (spec.shape === 'array') {
    if (!Array.isArray(value)) return warn(`must be a JSON array of objects, found a JSON ${typeOfJson(value)}`);
    value.forEach((element, i) => {
      if (typeof element === 'object' && element !== null && !Array.isArray(element)) checkObject(element as Record<string, unknown>, `element ${i}`);
      else warn(`element ${i} must be an object, found a JSON ${typeOfJson(element)}`);
    });
  } else if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    checkObject(value as Record<string, unknown>, 'the JSON');
  } else {
    warn(`must be a JSON object, found a JSON ${typeOfJson(value)}`);
  }
}

/** True when `text` is Base64 whose decoded text is a URL (scheme://...). */
function isBase64OfUrl(text: string): boolean {
  const decoded = decodeBase64Text(text);
  return decoded !== undefined && /^[a-z][a-z0-9+.-]*:\/\//i.test(decoded);
}

/** Strict standard Base64 → UTF-8 text, or undefined when `text` is not that. */
function decodeBase64Text(text: string): string | undefined {
  if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(text) || text === '') return undefined;
  return utf8Decode(base64ToBytes(text));
}

/** Replaces the JSON string value of `key` in `json` (first occurrence) without re-serialising the rest. */
function replaceStringValue(json: string, key: string, replacement: string): string {
  const pattern = new RegExp(`("${key}"\\s*:\\s*)"(?:[^"\\\\]|\\\\.)*"`);
  return json.replace(pattern, (_m, head: string) => head + JSON.stringify(replacement));
}

interface RsaContext {
  spec: RsaSpec;
  credentials: Credentials;
  merchantId: string;
  options: BuildOptions;
  problems: Problem[];
}

/** merchant_auth & co: JSON plaintext (mc_id filled in, inner Base64 applied) → RSA → Base64. */
function encodeRsa(input: string, transforms: Transform[], ctx: RsaContext): { wire: string; trace?: RsaTrace } {
  const { spec, problems } = ctx;
  const style = ctx.options.jsonStyle ?? 'compact';
  const { json, value } = encodeJson(spec.field, input, style, problems);
  let plaintext = json;
  const notes: string[] = [];
  if (value !== undefined) {
    checkRsaPlaintext(spec, value, ctx.merchantId, problems);
    if (spec.shape === 'object' && value && typeof value === 'object' && !Array.isArray(value)) {
      const object = value as Record<string, unknown>;
      for (const key of spec.keys) {
        const inner = object[key.name];
        if (key.from === 'merchant_id' && inner === undefined && ctx.merchantId) {
          // Added as the first key, as PayWay's PHP samples build it; the rest of the text is untouched.
          const empty = Object.keys(object).length === 0;
          plaintext = plaintext.replace(/^\s*\{/, `{"${key.name}":${JSON.stringify(ctx.merchantId)}${empty ? '' : ','}`);
          notes.push(`${key.name} added from merchant_id`);
        }
        if (key.encoding === 'base64' && typeof inner === 'string' && inner !== '') {
          if (isBase64OfUrl(inner)) notes.push(`${key.name} already Base64`);
          else {
            plaintext = replaceStringValue(plaintext, key.name, base64Encode(inner));
            notes.push(`${key.name} Base64-encoded`);
          }
        }
      }
    }
  }
  transforms.push({ label: `plaintext ${JSON_STYLE_LABEL[style]}${notes.length ? ` (${notes.join(', ')})` : ''}`, value: plaintext });

  const pem = ctx.credentials.rsaPublicKeyPem ?? '';
  let key;
  try {
    key = parsePublicKeyPem(pem);
  } catch (error) {
    const reason = error instanceof RsaKeyError ? error.message : String(error);
    problems.push({ field: spec.field, severity: 'error', message: `${spec.field} cannot be encrypted: ${reason}` });
    return { wire: '' };
  }
  const cache = ctx.options.rsaCache;
  const cacheKey = pem + '\0' + plaintext;
  let trace = cache?.get(cacheKey);
  if (!trace) {
    trace = encryptChunked(key, plaintext, ctx.options.random ?? secureRandomBytes);
    if (cache) {
      if (cache.size >= RSA_CACHE_LIMIT) cache.delete(cache.keys().next().value!);
      cache.set(cacheKey, trace);
    }
  }
  transforms.push({ label: `RSA PKCS#1 v1.5, ${trace.chunks.length} chunk${trace.chunks.length === 1 ? '' : 's'} of ≤${trace.chunkSize} bytes, Base64`, value: trace.base64 });
  return { wire: trace.base64, trace };
}

/**
 * A value set verbatim for a field PayWay expects encoded: decode it so the checks judge what it carries,
 * and catch the shell pitfalls (echo's trailing newline, base64's 76-column wrapping).
 */
function decodeVerbatim(spec: FieldSpec, wire: string, problems: Problem[]): string {
  if (spec.encoding !== 'base64' && spec.encoding !== 'base64-json') return wire;
  const warn = (message: string) => problems.push({ field: spec.name, severity: 'warning', message: `${spec.name} ${message}` });
  if (/[\r\n]/.test(wire)) warn('has line breaks inside its Base64 (GNU base64 wraps at 76 columns; use base64 -w0)');
  if (/ /.test(wire)) warn('has spaces inside its Base64 (a "+" turned into a space by URL decoding?)');
  const decoded = decodeBase64Text(wire.replace(/[\r\n]/g, ''));
  if (decoded === undefined) {
    warn(/[-_]/.test(wire) ? 'uses URL-safe Base64 ("-" or "_"); PayWay expects standard Base64 with "+", "/" and "=" padding' : 'is set verbatim but is not valid Base64');
    return '';
  }
  if (/\n$/.test(decoded)) warn('decodes to text ending in a line feed (echo | base64 adds one; use printf or echo -n)');
  if (spec.encoding === 'base64-json') {
    const parsed = parseJsonInput(decoded);
    if (!parsed.ok) warn(`decodes to text that is not JSON (${parsed.message})`);
  }
  return decoded;
}

export async function buildRequest(
  endpointOrId: EndpointSpec | EndpointId | string,
  inputs: Readonly<Record<string, string>>,
  credentials: Credentials,
  options: BuildOptions = {},
): Promise<RequestTrace> {
  const endpoint = typeof endpointOrId === 'string' ? getEndpoint(endpointOrId) : endpointOrId;
  const variant = getVariant(endpoint, options.variant);
  const recipe = variant.hash;
  const fields = fieldsOf(endpoint, variant);
  // A `hash` the user supplies is theirs to compare against, never sent beside the computed one.
  const { hash: suppliedInputHash, ...userInputs } = inputs;
  const { hash: suppliedWireHash, ...verbatim } = options.wire ?? {};
  const suppliedHash = suppliedWireHash ?? suppliedInputHash;
  const style = options.jsonStyle ?? 'compact';
  const problems: Problem[] = [];
  const now = options.now ?? new Date();
  const hashIndex = new Map<string, number>();
  recipe.fields.forEach((part, i) => {
    for (const name of typeof part === 'string' ? [part] : part.phpSum) if (!hashIndex.has(name)) hashIndex.set(name, i);
  });

  const known = new Set(fields.map((f) => f.name));
  const unknownNames = [...new Set([...Object.keys(userInputs), ...Object.keys(verbatim)])].filter((name) => !known.has(name));
  for (const name of unknownNames) {
    problems.push({ field: name, severity: 'warning', message: `${name} is not a field of ${endpoint.id}; it is sent but not hashed` });
  }

  const merchantId = verbatim.merchant_id ?? userInputs.merchant_id ?? '';
  const currency = verbatim.currency ?? userInputs.currency;
  let rsaTrace: RsaTrace | undefined;
  const steps: FieldStep[] = [];

  for (const spec of fields) {
    const isVerbatim = spec.name in verbatim;
    const input = (isVerbatim ? verbatim[spec.name] : userInputs[spec.name]) ?? '';
    // Not cached: RSA (keys, merchant id) and the time checks (the clock).
    const cacheKey = options.stepCache && spec.encoding !== 'rsa' && spec.format !== 'req-time'
      ? `${endpoint.id}\0${variant.id}\0${spec.name}\0${isVerbatim ? 'wire' : 'input'}\0${style}\0${currency ?? ''}\0${input}`
      : undefined;
    const cached = cacheKey === undefined ? undefined : options.stepCache!.get(cacheKey);
    if (cached) {
      steps.push(cached.step);
      problems.push(...cached.problems);
      continue;
    }
    const problemsBefore = problems.length;
    const transforms: Transform[] = [];
    let wireValue = input;
    let checked = input; // what the format checks judge: the decoded value for verbatim Base64
    let encoding: FieldStep['encoding'] = spec.encoding;
    let encodingFailed = false;
    if (isVerbatim) {
      encoding = 'verbatim';
      if (input !== '') checked = decodeVerbatim(spec, input, problems);
    } else if (input !== '' && spec.encoding !== 'none') {
      if (spec.encoding === 'rsa') {
        if (!endpoint.rsa) throw new Error(`catalog: ${endpoint.id}.${spec.name} is RSA-encoded but the endpoint has no rsa spec`);
        const result = encodeRsa(input, transforms, { spec: endpoint.rsa, credentials, merchantId, options, problems });
        wireValue = result.wire;
        rsaTrace = result.trace;
        encodingFailed = !result.trace;
      } else if (spec.encoding === 'base64') {
        wireValue = base64Of(input);
        transforms.push({ label: 'Base64 of the UTF-8 text', value: wireValue });
      } else {
        const { json } = encodeJson(spec.name, input, style, problems);
        if (json !== input) transforms.push({ label: JSON_STYLE_LABEL[style], value: json });
        wireValue = spec.encoding === 'base64-json' ? base64Of(json) : json;
        if (spec.encoding === 'base64-json') transforms.push({ label: 'Base64 of the JSON', value: wireValue });
      }
    }
    if (spec.type !== 'file' && spec.encoding !== 'rsa' && !encodingFailed && (checked !== '' || input === '')) {
      problems.push(...checkField(spec, checked, wireValue, { currency, now }));
    } else if (spec.encoding === 'rsa' && input === '' && spec.required === true) {
      problems.push({ field: spec.name, severity: 'warning', message: `${spec.name} is required` });
    }
    steps.push({
      field: spec.name,
      spec,
      input,
      encoding,
      transforms,
      wireValue,
      hashIndex: spec.notHashed ? -1 : (hashIndex.get(spec.name) ?? -1),
      sent: wireValue !== '',
      findings: inspectChars(input),
    });
    if (cacheKey !== undefined) {
      if (options.stepCache!.size >= STEP_CACHE_LIMIT) options.stepCache!.delete(options.stepCache!.keys().next().value!);
      options.stepCache!.set(cacheKey, { step: steps.at(-1)!, problems: problems.slice(problemsBefore) });
    }
  }
  for (const name of unknownNames) {
    const value = verbatim[name] ?? userInputs[name] ?? '';
    steps.push({ field: name, input: value, encoding: 'verbatim', transforms: [], wireValue: value, hashIndex: -1, sent: value !== '', findings: inspectChars(value) });
  }

  const wireOf = new Map(steps.map((s) => [s.field, s.wireValue]));
  const built = stringToSign(recipe.fields, (name) => wireOf.get(name));
  for (const part of recipe.fields) {
    if (typeof part === 'string') continue;
    const error = phpSumError(wireOf.get(part.phpSum[0]) ?? '', wireOf.get(part.phpSum[1]) ?? '');
    if (error) problems.push({ field: part.phpSum.join('+'), severity: 'warning', message: `${part.phpSum.join(' + ')}: ${error}` });
  }
  const hmacKey = (recipe.key === 'partner-key' ? credentials.partnerKey : credentials.apiKey) ?? '';
  const keyLabel = recipe.key === 'partner-key' ? 'partner key' : 'API key';
  const [signature, key] = await Promise.all([
    (options.signer ?? sign)(built.stringToSign, hmacKey, recipe.algorithm, recipe.output),
    inspectKey(hmacKey, keyLabel),
  ]);
  for (const message of key.warnings) problems.push({ field: recipe.key, severity: hmacKey ? 'warning' : 'error', message });
  if (suppliedHash !== undefined && suppliedHash.trim() !== signature.hash) {
    problems.push({ field: 'hash', severity: 'warning', message: `the hash you supplied is not the one computed here (${signature.hash.slice(0, 12)}…); the doctor can tell why` });
  }

  const wire: [string, string][] = steps.filter((s) => s.sent && s.spec?.type !== 'file').map((s) => [s.field, s.wireValue]);
  wire.push(['hash', signature.hash]);
  const contentType = variant.contentType ?? endpoint.contentType;
  return {
    endpoint: endpoint.id,
    variant: variant.id,
    recipe,
    steps,
    rsa: rsaTrace,
    wire,
    ...built,
    key,
    signature,
    suppliedHash,
    body: serializeBody(contentType, wire),
    ...(contentType === 'application/json' ? { bodyNote: JSON_BODY_NOTE } : {}),
    problems,
  };
}

/** The demo inputs from the catalog (each field's `example`, the RSA plaintext example). */
export function exampleInputs(endpoint: EndpointSpec, variantId?: string): Record<string, string> {
  const inputs: Record<string, string> = {};
  for (const field of fieldsOf(endpoint, getVariant(endpoint, variantId))) {
    if (field.encoding === 'rsa' && endpoint.rsa) inputs[field.name] = endpoint.rsa.example;
    else if (field.example !== undefined) inputs[field.name] = field.example;
  }
  return inputs;
}
