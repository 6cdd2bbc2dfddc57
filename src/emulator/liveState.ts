// The state as the handlers see it, `EmulatorState`, backed record by record by a StateStore.
//
// Each stored record (a transaction, a session, a token, ...) is handed out as a proxy that notes any
// change made through it, however deep (`tx.operations.push(op)`, `token.status = 0`). persist() writes
// the changed records in one batch; if the batch fails, their changes are undone in memory too, so a
// failed write affects only the request that made it. Keyed collections (transactions, sessions, links)
// are read by key when a handler asks for one: with a store that reads on demand (SQLite) a record nobody
// holds is left to the garbage collector, so memory does not grow with what is stored. Lists (merchants,
// tokens, deliveries, the inbox, ...) are held in memory. One live object per record: two requests that
// read the same transaction get the same object, so a check and the change that follows it, done
// without an await in between (see EndpointHandler), are never interleaved with another request's.
// Handlers that only read use peek() and find(), which hand out the records themselves, read-only and
// without proxies: an answer built from a record then costs no proxy trap per field read.
import { recordText } from './bounds.ts';
import { indexEntries, type IndexRange } from './recordIndexes.ts';
import { isValidRecord, STATE_VERSION, type EmulatorSettings, type EmulatorState, type ReadOnly } from './state.ts';
import {
  KEYED_COLLECTIONS,
  LIST_COLLECTIONS,
  type IndexedRecord,
  type KeyedCollection,
  type ListCollection,
  type RecordChange,
  type RecordCollection,
  type StoredRecords,
} from './stateStore.ts';

interface Entry {
  readonly collection: RecordCollection;
  readonly key: string;
  target: Record<string, unknown>;
  readonly proxy: Record<string, unknown>;
  /** The JSON text the store holds for it; undefined until it is first written. */
  committed: string | undefined;
  /** Deleted from a keyed collection, not yet written. */
  deleted: boolean;
  /** Deleted from the store: later changes to a copy someone still holds are not written. */
  gone: boolean;
  /** Proxies of the objects nested in `target`, so each is made once. */
  readonly nested: WeakMap<object, object>;
}

interface List {
  readonly collection: ListCollection;
  /** The array the handlers see (a proxy over `items`). */
  view: unknown[];
  items: Record<string, unknown>[];
  /** The members as last written, in order. */
  committed: Entry[];
}

interface Batch {
  changes: RecordChange[];
  written: [Entry, string][];
  removed: Entry[];
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/** The records of each keyed collection. */
export type KeyedRecord<C extends KeyedCollection> = EmulatorState[C][string];
const SETTINGS_KEY = 'settings';
const VERSION_KEY = 'version';

/**
 * Live records by collection and key: held strongly, or only while something else holds them. A map
 * per collection, so a lookup hashes the key as it came rather than a string built from both.
 */
class Records {
  readonly #strong = new Map<string, Map<string, Entry>>();
  readonly #weak = new Map<string, Map<string, WeakRef<Entry>>>();
  readonly #gone: FinalizationRegistry<readonly [string, string]> | undefined;

  constructor(readonly weak: boolean) {
    this.#gone = weak
      ? new FinalizationRegistry(([collection, key]) => {
          const refs = this.#weak.get(collection);
          if (!refs?.get(key)?.deref()) refs?.delete(key);
        })
      : undefined;
  }

  get(collection: string, key: string): Entry | undefined {
    return this.weak ? this.#weak.get(collection)?.get(key)?.deref() : this.#strong.get(collection)?.get(key);
  }

  set(collection: string, key: string, entry: Entry): void {
    if (!this.weak) return void inner(this.#strong, collection).set(key, entry);
    inner(this.#weak, collection).set(key, new WeakRef(entry));
    // Keyed by the proxy: the entry lives as long as its proxy (the proxy's handler holds it).
    this.#gone!.register(entry.proxy, [collection, key]);
  }

  delete(collection: string, key: string): void {
    this.#strong.get(collection)?.delete(key);
    this.#weak.get(collection)?.delete(key);
  }

  clear(): void {
    this.#strong.clear();
    this.#weak.clear();
  }
}

function inner<V>(outer: Map<string, Map<string, V>>, collection: string): Map<string, V> {
  let found = outer.get(collection);
  if (!found) outer.set(collection, (found = new Map()));
  return found;
}

/** The order of an index: by value, then by key. */
const byIndexOrder = (a: IndexedRecord, b: IndexedRecord): number => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0);

export class LiveState {
  readonly state: EmulatorState;
  readonly #store: StoredRecords;
  readonly #records: Records;
  /** Raw objects and proxies → their record. */
  readonly #entryOf = new WeakMap<object, Entry>();
  readonly #targetOf = new WeakMap<object, object>();
  readonly #dirty = new Set<Entry>();
  readonly #lists = new Map<ListCollection, List>();
  readonly #dirtyLists = new Set<List>();
  #nextListKey = 1;
  /** A failed write, reported to the other requests of the same turn of the event loop (see persist). */
  #failure: Error | undefined;
  /** The write in flight when the store writes asynchronously (IndexedDB): the next one waits for it. */
  #writing: Promise<void> = Promise.resolve();

  constructor(store: StoredRecords, options: { readsOnDemand: boolean }) {
    this.#store = store;
    this.#records = new Records(options.readsOnDemand);
    for (const collection of LIST_COLLECTIONS) this.#loadList(collection);
    const state = {} as EmulatorState;
    Object.defineProperty(state, 'version', { enumerable: true, get: () => STATE_VERSION });
    for (const collection of KEYED_COLLECTIONS) Object.defineProperty(state, collection, { enumerable: true, value: this.#keyed(collection) });
    for (const collection of LIST_COLLECTIONS) {
      Object.defineProperty(state, collection, {
        enumerable: true,
        get: () => this.#lists.get(collection)!.view,
        set: (items: unknown[]) => this.#replaceList(collection, items),
      });
    }
    Object.defineProperty(state, 'settings', { enumerable: true, get: () => this.#read('meta', SETTINGS_KEY)?.proxy as unknown as EmulatorSettings });
    this.state = state;
  }

  /** The version of the state a store holds, or undefined when it holds none. */
  static storedVersion(store: StoredRecords): number | undefined {
    const text = store.get('meta', VERSION_KEY);
    if (text === undefined) return undefined;
    const version = (JSON.parse(text) as { version?: unknown }).version;
    return typeof version === 'number' ? version : 0;
  }

  // ---- reading -------------------------------------------------------------------------------------

  #entry(collection: RecordCollection, key: string, target: Record<string, unknown>, committed: string | undefined): Entry {
    const nested = new WeakMap<object, object>();
    const entry: Entry = { collection, key, target, proxy: undefined as unknown as Record<string, unknown>, committed, deleted: false, gone: false, nested };
    (entry as { proxy: object }).proxy = this.#track(target, entry);
    this.#entryOf.set(target, entry);
    this.#entryOf.set(entry.proxy, entry);
    return entry;
  }

  /** A proxy of `target` (the record itself or an object inside it) that marks `entry` changed on writes. */
  #track(target: object, entry: Entry): object {
    const nested = entry.nested;
    const known = nested.get(target);
    if (known) return known;
    const proxy = new Proxy(target, {
      get: (object, property) => {
        const value = (object as Record<PropertyKey, unknown>)[property];
        return isObject(value) ? this.#track(value, entry) : value;
      },
      set: (object, property, value) => {
        (object as Record<PropertyKey, unknown>)[property] = this.#raw(value);
        this.#dirty.add(entry);
        return true;
      },
      deleteProperty: (object, property) => {
        delete (object as Record<PropertyKey, unknown>)[property];
        this.#dirty.add(entry);
        return true;
      },
      defineProperty: (object, property, descriptor) => {
        this.#dirty.add(entry);
        return Reflect.defineProperty(object, property, 'value' in descriptor ? { ...descriptor, value: this.#raw(descriptor.value) } : descriptor);
      },
    });
    nested.set(target, proxy);
    this.#targetOf.set(proxy, target);
    return proxy;
  }

  /** The raw object behind a proxy, so stored objects hold plain values. */
  #raw(value: unknown): unknown {
    return isObject(value) ? (this.#targetOf.get(value) ?? value) : value;
  }

  /** The live record, read from the store the first time it is asked for. */
  #read(collection: RecordCollection, key: string): Entry | undefined {
    const live = this.#records.get(collection, key);
    if (live) return live.deleted ? undefined : live;
    const text = this.#store.get(collection, key);
    if (text === undefined) return undefined;
    const value: unknown = JSON.parse(text);
    if (!isObject(value) || !isValidRecord(collection, value)) return undefined;
    const entry = this.#entry(collection, key, value, text);
    this.#records.set(collection, key, entry);
    return entry;
  }

  #keyed(collection: KeyedCollection): Record<string, unknown> {
    return new Proxy({} as Record<string, unknown>, {
      get: (_, key) => (typeof key === 'string' ? this.#read(collection, key)?.proxy : undefined),
      has: (_, key) => typeof key === 'string' && this.#read(collection, key) !== undefined,
      set: (_, key, value) => {
        if (typeof key !== 'string' || !isObject(value)) return false;
        this.#put(collection, key, value);
        return true;
      },
      deleteProperty: (_, key) => {
        if (typeof key !== 'string') return true;
        const entry = this.#read(collection, key);
        if (entry) {
          entry.deleted = true;
          this.#dirty.add(entry);
        }
        return true;
      },
      ownKeys: () => this.#keys(collection),
      getOwnPropertyDescriptor: (_, key) => {
        const entry = typeof key === 'string' ? this.#read(collection, key) : undefined;
        return entry ? { value: entry.proxy, writable: true, enumerable: true, configurable: true } : undefined;
      },
    });
  }

  /** Stores `value` under `key`, replacing what was there (a new object becomes the live record). */
  #put(collection: KeyedCollection, key: string, value: Record<string, unknown>): void {
    const current = this.#records.get(collection, key);
    const raw = this.#raw(value) as Record<string, unknown>;
    if (current && current.target === raw) {
      current.deleted = false;
      this.#dirty.add(current);
      return;
    }
    const committed = current ? current.committed : this.#store.get(collection, key);
    const entry = this.#entry(collection, key, raw, committed);
    this.#records.set(collection, key, entry);
    this.#dirty.add(entry);
  }

  /** Stored keys in their order, then the ones added since the last write; deleted ones left out. */
  #keys(collection: KeyedCollection): string[] {
    const keys: string[] = [];
    const seen = new Set<string>();
    for (const key of this.#store.keys(collection)) {
      seen.add(key);
      const live = this.#records.get(collection, key);
      if (!live?.deleted) keys.push(key);
    }
    for (const entry of this.#dirty) if (entry.collection === collection && !entry.deleted && !seen.has(entry.key)) keys.push(entry.key);
    return keys;
  }

  // ---- reading without proxies ---------------------------------------------------------------------

  /** The record under `key`, read-only (the live object when there is one), or undefined. */
  peek<C extends KeyedCollection>(collection: C, key: string): ReadOnly<KeyedRecord<C>> | undefined {
    return this.#read(collection, key)?.target as ReadOnly<KeyedRecord<C>> | undefined;
  }

  /**
   * The records whose value in an index (recordIndexes.ts) lies in the range, in the index's order,
   * read-only, read from the store as the caller asks for them (stop early, read no more). Records
   * changed since the last write are taken as they are now, not as the store's index has them.
   */
  *find<C extends KeyedCollection>(collection: C, { index, from, to }: IndexRange): Generator<ReadOnly<KeyedRecord<C>>> {
    const changed: IndexedRecord[] = [];
    const changedKeys = new Set<string>();
    for (const entry of this.#dirty) {
      if (entry.collection !== collection) continue;
      changedKeys.add(entry.key);
      if (entry.deleted) continue;
      for (const [name, value] of indexEntries(collection, entry.target)) if (name === index && value >= from && value <= to) changed.push([value, entry.key, '']);
    }
    changed.sort(byIndexOrder);
    const stored = this.#store.find ? this.#store.find(collection, index, from, to) : this.#scanIndex(collection, index, from, to);
    let next = 0;
    for (const found of stored) {
      if (changedKeys.has(found[1])) continue;
      for (; next < changed.length && byIndexOrder(changed[next]!, found) < 0; next++) yield this.peek(collection, changed[next]![1])!;
      const record = this.#readFound(collection, found[1], found[2]);
      if (record) yield record as ReadOnly<KeyedRecord<C>>;
    }
    for (; next < changed.length; next++) yield this.peek(collection, changed[next]![1])!;
  }

  /** A record found through an index: the live one when there is one, else its text parsed (not kept). */
  #readFound(collection: KeyedCollection, key: string, text: string): object | undefined {
    const live = this.#records.get(collection, key);
    if (live) return live.deleted ? undefined : live.target;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return undefined;
    }
    return isObject(value) && isValidRecord(collection, value) ? value : undefined;
  }

  /** An index read by scanning every record, for a store without find(). */
  #scanIndex(collection: KeyedCollection, index: string, from: string, to: string): IndexedRecord[] {
    const found: IndexedRecord[] = [];
    for (const [key, text] of this.#store.scan(collection)) {
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        continue;
      }
      for (const [name, entry] of indexEntries(collection, value)) if (name === index && entry >= from && entry <= to) found.push([entry, key, text]);
    }
    return found.sort(byIndexOrder);
  }

  // ---- lists ---------------------------------------------------------------------------------------

  #loadList(collection: ListCollection): void {
    const committed: Entry[] = [];
    for (const [key, text] of this.#store.scan(collection)) {
      this.#nextListKey = Math.max(this.#nextListKey, Number(key) + 1 || 0);
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        continue;
      }
      if (!isObject(value) || !isValidRecord(collection, value)) continue;
      committed.push(this.#entry(collection, key, value, text));
    }
    const list: List = { collection, view: [], items: [], committed };
    this.#setItems(list, committed.map((e) => e.proxy));
    this.#lists.set(collection, list);
  }

  #setItems(list: List, items: Record<string, unknown>[]): void {
    list.items = items;
    list.view = new Proxy(items, {
      set: (array, property, value) => {
        (array as unknown as Record<PropertyKey, unknown>)[property] = isObject(value) ? this.#member(list.collection, value).proxy : value;
        this.#dirtyLists.add(list);
        return true;
      },
      deleteProperty: (array, property) => {
        delete (array as unknown as Record<PropertyKey, unknown>)[property];
        this.#dirtyLists.add(list);
        return true;
      },
    });
  }

  /** The record of a list element: its own when it has one, else a new one (a pushed plain object). */
  #member(collection: ListCollection, value: Record<string, unknown>): Entry {
    const known = this.#entryOf.get(value);
    if (known && known.collection === collection) return known;
    const entry = this.#entry(collection, String(this.#nextListKey++), (known ? known.target : value) as Record<string, unknown>, undefined);
    this.#dirty.add(entry);
    return entry;
  }

  #replaceList(collection: ListCollection, items: unknown[]): void {
    const list = this.#lists.get(collection)!;
    this.#setItems(list, items.filter(isObject).map((item) => this.#member(collection, item).proxy));
    this.#dirtyLists.add(list);
  }

  // ---- writing -------------------------------------------------------------------------------------

  /** Marks a record changed that was changed through a plain reference to it (not its proxy). */
  touch(record: object): void {
    const entry = this.#entryOf.get(record);
    if (entry) this.#dirty.add(entry);
  }

  /** Whether anything changed since the last write. */
  get changed(): boolean {
    return this.#dirty.size > 0 || this.#dirtyLists.size > 0;
  }

  /**
   * Writes every record changed since the last write, as one batch. When the batch fails (a record out
   * of bounds, the disk full, an injected failure) nothing of it is written and its changes are undone
   * in memory: later requests see the state as it was. A request whose changes went out in another
   * request's batch (both changed the state before either saved) learns of that batch's failure too,
   * because persist() reports a failure to every caller in the same turn of the event loop.
   */
  persist(): Promise<void> {
    if (!this.changed) return this.#failure ? Promise.reject(this.#failure) : this.#writing;
    const entries = [...this.#dirty];
    const lists = [...this.#dirtyLists];
    this.#dirty.clear();
    this.#dirtyLists.clear();
    const before = entries.map((entry) => entry.committed);
    const listsBefore = lists.map((list) => list.committed);
    let batch: Batch;
    let result: void | Promise<void>;
    try {
      batch = this.#batch(entries, lists);
      result = batch.changes.length ? this.#store.commit(batch.changes) : undefined;
    } catch (error) {
      this.#undo(entries, before, lists, listsBefore);
      return this.#failed(error);
    }
    // Accepted: what the store now holds becomes the committed text (undone again if an asynchronous
    // write fails later).
    for (const [entry, text] of batch.written) entry.committed = text;
    for (const entry of batch.removed) {
      entry.gone = true;
      this.#forget(entry);
    }
    for (const list of lists) list.committed = list.items.map((item) => this.#entryOf.get(item)!);
    if (!(result instanceof Promise)) return Promise.resolve();
    const writing = this.#writing.then(
      () => result,
      () => result,
    );
    this.#writing = writing.catch((error: unknown) => {
      for (const entry of batch.removed) entry.gone = false;
      this.#undo(entries, before, lists, listsBefore);
      this.#remember(error);
    });
    return writing;
  }

  /** What a write of these changed records and lists consists of. */
  #batch(entries: Entry[], lists: List[]): Batch {
    const batch: Batch = { changes: [], written: [], removed: [] };
    const members = new Map<ListCollection, Set<Entry>>();
    for (const list of lists) {
      const now = new Set(list.items.map((item) => this.#entryOf.get(item)!));
      members.set(list.collection, now);
      for (const entry of list.committed) {
        if (now.has(entry)) continue;
        batch.changes.push({ collection: list.collection, key: entry.key, value: null });
        batch.removed.push(entry);
      }
    }
    for (const entry of entries) {
      if (entry.gone) continue;
      // A list element removed in this batch (deleted above), or pushed and removed before it was written.
      const listMembers = members.get(entry.collection as ListCollection);
      if (listMembers && !listMembers.has(entry)) continue;
      if (entry.deleted) {
        if (entry.committed !== undefined) {
          batch.changes.push({ collection: entry.collection, key: entry.key, value: null });
          batch.removed.push(entry);
        }
        continue;
      }
      const text = recordText(`${entry.collection} record ${entry.key}`, entry.target);
      if (text === entry.committed) continue;
      batch.changes.push({ collection: entry.collection, key: entry.key, value: text });
      batch.written.push([entry, text]);
    }
    return batch;
  }

  /** Puts the records and lists of a failed batch back as the store holds them. */
  #undo(entries: Entry[], before: (string | undefined)[], lists: List[], listsBefore: Entry[][]): void {
    entries.forEach((entry, i) => {
      const committed = before[i];
      entry.committed = committed;
      entry.deleted = false;
      if (committed === undefined) {
        this.#forget(entry);
        return;
      }
      for (const key of Object.keys(entry.target)) delete entry.target[key];
      Object.assign(entry.target, JSON.parse(committed) as object);
      this.#records.set(entry.collection, entry.key, entry);
    });
    lists.forEach((list, i) => {
      list.committed = listsBefore[i]!;
      this.#setItems(list, list.committed.map((e) => e.proxy));
    });
  }

  #forget(entry: Entry): void {
    if (this.#records.get(entry.collection, entry.key) === entry) this.#records.delete(entry.collection, entry.key);
  }

  #failed(error: unknown): Promise<never> {
    this.#remember(error);
    return Promise.reject(this.#failure);
  }

  #remember(error: unknown): void {
    this.#failure = error instanceof Error ? error : new Error(String(error));
    setTimeout(() => (this.#failure = undefined), 0);
  }

  /**
   * Drops every change not yet written (after a request failed half-way). Another request's changes made
   * in the same turn may go with them: like a failed write, this is reported to persist() calls of this turn.
   */
  discard(): void {
    if (!this.changed) return;
    this.#remember(new Error('a request failed before saving; the changes made with it were undone'));
    const entries = [...this.#dirty];
    const lists = [...this.#dirtyLists];
    this.#dirty.clear();
    this.#dirtyLists.clear();
    this.#undo(
      entries,
      entries.map((e) => e.committed),
      lists,
      lists.map((l) => l.committed),
    );
  }
}

/** The records of a whole state (an import, a fresh seeded state): lists keyed 1, 2, 3, ... in order. */
export function recordsOfState(state: EmulatorState): RecordChange[] {
  const changes: RecordChange[] = [{ collection: 'meta', key: VERSION_KEY, value: JSON.stringify({ version: STATE_VERSION }) }];
  changes.push({ collection: 'meta', key: SETTINGS_KEY, value: recordText('settings', state.settings) });
  for (const collection of KEYED_COLLECTIONS) {
    for (const [key, value] of Object.entries(state[collection])) changes.push({ collection, key, value: recordText(`${collection} record ${key}`, value) });
  }
  let key = 1;
  for (const collection of LIST_COLLECTIONS) {
    for (const value of state[collection] as unknown[]) changes.push({ collection, key: String(key++), value: recordText(`${collection} record`, value) });
  }
  return changes;
}
