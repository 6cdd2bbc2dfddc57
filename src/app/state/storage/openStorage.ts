// Picks the preset store's backend: IndexedDB when it works, else memory with the reason, so the app
// keeps working in private windows or when storage is blocked, and says so.
import { createMemoryBackend, type StorageBackend } from '../../../core/presets/storageBackend.ts';
import { PresetStore } from '../../../core/presets/presetStore.ts';
import { createIdbBackend } from './idbBackend.ts';

/** Some browsers leave indexedDB.open() pending forever when storage is blocked. */
const PROBE_TIMEOUT_MS = 3000;

async function probe(backend: StorageBackend): Promise<void> {
  const collection = backend.collection('quarantine');
  const key = '__probe__';
  const attempt = (async () => {
    await collection.set(key, 1);
    await collection.delMany([key]);
  })();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('IndexedDB did not answer')), PROBE_TIMEOUT_MS);
  });
  try {
    await Promise.race([attempt, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export async function chooseBackend(): Promise<StorageBackend> {
  if (typeof indexedDB === 'undefined') return createMemoryBackend('this browser has no IndexedDB');
  const backend = createIdbBackend();
  try {
    await probe(backend);
    return backend;
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    return createMemoryBackend(`IndexedDB is unavailable (${why}); a private window or a site-data setting may block it`);
  }
}

/** Opens the store as soon as its list can be shown; `store.verified` says when every record is checked. */
export async function openPresetStore(): Promise<PresetStore> {
  const backend = await chooseBackend();
  try {
    return await PresetStore.openList(backend);
  } catch (error) {
    if (backend.kind === 'memory') throw error;
    const why = error instanceof Error ? error.message : String(error);
    return PresetStore.openList(createMemoryBackend(`reading IndexedDB failed (${why})`));
  }
}
