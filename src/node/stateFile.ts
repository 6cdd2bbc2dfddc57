// What `--state <file>` names: an SQLite database (new or existing), or a JSON state file of an older
// release, which is imported once into a database beside it (state.json → state.db) and then left alone.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { StateStore } from '../emulator/stateStore.ts';
import { isSqliteFile, sqliteStateStore } from './sqliteStateStore.ts';

export interface StateFile {
  store: StateStore;
  /** The database the state is kept in. */
  database: string;
  /** The JSON state an empty database starts from (what was in the JSON file). */
  initialState?: unknown;
  /** What happened to a JSON file, for the user. */
  note?: string;
}

/** The emulator options that keep its state in `state` (none: the memory store). */
export function storeOptions(state: StateFile | undefined): { store?: StateStore; initialState?: unknown } {
  if (!state) return {};
  return state.initialState === undefined ? { store: state.store } : { store: state.store, initialState: state.initialState };
}

const databaseBeside = (json: string) => (/\.json$/i.test(json) ? json.replace(/\.json$/i, '.db') : `${json}.db`);

export function openStateFile(file: string): StateFile {
  const path = resolve(file);
  if (isSqliteFile(path) && !(/\.json$/i.test(path) && !existsSync(path))) return { store: sqliteStateStore(path), database: path };
  const database = databaseBeside(path);
  if (!existsSync(path)) return { store: sqliteStateStore(database), database, note: `State is kept in ${database}.` };
  let initialState: unknown;
  try {
    initialState = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    throw new Error(`${path} is neither an SQLite database nor a JSON state file; move it away or pass another --state file`);
  }
  const note = existsSync(database)
    ? `${path} was imported into ${database} before; the state is kept there (the JSON file is not read again).`
    : `Imported ${path} into ${database}, where the state is kept from now on (the JSON file is left as it was).`;
  return { store: sqliteStateStore(database), database, initialState, note };
}
