// Where the emulator's state lives between runs: a set of records, one per transaction, session, token,
// delivery, ... (see RECORD_COLLECTIONS), each a JSON text under a key. The emulator reads the records it
// needs and writes only the ones a request changed, in one batch per request, so a write costs the same
// with 10 or 1,000,000 stored transactions. Keyed collections also have secondary indexes
// (recordIndexes.ts), which a store keeps with the records, so that a list reads only what it answers with.
import { indexEntries, INDEXED_COLLECTIONS, type IndexEntry, type IndexName } from './recordIndexes.ts';
import { SortedIndex } from './sortedIndex.ts';

/** The record collections of the state: keyed ones (read by key) and lists (kept in their order). */
export const KEYED_COLLECTIONS = ['transactions', 'sessions', 'links'] as const;
export const LIST_COLLECTIONS = ['merchants', 'tokens', 'beneficiaries', 'payouts', 'deliveries', 'inbox', 'registrations'] as const;
/** `meta` holds the state's version and its settings. */
export const RECORD_COLLECTIONS = [...KEYED_COLLECTIONS, ...LIST_COLLECTIONS, 'meta'] as const;

export type KeyedCollection = (typeof KEYED_COLLECTIONS)[number];
export type ListCollection = (typeof LIST_COLLECTIONS)[number];
export type RecordCollection = (typeof RECORD_COLLECTIONS)[number];

/** One record written (`value` its JSON text) or deleted (`value` null). */
export interface RecordChange {
  collection: RecordCollection;
  key: string;
  value: string | null;
}

/** The records of an opened store. */
export interface StoredRecords {
  /** One record's JSON text, or undefined. Synchronous: handlers read records while they decide. */
  get(collection: RecordCollection, key: string): string | undefined;
  /** Every record of a collection, oldest first (an update keeps a record's place). */
  scan(collection: RecordCollection): Iterable<readonly [key: string, value: string]>;
  /** The keys of a collection's records, in the same order. */
  keys(collection: RecordCollection): Iterable<string>;
  /**
   * Writes one batch all or nothing: it throws (or rejects) having written none of it. Once it has
   * returned (or resolved), the batch survives a crash of the process. With `replaceAll`, the batch
   * replaces every record (a reset, an import).
   */
  commit(changes: readonly RecordChange[], options?: CommitOptions): void | Promise<void>;
  /**
   * The records of `collection` whose value in `index` (recordIndexes.ts) lies between `from` and `to`,
   * both included, ordered by (value, key), as [value, key, record's JSON text]; read lazily, so a caller
   * that stops early reads no more. A store keeps its indexes from indexEntries() of each record it
   * writes. Optional: without it, the emulator finds the records by scanning the collection.
   */
  find?(collection: KeyedCollection, index: IndexName, from: string, to: string): Iterable<IndexedRecord>;
}

/** A record found through an index: its value in the index, its key, its JSON text. */
export type IndexedRecord = readonly [value: string, key: string, text: string];

export interface CommitOptions {
  replaceAll?: boolean;
}

export interface StateStore {
  /** Opens the store (creating it when new); an empty store has no `meta` record. */
  open(): Promise<StoredRecords>;
  /**
   * True when records are read from the store as they are needed and not kept in memory (SQLite);
   * false when the store's records are all in memory anyway (memory, IndexedDB's copy).
   */
  readonly readsOnDemand: boolean;
  /** Releases the store (closes the database); the emulator is not used after it. */
  close?(): void | Promise<void>;
}

/** Records in memory, oldest first in each collection, with their indexes; used by the memory and IndexedDB stores. */
export class RecordMap implements StoredRecords {
  readonly #collections = new Map<RecordCollection, Map<string, string>>();
  /** Per indexed collection and index, the (value, key) pairs in order. */
  readonly #indexes = new Map<string, SortedIndex>();
  /** Per indexed collection, each record's entries, to take them out when it changes. */
  readonly #entries = new Map<string, Map<string, IndexEntry[]>>();

  constructor() {
    for (const collection of INDEXED_COLLECTIONS) this.#entries.set(collection, new Map());
  }

  #collection(name: RecordCollection): Map<string, string> {
    let found = this.#collections.get(name);
    if (!found) this.#collections.set(name, (found = new Map()));
    return found;
  }

  #index(collection: string, index: IndexName): SortedIndex {
    const id = `${collection}\u0000${index}`;
    let found = this.#indexes.get(id);
    if (!found) this.#indexes.set(id, (found = new SortedIndex()));
    return found;
  }

  get(collection: RecordCollection, key: string): string | undefined {
    return this.#collections.get(collection)?.get(key);
  }

  scan(collection: RecordCollection): Iterable<readonly [string, string]> {
    return this.#collections.get(collection) ?? [];
  }

  keys(collection: RecordCollection): Iterable<string> {
    return this.#collections.get(collection)?.keys() ?? [];
  }

  *find(collection: KeyedCollection, index: IndexName, from: string, to: string): Generator<IndexedRecord> {
    const records = this.#collections.get(collection);
    const sorted = this.#indexes.get(`${collection}\u0000${index}`);
    if (!records || !sorted) return;
    for (const [value, key] of sorted.range(from, to)) yield [value, key, records.get(key)!];
  }

  commit(changes: readonly RecordChange[], options: CommitOptions = {}): void {
    if (options.replaceAll) {
      this.#collections.clear();
      for (const index of this.#indexes.values()) index.clear();
      for (const entries of this.#entries.values()) entries.clear();
    }
    for (const { collection, key, value } of changes) {
      const indexed = this.#entries.get(collection);
      if (indexed) this.#reindex(collection, indexed, key, value);
      if (value === null) this.#collections.get(collection)?.delete(key);
      else this.#collection(collection).set(key, value);
    }
  }

  #reindex(collection: string, indexed: Map<string, IndexEntry[]>, key: string, value: string | null): void {
    for (const [index, old] of indexed.get(key) ?? []) this.#index(collection, index).remove(old, key);
    let entries: IndexEntry[] = [];
    if (value !== null) {
      try {
        entries = indexEntries(collection, JSON.parse(value));
      } catch {
        // Not JSON: the record is never read back (liveState drops it), so it has no index entries.
      }
    }
    for (const [index, entry] of entries) this.#index(collection, index).insert(entry, key);
    if (entries.length) indexed.set(key, entries);
    else indexed.delete(key);
  }
}

/** Keeps the records in memory: survives a new emulator on the same store, not a new process. */
export function memoryStateStore(): StateStore {
  const records = new RecordMap();
  return { readsOnDemand: false, open: async () => records };
}
