// What every language's snippet does, worked out once from the catalog and a draft: which fields are
// sent in which order, which are Base64-encoded or RSA-encrypted by the snippet itself, the recipe
// order of the string-to-sign, the HMAC algorithm and output, and which environment variables hold
// the secrets. The encodings come from buildRequest (run without credentials), so a snippet encodes
// exactly what the trace shows; the renderers only spell the plan in their language.
import { fieldsOf, getEndpoint, getVariant, HOSTS } from '../../catalog/index.ts';
import type { ContentType, EndpointSpec, HashOutput, HmacAlgorithm, Variant } from '../../catalog/types.ts';
import type { RequestDraft } from '../../presets/draft.ts';
import { serializeForExport } from '../../presets/serializeForExport.ts';
import { base64ToBytes, utf8Decode } from '../../signing/bytes.ts';
import { buildRequest } from '../../signing/buildRequest.ts';
import { phpSum } from '../../signing/stringToSign.ts';

export const ENV = {
  apiKey: 'PAYWAY_API_KEY',
  rsaPublicKey: 'PAYWAY_RSA_PUBLIC_KEY',
  partnerKey: 'PAYWAY_PARTNER_KEY',
  baseUrl: 'PAYWAY_BASE_URL',
} as const;

export const DEFAULT_BASE_URL = HOSTS.sandbox;

/**
 * How a snippet produces one wire value:
 * - text:   the literal `text` as it is sent;
 * - base64: Base64 of the UTF-8 `text` (URLs, JSON already made compact);
 * - rsa:    `text` is the plaintext JSON, RSA-encrypted in k−11 byte chunks, Base64 once;
 * - now:    the current UTC time as YYYYMMDDHHmmss, taken when the snippet runs.
 */
export type ValueSource = 'text' | 'base64' | 'rsa' | 'now';

export interface PlannedField {
  name: string;
  source: ValueSource;
  text: string;
  /** True when the field is part of the string-to-sign. */
  hashed: boolean;
}

/** One piece of the string-to-sign: a field's value, or a fixed text (PHP's `$a + $b`, precomputed). */
export type PlannedPart = { field: string } | { literal: string; note: string };

export interface SnippetPlan {
  endpoint: EndpointSpec;
  variant: Variant;
  path: string;
  contentType: ContentType;
  headers: { name: string; value: string }[];
  /** Sent fields in form order (hash excluded: the snippet appends it). */
  fields: PlannedField[];
  parts: PlannedPart[];
  algorithm: HmacAlgorithm;
  output: HashOutput;
  /** Environment variable holding the HMAC key. */
  keyEnv: typeof ENV.apiKey | typeof ENV.partnerKey;
  /** True when a field is RSA-encrypted, so the snippet needs PAYWAY_RSA_PUBLIC_KEY. */
  usesRsa: boolean;
  /** File parts the snippet leaves out (never hashed), e.g. payment-link image. */
  omittedFiles: string[];
  notes: string[];
}

const decodeBase64Text = (wire: string): string => utf8Decode(base64ToBytes(wire));

/** The plan for a draft. The draft passes through the secret-stripping serializer first. */
export async function snippetPlan(rawDraft: RequestDraft): Promise<SnippetPlan> {
  const { value: draft } = serializeForExport(rawDraft, { path: 'snippet' });
  const endpoint = getEndpoint(draft.endpoint);
  const variant = getVariant(endpoint, draft.variant);
  // No credentials: the RSA step records its plaintext, then stops; HMAC is not needed here.
  const trace = await buildRequest(endpoint, draft.inputs, {}, { variant: variant.id, wire: draft.wire });
  const verbatim = draft.wire ?? {};
  const files = new Set(fieldsOf(endpoint, variant).filter((f) => f.type === 'file').map((f) => f.name));

  const fields: PlannedField[] = [];
  const omittedFiles: string[] = [];
  for (const step of trace.steps) {
    const isHashed = step.hashIndex >= 0;
    if (files.has(step.field)) {
      if (step.input) omittedFiles.push(step.field);
      continue;
    }
    if (step.spec?.format === 'req-time' && !(step.field in verbatim)) {
      fields.push({ name: step.field, source: 'now', text: '', hashed: isHashed });
      continue;
    }
    if (!step.input) continue;
    if (step.encoding === 'rsa') {
      const plaintext = step.transforms.find((t) => t.label.startsWith('plaintext JSON'))?.value ?? step.input;
      fields.push({ name: step.field, source: 'rsa', text: plaintext, hashed: isHashed });
    } else if ((step.encoding === 'base64' || step.encoding === 'base64-json') && step.wireValue) {
      fields.push({ name: step.field, source: 'base64', text: decodeBase64Text(step.wireValue), hashed: isHashed });
    } else {
      fields.push({ name: step.field, source: 'text', text: step.wireValue, hashed: isHashed });
    }
  }

  const sent = new Set(fields.map((f) => f.name));
  const textOf = (name: string) => fields.find((f) => f.name === name && f.source === 'text')?.text ?? '';
  const parts: PlannedPart[] = [];
  for (const part of variant.hash.fields) {
    if (typeof part === 'string') {
      if (sent.has(part)) parts.push({ field: part });
    } else {
      const [a, b] = part.phpSum;
      parts.push({ literal: phpSum(textOf(a), textOf(b)), note: `PHP's ${a} + ${b}, as the official sample computes it` });
    }
  }

  const notes: string[] = [];
  if (omittedFiles.length) notes.push(`${omittedFiles.join(', ')} (a file) is left out of this snippet; it is never part of the hash.`);
  if (variant.hash.fields.some((p) => typeof p !== 'string')) notes.push(`Variant "${variant.label}" adds two fields arithmetically, as one official PHP sample does by mistake.`);
  if (!variant.default) notes.push(`Uses the "${variant.label}" variant of this endpoint.`);
  // The number rule (core/signing/jsonWireValue): a JSON number would be hashed as PHP prints it.
  if ((variant.contentType ?? endpoint.contentType) === 'application/json') notes.push('Every value goes into the JSON body as a string, the text that is hashed: PayWay would hash a JSON number as PHP prints it (5.00 as "5").');
  if (endpoint.legacy) notes.push(`Legacy path, still answered in its old shape; the current endpoint is ${endpoint.legacy.current}.`);

  return {
    endpoint,
    variant,
    path: endpoint.path,
    contentType: variant.contentType ?? endpoint.contentType,
    headers: (endpoint.headers ?? []).filter((h) => h.example).map((h) => ({ name: h.name, value: h.example! })),
    fields,
    parts,
    algorithm: variant.hash.algorithm,
    output: variant.hash.output,
    keyEnv: variant.hash.key === 'partner-key' ? ENV.partnerKey : ENV.apiKey,
    usesRsa: fields.some((f) => f.source === 'rsa'),
    omittedFiles,
    notes,
  };
}

/** "req_time" → "reqTime" (for languages where each value is a variable). */
export const camelCase = (name: string): string => name.replace(/[_-]([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/** A double-quoted string literal valid in JavaScript, Python and Go (JSON's escapes are a subset of theirs). */
export const quoted = (text: string): string => JSON.stringify(text).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');

/** How a language names the snippet's helpers and writes a string literal. */
export interface Spelling {
  now: string;
  base64: string;
  rsa: string;
  quote: (text: string) => string;
}

/** The expression that produces one field's wire value, in a language's spelling. */
export function valueExpression(field: PlannedField, spelling: Spelling): string {
  switch (field.source) {
    case 'now':
      return spelling.now;
    case 'base64':
      return `${spelling.base64}(${spelling.quote(field.text)})`;
    case 'rsa':
      return `${spelling.rsa}(${spelling.quote(field.text)})`;
    case 'text':
      return spelling.quote(field.text);
  }
}

/** The header comment lines every snippet starts with. */
export function headerLines(plan: SnippetPlan): string[] {
  const lines = [
    `${plan.endpoint.name} (${plan.endpoint.id}): POST ${plan.path}`,
    `Hash: ${plan.algorithm}, ${plan.output === 'hex' ? 'lowercase hex' : 'Base64'}, over these values concatenated in this order:`,
    `  ${plan.parts.map((p) => ('field' in p ? p.field : `"${p.literal}"`)).join(' + ') || '(nothing)'}`,
    `Secrets come from environment variables: ${plan.keyEnv}${plan.usesRsa ? `, ${ENV.rsaPublicKey}` : ''}; the URL from ${ENV.baseUrl}.`,
    'Generated by PayWay Playground.',
  ];
  return [...lines, ...plan.notes];
}
