// `payway mock --state file.json`: the emulator's state in a JSON file. Each save writes a temporary file
// beside it, flushes it to disk, then renames it over the old one, so a kill at any moment leaves either
// the old state or the new one, never a torn file.
import { open, readFile, rename, rm } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { StateStore } from '../emulator/stateStore.ts';

let sequence = 0;

export function fileStateStore(file: string): StateStore {
  const path = resolve(file);
  return {
    async load() {
      let text: string;
      try {
        text = await readFile(path, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
      try {
        return JSON.parse(text) as unknown;
      } catch {
        throw new Error(`${path} is not valid JSON; move it away or pass another --state file`);
      }
    },
    async save(state) {
      const temporary = `${path}.${process.pid}.${++sequence}.tmp`;
      const handle = await open(temporary, 'w');
      try {
        await handle.writeFile(JSON.stringify(state));
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temporary, path);
      // The rename itself is durable once the directory is flushed (not possible on every platform).
      const directory = await open(dirname(path), 'r').catch(() => undefined);
      await directory?.sync().catch(() => {});
      await directory?.close();
    },
    async clear() {
      await rm(path, { force: true });
    },
  };
}
