// THE one function that turns anything from outside — a share link's payload, an imported file, a
// record read back from IndexedDB, a bare request draft someone wrote by hand — into current, valid
// data before the UI sees it. It never throws on bad input and never drops a record silently: what it
// repaired is in `problems`, what it could not use is in `quarantined` with the raw value kept.
import { migrate, NewerVersionError } from './migrations.ts';
import { SCHEMA_VERSION, validateRecord, type HistoryEntry, type Preset, type RecordKind, type SchemaProblem, type StoredEnvironment, type StoredRecord } from './schema.ts';

/** The `format` of every document we write (files and link payloads). */
export const DOCUMENT_FORMAT = 'payway-playground';

export interface RestoredData {
  presets: Preset[];
  environments: StoredEnvironment[];
  history: HistoryEntry[];
  /** The document says it carries secrets (a file exported with "include secrets"). */
  secretsIncluded: boolean;
}

export interface QuarantinedRecord {
  /** The value exactly as it came in. */
  raw: unknown;
  kind?: RecordKind;
  id?: string;
  /** 'invalid': could not be repaired; 'newer-version': written by a newer app, left for it. */
  reason: 'invalid' | 'newer-version';
  problems: string[];
}

export interface RestoreResult {
  value: RestoredData;
  /** Repairs made and records set aside, worded for the person. */
  problems: SchemaProblem[];
  quarantined: QuarantinedRecord[];
  /** The whole input was unusable: not ours, damaged, or from a newer version. */
  error?: { kind: 'newer-version' | 'not-recognised'; message: string };
}

export interface RestoreOptions {
  /** Time given to records that have none (ms since the epoch). */
  now?: number;
  /** A fresh id for records that come without one (a bare draft). */
  newId?: () => string;
}

type Json = Record<string, unknown>;
const isObject = (x: unknown): x is Json => typeof x === 'object' && x !== null && !Array.isArray(x);
const KINDS: readonly RecordKind[] = ['preset', 'environment', 'history'];
const COLLECTIONS: readonly [keyof Omit<RestoredData, 'secretsIncluded'>, RecordKind][] = [
  ['presets', 'preset'],
  ['environments', 'environment'],
  ['history', 'history'],
];

const emptyData = (): RestoredData => ({ presets: [], environments: [], history: [], secretsIncluded: false });

/** A record's kind: its `kind`, else what the collection it came in says, else its shape. */
function kindOf(raw: Json, fallback?: RecordKind): RecordKind | undefined {
  if (typeof raw.kind === 'string' && (KINDS as readonly string[]).includes(raw.kind)) return raw.kind as RecordKind;
  if (fallback) return fallback;
  if ('draft' in raw && 'request' in raw) return 'history';
  if ('draft' in raw) return 'preset';
  if ('target' in raw && 'merchantId' in raw) return 'environment';
  return undefined;
}

export function restore(input: unknown, options: RestoreOptions = {}): RestoreResult {
  const now = options.now ?? Date.now();
  const result: RestoreResult = { value: emptyData(), problems: [], quarantined: [] };

  /** `impliedVersion`: the version of the document a record came in, for records without their own. */
  const restoreOne = (raw: unknown, path: string, fallback?: RecordKind, impliedVersion?: number): void => {
    const kind = isObject(raw) ? kindOf(raw, fallback) : undefined;
    const id = isObject(raw) && typeof raw.id === 'string' ? raw.id : undefined;
    const setAside = (reason: QuarantinedRecord['reason'], problems: string[]) => {
      result.quarantined.push({ raw, kind, id, reason, problems });
      result.problems.push({ path, message: `set aside: ${problems.join('; ')}`, severity: 'invalid' });
    };
    if (!isObject(raw) || !kind) {
      setAside('invalid', ['not a preset, environment or history entry']);
      return;
    }
    let record = raw;
    if (record.v === undefined && impliedVersion !== undefined) record = { ...record, v: impliedVersion };
    else if (record.v === undefined) {
      // Hand-written or pre-versioning data: read it as the current version and say so.
      result.problems.push({ path, message: `had no schema version; read as version ${SCHEMA_VERSION}`, severity: 'fixed' });
      record = { ...record, v: SCHEMA_VERSION };
    }
    try {
      record = migrate(record, kind).record;
    } catch (error) {
      if (error instanceof NewerVersionError) setAside('newer-version', [error.message]);
      else setAside('invalid', [error instanceof Error ? error.message : String(error)]);
      return;
    }
    const validated = validateRecord(kind, record, path, now);
    const invalid = validated.problems.filter((p) => p.severity === 'invalid');
    if (!validated.value || invalid.length) {
      setAside('invalid', invalid.map((p) => `${p.path} ${p.message}`));
      return;
    }
    result.problems.push(...validated.problems);
    const value: StoredRecord = validated.value;
    if (value.kind === 'preset') result.value.presets.push(value);
    else if (value.kind === 'environment') result.value.environments.push(value);
    else result.value.history.push(value);
  };

  if (Array.isArray(input)) {
    input.forEach((item, i) => restoreOne(item, `[${i}]`));
    return result;
  }
  if (!isObject(input)) {
    result.error = { kind: 'not-recognised', message: 'This is not PayWay Playground data (expected a JSON object).' };
    return result;
  }

  if (input.format === DOCUMENT_FORMAT || 'presets' in input || 'environments' in input || 'history' in input) {
    if (input.format !== undefined && input.format !== DOCUMENT_FORMAT) {
      result.error = { kind: 'not-recognised', message: `This file is not from PayWay Playground (format "${String(input.format)}").` };
      return result;
    }
    const version = input.version ?? SCHEMA_VERSION;
    if (typeof version === 'number' && version > SCHEMA_VERSION) {
      result.error = { kind: 'newer-version', message: `This ${new NewerVersionError(version).message}` };
      return result;
    }
    if (input.version === undefined) result.problems.push({ path: 'version', message: `missing; read as version ${SCHEMA_VERSION}`, severity: 'fixed' });
    for (const [collection, kind] of COLLECTIONS) {
      const items = input[collection];
      if (items === undefined) continue;
      if (!Array.isArray(items)) {
        result.problems.push({ path: collection, message: 'is not a list; nothing read from it', severity: 'invalid' });
        result.quarantined.push({ raw: items, reason: 'invalid', problems: [`${collection} is not a list`] });
        continue;
      }
      // Records inside a document carry no version of their own: they have the document's.
      items.forEach((item, i) => restoreOne(item, `${collection}[${i}]`, kind, typeof version === 'number' ? version : undefined));
    }
    result.value.secretsIncluded = input.secretsIncluded === true && result.value.environments.some((e) => e.secrets);
    return result;
  }

  if ('kind' in input || 'v' in input) {
    restoreOne(input, kindOf(input) ?? 'record');
    return result;
  }
  if ('endpoint' in input && 'inputs' in input) {
    // A bare request draft: wrap it in a preset.
    restoreOne({ v: SCHEMA_VERSION, kind: 'preset', id: options.newId?.() ?? `draft-${now}`, name: String(input.endpoint), draft: input, createdAt: now, updatedAt: now, rev: 0 }, 'draft');
    return result;
  }
  result.error = { kind: 'not-recognised', message: 'This is not PayWay Playground data (no presets, environments, history or request draft in it).' };
  return result;
}

/** One record read from storage: the current value, or why it was set aside. */
export function restoreRecord(raw: unknown, kind: RecordKind, now?: number): { value?: StoredRecord; problems: SchemaProblem[]; quarantined?: QuarantinedRecord } {
  const withKind = isObject(raw) && raw.kind === undefined ? { ...raw, kind } : raw;
  const result = restore(isObject(withKind) ? withKind : [withKind], { now });
  const value = result.value.presets[0] ?? result.value.environments[0] ?? result.value.history[0];
  return { value, problems: result.problems, quarantined: result.quarantined[0] };
}
