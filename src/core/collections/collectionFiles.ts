// A Collection as the files it is kept in, written for diffs: keys in a fixed order (inputs in the
// catalog's field order, variables sorted), two-space indentation, one field per line, a final newline,
// nothing generated (no ids, no timestamps). JSON fields whose text survives a round trip are written as
// JSON values, so a changed item is a changed line. Everything goes through the one secret-stripping
// serializer on the way out, so a key typed into an input never reaches a file.
import { getEndpoint, isEndpointId } from '../catalog/index.ts';
import { serializeForExport } from '../presets/serializeForExport.ts';
import type { Credentials } from '../signing/buildRequest.ts';
import { parseJsonInput, styleJson } from '../signing/jsonInput.ts';
import { COLLECTION_FILE, COLLECTION_FORMAT, COLLECTION_VERSION, ENVIRONMENTS_FOLDER, SECRET_NAMES, type Collection, type CollectionEnvironment, type Expectation, type Step } from './schema.ts';
import type { CollectionFile } from './restore.ts';
import { fieldOrder } from './v1.ts';

export const toJsonFile = (value: unknown): string => JSON.stringify(value, null, 2) + '\n';

const sortedEntries = (map: Record<string, string>) => Object.fromEntries(Object.entries(map).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

/** JSON text as a JSON value when writing the value back gives the same bytes on the wire (10.50 would not). */
function jsonValueOf(text: string): unknown {
  if (!/^\s*[[{]/.test(text)) return text;
  const parsed = parseJsonInput(text);
  if (!parsed.ok) return text;
  return JSON.stringify(parsed.value) === styleJson(text, parsed.value, 'compact') ? parsed.value : text;
}

function orderedInputs(step: Extract<Step, { kind: 'request' }>, map: Record<string, string>): Record<string, unknown> {
  const order = fieldOrder(step.endpoint, step.variant);
  const jsonFields = new Set(
    isEndpointId(step.endpoint)
      ? getEndpoint(step.endpoint)
          .fields.filter((f) => f.encoding === 'json' || f.encoding === 'base64-json' || f.encoding === 'rsa' || f.format === 'json')
          .map((f) => f.name)
      : [],
  );
  const names = [...order.filter((n) => n in map), ...Object.keys(map).filter((n) => !order.includes(n)).sort()];
  return Object.fromEntries(names.map((n) => [n, jsonFields.has(n) ? jsonValueOf(map[n]!) : map[n]!]));
}

function expectObject(expect: readonly Expectation[]): Record<string, unknown> | undefined {
  if (!expect.length) return undefined;
  const grouped = new Map<string, unknown[]>();
  for (const { subject, expected } of expect) grouped.set(subject, [...(grouped.get(subject) ?? []), expected]);
  // One check is written bare; several are a list (and so is one check whose value is itself a list).
  return Object.fromEntries([...grouped].map(([subject, values]) => [subject, values.length === 1 && !Array.isArray(values[0]) ? values[0] : values]));
}

/** The step as its file holds it, keys in their fixed order. */
export function stepObject(step: Step): Record<string, unknown> {
  const out: Record<string, unknown> = { name: step.name };
  if (step.kind === 'request') {
    out.endpoint = step.endpoint;
    if (step.variant !== undefined) out.variant = step.variant;
    out.inputs = orderedInputs(step, step.inputs);
    if (step.wire && Object.keys(step.wire).length) out.wire = orderedInputs(step, step.wire);
    if (step.headers && Object.keys(step.headers).length) out.headers = sortedEntries(step.headers);
  } else {
    out.action = step.action;
    for (const field of ['ref', 'option', 'qr', 'amount', 'match', 'timeoutMs'] as const) if (step[field] !== undefined) out[field] = step[field];
  }
  if (Object.keys(step.capture).length) out.capture = { ...step.capture };
  const expect = expectObject(step.expect);
  if (expect) out.expect = expect;
  return out;
}

export function environmentObject(env: CollectionEnvironment): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (env.target) out.target = env.target;
  out.variables = sortedEntries(env.variables);
  const secretsFrom = Object.fromEntries(SECRET_NAMES.filter((n) => env.secretsFrom[n]).map((n) => [n, env.secretsFrom[n]]));
  if (Object.keys(secretsFrom).length) out.secretsFrom = secretsFrom;
  return out;
}

export function collectionObject(collection: Pick<Collection, 'name' | 'description' | 'variables'>): Record<string, unknown> {
  return {
    format: COLLECTION_FORMAT,
    version: COLLECTION_VERSION,
    name: collection.name,
    ...(collection.description ? { description: collection.description } : {}),
    variables: sortedEntries(collection.variables),
  };
}

export interface WrittenFiles {
  files: CollectionFile[];
  /** "file: path" of everything the serializer removed (a key typed into an input, a PEM, …). */
  redacted: string[];
}

/** One file's text, through the secret-stripping serializer. */
export function fileText(path: string, value: unknown, knownSecrets?: readonly (Credentials | undefined)[]): { file: CollectionFile; redacted: string[] } {
  const clean = serializeForExport(value, { path: 'collection', knownSecrets });
  return { file: { path, text: toJsonFile(clean.value) }, redacted: clean.redacted.map((at, i) => `${path}: ${at} (${clean.reasons[i]})`) };
}

export const environmentPath = (name: string) => `${ENVIRONMENTS_FOLDER}/${name}.json`;

/** Every file of the collection, in a stable order. */
export function collectionFiles(collection: Collection, knownSecrets?: readonly (Credentials | undefined)[]): WrittenFiles {
  const out: WrittenFiles = { files: [], redacted: [] };
  const add = (path: string, value: unknown) => {
    const { file, redacted } = fileText(path, value, knownSecrets);
    out.files.push(file);
    out.redacted.push(...redacted);
  };
  add(COLLECTION_FILE, collectionObject(collection));
  for (const env of collection.environments) add(environmentPath(env.name), environmentObject(env));
  for (const flow of collection.flows) for (const step of flow.steps) add(step.file, stepObject(step));
  return out;
}
