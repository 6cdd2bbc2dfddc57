// The preset list without the presets: one small record holding what the list shows and filters on
// (name, folder, tags, endpoint, times, rev) for every preset, so opening the list is one read instead
// of reading and validating every full record. It is a cache of the records, never the truth: each
// save, rename or delete updates it in one atomic read-modify-write, and anything that does not add up
// (missing or damaged: rebuilt; a record count that differs: patched from the keys; a row whose record
// changed or went away: corrected by the store's background check) is put right from the records.
import { isEndpointId } from '../catalog/index.ts';
import type { EndpointId } from '../catalog/types.ts';
import type { Preset } from './schema.ts';

/** The one key of the index collection. */
export const LIST_INDEX_KEY = 'list';
export const LIST_INDEX_VERSION = 1;

/** One row of the preset list. */
export interface PresetListItem {
  id: string;
  name: string;
  folder: string;
  tags: string[];
  endpoint: EndpointId;
  /** The environment's name, when the preset names one. */
  environment?: string;
  createdAt: number;
  updatedAt: number;
  rev: number;
}

/**
 * The stored record. The rows are one JSON string, most recently changed first: IndexedDB hands a
 * string back far faster than 10,000 small objects, JSON.parse is quick, and sorting rows that are in
 * order already costs next to nothing.
 */
export interface PresetListIndexRecord {
  v: typeof LIST_INDEX_VERSION;
  kind: 'preset-list-index';
  /** JSON of PresetListItem[]. */
  rows: string;
  /** Keys of records that are stored but not listed (written by a newer app version), so their
   *  presence is not mistaken for an index that fell behind. */
  unlisted: string[];
}

export interface PresetListIndex {
  items: Map<string, PresetListItem>;
  unlisted: Set<string>;
}

export function listItemOf(preset: Preset): PresetListItem {
  const item: PresetListItem = {
    id: preset.id,
    name: preset.name,
    folder: preset.folder,
    tags: [...preset.tags],
    endpoint: preset.draft.endpoint,
    createdAt: preset.createdAt,
    updatedAt: preset.updatedAt,
    rev: preset.rev,
  };
  if (preset.environment) item.environment = preset.environment.name;
  return item;
}

export function sameListItem(a: PresetListItem, b: PresetListItem): boolean {
  return (
    a.id === b.id &&
    a.rev === b.rev &&
    a.name === b.name &&
    a.folder === b.folder &&
    a.endpoint === b.endpoint &&
    a.environment === b.environment &&
    a.createdAt === b.createdAt &&
    a.updatedAt === b.updatedAt &&
    a.tags.length === b.tags.length &&
    a.tags.every((t, i) => t === b.tags[i])
  );
}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const isTime = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x) && x >= 0;

function isListItem(x: unknown): x is PresetListItem {
  return (
    isObject(x) &&
    typeof x.id === 'string' &&
    typeof x.name === 'string' &&
    typeof x.folder === 'string' &&
    Array.isArray(x.tags) &&
    x.tags.every((t) => typeof t === 'string') &&
    typeof x.endpoint === 'string' &&
    isEndpointId(x.endpoint) &&
    (x.environment === undefined || typeof x.environment === 'string') &&
    isTime(x.createdAt) &&
    isTime(x.updatedAt) &&
    typeof x.rev === 'number' &&
    Number.isInteger(x.rev)
  );
}

/** The stored index, or undefined when it is missing, from another version, or damaged in any way:
 *  the caller then rebuilds it from the records (it is only a cache, so nothing is lost). */
export function readListIndex(raw: unknown): PresetListIndex | undefined {
  if (!isObject(raw) || raw.v !== LIST_INDEX_VERSION || raw.kind !== 'preset-list-index' || typeof raw.rows !== 'string') return undefined;
  if (!Array.isArray(raw.unlisted) || !raw.unlisted.every((k) => typeof k === 'string')) return undefined;
  let rows: unknown;
  try {
    rows = JSON.parse(raw.rows);
  } catch {
    return undefined;
  }
  if (!Array.isArray(rows)) return undefined;
  const items = new Map<string, PresetListItem>();
  for (const row of rows) {
    if (!isListItem(row) || items.has(row.id)) return undefined;
    items.set(row.id, row);
  }
  return { items, unlisted: new Set(raw.unlisted as string[]) };
}

const byRecent = (a: PresetListItem, b: PresetListItem) => b.updatedAt - a.updatedAt;

export function listIndexRecord(index: PresetListIndex): PresetListIndexRecord {
  const rows = [...index.items.values()].sort(byRecent);
  return { v: LIST_INDEX_VERSION, kind: 'preset-list-index', rows: JSON.stringify(rows), unlisted: [...index.unlisted] };
}

/** What to change in the stored index: rows to put, ids to drop, keys to mark unlisted. */
export interface ListIndexChange {
  put?: readonly PresetListItem[];
  remove?: readonly string[];
  unlisted?: readonly string[];
}

/** Applies `change` to `index` in place. */
export function applyListIndexChange(index: PresetListIndex, change: ListIndexChange): PresetListIndex {
  for (const id of change.remove ?? []) {
    index.items.delete(id);
    index.unlisted.delete(id);
  }
  for (const item of change.put ?? []) {
    index.items.set(item.id, item);
    index.unlisted.delete(item.id);
  }
  for (const key of change.unlisted ?? []) {
    index.items.delete(key);
    index.unlisted.add(key);
  }
  return index;
}

/**
 * How the stored keys and the index disagree: records the index does not know (`missing`: read them),
 * and rows or unlisted keys whose record is gone (`gone`: drop them). Both empty: the index covers
 * exactly the stored records (whether each row is up to date is checked later, against the records).
 */
export function compareWithKeys(index: PresetListIndex, keys: readonly string[]): { missing: string[]; gone: string[] } {
  const stored = new Set(keys);
  const missing = keys.filter((key) => !index.items.has(key) && !index.unlisted.has(key));
  const gone = [...index.items.keys(), ...index.unlisted].filter((key) => !stored.has(key));
  return { missing, gone };
}
