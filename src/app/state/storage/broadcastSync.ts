// Keeps tabs in sync: every local change is announced on a BroadcastChannel, and a tab that hears one
// re-reads just the keys named. Records live one per key, so this only refreshes views; it never merges.
import type { PresetStore, StoreChange } from '../../../core/presets/presetStore.ts';

export const CHANNEL_NAME = 'payway-playground-store';

interface ChangeMessage {
  collection: StoreChange['collection'];
  keys: string[];
}

/** Returns a function that stops syncing. Without BroadcastChannel (very old browsers) it does nothing. */
export function syncAcrossTabs(store: PresetStore, channelName = CHANNEL_NAME): () => void {
  if (typeof BroadcastChannel === 'undefined' || store.backendKind === 'memory') return () => {};
  const channel = new BroadcastChannel(channelName);
  const unsubscribe = store.subscribe((change) => {
    if (change.origin === 'local') channel.postMessage({ collection: change.collection, keys: change.keys } satisfies ChangeMessage);
  });
  channel.onmessage = (event: MessageEvent<ChangeMessage>) => {
    const { collection, keys } = event.data;
    void store.reload(collection, keys);
  };
  return () => {
    unsubscribe();
    channel.close();
  };
}
