// Presets, environments and history, kept in a StorageBackend (IndexedDB or memory) and cached in memory
// for the UI. One record per key, so two tabs saving different presets never overwrite each other; a
// save of the same preset checks the revision it started from inside an atomic update, and a conflicting
// edit is kept as a copy rather than lost. Records that fail validation are moved to the quarantine
// collection and reported; records written by a newer app version are left untouched.
import type { Credentials, RequestDraft } from './draft.ts';
import { restoreRecord, type QuarantinedRecord, type RestoredData } from './restore.ts';
import { SCHEMA_VERSION, uniqueTags, type EnvironmentRef, type HistoryEntry, type Preset, type RecordKind, type StoredEnvironment, type StoredRecord } from './schema.ts';
import { serializeForExport } from './serializeForExport.ts';
import type { CollectionName, KeyValueCollection, StorageBackend } from './storageBackend.ts';

export const HISTORY_CAP = 200;
/** Response and request bodies kept in history are cut at this many characters. */
export const HISTORY_BODY_LIMIT = 64 * 1024;

export interface StoreChange {
  collection: CollectionName;
  /** Storage keys written or deleted. */
  keys: string[];
  /** 'local': this store made the change (broadcast it); 'remote': reloaded after another tab's message. */
  origin: 'local' | 'remote';
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
}

export interface StoreOptions {
  now?: () => number;
  newId?: () => string;
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
const kindOf: Record<Exclude<CollectionName, 'quarantine'>, RecordKind> = { presets: 'preset', environments: 'environment', history: 'history' };

const byRecent = (a: Preset, b: Preset) => b.updatedAt - a.updatedAt || a.name.localeCompare(b.name);

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

export class PresetStore {
  readonly #backend: StorageBackend;
  readonly #now: () => number;
  readonly #newId: () => string;
  readonly #presets = new Map<string, Preset>();
  readonly #environments = new Map<string, StoredEnvironment>();
  /** Storage key → entry; keys sort by time. */
  readonly #history = new Map<string, HistoryEntry>();
  readonly #listeners = new Set<(change: StoreChange) => void>();
  #quarantine: QuarantineEntry[] = [];
  #sortedPresets: Preset[] | undefined;

  private constructor(backend: StorageBackend, options: StoreOptions) {
    this.#backend = backend;
    this.#now = options.now ?? (() => Date.now());
    this.#newId = options.newId ?? (() => crypto.randomUUID());
  }

  /** Opens the store and loads everything (restore → quarantine → cache). */
  static async open(backend: StorageBackend, options: StoreOptions = {}): Promise<{ store: PresetStore; report: LoadReport }> {
    const store = new PresetStore(backend, options);
    const report = await store.#loadAll();
    return { store, report };
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

  async #loadAll(): Promise<LoadReport> {
    const report: LoadReport = { presets: 0, environments: 0, history: 0, migrated: 0, quarantined: 0, newerVersion: 0, quarantine: [] };
    for (const name of ['presets', 'environments', 'history'] as const) {
      const entries = await this.#collection(name).entries();
      await this.#ingest(name, entries, report);
    }
    this.#quarantine = await this.#readQuarantine();
    report.presets = this.#presets.size;
    report.environments = this.#environments.size;
    report.history = this.#history.size;
    report.quarantine = this.#quarantine;
    return report;
  }

  /** Restores raw records into the cache; moves invalid ones aside; writes migrated ones back. */
  async #ingest(name: Exclude<CollectionName, 'quarantine'>, entries: [string, unknown][], report?: LoadReport): Promise<void> {
    const now = this.#now();
    const rewrite: [string, StoredRecord][] = [];
    const setAside: [string, QuarantinedRecord][] = [];
    for (const [key, raw] of entries) {
      const restored = restoreRecord(raw, kindOf[name], now);
      if (restored.value) {
        this.#cache(name, key, restored.value);
        const version = (raw as { v?: unknown } | null)?.v;
        if (version !== SCHEMA_VERSION || restored.problems.length) rewrite.push([key, restored.value]);
        if (version !== SCHEMA_VERSION && report) report.migrated++;
      } else if (restored.quarantined?.reason === 'newer-version') {
        if (report) report.newerVersion++;
      } else if (restored.quarantined) {
        setAside.push([key, restored.quarantined]);
      }
    }
    const collection = this.#collection(name);
    for (const [key, value] of rewrite) await collection.set(key, value);
    if (setAside.length) {
      const quarantine = this.#collection('quarantine');
      for (const [key, record] of setAside) {
        const entry: QuarantineEntry = { key: `${name}/${key}@${now}`, collection: name, originalKey: key, at: now, record };
        // Written aside first, deleted second: a crash in between leaves a duplicate, never a loss.
        await quarantine.set(entry.key, entry);
      }
      await collection.delMany(setAside.map(([key]) => key));
      if (report) report.quarantined += setAside.length;
      this.#emit({ collection: 'quarantine', keys: setAside.map(([key]) => key), origin: 'local' });
    }
  }

  #cache(name: Exclude<CollectionName, 'quarantine'>, key: string, value: StoredRecord): void {
    if (name === 'presets' && value.kind === 'preset') {
      this.#presets.set(value.id, value);
      this.#sortedPresets = undefined;
    } else if (name === 'environments' && value.kind === 'environment') this.#environments.set(value.id, value);
    else if (name === 'history' && value.kind === 'history') this.#history.set(key, value);
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

  /** Re-reads keys another tab changed (from a BroadcastChannel message) and notifies with origin 'remote'. */
  async reload(collection: CollectionName, keys: readonly string[]): Promise<void> {
    if (collection === 'quarantine') {
      this.#quarantine = await this.#readQuarantine();
    } else {
      const values = await this.#collection(collection).getMany(keys);
      const present: [string, unknown][] = [];
      keys.forEach((key, i) => {
        if (values[i] === undefined) this.#uncache(collection, key);
        else present.push([key, values[i]]);
      });
      await this.#ingest(collection, present);
    }
    this.#emit({ collection, keys: [...keys], origin: 'remote' });
  }

  #uncache(collection: Exclude<CollectionName, 'quarantine'>, key: string): void {
    if (collection === 'presets') {
      this.#presets.delete(key);
      this.#sortedPresets = undefined;
    } else if (collection === 'environments') this.#environments.delete(key);
    else this.#history.delete(key);
  }

  // ---- presets ------------------------------------------------------------------------------------

  /** Most recently changed first. The same array until something changes. */
  presets(): readonly Preset[] {
    this.#sortedPresets ??= [...this.#presets.values()].sort(byRecent);
    return this.#sortedPresets;
  }

  preset(id: string): Preset | undefined {
    return this.#presets.get(id);
  }

  /** Saves a new or edited preset. The draft is stored through the secret-stripping serializer. */
  async savePreset(input: PresetInput, knownSecrets?: Credentials): Promise<SaveResult> {
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
      await this.#collection('presets').set(presetKey(copy.id), copy);
      saved = copy;
    }
    this.#cache('presets', presetKey(saved.id), saved);
    this.#emit({ collection: 'presets', keys: [presetKey(saved.id)], origin: 'local' });
    return conflict ? { preset: saved, savedAsCopy: true } : { preset: saved };
  }

  async #patchPreset(id: string, patch: (preset: Preset) => Partial<Preset>): Promise<Preset> {
    const current = this.#presets.get(id);
    if (!current) throw new Error(`No preset with id ${id}`);
    let saved = current;
    await this.#collection('presets').update(presetKey(id), (old) => {
      // Patch what is stored now (another tab may have saved since), not our cached copy.
      const stored = (old as Preset | undefined) ?? current;
      saved = { ...stored, ...patch(stored), updatedAt: this.#now(), rev: (stored.rev ?? 0) + 1 };
      return saved;
    });
    this.#cache('presets', presetKey(id), saved);
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
    const original = this.#presets.get(id);
    if (!original) throw new Error(`No preset with id ${id}`);
    const taken = new Set([...this.#presets.values()].map((p) => p.name));
    const { preset } = await this.savePreset({ ...original, id: undefined, name: copyName(original.name, taken) });
    return preset;
  }

  /** Deletes presets; the token's undo() puts them back as they were. */
  async deletePresets(ids: readonly string[]): Promise<UndoToken> {
    const removed = ids.map((id) => this.#presets.get(id)).filter((p): p is Preset => p !== undefined);
    const keys = removed.map((p) => presetKey(p.id));
    await this.#collection('presets').delMany(keys);
    for (const key of keys) this.#uncache('presets', key);
    this.#emit({ collection: 'presets', keys, origin: 'local' });
    return {
      count: removed.length,
      undo: async () => {
        const collection = this.#collection('presets');
        for (const preset of removed) {
          // If another tab re-created the id meanwhile, keep theirs and bring ours back as a copy.
          let clash = false;
          await collection.update(presetKey(preset.id), (old) => {
            clash = old !== undefined;
            return old ?? preset;
          });
          const restored = clash ? { ...preset, id: this.#newId() } : preset;
          if (clash) await collection.set(presetKey(restored.id), restored);
          this.#cache('presets', presetKey(restored.id), restored);
        }
        this.#emit({ collection: 'presets', keys, origin: 'local' });
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
      const exists = this.#presets.has(preset.id);
      const id = exists && !options.replace ? undefined : preset.id;
      const { preset: saved } = await this.savePreset({ ...preset, id });
      presets.push(saved);
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
