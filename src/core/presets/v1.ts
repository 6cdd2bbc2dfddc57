// Schema version 1 of everything the playground persists or shares: presets, environments and history
// entries. Each validator normalises what it can (missing tags → [], numbers → text) and reports it;
// what it cannot repair makes the record invalid, and the caller keeps it aside rather than dropping it.
import { getEndpoint, isEndpointId } from '../catalog/index.ts';
import type { Credentials, RequestDraft, TargetKind } from './draft.ts';

export const VERSION = 1 as const;

/** The environment a preset or history entry was made for. Never carries a secret. */
export interface EnvironmentRefV1 {
  id: string;
  name: string;
  target: TargetKind;
  customUrl?: string;
  merchantId: string;
}

export interface PresetV1 {
  v: 1;
  kind: 'preset';
  id: string;
  name: string;
  /** '' when the preset is in no folder; nested folders are '/'-separated ("Refunds/2025"). */
  folder: string;
  tags: string[];
  draft: RequestDraft;
  environment?: EnvironmentRefV1;
  /** Milliseconds since the epoch. */
  createdAt: number;
  updatedAt: number;
  /** Bumped on every save; a save based on an older revision is a concurrent edit. */
  rev: number;
}

export interface EnvironmentV1 extends EnvironmentRefV1 {
  v: 1;
  kind: 'environment';
  /** The user asked to remember this environment's secrets on this device. */
  rememberSecrets: boolean;
  /** Present only when rememberSecrets is true. */
  secrets?: Credentials;
  updatedAt: number;
  rev: number;
}

export interface HttpMessageV1 {
  headers: [string, string][];
  body: string;
  /** The body was cut to keep history small. */
  truncated: boolean;
}

export interface HistoryEntryV1 {
  v: 1;
  kind: 'history';
  id: string;
  /** When the request was sent (ms since the epoch). */
  at: number;
  draft: RequestDraft;
  environment?: EnvironmentRefV1;
  target: TargetKind;
  request: HttpMessageV1 & { method: string; url: string };
  response?: HttpMessageV1 & { status: number; statusText: string; durationMs: number };
  /** Network or emulator failure when no response came back. */
  error?: string;
}

export type RecordV1 = PresetV1 | EnvironmentV1 | HistoryEntryV1;
export type RecordKind = RecordV1['kind'];

/** One thing restore changed or could not accept, with where it was. */
export interface SchemaProblem {
  path: string;
  message: string;
  /** 'fixed': normalised, the record is kept; 'invalid': the record cannot be used as it is. */
  severity: 'fixed' | 'invalid';
}

export interface Validated<T> {
  value?: T;
  problems: SchemaProblem[];
}

const TARGETS: readonly TargetKind[] = ['emulator', 'local-server', 'sandbox-proxy', 'sandbox', 'production', 'custom'];
const SECRET_KEYS = ['apiKey', 'rsaPublicKeyPem', 'partnerKey'] as const;

type Json = Record<string, unknown>;
const isObject = (x: unknown): x is Json => typeof x === 'object' && x !== null && !Array.isArray(x);

/** Reads fields of one raw object, collecting problems instead of throwing. */
class Reader {
  problems: SchemaProblem[] = [];
  constructor(
    readonly raw: Json,
    readonly path: string,
  ) {}

  invalid(field: string, message: string): void {
    this.problems.push({ path: this.at(field), message, severity: 'invalid' });
  }
  fixed(field: string, message: string): void {
    this.problems.push({ path: this.at(field), message, severity: 'fixed' });
  }
  at(field: string): string {
    return field ? `${this.path}.${field}` : this.path;
  }
  get ok(): boolean {
    return !this.problems.some((p) => p.severity === 'invalid');
  }

  requiredString(field: string): string {
    const value = this.raw[field];
    if (typeof value === 'string' && value !== '') return value;
    if (typeof value === 'number') {
      this.fixed(field, 'was a number; kept as text');
      return String(value);
    }
    this.invalid(field, value === undefined ? 'is missing' : 'must be non-empty text');
    return '';
  }

  optionalString(field: string): string | undefined {
    const value = this.raw[field];
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'string') return value;
    if (typeof value === 'number' || typeof value === 'boolean') {
      this.fixed(field, `was a ${typeof value}; kept as text`);
      return String(value);
    }
    this.fixed(field, 'was not text; removed');
    return undefined;
  }

  /** A timestamp; a missing or broken one becomes `fallback` (the record stays usable). */
  time(field: string, fallback: number): number {
    const value = this.raw[field];
    if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return value;
    if (typeof value === 'string' && !Number.isNaN(Date.parse(value))) {
      this.fixed(field, 'was a date string; converted to milliseconds');
      return Date.parse(value);
    }
    this.fixed(field, value === undefined ? 'was missing; set' : 'was not a time; reset');
    return fallback;
  }

  counter(field: string): number {
    const value = this.raw[field];
    if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return value;
    if (value !== undefined) this.fixed(field, 'was not a revision number; reset to 0');
    return 0;
  }

  target(field: string): TargetKind {
    const value = this.raw[field];
    if (typeof value === 'string' && (TARGETS as readonly string[]).includes(value)) return value as TargetKind;
    if (value === undefined) {
      this.fixed(field, 'was missing; set to the emulator');
      return 'emulator';
    }
    this.invalid(field, `"${String(value)}" is not a target (${TARGETS.join(', ')})`);
    return 'emulator';
  }

  /** A name → text map; numbers and booleans are turned into text, anything else is refused. */
  textMap(field: string, optional: boolean): Record<string, string> | undefined {
    const value = this.raw[field];
    if (value === undefined || value === null) {
      if (!optional) this.fixed(field, 'was missing; set to {}');
      return optional ? undefined : {};
    }
    if (!isObject(value)) {
      this.invalid(field, 'must be an object of name → text');
      return optional ? undefined : {};
    }
    const out: Record<string, string> = {};
    for (const [name, item] of Object.entries(value)) {
      if (typeof item === 'string') out[name] = item;
      else if (typeof item === 'number' || typeof item === 'boolean') {
        out[name] = String(item);
        this.fixed(`${field}.${name}`, `was a ${typeof item}; kept as text`);
      } else if (isObject(item) || Array.isArray(item)) {
        // A JSON field pasted as a JSON value instead of JSON text: keep it as the text it means.
        out[name] = JSON.stringify(item);
        this.fixed(`${field}.${name}`, 'was a JSON value; kept as JSON text');
      } else this.invalid(`${field}.${name}`, 'must be text');
    }
    return out;
  }

  headers(field: string): [string, string][] {
    const value = this.raw[field];
    if (value === undefined) return [];
    if (Array.isArray(value) && value.every((h) => Array.isArray(h) && h.length === 2 && h.every((x) => typeof x === 'string'))) {
      return value as [string, string][];
    }
    if (isObject(value) && Object.values(value).every((x) => typeof x === 'string')) {
      this.fixed(field, 'was an object; turned into [name, value] pairs');
      return Object.entries(value as Record<string, string>);
    }
    this.invalid(field, 'must be a list of [name, value] pairs');
    return [];
  }
}

export function validateDraft(raw: unknown, path: string): Validated<RequestDraft> {
  if (!isObject(raw)) return { problems: [{ path, message: 'must be an object with endpoint and inputs', severity: 'invalid' }] };
  const r = new Reader(raw, path);
  const endpoint = r.requiredString('endpoint');
  if (endpoint && !isEndpointId(endpoint)) r.invalid('endpoint', `"${endpoint}" is not an endpoint this version knows`);
  const inputs = r.textMap('inputs', false) ?? {};
  const wire = r.textMap('wire', true);
  let variant = r.optionalString('variant');
  if (variant !== undefined && endpoint && isEndpointId(endpoint) && !getEndpoint(endpoint).variants.some((v) => v.id === variant)) {
    r.fixed('variant', `"${variant}" is not a variant of ${endpoint}; the default variant is used`);
    variant = undefined;
  }
  if (!r.ok) return { problems: r.problems };
  const draft: RequestDraft = { endpoint: endpoint as RequestDraft['endpoint'], inputs };
  if (variant !== undefined) draft.variant = variant;
  if (wire && Object.keys(wire).length) draft.wire = wire;
  return { value: draft, problems: r.problems };
}

function readEnvironmentRef(r: Reader): EnvironmentRefV1 {
  const ref: EnvironmentRefV1 = {
    id: r.requiredString('id'),
    name: r.optionalString('name') ?? '',
    target: r.target('target'),
    merchantId: r.optionalString('merchantId') ?? '',
  };
  const customUrl = r.optionalString('customUrl');
  if (customUrl) ref.customUrl = customUrl;
  return ref;
}

function validateEnvironmentRef(raw: unknown, path: string): Validated<EnvironmentRefV1> {
  if (raw === undefined || raw === null) return { problems: [] };
  if (!isObject(raw)) return { problems: [{ path, message: 'was not an object; removed', severity: 'fixed' }] };
  const r = new Reader(raw, path);
  const ref = readEnvironmentRef(r);
  for (const key of [...SECRET_KEYS, 'secrets']) if (key in raw) r.fixed(key, 'a secret has no place here; removed');
  // A broken reference only loses the link to an environment, never the preset.
  if (!r.ok) return { problems: r.problems.map((p) => ({ ...p, severity: 'fixed', message: `${p.message}; environment dropped` })) };
  return { value: ref, problems: r.problems };
}

function tagsOf(r: Reader): string[] {
  const value = r.raw.tags;
  if (value === undefined) return [];
  if (typeof value === 'string') {
    r.fixed('tags', 'was one text; split at commas');
    return uniqueTags(value.split(','));
  }
  if (!Array.isArray(value)) {
    r.fixed('tags', 'was not a list; removed');
    return [];
  }
  const strings = value.filter((t): t is string => typeof t === 'string');
  if (strings.length !== value.length) r.fixed('tags', 'had entries that were not text; removed');
  const tags = uniqueTags(strings);
  if (tags.length !== strings.length) r.fixed('tags', 'had blank or repeated tags; removed');
  return tags;
}

export const uniqueTags = (tags: readonly string[]): string[] => [...new Set(tags.map((t) => t.trim()).filter(Boolean))];

export function validatePreset(raw: unknown, path = 'preset', now = 0): Validated<PresetV1> {
  if (!isObject(raw)) return { problems: [{ path, message: 'must be an object', severity: 'invalid' }] };
  const r = new Reader(raw, path);
  const id = r.requiredString('id');
  let name = r.optionalString('name')?.trim() ?? '';
  if (!name) {
    name = 'Untitled preset';
    r.fixed('name', 'was empty; named "Untitled preset"');
  }
  const draft = validateDraft(raw.draft, r.at('draft'));
  r.problems.push(...draft.problems);
  const environment = validateEnvironmentRef(raw.environment, r.at('environment'));
  r.problems.push(...environment.problems);
  const folder = (r.optionalString('folder') ?? '').split('/').map((s) => s.trim()).filter(Boolean).join('/');
  const tags = tagsOf(r);
  const createdAt = r.time('createdAt', now);
  const updatedAt = r.time('updatedAt', createdAt);
  const rev = r.counter('rev');
  if (!r.ok || !draft.value) return { problems: r.problems };
  const preset: PresetV1 = { v: 1, kind: 'preset', id, name, folder, tags, draft: draft.value, createdAt, updatedAt, rev };
  if (environment.value) preset.environment = environment.value;
  return { value: preset, problems: r.problems };
}

export function validateEnvironment(raw: unknown, path = 'environment', now = 0): Validated<EnvironmentV1> {
  if (!isObject(raw)) return { problems: [{ path, message: 'must be an object', severity: 'invalid' }] };
  const r = new Reader(raw, path);
  const ref = readEnvironmentRef(r);
  if (!ref.name) {
    ref.name = ref.target;
    r.fixed('name', 'was empty; named after its target');
  }
  const rememberSecrets = raw.rememberSecrets === true;
  let secrets: Credentials | undefined;
  if (isObject(raw.secrets)) {
    if (!rememberSecrets) r.fixed('secrets', 'were stored although remembering was off; removed');
    else {
      secrets = {};
      for (const key of SECRET_KEYS) {
        const value = raw.secrets[key];
        if (typeof value === 'string' && value) secrets[key] = value;
      }
    }
  }
  const updatedAt = r.time('updatedAt', now);
  const rev = r.counter('rev');
  if (!r.ok) return { problems: r.problems };
  const environment: EnvironmentV1 = { v: 1, kind: 'environment', ...ref, rememberSecrets, updatedAt, rev };
  if (secrets && Object.keys(secrets).length) environment.secrets = secrets;
  return { value: environment, problems: r.problems };
}

function validateMessage(raw: unknown, path: string, r: Reader): HttpMessageV1 | undefined {
  if (!isObject(raw)) {
    r.invalid(path, 'must be an object');
    return undefined;
  }
  const m = new Reader(raw, r.at(path));
  const message = { headers: m.headers('headers'), body: m.optionalString('body') ?? '', truncated: raw.truncated === true };
  r.problems.push(...m.problems);
  return message;
}

export function validateHistoryEntry(raw: unknown, path = 'history', now = 0): Validated<HistoryEntryV1> {
  if (!isObject(raw)) return { problems: [{ path, message: 'must be an object', severity: 'invalid' }] };
  const r = new Reader(raw, path);
  const id = r.requiredString('id');
  const at = r.time('at', now);
  const draft = validateDraft(raw.draft, r.at('draft'));
  r.problems.push(...draft.problems);
  const environment = validateEnvironmentRef(raw.environment, r.at('environment'));
  r.problems.push(...environment.problems);
  const target = r.target('target');
  const request = validateMessage(raw.request, 'request', r);
  const requestRaw = isObject(raw.request) ? new Reader(raw.request, r.at('request')) : undefined;
  const method = requestRaw?.optionalString('method') ?? 'POST';
  const url = requestRaw?.optionalString('url') ?? '';
  if (requestRaw) r.problems.push(...requestRaw.problems);
  let response: HistoryEntryV1['response'];
  if (raw.response !== undefined && raw.response !== null) {
    const message = validateMessage(raw.response, 'response', r);
    if (message && isObject(raw.response)) {
      const status = raw.response.status;
      const durationMs = raw.response.durationMs;
      response = {
        ...message,
        status: typeof status === 'number' ? status : 0,
        statusText: typeof raw.response.statusText === 'string' ? raw.response.statusText : '',
        durationMs: typeof durationMs === 'number' && durationMs >= 0 ? durationMs : 0,
      };
      if (typeof status !== 'number') r.fixed('response.status', 'was not a number; set to 0');
    }
  }
  const error = r.optionalString('error');
  if (!r.ok || !draft.value || !request) return { problems: r.problems };
  const entry: HistoryEntryV1 = { v: 1, kind: 'history', id, at, draft: draft.value, target, request: { ...request, method, url } };
  if (environment.value) entry.environment = environment.value;
  if (response) entry.response = response;
  if (error) entry.error = error;
  return { value: entry, problems: r.problems };
}

export function validateRecordV1(kind: RecordKind, raw: unknown, path: string, now: number): Validated<RecordV1> {
  if (kind === 'preset') return validatePreset(raw, path, now);
  if (kind === 'environment') return validateEnvironment(raw, path, now);
  return validateHistoryEntry(raw, path, now);
}
