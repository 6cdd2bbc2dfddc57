// Every send, newest first (the store keeps 200): each can be reopened in the form.
import { getContext, setContext } from 'svelte';
import type { HistoryEntry } from '../../core/presets/schema.ts';
import { messageOf, type PresetsState } from './presets.svelte.ts';
import type { SendLog } from './sendLog.svelte.ts';

export class HistoryState {
  entries = $state.raw<readonly HistoryEntry[]>([]);
  /** False until the store's background check has read the stored entries. */
  loaded = $state(false);
  readonly #presets: PresetsState;
  #unsubscribe: (() => void) | undefined;

  constructor(presets: PresetsState) {
    this.#presets = presets;
  }

  /** Follows the store, and records every send the log saw (those made before this loaded first). */
  async connect(log: SendLog): Promise<void> {
    const store = await this.#presets.ready();
    const refresh = () => (this.entries = store.history());
    this.#unsubscribe = store.subscribe((change) => {
      if (change.collection === 'history') refresh();
    });
    log.drain((send) => {
      store.addHistory(send.input, send.knownSecrets).catch((error: unknown) => this.#presets.notify(`This send was not added to history: ${messageOf(error)}`, 'error'));
    });
    refresh();
    await store.verified.catch(() => {});
    this.loaded = true;
    refresh();
  }

  dispose(): void {
    this.#unsubscribe?.();
  }

  reopen(entry: HistoryEntry): void {
    this.#presets.loadDraft(entry.draft, entry.environment);
    this.#presets.notify(`Opened the request sent at ${new Date(entry.at).toLocaleTimeString()} in the form.`);
  }

  async remove(id: string): Promise<void> {
    await (await this.#presets.ready()).deleteHistory([id]);
  }

  async clear(): Promise<void> {
    await (await this.#presets.ready()).clearHistory();
    this.#presets.notify('History cleared.');
  }
}

const KEY = Symbol('payway-history');

export const setHistoryState = (state: HistoryState): HistoryState => setContext(KEY, state);
export const getHistoryState = (): HistoryState => getContext<HistoryState>(KEY);
