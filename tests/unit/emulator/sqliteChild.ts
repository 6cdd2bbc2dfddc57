// Child process for the SQLite store tests.
//   serve <db>        `payway mock --state <db>` on a free port; prints "listening <url>" (killed by the test).
//   memory <db> <n>   makes n purchases in-process and prints the heap growth after a full GC, as JSON
//                     (<db> "-" = the memory store, which holds every record: the comparison).

import { memoryStateStore } from '../../../src/emulator/index.ts';
import { startEmulatorServer } from '../../../src/node/emulatorRoutes.ts';
import { sqliteStateStore } from '../../../src/node/sqliteStateStore.ts';
import { testEmulator } from './support.ts';

const [mode, file, count] = process.argv.slice(2);
if (mode === 'serve') {
  const server = await startEmulatorServer({ port: 0, stateFile: file!, rateLimits: false });
  process.stdout.write(`listening ${server.url}\n`);
} else if (mode === 'memory') {
  const gc = (globalThis as { gc?: () => void }).gc!;
  const t = testEmulator({ store: file === '-' ? memoryStateStore() : sqliteStateStore(file!), rateLimits: false });
  await t.emulator.state();
  const purchase = async (i: number) => (await t.call('purchase', { tran_id: `MEM${i}` })).status;
  for (let i = 0; i < 200; i++) await purchase(i);
  gc();
  const before = process.memoryUsage().heapUsed;
  for (let i = 200; i < Number(count); i++) if ((await purchase(i)) !== 200) throw new Error(`purchase ${i} failed`);
  gc();
  const after = process.memoryUsage().heapUsed;
  const stored = Object.keys((await t.emulator.state()).transactions).length;
  process.stdout.write(JSON.stringify({ growth: after - before, stored }) + '\n');
  await t.emulator.close();
}
