// catalog spec + user inputs + credentials → wire values → string-to-sign → HMAC → body, with every
// step kept so the trace panel, the CLI and the emulator show the same thing.
import { fieldsOf, getEndpoint, getVariant } from '../catalog/index.ts';
import type { Encoding, EndpointId, EndpointSpec, FieldSpec, HashRecipe, RsaSpec } from '../catalog/types.ts';
import { base64Encode } from './bytes.ts';
import { serializeBody, type RequestBody } from './body.ts';
import { checkField, type Problem } from './fieldChecks.ts';
import { sign, type Signature } from './hmac.ts';
import { inspectChars, type CharFinding } from './inspectChars.ts';
import { inspectKey, type KeyReport } from './inspectKey.ts';
import { parseJsonInput, serializeJson, type JsonStyle } from './jsonInput.ts';
import { encryptChunked, parsePublicKeyPem, RsaKeyError, secureRandomBytes, type RandomBytes, type RsaTrace } from './rsa.ts';
import { stringToSign, type Segment } from './stringToSign.ts';

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
  body: RequestBody;
  problems: Problem[];
}

const describeEncoding: Record<Exclude<Encoding, 'none' | 'rsa'>, string> = {
  base64: 'Base64 of the UTF-8 text',
  'base64-json': 'Base64 of the JSON',
  json: 'JSON text',
};

/** JSON input → compact (or PHP-style) JSON, or the error that names the field and where. */
function encodeJson(field: string, input: string, style: JsonStyle, problems: Problem[]): { json: string; value?: unknown } {
  const parsed = parseJsonInput(input);
  if (!parsed.ok) {
    problems.push({ field, severity: 'error', message: `${field}: ${parsed.message}` });
    return { json: input };
  }
  return { json: serializeJson(parsed.value, style), value: parsed.value };
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
  const { json, value } = encodeJson(spec.field, input, ctx.options.jsonStyle ?? 'compact', problems);
  let plaintext = json;
  if (value !== undefined && spec.shape === 'object' && value && typeof value === 'object' && !Array.isArray(value)) {
    const object = { ...(value as Record<string, unknown>) };
    const notes: string[] = [];
    for (const key of spec.keys) {
      if (key.from === 'merchant_id' && object[key.name] === undefined && ctx.merchantId) {
        object[key.name] = ctx.merchantId;
        notes.push(`${key.name} from merchant_id`);
      }
      const inner = object[key.name];
      if (key.encoding === 'base64' && typeof inner === 'string' && /^https?:\/\//.test(inner)) {
        object[key.name] = base64Encode(inner);
        notes.push(`${key.name} Base64-encoded`);
      }
      if (key.required && object[key.name] === undefined) {
        problems.push({ field: spec.field, severity: 'warning', message: `${spec.field}: the JSON has no "${key.name}" (${key.description})` });
      }
    }
    plaintext = serializeJson(object, ctx.options.jsonStyle ?? 'compact');
    if (notes.length) transforms.push({ label: `plaintext JSON (${notes.join(', ')})`, value: plaintext });
    else transforms.push({ label: 'plaintext JSON', value: plaintext });
  } else {
    transforms.push({ label: 'plaintext JSON', value: plaintext });
  }

  const pem = ctx.credentials.rsaPublicKeyPem ?? '';
  let key;
  try {
    key = parsePublicKeyPem(pem);
  } catch (error) {
    const reason = error instanceof RsaKeyError ? error.message : String(error);
    problems.push({ field: spec.field, severity: 'error', message: `${spec.field} cannot be encrypted: ${reason}` });
    return { wire: '' };
  }
  const cacheKey = pem + '\0' + plaintext;
  let trace = ctx.options.rsaCache?.get(cacheKey);
  if (!trace) {
    trace = encryptChunked(key, plaintext, ctx.options.random ?? secureRandomBytes);
    ctx.options.rsaCache?.set(cacheKey, trace);
  }
  transforms.push({ label: `RSA PKCS#1 v1.5, ${trace.chunks.length} chunk${trace.chunks.length === 1 ? '' : 's'} of ≤${trace.chunkSize} bytes, Base64`, value: trace.base64 });
  return { wire: trace.base64, trace };
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
  const verbatim = options.wire ?? {};
  const problems: Problem[] = [];
  const now = options.now ?? new Date();
  const hashIndex = new Map<string, number>();
  recipe.fields.forEach((part, i) => {
    for (const name of typeof part === 'string' ? [part] : part.phpSum) if (!hashIndex.has(name)) hashIndex.set(name, i);
  });

  const known = new Set(fields.map((f) => f.name));
  for (const name of [...Object.keys(inputs), ...Object.keys(verbatim)]) {
    if (!known.has(name)) {
      problems.push({ field: name, severity: 'warning', message: `${name} is not a field of ${endpoint.id}; it is sent but not hashed` });
    }
  }

  const merchantId = verbatim.merchant_id ?? inputs.merchant_id ?? '';
  const currency = verbatim.currency ?? inputs.currency;
  let rsaTrace: RsaTrace | undefined;
  const steps: FieldStep[] = [];

  for (const spec of fields) {
    const input = verbatim[spec.name] ?? inputs[spec.name] ?? '';
    const transforms: Transform[] = [];
    let wireValue = input;
    let encoding: FieldStep['encoding'] = spec.encoding;
    if (spec.name in verbatim) {
      encoding = 'verbatim';
    } else if (input !== '' && spec.encoding !== 'none') {
      if (spec.encoding === 'rsa') {
        if (!endpoint.rsa) throw new Error(`catalog: ${endpoint.id}.${spec.name} is RSA-encoded but the endpoint has no rsa spec`);
        const result = encodeRsa(input, transforms, { spec: endpoint.rsa, credentials, merchantId, options, problems });
        wireValue = result.wire;
        rsaTrace = result.trace;
      } else if (spec.encoding === 'base64') {
        wireValue = base64Encode(input);
        transforms.push({ label: describeEncoding.base64, value: wireValue });
      } else {
        const { json } = encodeJson(spec.name, input, options.jsonStyle ?? 'compact', problems);
        if (json !== input) transforms.push({ label: 'compact JSON', value: json });
        wireValue = spec.encoding === 'base64-json' ? base64Encode(json) : json;
        if (spec.encoding === 'base64-json') transforms.push({ label: describeEncoding['base64-json'], value: wireValue });
      }
    }
    if (spec.type !== 'file') problems.push(...checkField(spec, input, wireValue, { currency, now }));
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
  }
  for (const name of Object.keys({ ...inputs, ...verbatim })) {
    if (known.has(name)) continue;
    const value = verbatim[name] ?? inputs[name] ?? '';
    steps.push({ field: name, input: value, encoding: 'verbatim', transforms: [], wireValue: value, hashIndex: -1, sent: value !== '', findings: inspectChars(value) });
  }

  const wireOf = new Map(steps.map((s) => [s.field, s.wireValue]));
  const built = stringToSign(recipe.fields, (name) => wireOf.get(name));
  const hmacKey = (recipe.key === 'partner-key' ? credentials.partnerKey : credentials.apiKey) ?? '';
  const keyLabel = recipe.key === 'partner-key' ? 'partner key' : 'API key';
  const [signature, key] = await Promise.all([
    sign(built.stringToSign, hmacKey, recipe.algorithm, recipe.output),
    inspectKey(hmacKey, keyLabel),
  ]);
  for (const message of key.warnings) problems.push({ field: recipe.key, severity: hmacKey ? 'warning' : 'error', message });

  const wire: [string, string][] = steps.filter((s) => s.sent && s.spec?.type !== 'file').map((s) => [s.field, s.wireValue]);
  wire.push(['hash', signature.hash]);
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
    body: serializeBody(variant.contentType ?? endpoint.contentType, wire),
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
