// Presets, environments and history, kept in a StorageBackend (IndexedDB or memory) and cached in memory
// for the UI. One record per key, so two tabs saving different presets never overwrite each other; a
// save of the same preset checks the revision it started from inside an atomic update, and a conflicting
// edit is kept as a copy rather than lost. Records that fail validation are moved to the quarantine
// collection and reported; records written by a newer app version are left untouched.
//
// Opening is in two steps so 10,000 presets show at once: openList() reads the list index (one record:
// the rows of the list, presetListIndex.ts) and the stored keys, and patches or rebuilds the index when
// the two disagree; then `verified` reads every full record in the background, validates it, sets the
// invalid ones aside and corrects any row that was out of date. open() does both before it returns.
import type { Credentials, RequestDraft } from './draft.ts';
import {
  applyListIndexChange,
  compareWithKeys,
  LIST_INDEX_KEY,
  listIndexRecord,
  listItemOf,
  readListIndex,
  sameListItem,
  type ListIndexChange,
  type PresetListIndex,
  type PresetListItem,
} from './presetListIndex.ts';
import { restoreRecord, type QuarantinedRecord, type RestoredData } from './restore.ts';
import { SCHEMA_VERSION, uniqueTags, type EnvironmentRef, type HistoryEntry, type Preset, type RecordKind, type StoredEnvironment, type StoredRecord } from './schema.ts';
import { serializeForExport } from './serializeForExport.ts';
import type { CollectionName, KeyValueCollection, StorageBackend } from './storageBackend.ts';

export type { PresetListItem } from './presetListIndex.ts';

export const HISTORY_CAP = 200;
/** Response and request bodies kept in history are cut at this many characters. */
export const HISTORY_BODY_LIMIT = 64 * 1024;
/** Records read and checked per step of the background check, between which the page can paint. */
const CHECK_BATCH = 500;

type RecordCollection = Exclude<CollectionName, 'quarantine' | 'presetIndex'>;

export interface StoreChange {
  collection: CollectionName;
  /** Storage keys written or deleted. */
  keys: string[];
  /** 'local': this store made the change (broadcast it); 'remote': reloaded after another tab's message;
   *  'checked': the background check corrected this tab's view (nothing to broadcast). */
  origin: 'local' | 'remote' | 'checked';
}

export interface QuarantineEntry {
  /** Key in the quarantine collection. */
  key: string;
  collection: CollectionName;
  originalKey: string;
  at: number;
  record: QuarantinedRecord;
}

export interface LoadReport {
  presets: number;
  environments: number;
  history: number;
  /** Older records lifted to the current version (and written back). */
  migrated: number;
  /** Records moved aside this time because they failed validation. */
  quarantined: number;
  /** Records from a newer app version, left in place and not shown. */
  newerVersion: number;
  /** Everything in quarantine, including earlier loads. */
  quarantine: QuarantineEntry[];
  /** How the list was read: 'used' the index as stored; 'repaired' the index lacked records (read
   *  one by one) or listed deleted ones; 'rebuilt' it was missing or damaged, so every record was read. */
  listIndex: 'used' | 'repaired' | 'rebuilt';
  /** Rows of the index found out of date against their record by the background check, and corrected. */
  listRowsCorrected: number;
}

export interface StoreOptions {
  now?: () => number;
  newId?: () => string;
  /** Lets the page paint between batches of the background check (tests pass one that does not wait). */
  pause?: () => Promise<void>;
}

export interface PresetInput {
  /** Absent: a new preset. */
  id?: string;
  name: string;
  draft: RequestDraft;
  environment?: EnvironmentRef;
  tags?: readonly string[];
  folder?: string;
  /** The rev the editor loaded; a different stored rev means another tab saved in between. */
  baseRev?: number;
}

export interface SaveResult {
  preset: Preset;
  /** Set when another tab had changed the preset since it was loaded: ours was saved as this copy. */
  savedAsCopy?: boolean;
}

export interface HistoryInput {
  at?: number;
  draft: RequestDraft;
  environment?: EnvironmentRef;
  target: HistoryEntry['target'];
  request: { method: string; url: string; headers: [string, string][]; body: string };
  response?: { status: number; statusText: string; headers: [string, string][]; body: string; durationMs: number };
  error?: string;
}

export interface EnvironmentInput extends Omit<EnvironmentRef, 'id'> {
  id?: string;
}

export interface UndoToken {
  count: number;
  undo(): Promise<void>;
}

const presetKey = (id: string) => id;
const historyKey = (at: number, id: string) => `${String(Math.floor(at)).padStart(15, '0')}-${id}`;
const kindOf: Record<RecordCollection, RecordKind> = { presets: 'preset', environments: 'environment', history: 'history' };

const collator = new Intl.Collator();
const byRecent = (a: { updatedAt: number; name: string }, b: { updatedAt: number; name: string }) => b.updatedAt - a.updatedAt || collator.compare(a.name, b.name);
const emptyReport = (): LoadReport => ({ presets: 0, environments: 0, history: 0, migrated: 0, quarantined: 0, newerVersion: 0, quarantine: [], listIndex: 'used', listRowsCorrected: 0 });
const defaultPause = () => new Promise<void>((resolve) => setTimeout(resolve, 0));
const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function cut(body: string): { body: string; truncated: boolean } {
  return body.length > HISTORY_BODY_LIMIT ? { body: body.slice(0, HISTORY_BODY_LIMIT), truncated: true } : { body, truncated: false };
}

/** A name not yet used: "Refund" → "Refund (copy)" → "Refund (copy 2)". */
function copyName(name: string, taken: ReadonlySet<string>): string {
  const base = name.replace(/ \(copy(?: \d+)?\)$/, '');
  for (let n = 1; ; n++) {
    const candidate = `${base} (copy${n === 1 ? '' : ` ${n}`})`;
    if (!taken.has(candidate)) return candidate;
  }
}

/** What one pass of restore over raw records found. */
interface Ingested {
  /** Presets now cached, with their rows. */
  listed: PresetListItem[];
  /** Keys left in place for a newer app. */
  unlisted: string[];
  /** Keys moved to the quarantine. */
  setAside: string[];
}

export class PresetStore {
  readonly #backend: StorageBackend;
  readonly #now: () => number;
  readonly #newId: () => string;
  readonly #pause: () => Promise<void>;
  /** Full records read so far (all of them once `verified` has resolved). */
  readonly #presets = new Map<string, Preset>();
  /** Every preset's row: the list. */
  readonly #list = new Map<string, PresetListItem>();
  /** Keys of stored presets from a newer app version. */
  readonly #unlisted = new Set<string>();
  readonly #environments = new Map<string, StoredEnvironment>();
  /** Storage key → entry; keys sort by time. */
  readonly #history = new Map<string, HistoryEntry>();
  readonly #listeners = new Set<(change: StoreChange) => void>();
  #quarantine: QuarantineEntry[] = [];
  #sortedPresets: Preset[] | undefined;
  #sortedList: PresetListItem[] | undefined;
  /** Preset ids changed while the background check runs: its older reading of them must not win. */
  #touched: Set<string> | undefined;
  #verified: Promise<LoadReport> = Promise.resolve(emptyReport());

  private constructor(backend: StorageBackend, options: StoreOptions) {
    this.#backend = backend;
    this.#now = options.now ?? (() => Date.now());
    this.#newId = options.newId ?? (() => crypto.randomUUID());
    this.#pause = options.pause ?? defaultPause;
  }

  /** Opens the store and loads everything (list, then every record checked, history and quarantine). */
  static async open(backend: StorageBackend, options: StoreOptions = {}): Promise<{ store: PresetStore; report: LoadReport }> {
    const store = await PresetStore.openList(backend, options);
    return { store, report: await store.verified };
  }

  /**
   * Opens the store as soon as the list can be shown: list() and environments() are ready; full records
   * load on demand (loadPreset) and all of them, with history, once `verified` resolves.
   */
  static async openList(backend: StorageBackend, options: StoreOptions = {}): Promise<PresetStore> {
    const store = new PresetStore(backend, options);
    const report = emptyReport();
    const checked = await store.#loadList(report);
    store.#touched = checked ? undefined : new Set();
    store.#verified = store.#check(report, checked);
    // A failure of the background check must not go unhandled when nobody awaits `verified`.
    store.#verified.catch(() => {});
    return store;
  }

  /** Resolves when every record has been read and checked; the report says what was found. */
  get verified(): Promise<LoadReport> {
    return this.#verified;
  }

  get backendKind(): StorageBackend['kind'] {
    return this.#backend.kind;
  }
  get backendReason(): string | undefined {
    return this.#backend.reason;
  }

  #collection(name: CollectionName): KeyValueCollection {
    return this.#backend.collection(name);
  }

  /** Reads the list from the index, patching or rebuilding it. True when every preset record was read. */
  async #loadList(report: LoadReport): Promise<boolean> {
    const presets = this.#collection('presets');
    // The record count needs no record read: when it matches the index, the index is used as it is
    // (rows out of date or swapped keys are caught by the background check).
    const [[rawIndex], count, environments] = await Promise.all([
      this.#collection('presetIndex').getMany([LIST_INDEX_KEY]),
      presets.count(),
      this.#collection('environments').entries(),
    ]);
    await this.#ingest('environments', environments, report);
    const index = readListIndex(rawIndex);
    if (!index) {
      const ingested = await this.#ingest('presets', await presets.entries(), report);
      await this.#updateIndex({ put: ingested.listed, unlisted: ingested.unlisted, remove: ingested.setAside }, true);
      report.listIndex = 'rebuilt';
      report.presets = this.#list.size;
      return true;
    }
    for (const [id, item] of index.items) this.#list.set(id, item);
    for (const key of index.unlisted) this.#unlisted.add(key);
    if (count !== index.items.size + index.unlisted.size) {
      await this.#reconcileKeys(await presets.keys(), report);
      report.listIndex = 'repaired';
    }
    report.presets = this.#list.size;
    return false;
  }

  /** Makes the list cover exactly the stored keys: reads records it lacks, drops rows whose record is
   *  gone. Keys changed since the check started are left alone. True when something changed. */
  async #reconcileKeys(keys: readonly string[], report: LoadReport): Promise<boolean> {
    const untouched = (key: string) => !this.#touched?.has(key);
    const { missing, gone } = compareWithKeys({ items: this.#list, unlisted: this.#unlisted }, keys);
    const dropped = gone.filter(untouched);
    const wanted = missing.filter(untouched);
    if (!dropped.length && !wanted.length) return false;
    for (const key of dropped) this.#forget(key);
    const values = wanted.length ? await this.#collection('presets').getMany(wanted) : [];
    const entries = wanted.map((key, i) => [key, values[i]] as [string, unknown]).filter(([, raw]) => raw !== undefined);
    const ingested = await this.#ingest('presets', entries, report, untouched);
    await this.#updateIndex({ put: ingested.listed, unlisted: ingested.unlisted, remove: [...dropped, ...ingested.setAside] });
    return true;
  }

  /** The background check: every preset record read in batches, validated and compared with its row;
   *  then history and the quarantine. */
  async #check(report: LoadReport, presetsChecked: boolean): Promise<LoadReport> {
    if (!presetsChecked) {
      const presets = this.#collection('presets');
      const keys = await presets.keys();
      if (await this.#reconcileKeys(keys, report)) {
        report.listIndex = 'repaired';
        this.#emit({ collection: 'presets', keys: [...keys], origin: 'checked' });
      }
      const corrected: PresetListItem[] = [];
      const setAside: string[] = [];
      const unlisted: string[] = [];
      const untouched = (key: string) => !this.#touched?.has(key);
      const listed = keys.filter((key) => !this.#unlisted.has(key));
      for (let start = 0; start < listed.length; start += CHECK_BATCH) {
        if (start) await this.#pause();
        const batch = listed.slice(start, start + CHECK_BATCH).filter((key) => untouched(key) && !this.#presets.has(key));
        const values = await presets.getMany(batch);
        const entries = batch.map((key, i) => [key, values[i]] as [string, unknown]).filter(([key, raw]) => raw !== undefined && untouched(key));
        const before = new Map(entries.map(([key]) => [key, this.#list.get(key)]));
        const ingested = await this.#ingest('presets', entries, report, untouched);
        for (const item of ingested.listed) {
          const row = before.get(item.id);
          if (!row || !sameListItem(row, item)) corrected.push(item);
        }
        setAside.push(...ingested.setAside);
        unlisted.push(...ingested.unlisted);
      }
      const change = { put: corrected.filter((i) => untouched(i.id)), remove: setAside, unlisted: unlisted.filter(untouched) };
      if (change.put.length || change.remove.length || change.unlisted.length) {
        await this.#updateIndex(change);
        report.listRowsCorrected = change.put.length;
        this.#emit({ collection: 'presets', keys: [...change.put.map((i) => i.id), ...change.unlisted], origin: 'checked' });
      }
    }
    this.#touched = undefined;
    await this.#ingest('history', await this.#collection('history').entries(), report);
    this.#quarantine = await this.#readQuarantine();
    report.presets = this.#list.size;
    report.environments = this.#environments.size;
    report.history = this.#history.size;
    report.quarantine = this.#quarantine;
    return report;
  }

  /**
   * Restores raw records into the cache; moves invalid ones aside; writes migrated ones back (only if
   * the stored value is still the one read). `accept` can refuse a key at the last moment (changed since).
   */
  async #ingest(name: RecordCollection, entries: [string, unknown][], report?: LoadReport, accept: (key: string) => boolean = () => true): Promise<Ingested> {
    const now = this.#now();
    const rewrite: [string, unknown, StoredRecord][] = [];
    const setAside: [string, QuarantinedRecord][] = [];
    const ingested: Ingested = { listed: [], unlisted: [], setAside: [] };
    for (const [key, raw] of entries) {
      const restored = restoreRecord(raw, kindOf[name], now);
      if (restored.value) {
        if (!accept(key)) continue;
        this.#cache(name, key, restored.value);
        if (restored.value.kind === 'preset') ingested.listed.push(this.#list.get(restored.value.id)!);
        const version = (raw as { v?: unknown } | null)?.v;
        if (version !== SCHEMA_VERSION || restored.problems.length) rewrite.push([key, raw, restored.value]);
        if (version !== SCHEMA_VERSION && report) report.migrated++;
      } else if (restored.quarantined?.reason === 'newer-version') {
        if (report) report.newerVersion++;
        if (name === 'presets') {
          this.#forget(key);
          this.#unlisted.add(key);
          ingested.unlisted.push(key);
        }
      } else if (restored.quarantined) {
        setAside.push([key, restored.quarantined]);
      }
    }
    const collection = this.#collection(name);
    for (const [key, raw, value] of rewrite) await collection.update(key, (old) => (sameJson(old, raw) ? value : old));
    if (setAside.length) {
      const quarantine = this.#collection('quarantine');
      for (const [key, record] of setAside) {
        const entry: QuarantineEntry = { key: `${name}/${key}@${now}`, collection: name, originalKey: key, at: now, record };
        // Written aside first, deleted second: a crash in between leaves a duplicate, never a loss.
        await quarantine.set(entry.key, entry);
        this.#quarantine = [...this.#quarantine.filter((q) => q.key !== entry.key), entry];
      }
      const keys = setAside.map(([key]) => key);
      await collection.delMany(keys);
      for (const key of keys) this.#uncache(name, key);
      ingested.setAside = keys;
      if (report) report.quarantined += setAside.length;
      this.#emit({ collection: name, keys, origin: 'local' });
      this.#emit({ collection: 'quarantine', keys, origin: 'local' });
    }
    return ingested;
  }

  #cache(name: RecordCollection, key: string, value: StoredRecord): void {
    if (name === 'presets' && value.kind === 'preset') {
      this.#presets.set(value.id, value);
      this.#sortedPresets = undefined;
      const row = this.#list.get(value.id);
      const fresh = listItemOf(value);
      if (!row || !sameListItem(row, fresh)) {
        this.#list.set(value.id, fresh);
        this.#sortedList = undefined;
      }
      this.#unlisted.delete(value.id);
    } else if (name === 'environments' && value.kind === 'environment') this.#environments.set(value.id, value);
    else if (name === 'history' && value.kind === 'history') this.#history.set(key, value);
  }

  #uncache(collection: RecordCollection, key: string): void {
    if (collection === 'presets') this.#forget(key);
    else if (collection === 'environments') this.#environments.delete(key);
    else this.#history.delete(key);
  }

  /** Drops a preset from the cache and the list. */
  #forget(id: string): void {
    if (this.#presets.delete(id)) this.#sortedPresets = undefined;
    if (this.#list.delete(id)) this.#sortedList = undefined;
    this.#unlisted.delete(id);
  }

  /** Marks presets changed now, so the background check leaves them alone. */
  #touch(ids: Iterable<string>): void {
    if (this.#touched) for (const id of ids) this.#touched.add(id);
  }

  /**
   * Applies a change to the stored list index in one atomic read-modify-write, so two tabs saving at
   * once both land in it. A missing or damaged stored index is replaced by this tab's list (`replace`:
   * always, after a rebuild), which the next open checks against the stored keys again.
   */
  async #updateIndex(change: ListIndexChange, replace = false): Promise<void> {
    const fromMemory = (): PresetListIndex => ({ items: new Map(this.#list), unlisted: new Set(this.#unlisted) });
    await this.#collection('presetIndex').update(LIST_INDEX_KEY, (old) => {
      const stored = replace ? undefined : readListIndex(old);
      return listIndexRecord(applyListIndexChange(stored ?? fromMemory(), change));
    });
  }

  async #readQuarantine(): Promise<QuarantineEntry[]> {
    const entries = await this.#collection('quarantine').entries();
    return entries.map(([, value]) => value as QuarantineEntry).sort((a, b) => a.at - b.at);
  }

  // ---- change notification ------------------------------------------------------------------------

  /** Called after every change, local or reloaded from another tab. Returns the unsubscribe function. */
  subscribe(listener: (change: StoreChange) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #emit(change: StoreChange): void {
    for (const listener of this.#listeners) listener(change);
  }

  /** Re-reads keys another tab changed (from a BroadcastChannel message) and notifies with origin 'remote'.
   *  The other tab has updated the list index already. */
  async reload(collection: CollectionName, keys: readonly string[]): Promise<void> {
    if (collection === 'presetIndex') return;
    if (collection === 'quarantine') {
      this.#quarantine = await this.#readQuarantine();
    } else {
      if (collection === 'presets') this.#touch(keys);
      const values = await this.#collection(collection).getMany(keys);
      const present: [string, unknown][] = [];
      keys.forEach((key, i) => {
        if (values[i] === undefined) this.#uncache(collection, key);
        else present.push([key, values[i]]);
      });
      const ingested = await this.#ingest(collection, present);
      if (ingested.setAside.length || ingested.unlisted.length) await this.#updateIndex({ remove: ingested.setAside, unlisted: ingested.unlisted });
    }
    this.#emit({ collection, keys: [...keys], origin: 'remote' });
  }

  // ---- presets ------------------------------------------------------------------------------------

  /** Every preset's row, most recently changed first. The same array until something changes. */
  list(): readonly PresetListItem[] {
    this.#sortedList ??= [...this.#list.values()].sort(byRecent);
    return this.#sortedList;
  }

  /** Full records read so far, most recently changed first (all of them once `verified` resolved). */
  presets(): readonly Preset[] {
    this.#sortedPresets ??= [...this.#presets.values()].sort(byRecent);
    return this.#sortedPresets;
  }

  /** The full record if it has been read already. */
  preset(id: string): Preset | undefined {
    return this.#presets.get(id);
  }

  /** The full record, read from storage when it is not in memory yet. */
  async loadPreset(id: string): Promise<Preset | undefined> {
    return (await this.loadPresets([id]))[0];
  }

  /** Full records for `ids` (those that exist), reading the ones not in memory in one go. */
  async loadPresets(ids: readonly string[]): Promise<Preset[]> {
    const missing = ids.filter((id) => !this.#presets.has(id) && this.#list.has(id));
    if (missing.length) {
      const values = await this.#collection('presets').getMany(missing.map(presetKey));
      const ingested = await this.#ingest('presets', missing.map((id, i) => [presetKey(id), values[i]] as [string, unknown]).filter(([, raw]) => raw !== undefined));
      if (ingested.setAside.length || ingested.unlisted.length) await this.#updateIndex({ remove: ingested.setAside, unlisted: ingested.unlisted });
    }
    return ids.map((id) => this.#presets.get(id)).filter((p): p is Preset => p !== undefined);
  }

  /** Saves a new or edited preset. The draft is stored through the secret-stripping serializer. */
  async savePreset(input: PresetInput, knownSecrets?: Credentials): Promise<SaveResult> {
    const result = await this.#writePreset(input, knownSecrets);
    await this.#updateIndex({ put: [this.#list.get(result.preset.id)!] });
    this.#emit({ collection: 'presets', keys: [presetKey(result.preset.id)], origin: 'local' });
    return result;
  }

  /** Writes one preset record and caches it; the caller updates the index and notifies. */
  async #writePreset(input: PresetInput, knownSecrets?: Credentials): Promise<SaveResult> {
    const now = this.#now();
    const { value: clean } = serializeForExport(
      { draft: input.draft, environment: input.environment },
      { path: 'storage', knownSecrets: [knownSecrets] },
    );
    const id = input.id ?? this.#newId();
    const base: Preset = {
      v: SCHEMA_VERSION,
      kind: 'preset',
      id,
      name: input.name.trim() || 'Untitled preset',
      folder: (input.folder ?? '').split('/').map((s) => s.trim()).filter(Boolean).join('/'),
      tags: uniqueTags(input.tags ?? []),
      draft: clean.draft,
      createdAt: now,
      updatedAt: now,
      rev: 1,
    };
    if (clean.environment) base.environment = clean.environment;

    let saved: Preset = base;
    let conflict = false;
    this.#touch([id]);
    await this.#collection('presets').update(presetKey(id), (old) => {
      const stored = old as Preset | undefined;
      if (stored && input.baseRev !== undefined && stored.rev !== input.baseRev) {
        conflict = true;
        return stored;
      }
      saved = stored ? { ...base, createdAt: stored.createdAt ?? now, rev: (stored.rev ?? 0) + 1 } : base;
      return saved;
    });
    if (conflict) {
      const copy: Preset = { ...base, id: this.#newId(), name: `${base.name} (changed in another tab)` };
      this.#touch([copy.id]);
      await this.#collection('presets').set(presetKey(copy.id), copy);
      saved = copy;
    }
    this.#cache('presets', presetKey(saved.id), saved);
    return conflict ? { preset: saved, savedAsCopy: true } : { preset: saved };
  }

  async #patchPreset(id: string, patch: (preset: Preset) => Partial<Preset>): Promise<Preset> {
    const current = await this.loadPreset(id);
    if (!current) throw new Error(`No preset with id ${id}`);
    let saved = current;
    this.#touch([id]);
    await this.#collection('presets').update(presetKey(id), (old) => {
      // Patch what is stored now (another tab may have saved since), not our cached copy.
      const stored = (old === undefined ? undefined : (restoreRecord(old, 'preset').value as Preset | undefined)) ?? current;
      saved = { ...stored, ...patch(stored), updatedAt: this.#now(), rev: (stored.rev ?? 0) + 1 };
      return saved;
    });
    this.#cache('presets', presetKey(id), saved);
    await this.#updateIndex({ put: [this.#list.get(id)!] });
    this.#emit({ collection: 'presets', keys: [presetKey(id)], origin: 'local' });
    return saved;
  }

  renamePreset(id: string, name: string): Promise<Preset> {
    return this.#patchPreset(id, (p) => ({ name: name.trim() || p.name }));
  }

  setTags(id: string, tags: readonly string[]): Promise<Preset> {
    return this.#patchPreset(id, () => ({ tags: uniqueTags(tags) }));
  }

  moveToFolder(id: string, folder: string): Promise<Preset> {
    return this.#patchPreset(id, () => ({ folder: folder.split('/').map((s) => s.trim()).filter(Boolean).join('/') }));
  }

  async duplicatePreset(id: string): Promise<Preset> {
    const original = await this.loadPreset(id);
    if (!original) throw new Error(`No preset with id ${id}`);
    const taken = new Set([...this.#list.values()].map((p) => p.name));
    const { preset } = await this.savePreset({ ...original, id: undefined, name: copyName(original.name, taken) });
    return preset;
  }

  /** Deletes presets; the token's undo() puts them back as they were. */
  async deletePresets(ids: readonly string[]): Promise<UndoToken> {
    const removed = await this.loadPresets(ids);
    const keys = removed.map((p) => presetKey(p.id));
    this.#touch(keys);
    await this.#collection('presets').delMany(keys);
    for (const key of keys) this.#forget(key);
    await this.#updateIndex({ remove: keys });
    this.#emit({ collection: 'presets', keys, origin: 'local' });
    return {
      count: removed.length,
      undo: async () => {
        const collection = this.#collection('presets');
        const restoredKeys: string[] = [];
        for (const preset of removed) {
          // If another tab re-created the id meanwhile, keep theirs and bring ours back as a copy.
          let clash = false;
          await collection.update(presetKey(preset.id), (old) => {
            clash = old !== undefined;
            return old ?? preset;
          });
          const restored = clash ? { ...preset, id: this.#newId() } : preset;
          this.#touch([restored.id]);
          if (clash) await collection.set(presetKey(restored.id), restored);
          this.#cache('presets', presetKey(restored.id), restored);
          restoredKeys.push(presetKey(restored.id));
        }
        await this.#updateIndex({ put: restoredKeys.map((id) => this.#list.get(id)!) });
        this.#emit({ collection: 'presets', keys: restoredKeys, origin: 'local' });
      },
    };
  }

  // ---- history ------------------------------------------------------------------------------------

  /** Newest first. */
  history(): HistoryEntry[] {
    return [...this.#history.entries()].sort((a, b) => (a[0] < b[0] ? 1 : -1)).map(([, entry]) => entry);
  }

  /** Records a send (secrets stripped) and drops the oldest entries beyond HISTORY_CAP. */
  async addHistory(input: HistoryInput, knownSecrets?: Credentials): Promise<HistoryEntry> {
    const id = this.#newId();
    const at = input.at ?? this.#now();
    const raw: HistoryEntry = {
      v: SCHEMA_VERSION,
      kind: 'history',
      id,
      at,
      draft: input.draft,
      target: input.target,
      request: { method: input.request.method, url: input.request.url, headers: input.request.headers, ...cut(input.request.body) },
    };
    if (input.environment) raw.environment = input.environment;
    if (input.response) raw.response = { ...input.response, ...cut(input.response.body) };
    if (input.error) raw.error = input.error;
    const { value: entry } = serializeForExport(raw, { path: 'history', knownSecrets: [knownSecrets] });
    const key = historyKey(at, id);
    const collection = this.#collection('history');
    await collection.set(key, entry);
    this.#cache('history', key, entry);
    // Trim against what is stored, not our cache: another tab may have added entries.
    const keys = (await collection.keys()).sort();
    const excess = keys.slice(0, Math.max(0, keys.length - HISTORY_CAP));
    if (excess.length) {
      await collection.delMany(excess);
      for (const old of excess) this.#uncache('history', old);
    }
    this.#emit({ collection: 'history', keys: [key, ...excess], origin: 'local' });
    return entry;
  }

  async deleteHistory(ids: readonly string[]): Promise<void> {
    const wanted = new Set(ids);
    const keys = [...this.#history].filter(([, e]) => wanted.has(e.id)).map(([key]) => key);
    await this.#collection('history').delMany(keys);
    for (const key of keys) this.#uncache('history', key);
    this.#emit({ collection: 'history', keys, origin: 'local' });
  }

  async clearHistory(): Promise<void> {
    const collection = this.#collection('history');
    const keys = await collection.keys();
    await collection.delMany(keys);
    this.#history.clear();
    this.#emit({ collection: 'history', keys, origin: 'local' });
  }

  // ---- environments -------------------------------------------------------------------------------

  environments(): StoredEnvironment[] {
    return [...this.#environments.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  /**
   * Saves an environment. Secrets are written only when `remember` is true; saving with remember false
   * forgets any that were stored.
   */
  async saveEnvironment(input: EnvironmentInput, options: { remember: boolean; secrets?: Credentials }): Promise<StoredEnvironment> {
    const id = input.id ?? this.#newId();
    const secrets: Credentials = {};
    if (options.remember) for (const [k, v] of Object.entries(options.secrets ?? {}) as [keyof Credentials, string | undefined][]) if (v) secrets[k] = v;
    let saved!: StoredEnvironment;
    await this.#collection('environments').update(id, (old) => {
      const stored = old as StoredEnvironment | undefined;
      saved = {
        v: SCHEMA_VERSION,
        kind: 'environment',
        id,
        name: input.name.trim() || input.target,
        target: input.target,
        merchantId: input.merchantId,
        rememberSecrets: options.remember,
        updatedAt: this.#now(),
        rev: (stored?.rev ?? 0) + 1,
      };
      if (input.customUrl) saved.customUrl = input.customUrl;
      if (Object.keys(secrets).length) saved.secrets = secrets;
      return saved;
    });
    this.#cache('environments', id, saved);
    this.#emit({ collection: 'environments', keys: [id], origin: 'local' });
    return saved;
  }

  async deleteEnvironment(id: string): Promise<void> {
    await this.#collection('environments').delMany([id]);
    this.#uncache('environments', id);
    this.#emit({ collection: 'environments', keys: [id], origin: 'local' });
  }

  // ---- quarantine ---------------------------------------------------------------------------------

  quarantine(): readonly QuarantineEntry[] {
    return this.#quarantine;
  }

  /** Quarantined records as a file the user can keep or send (secrets stripped). */
  quarantineAsJson(): string {
    const { value } = serializeForExport(this.#quarantine, { path: 'file' });
    return JSON.stringify(value, null, 2) + '\n';
  }

  /** Deletes a quarantined record for good: only ever on the user's explicit request. */
  async discardQuarantined(keys: readonly string[]): Promise<void> {
    await this.#collection('quarantine').delMany(keys);
    this.#quarantine = this.#quarantine.filter((q) => !keys.includes(q.key));
    this.#emit({ collection: 'quarantine', keys: [...keys], origin: 'local' });
  }

  // ---- import -------------------------------------------------------------------------------------

  /**
   * Adds restored data (from a file or a link). A preset whose id exists already is kept beside it
   * under a new id unless `replace` is set. Imported secrets are kept only with `keepSecrets`.
   */
  async importData(data: RestoredData, options: { keepSecrets?: boolean; replace?: boolean } = {}): Promise<{ presets: Preset[]; environments: number; history: number }> {
    const presets: Preset[] = [];
    for (const preset of data.presets) {
      const exists = this.#list.has(preset.id) || this.#unlisted.has(preset.id);
      const id = exists && !options.replace ? undefined : preset.id;
      const { preset: saved } = await this.#writePreset({ ...preset, id });
      presets.push(saved);
    }
    if (presets.length) {
      // One index update for the whole import, not one per preset.
      await this.#updateIndex({ put: presets.map((p) => this.#list.get(p.id)!) });
      this.#emit({ collection: 'presets', keys: presets.map((p) => presetKey(p.id)), origin: 'local' });
    }
    for (const environment of data.environments) {
      const remember = options.keepSecrets === true && environment.rememberSecrets && !!environment.secrets;
      await this.saveEnvironment(environment, { remember, secrets: remember ? environment.secrets : undefined });
    }
    for (const entry of data.history) await this.addHistory(entry);
    return { presets, environments: data.environments.length, history: data.history.length };
  }
}

/** Where remembered secrets live, in words for the environment panel. */
export function describeSecretStorage(kind: StorageBackend['kind']): string {
  return kind === 'indexeddb'
    ? "Remembered secrets are stored unencrypted in this browser's IndexedDB, for this site only (database \"payway-playground-environments\"). Anyone who can open this browser profile, and any script running on this site, can read them. They are never put in links, exported files (unless you ask), history or code snippets. Untick \"Remember\" to delete them."
    : 'Storage is unavailable, so secrets are kept in memory only and are gone when this tab closes.';
}
