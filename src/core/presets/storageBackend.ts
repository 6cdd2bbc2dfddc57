// What the preset store needs from storage: a few key-value collections with an atomic read-modify-write.
// In the browser that is idb-keyval (src/app/state/storage/); here is the in-memory fallback, used when
// IndexedDB is unavailable (private mode, blocked) and in tests.

/** 'presetIndex' holds one record: the preset list without the presets (presetListIndex.ts). */
export type CollectionName = 'presets' | 'presetIndex' | 'environments' | 'history' | 'quarantine';

export interface KeyValueCollection {
  keys(): Promise<string[]>;
  /** How many records there are, without reading them. */
  count(): Promise<number>;
  entries(): Promise<[string, unknown][]>;
  getMany(keys: readonly string[]): Promise<unknown[]>;
  set(key: string, value: unknown): Promise<void>;
  delMany(keys: readonly string[]): Promise<void>;
  /** Reads and writes one key in one step, so two tabs updating it never interleave. Returning undefined deletes. */
  update(key: string, updater: (old: unknown) => unknown): Promise<void>;
}

export interface StorageBackend {
  readonly kind: 'indexeddb' | 'memory';
  /** Why the in-memory fallback is in use ("IndexedDB is blocked in this private window"). */
  readonly reason?: string;
  collection(name: CollectionName): KeyValueCollection;
}

/** Values are cloned on the way in and out, as IndexedDB does, so callers cannot share mutable state. */
export function createMemoryBackend(reason?: string): StorageBackend {
  const collections = new Map<CollectionName, Map<string, unknown>>();
  const mapOf = (name: CollectionName) => {
    let map = collections.get(name);
    if (!map) collections.set(name, (map = new Map()));
    return map;
  };
  const backend: StorageBackend = {
    kind: 'memory',
    collection(name) {
      const map = mapOf(name);
      return {
        keys: async () => [...map.keys()],
        count: async () => map.size,
        entries: async () => [...map].map(([k, v]) => [k, structuredClone(v)] as [string, unknown]),
        getMany: async (keys) => keys.map((k) => structuredClone(map.get(k))),
        set: async (key, value) => void map.set(key, structuredClone(value)),
        delMany: async (keys) => keys.forEach((k) => map.delete(k)),
        update: async (key, updater) => {
          const next = updater(structuredClone(map.get(key)));
          if (next === undefined) map.delete(key);
          else map.set(key, structuredClone(next));
        },
      };
    },
  };
  if (reason !== undefined) return { ...backend, reason };
  return backend;
}
