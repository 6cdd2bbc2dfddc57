// The page's one preset store, opened on first use and kept in step with the other tabs. Everything
// that reads or writes presets, history or remembered environments goes through it. Reached through
// dynamic import(), so none of it is in the JavaScript the form needs before its first paint.
import type { PresetStore } from '../../../core/presets/presetStore.ts';
import { syncAcrossTabs } from './broadcastSync.ts';
import { openPresetStore } from './openStorage.ts';

let connection: Promise<PresetStore> | undefined;

export function connectPresetStore(): Promise<PresetStore> {
  connection ??= openPresetStore().then((store) => {
    syncAcrossTabs(store);
    return store;
  });
  return connection;
}
