// Where the emulator's state lives between runs. The emulator keeps the state in memory and saves it
// whole after every change; a store only has to load, save and clear one JSON-able value.
import type { EmulatorState } from './state.ts';

export interface StateStore {
  /** The saved state as it was written (normalised by restoreState), or undefined when nothing is saved. */
  load(): Promise<unknown>;
  save(state: EmulatorState): Promise<void>;
  clear(): Promise<void>;
}

/** Keeps a JSON copy in memory: survives a new emulator on the same store, not a new process. */
export function memoryStateStore(): StateStore {
  let saved: string | undefined;
  return {
    load: async () => (saved === undefined ? undefined : JSON.parse(saved)),
    save: async (state) => {
      saved = JSON.stringify(state);
    },
    clear: async () => {
      saved = undefined;
    },
  };
}
