// The SQLite store (`payway mock --state payway.db`): records survive a restart and a kill -9 in the
// middle of a load, each request writes only its own records whatever is stored, memory does not grow
// with what is stored, a JSON state file is imported once, a second emulator on the same file is
// refused, and only the Node store module imports libsql.
import { spawn } from 'node:child_process';
import { copyFile, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { getEndpoint } from '../../../src/core/catalog/index.ts';
import { DEMO_MERCHANT } from '../../../src/core/demoMerchant.ts';
import { recordsOfState } from '../../../src/emulator/liveState.ts';
import { emptyState, type EmulatorState } from '../../../src/emulator/state.ts';
import type { RecordChange, StateStore, StoredRecords } from '../../../src/emulator/stateStore.ts';
import { startEmulatorServer } from '../../../src/node/emulatorRoutes.ts';
import { exportState } from '../../../src/node/exportState.ts';
import { sqliteStateStore } from '../../../src/node/sqliteStateStore.ts';
import { seededRandom } from '../../support/seededRandom.ts';
import { testEmulator } from './support.ts';

const root = resolve(import.meta.dirname, '../../..');
const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'payway-sqlite-'));
  dirs.push(dir);
  return dir;
}
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

const child = (...args: string[]) => spawn(process.execPath, ['--expose-gc', '--import', 'tsx', resolve(import.meta.dirname, 'sqliteChild.ts'), ...args], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });

function firstLine(process: ReturnType<typeof child>): Promise<string> {
  return new Promise((done, fail) => {
    let text = '';
    process.stdout!.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      if (text.includes('\n')) done(text.split('\n')[0]!);
    });
    process.once('exit', (code) => fail(new Error(`the child exited (${code}) before answering`)));
  });
}

/** A store that counts what each commit writes and each read asks for. */
function counting(store: StateStore) {
  const commits: RecordChange[][] = [];
  let reads = 0;
  let opened: StoredRecords | undefined;
  const counted: StateStore = {
    readsOnDemand: store.readsOnDemand,
    async open() {
      const records = (opened = await store.open());
      return {
        get: (c, k) => (reads++, records.get(c, k)),
        scan: (c) => records.scan(c),
        keys: (c) => records.keys(c),
        commit: (changes, options) => (commits.push([...changes]), records.commit(changes, options)),
      };
    },
    close: () => store.close?.(),
  };
  /** Writes records straight to the store, past the emulator (as many stored transactions). */
  const writeDirectly = (changes: RecordChange[]) => opened!.commit(changes);
  return { store: counted, commits, reads: () => reads, writeDirectly };
}

const purchaseRecords = (commit: RecordChange[]) => commit.map((c) => c.collection).sort();

describe('the SQLite store', () => {
  it('keeps every record across a restart, and reads back exactly what was written', async () => {
    const file = join(await tempDir(), 'state.db');
    const store = sqliteStateStore(file);
    const first = testEmulator({ store });
    expect((await first.call('purchase', { tran_id: 'SQL1' })).status).toBe(200);
    const before = JSON.stringify(await first.emulator.state());
    await first.emulator.close();
    const second = testEmulator({ store: sqliteStateStore(file) });
    expect(JSON.stringify(await second.emulator.state())).toBe(before);
    const checked = await second.call('check-transaction', { tran_id: 'SQL1' });
    expect((checked.body.data as { payment_status: string }).payment_status).toBe('PENDING');
    await second.emulator.close();
  });

  it('writes the same records for a purchase with 10 or 5,000 stored transactions, reading only by key', async () => {
    const file = join(await tempDir(), 'state.db');
    const { store, commits, reads, writeDirectly } = counting(sqliteStateStore(file));
    const t = testEmulator({ store, rateLimits: false });
    await t.emulator.state();
    await t.call('purchase', { tran_id: 'FEW' });
    const few = commits.at(-1)!;
    const fewReads = reads();
    // 5,000 more transactions, written directly as records.
    const bulk = emptyState();
    const template = (await t.emulator.state()).transactions[`${DEMO_MERCHANT.merchantId}/FEW`]!;
    for (let i = 0; i < 5000; i++) bulk.transactions[`${DEMO_MERCHANT.merchantId}/BULK${i}`] = { ...JSON.parse(JSON.stringify(template)), tranId: `BULK${i}` };
    await writeDirectly(recordsOfState(bulk).filter((c) => c.collection === 'transactions'));
    await t.call('purchase', { tran_id: 'MANY' });
    const many = commits.at(-1)!;
    expect(purchaseRecords(many)).toEqual(purchaseRecords(few));
    expect(purchaseRecords(few)).toEqual(['sessions', 'transactions']);
    expect(reads() - fewReads).toBeLessThan(20);
    expect((await t.call('check-transaction', { tran_id: 'BULK4999' })).body.data).toMatchObject({ payment_status: 'PENDING' });
    await t.emulator.close();
  });

  it('loses no acknowledged write when the process is killed (kill -9) in the middle of a load', async () => {
    const file = join(await tempDir(), 'state.db');
    const acknowledged: string[] = [];
    const signer = testEmulator();
    const delays = seededRandom(29);
    let next = 0;
    for (let round = 0; round < 3; round++) {
      const server = child('serve', file);
      const url = (await firstLine(server)).replace('listening ', '');
      let killed = false;
      const target = acknowledged.length + 10 + (delays(1)[0]! % 20);
      // Eight clients post purchases until the kill; a purchase is acknowledged once its answer arrived.
      const client = async () => {
        while (!killed) {
          const tranId = `KILL${++next}`;
          const request = await signer.request('purchase', { tran_id: tranId });
          try {
            const response = await fetch(url + getEndpoint('purchase').path, { method: 'POST', headers: request.headers, body: await request.text() });
            const text = await response.text();
            if (response.status === 200 && text.includes('<form')) acknowledged.push(tranId);
          } catch {
            return; // the connection died with the process
          }
          if (acknowledged.length >= target && !killed) {
            killed = true;
            server.kill('SIGKILL');
          }
        }
      };
      await Promise.all(Array.from({ length: 8 }, client));
      await new Promise((done) => (server.exitCode !== null || server.signalCode !== null ? done(undefined) : server.once('exit', done)));
    }
    const t = testEmulator({ store: sqliteStateStore(file) });
    const stored = (await t.emulator.state()).transactions;
    const missing = acknowledged.filter((tranId) => !stored[`${DEMO_MERCHANT.merchantId}/${tranId}`]);
    expect(acknowledged.length).toBeGreaterThanOrEqual(30);
    expect(missing).toEqual([]);
    await t.emulator.close();
  }, 180_000);

  it('does not hold every record in memory: the heap stays flat over 800 purchases, unlike the memory store', async () => {
    const file = join(await tempDir(), 'state.db');
    const run = async (store: string) => JSON.parse(await firstLine(child('memory', store, '1000'))) as { growth: number; stored: number };
    const [sqlite, memory] = await Promise.all([run(file), run('-')]);
    expect(sqlite.stored).toBeGreaterThanOrEqual(1000);
    // The memory store holds 800 transactions and their checkout sessions: megabytes of heap.
    expect(memory.growth).toBeGreaterThan(4_000_000);
    expect(sqlite.growth).toBeLessThan(memory.growth / 4);
  }, 120_000);

  it('refuses a second emulator on the same file, and a file that is neither SQLite nor JSON, with a clear message', async () => {
    const dir = await tempDir();
    const file = join(dir, 'state.db');
    const server = child('serve', file);
    await firstLine(server);
    try {
      await expect(startEmulatorServer({ port: 0, stateFile: file })).rejects.toThrow(`${file} is in use by another running emulator`);
    } finally {
      server.kill('SIGKILL');
    }
    const junk = join(dir, 'notes.txt');
    await writeFile(junk, 'hello');
    await expect(startEmulatorServer({ port: 0, stateFile: junk })).rejects.toThrow('is neither an SQLite database nor a JSON state file');
  }, 30_000);
});

describe('a JSON state file given to --state', () => {
  it('is imported once into a database beside it, and the version-1 fixture loads', async () => {
    const dir = await tempDir();
    const json = join(dir, 'state.json');
    await copyFile(resolve(import.meta.dirname, 'fixtures/state-v1.json'), json);
    let server = await startEmulatorServer({ port: 0, stateFile: json });
    expect(server.state).toEqual({ database: join(dir, 'state.db'), note: expect.stringContaining(`Imported ${json} into ${join(dir, 'state.db')}`) });
    const state = await server.emulator.state();
    expect(state.transactions['ec000002/FIXTURE1']).toMatchObject({ status: 'REFUNDED', refunded: 250 });
    delete state.transactions['ec000002/FIXTURE1'];
    await server.close();
    // Not imported again: the deletion stands, the JSON file is untouched.
    server = await startEmulatorServer({ port: 0, stateFile: json });
    expect(server.state?.note).toContain('was imported into');
    expect((await server.emulator.state()).transactions['ec000002/FIXTURE1']).toBeUndefined();
    await server.close();
    expect(await readFile(json, 'utf8')).toBe(await readFile(resolve(import.meta.dirname, 'fixtures/state-v1.json'), 'utf8'));
    expect((await readdir(dir)).filter((name) => !name.startsWith('state.db-')).sort()).toEqual(['state.db', 'state.json']);
  });

  it('--export-state writes the JSON view, without merchants API keys and private keys, that imports again', async () => {
    const dir = await tempDir();
    const file = join(dir, 'state.db');
    const server = await startEmulatorServer({ port: 0, stateFile: file });
    const added = await server.emulator.fetch(
      new Request(server.url + '/_emulator/merchants', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ merchantId: 'ec777777', apiKey: 'secret-api-key-777' }) }),
    );
    expect(added.status).toBe(201);
    await server.close();
    const out = join(dir, 'export.json');
    expect(await exportState(file, out, () => {})).toContain('left out');
    const text = await readFile(out, 'utf8');
    expect(text).not.toContain('secret-api-key-777');
    expect(text).not.toContain('PRIVATE KEY');
    const view = JSON.parse(text) as EmulatorState;
    expect(view.merchants.map((m) => m.merchantId)).toEqual(['ec777777']);
    expect(Object.keys(view.transactions).length).toBeGreaterThan(0);
    // Imported into a new database, it is the same state but for the merchant it cannot sign for.
    const again = await startEmulatorServer({ port: 0, stateFile: out });
    const state = await again.emulator.state();
    expect(Object.keys(state.transactions)).toEqual(Object.keys(view.transactions));
    expect(state.merchants).toEqual([]);
    await again.close();
  });
});

describe('libsql', () => {
  it('is imported by the Node store module only (never by the browser build or src/core)', async () => {
    const { execFileSync } = await import('node:child_process');
    const found = execFileSync('grep', ['-rlE', `from ['"]libsql`, 'src'], { cwd: root, encoding: 'utf8' }).trim().split('\n');
    expect(found).toEqual(['src/node/sqliteStateStore.ts']);
  });
});

