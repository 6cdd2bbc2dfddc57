// The service worker's state store: IndexedDB (through idb-keyval), which outlives the worker being
// stopped when idle and the page being reloaded. One IndexedDB entry per record, so a request writes
// only what it changed. The records are also held in memory (a page's emulator holds little), so the
// handlers read them synchronously. Earlier releases kept the whole state as one entry (`state` in the
// database below): it is split into records the first time, then deleted.
import { createStore, del, entries, get, promisifyRequest, type UseStore } from 'idb-keyval';
import { recordsOfState } from '../emulator/liveState.ts';
import { emptyState, restoreState } from '../emulator/state.ts';
import type { IndexName } from '../emulator/recordIndexes.ts';
import { RECORD_COLLECTIONS, RecordMap, type CommitOptions, type KeyedCollection, type RecordChange, type RecordCollection, type StateStore, type StoredRecords } from '../emulator/stateStore.ts';

/** An entry: the record's JSON text and its place in its collection's order. */
interface StoredEntry {
  seq: number;
  value: string;
}

type EntryKey = [RecordCollection, string];

const LEGACY_KEY = 'state';

export function idbStateStore(databaseName = 'payway-playground-emulator'): StateStore {
  const legacy = createStore(databaseName, 'emulator');
  const store = createStore(`${databaseName}-records`, 'records');
  return {
    readsOnDemand: false,
    async open() {
      const found = await entries<EntryKey, StoredEntry>(store);
      const records = new IdbRecords(store);
      if (found.length) {
        records.load(found);
        // A blob left by an interrupted migration: the records won.
        await del(LEGACY_KEY, legacy);
        return records;
      }
      const blob: unknown = await get(LEGACY_KEY, legacy);
      if (blob !== undefined) {
        // A blob of an unknown version is dropped: the emulator then starts from its seeded state.
        let usable = true;
        const state = restoreState(blob, () => ((usable = false), emptyState()));
        if (usable) await records.commit(recordsOfState(state), { replaceAll: true });
        await del(LEGACY_KEY, legacy);
      }
      return records;
    },
  };
}

class IdbRecords implements StoredRecords {
  readonly #memory = new RecordMap();
  readonly #seq = new Map<string, number>();
  #lastSeq = 0;

  constructor(readonly store: UseStore) {}

  load(found: [EntryKey, StoredEntry][]): void {
    found.sort((a, b) => a[1].seq - b[1].seq);
    this.#memory.commit(found.map(([[collection, key], entry]) => ({ collection, key, value: entry.value })));
    for (const [[collection, key], entry] of found) this.#seq.set(`${collection}\u0000${key}`, entry.seq);
    this.#lastSeq = found.at(-1)?.[1].seq ?? 0;
  }

  get(collection: RecordCollection, key: string): string | undefined {
    return this.#memory.get(collection, key);
  }

  scan(collection: RecordCollection) {
    return this.#memory.scan(collection);
  }

  keys(collection: RecordCollection) {
    return this.#memory.keys(collection);
  }

  /** Through the copy in memory, which keeps the indexes (a page's emulator holds few records). */
  find(collection: KeyedCollection, index: IndexName, from: string, to: string) {
    return this.#memory.find(collection, index, from, to);
  }

  /** Applied in memory at once (later reads see it), written in one IndexedDB transaction, undone if that fails. */
  commit(changes: readonly RecordChange[], options: CommitOptions = {}): Promise<void> {
    const undo: RecordChange[] = [];
    const replaced = options.replaceAll ? this.#snapshot() : undefined;
    if (options.replaceAll) {
      this.#memory.commit([], { replaceAll: true });
      this.#seq.clear();
    }
    const puts: [EntryKey, StoredEntry][] = [];
    const deletes: EntryKey[] = [];
    for (const change of changes) {
      const id = `${change.collection}\u0000${change.key}`;
      undo.push({ collection: change.collection, key: change.key, value: this.#memory.get(change.collection, change.key) ?? null });
      if (change.value === null) {
        deletes.push([change.collection, change.key]);
        this.#seq.delete(id);
      } else {
        let seq = this.#seq.get(id);
        if (seq === undefined) this.#seq.set(id, (seq = ++this.#lastSeq));
        puts.push([[change.collection, change.key], { seq, value: change.value }]);
      }
    }
    this.#memory.commit(changes);
    return this.store('readwrite', (objects) => {
      if (options.replaceAll) objects.clear();
      for (const key of deletes) objects.delete(key);
      for (const [key, entry] of puts) objects.put(entry, key);
      return promisifyRequest(objects.transaction);
    }).catch((error: unknown) => {
      if (replaced) this.#memory.commit(replaced, { replaceAll: true });
      else this.#memory.commit(undo.reverse());
      throw error;
    });
  }

  #snapshot(): RecordChange[] {
    const all: RecordChange[] = [];
    for (const collection of RECORD_COLLECTIONS) {
      for (const [key, value] of this.#memory.scan(collection)) all.push({ collection, key, value });
    }
    return all;
  }
}
