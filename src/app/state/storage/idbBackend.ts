// The preset store's backend in the browser: one IndexedDB database per collection through idb-keyval,
// so opening the preset list never reads history. update() runs in one readwrite transaction, which
// IndexedDB serialises across tabs: two tabs updating the same record never interleave.
import { createStore, entries, getMany, keys, promisifyRequest, set, delMany, type UseStore } from 'idb-keyval';
import type { CollectionName, KeyValueCollection, StorageBackend } from '../../../core/presets/storageBackend.ts';

export const DATABASE_PREFIX = 'payway-playground-';

function collectionOf(store: UseStore): KeyValueCollection {
  return {
    keys: () => keys<string>(store),
    count: () => store('readonly', (objectStore) => promisifyRequest(objectStore.count())),
    entries: () => entries<string, unknown>(store),
    getMany: (list) => getMany(list as string[], store),
    set: (key, value) => set(key, value, store),
    delMany: (list) => delMany(list as string[], store),
    update: (key, updater) =>
      store('readwrite', (objectStore) => {
        const request = objectStore.get(key);
        request.onsuccess = () => {
          const next = updater(request.result);
          if (next === undefined) objectStore.delete(key);
          else objectStore.put(next, key);
        };
        return promisifyRequest(objectStore.transaction);
      }),
  };
}

export function createIdbBackend(): StorageBackend {
  const stores = new Map<CollectionName, KeyValueCollection>();
  return {
    kind: 'indexeddb',
    collection(name) {
      let collection = stores.get(name);
      if (!collection) stores.set(name, (collection = collectionOf(createStore(DATABASE_PREFIX + name, name))));
      return collection;
    },
  };
}
