// The service worker's state store: IndexedDB (through idb-keyval), which outlives the worker being
// stopped when idle and the page being reloaded.
import { createStore, del, get, set } from 'idb-keyval';
import type { StateStore } from '../emulator/stateStore.ts';

const KEY = 'state';

export function idbStateStore(databaseName = 'payway-playground-emulator'): StateStore {
  const store = createStore(databaseName, 'emulator');
  return {
    load: () => get(KEY, store),
    save: (state) => set(KEY, state, store),
    clear: () => del(KEY, store),
  };
}
