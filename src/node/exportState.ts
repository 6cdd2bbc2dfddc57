// `payway mock --state payway.db --export-state out.json`: the JSON view of a stored state, for a bug
// report. Merchants' API keys and private keys are left out (secrets never leave the machine); the
// demo merchant's are public anyway.
import { writeFile } from 'node:fs/promises';
import { createEmulator } from '../emulator/index.ts';
import { stateView } from '../emulator/state.ts';
import { openStateFile } from './stateFile.ts';

/** Writes the state's JSON view to `to` ('-' = `write`, i.e. stdout); returns what it did, for the user. */
export async function exportState(stateFile: string, to: string, write: (text: string) => void): Promise<string> {
  const state = openStateFile(stateFile);
  const emulator = createEmulator({ store: state.store, runtime: 'node', ...(state.initialState === undefined ? {} : { initialState: state.initialState }) });
  try {
    const text = JSON.stringify(stateView(await emulator.state()), null, 1) + '\n';
    if (to === '-') write(text);
    else await writeFile(to, text);
    return `Wrote the state of ${state.database} to ${to} (merchants' API keys and private keys left out).`;
  } finally {
    await emulator.close();
  }
}
