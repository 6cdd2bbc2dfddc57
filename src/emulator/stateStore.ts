// Where the emulator's state lives between runs: a set of records, one per transaction, session, token,
// delivery, ... (see RECORD_COLLECTIONS), each a JSON text under a key. The emulator reads the records it
// needs and writes only the ones a request changed, in one batch per request, so a write costs the same
// with 10 or 1,000,000 stored transactions.

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
}

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

/** Records in memory, oldest first in each collection; used by the memory and IndexedDB stores. */
export class RecordMap implements StoredRecords {
  readonly #collections = new Map<RecordCollection, Map<string, string>>();

  #collection(name: RecordCollection): Map<string, string> {
    let found = this.#collections.get(name);
    if (!found) this.#collections.set(name, (found = new Map()));
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

  commit(changes: readonly RecordChange[], options: CommitOptions = {}): void {
    if (options.replaceAll) this.#collections.clear();
    for (const { collection, key, value } of changes) {
      if (value === null) this.#collections.get(collection)?.delete(key);
      else this.#collection(collection).set(key, value);
    }
  }
}

/** Keeps the records in memory: survives a new emulator on the same store, not a new process. */
export function memoryStateStore(): StateStore {
  const records = new RecordMap();
  return { readsOnDemand: false, open: async () => records };
}
