// Schema version 1 of a collection: the files a team keeps in git beside its code. A collection is a
// folder: `payway-collection.json` (name, version, default variables), `environments/<name>.json`, and
// one JSON file per step, one folder per flow. Each validator normalises what it can and reports it;
// what it cannot repair makes the file invalid, and the loader keeps it aside with the reason.
import { getEndpoint, isEndpointId } from '../catalog/index.ts';
import type { EndpointId } from '../catalog/types.ts';
import { validateDraft } from '../presets/v1.ts';

export const VERSION = 1 as const;

export const COLLECTION_FILE = 'payway-collection.json';
export const ENVIRONMENTS_FOLDER = 'environments';
export const COLLECTION_FORMAT = 'payway-collection';

/** The credentials an environment can name, by the catalog's names for the HMAC keys. */
export const SECRET_NAMES = ['api-key', 'rsa-public-key', 'partner-key'] as const;
export type SecretName = (typeof SECRET_NAMES)[number];

export interface EnvironmentV1 {
  /** The file's name without `.json`. */
  name: string;
  /** mock, sandbox, production or a base URL; the command line's --target wins. */
  target?: string;
  variables: Record<string, string>;
  /** Credential → the variable that holds it: read from the process environment or `environments/<name>.secret`. */
  secretsFrom: Partial<Record<SecretName, string>>;
}

/** One check on a step's result: `subject` (status, code, $.json.path, header.x, trace.stringToSign, …) and what it should be. */
export interface ExpectationV1 {
  subject: string;
  /** A JSON value: equal (types included); or text: "eq x", "neq x", "gt 1", "contains x", "matches re", "exists", … */
  expected: unknown;
}

interface StepBaseV1 {
  /** Path of the file in the collection, '/'-separated ("01-first-payment/02-pay.json"). */
  file: string;
  name: string;
  /** Variable name → subject it is read from after the step (e.g. "tranId": "request.tran_id"). */
  capture: Record<string, string>;
  expect: ExpectationV1[];
}

export interface RequestStepV1 extends StepBaseV1 {
  kind: 'request';
  endpoint: EndpointId;
  variant?: string;
  /** Inputs by wire name, before encoding, with {{variables}}. JSON fields as JSON text. */
  inputs: Record<string, string>;
  /** Wire values sent verbatim. */
  wire?: Record<string, string>;
  /** Extra request headers (the partner endpoints' referer). */
  headers?: Record<string, string>;
}

export const ACTIONS = ['pay', 'decline', 'cancel', 'scan-khqr', 'pushback'] as const;
export type Action = (typeof ACTIONS)[number];

/** A step against the emulator that is not a PayWay request: the payer's choice, a KHQR scan, a pushback. */
export interface ActionStepV1 extends StepBaseV1 {
  kind: 'action';
  action: Action;
  /** pay / decline / cancel: what the payer page is about (tran_id, payment link id, return_param, request_id). */
  ref?: string;
  /** pay: the payment option to choose (the page's first one when absent). */
  option?: string;
  /** scan-khqr: the KHQR text; amount for a static KHQR. */
  qr?: string;
  amount?: string;
  /** pushback: text the pushback's body must contain (a tran_id, a return_param). */
  match?: string;
  /** pushback: how long to wait for it. */
  timeoutMs?: number;
}

export type StepV1 = RequestStepV1 | ActionStepV1;

export interface FlowV1 {
  /** The folder's path ('' for steps at the top of the collection). */
  name: string;
  steps: StepV1[];
}

export interface CollectionV1 {
  version: 1;
  name: string;
  description?: string;
  variables: Record<string, string>;
  environments: EnvironmentV1[];
  flows: FlowV1[];
}

/** One thing restore changed or could not accept, with the file and where in it. */
export interface CollectionProblem {
  file: string;
  path: string;
  message: string;
  severity: 'fixed' | 'invalid';
}

type Json = Record<string, unknown>;
export const isObject = (x: unknown): x is Json => typeof x === 'object' && x !== null && !Array.isArray(x);

/** Collects problems of one file instead of throwing. */
export class FileReader {
  problems: CollectionProblem[] = [];
  constructor(
    readonly file: string,
    readonly raw: Json,
  ) {}
  invalid(path: string, message: string): void {
    this.problems.push({ file: this.file, path, message, severity: 'invalid' });
  }
  fixed(path: string, message: string): void {
    this.problems.push({ file: this.file, path, message, severity: 'fixed' });
  }
  get ok(): boolean {
    return !this.problems.some((p) => p.severity === 'invalid');
  }
  text(field: string): string | undefined {
    const value = this.raw[field];
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'string') return value;
    if (typeof value === 'number' || typeof value === 'boolean') {
      this.fixed(field, `was a ${typeof value}; read as text`);
      return String(value);
    }
    this.invalid(field, 'must be text');
    return undefined;
  }
  /** name → text; numbers and booleans become text (a variable is text wherever it is used). */
  textMap(field: string, at = this.raw[field]): Record<string, string> {
    if (at === undefined || at === null) return {};
    if (!isObject(at)) {
      this.invalid(field, 'must be an object of name → text');
      return {};
    }
    const out: Record<string, string> = {};
    for (const [name, value] of Object.entries(at)) {
      if (typeof value === 'string') out[name] = value;
      else if (typeof value === 'number' || typeof value === 'boolean') {
        out[name] = String(value);
        this.fixed(`${field}.${name}`, `was a ${typeof value}; read as text`);
      } else this.invalid(`${field}.${name}`, 'must be text');
    }
    return out;
  }
  /** A name the step file and variables may use: letters, digits, _ - . (no braces, no spaces). */
  variableNames(field: string, names: Iterable<string>): void {
    for (const name of names) if (!VARIABLE_NAME.test(name)) this.invalid(`${field}.${name}`, 'is not a variable name (letters, digits, _ - . only; $ is for built-ins)');
  }
}

export const VARIABLE_NAME = /^[A-Za-z_][\w.-]*$/;
const ENV_VARIABLE = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function validateCollectionFile(file: string, raw: Json): { value?: Pick<CollectionV1, 'name' | 'description' | 'variables'>; problems: CollectionProblem[] } {
  const r = new FileReader(file, raw);
  let name = r.text('name')?.trim() ?? '';
  if (!name) {
    name = 'Untitled collection';
    r.fixed('name', 'was empty; named "Untitled collection"');
  }
  const description = r.text('description');
  const variables = r.textMap('variables');
  r.variableNames('variables', Object.keys(variables));
  for (const key of Object.keys(raw)) if (!['format', 'version', 'name', 'description', 'variables'].includes(key)) r.fixed(key, 'is not part of a collection file; ignored');
  if (!r.ok) return { problems: r.problems };
  return { value: { name, ...(description ? { description } : {}), variables }, problems: r.problems };
}

export function validateEnvironment(file: string, name: string, raw: Json): { value?: EnvironmentV1; problems: CollectionProblem[] } {
  const r = new FileReader(file, raw);
  const target = r.text('target')?.trim();
  const variables = r.textMap('variables');
  r.variableNames('variables', Object.keys(variables));
  const secretsFrom: EnvironmentV1['secretsFrom'] = {};
  const given = r.textMap('secretsFrom');
  for (const [secret, variable] of Object.entries(given)) {
    if (!(SECRET_NAMES as readonly string[]).includes(secret)) r.invalid(`secretsFrom.${secret}`, `is not a credential (${SECRET_NAMES.join(', ')})`);
    else if (!ENV_VARIABLE.test(variable)) r.invalid(`secretsFrom.${secret}`, `must name an environment variable (e.g. PAYWAY_API_KEY), not hold the key`);
    else secretsFrom[secret as SecretName] = variable;
  }
  for (const key of Object.keys(raw)) if (!['target', 'variables', 'secretsFrom'].includes(key)) r.fixed(key, 'is not part of an environment file; ignored');
  if (!r.ok) return { problems: r.problems };
  return { value: { name, ...(target ? { target } : {}), variables, secretsFrom }, problems: r.problems };
}

/** `expect` as written: { subject: expected | [expected, …] }. */
function readExpect(r: FileReader): ExpectationV1[] {
  const raw = r.raw.expect;
  if (raw === undefined || raw === null) return [];
  if (!isObject(raw)) {
    r.invalid('expect', 'must be an object of subject → expected value (e.g. {"code": "00"})');
    return [];
  }
  const out: ExpectationV1[] = [];
  for (const [subject, expected] of Object.entries(raw)) {
    const problem = subjectProblem(subject);
    if (problem) r.invalid(`expect.${subject}`, problem);
    // A list holds several checks of one subject; to expect a list itself, write it as JSON text.
    for (const one of Array.isArray(expected) ? expected : [expected]) out.push({ subject, expected: one });
  }
  return out;
}

/** What is wrong with a subject name, or undefined. The runner reads the same names (subjects.ts). */
export function subjectProblem(subject: string): string | undefined {
  if (/^(status|code|message|diagnosis|outcome|title|signature)$/.test(subject)) return undefined;
  if (/^\$(\.|\[|$)/.test(subject)) return undefined;
  if (/^(header|request|wire)\.[^.]+$/.test(subject)) return undefined;
  if (/^trace\.(stringToSign|hash|variant|byteLength|digestHex)$/.test(subject)) return undefined;
  return 'is not a subject: status, code, message, $.json.path, header.<name>, request.<field>, wire.<field>, trace.stringToSign / hash / digestHex / byteLength / variant, diagnosis; for actions outcome and title; for a pushback signature';
}

function readCapture(r: FileReader): Record<string, string> {
  const capture = r.textMap('capture');
  r.variableNames('capture', Object.keys(capture));
  for (const [name, subject] of Object.entries(capture)) {
    const problem = subjectProblem(subject);
    if (problem) r.invalid(`capture.${name}`, `"${subject}" ${problem}`);
  }
  return capture;
}

/** The step's name when the file gives none: its file name without the number and extension. */
export function nameFromFile(file: string): string {
  const base = (file.split('/').pop() ?? file).replace(/\.json$/i, '');
  return base.replace(/^\d+[-_ .]*/, '').replace(/[-_]+/g, ' ').trim() || base;
}

const STEP_KEYS = new Set(['name', 'endpoint', 'variant', 'inputs', 'wire', 'headers', 'action', 'ref', 'option', 'qr', 'amount', 'match', 'timeoutMs', 'capture', 'expect']);

export function validateStep(file: string, raw: Json): { value?: StepV1; problems: CollectionProblem[] } {
  const r = new FileReader(file, raw);
  const name = r.text('name')?.trim() || nameFromFile(file);
  const capture = readCapture(r);
  const expect = readExpect(r);
  for (const key of Object.keys(raw)) if (!STEP_KEYS.has(key)) r.fixed(key, 'is not part of a step; ignored');

  if (raw.action !== undefined) {
    const action = r.text('action') ?? '';
    if (!(ACTIONS as readonly string[]).includes(action)) r.invalid('action', `"${action}" is not an action (${ACTIONS.join(', ')})`);
    if ('endpoint' in raw) r.invalid('endpoint', 'a step is a request (endpoint) or an action, not both');
    const step: ActionStepV1 = { kind: 'action', file, name, action: action as Action, capture, expect };
    for (const field of ['ref', 'option', 'qr', 'amount', 'match'] as const) {
      const value = r.text(field);
      if (value !== undefined) step[field] = value;
    }
    if (raw.timeoutMs !== undefined) {
      const timeout = Number(raw.timeoutMs);
      if (!Number.isFinite(timeout) || timeout < 0 || timeout > 600_000) r.invalid('timeoutMs', 'must be a number of milliseconds (0 to 600000)');
      else step.timeoutMs = timeout;
    }
    if ((action === 'pay' || action === 'decline' || action === 'cancel') && !step.ref) r.invalid('ref', `is missing: ${action} needs the tran_id (or link id, return_param, request_id) of the payer page`);
    if (action === 'scan-khqr' && !step.qr) r.invalid('qr', 'is missing: the KHQR text to scan (e.g. "{{qrString}}" captured from generate-qr)');
    if (action === 'pushback' && !step.match) r.invalid('match', 'is missing: text the pushback must contain (e.g. "{{tranId}}")');
    return r.ok ? { value: step, problems: r.problems } : { problems: r.problems };
  }

  if (raw.endpoint === undefined) {
    r.invalid('endpoint', 'is missing: a step names an endpoint (e.g. "purchase") or an action (pay, decline, cancel, scan-khqr, pushback)');
    return { problems: r.problems };
  }
  // The request itself is a preset's draft: the same validator, so the same repairs and messages.
  const draft = validateDraft({ endpoint: raw.endpoint, variant: raw.variant, inputs: raw.inputs ?? {}, wire: raw.wire }, '');
  // JSON fields written as JSON values are this format's way (one member per line), not a repair.
  for (const p of draft.problems) if (!p.message.startsWith('was a JSON value')) r.problems.push({ file, path: p.path.replace(/^\./, ''), message: p.message, severity: p.severity });
  const headers = r.textMap('headers');
  if (!r.ok || !draft.value) return { problems: r.problems };
  const step: RequestStepV1 = { kind: 'request', file, name, endpoint: draft.value.endpoint, inputs: draft.value.inputs, capture, expect };
  if (draft.value.variant !== undefined) step.variant = draft.value.variant;
  if (draft.value.wire) step.wire = draft.value.wire;
  if (Object.keys(headers).length) step.headers = headers;
  return { value: step, problems: r.problems };
}

/** Field order of an endpoint (its variant's extra fields included), for writing inputs in a stable order. */
export function fieldOrder(endpoint: EndpointId, variant?: string): string[] {
  if (!isEndpointId(endpoint)) return [];
  const spec = getEndpoint(endpoint);
  const extra = spec.variants.find((v) => v.id === variant)?.extraFields ?? [];
  return [...spec.fields, ...extra].map((f) => f.name);
}
