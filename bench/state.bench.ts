// npm run bench:state — the emulator's state in SQLite, empty and with 100,000 stored transactions, side
// by side in one run: writes/s (purchases over HTTP to a real `payway mock --state` process, each a new
// transaction and its checkout session, one SQLite transaction flushed to disk before the answer),
// spawn-to-first-answer start-up, the process's RSS after the load, the time of a transaction-list (today's
// window, which holds every stored transaction; with a status) and of a get-transactions-by-mc-ref, with
// the peak RSS after them, and the database's size. Beside it:
// the bare floor (the same two records written straight to SQLite, one transaction each, in this
// process) and the old JSON state file (the whole state stringified and written with fsync per write,
// as `--state file.json` did before), measured in the same run. Figures are printed, never enforced.
// Targets: writes/s at 100,000 ≥ 50% of writes/s empty; RSS at 100,000 ≤ 150 MB; a list costs the same
// with 0 or 100,000 stored transactions. The server is the bundled CLI (bin/payway.js runs lib/cli.js).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, open, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'libsql';
import { getEndpoint } from '../src/core/catalog/index.ts';
import { DEMO_MERCHANT } from '../src/core/demoMerchant.ts';
import { buildRequest, exampleInputs } from '../src/core/signing/buildRequest.ts';
import { formatReqTime } from '../src/core/signing/reqTime.ts';
import { createEmulator } from '../src/emulator/index.ts';
import { stateView, type EmulatorState } from '../src/emulator/state.ts';
import type { RecordChange } from '../src/emulator/stateStore.ts';
import { sqliteStateStore } from '../src/node/sqliteStateStore.ts';

const STORED = Number(process.env.BENCH_STORED ?? 100_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 8);
const root = resolve(fileURLToPath(import.meta.url), '../..');
const dir = await mkdtemp(join(tmpdir(), 'payway-bench-state-'));
const purchase = getEndpoint('purchase');

// ---- the databases --------------------------------------------------------------------------------

/** A purchase's records as the emulator writes them, to copy as many stored transactions. */
async function templates(file: string): Promise<{ tx: string; session: string }> {
  const emulator = createEmulator({ store: sqliteStateStore(file), runtime: 'bench' });
  const trace = await buildRequest(purchase, { ...exampleInputs(purchase), tran_id: 'TEMPLATE', req_time: formatReqTime(new Date()) }, { apiKey: DEMO_MERCHANT.apiKey });
  const answer = await emulator.fetch(new Request('http://bench' + purchase.path, { method: 'POST', headers: { 'content-type': trace.body.contentTypeHeader }, body: trace.body.text }));
  if (answer.status !== 200) throw new Error(`template purchase answered ${answer.status}`);
  const state = await emulator.state();
  const tx = state.transactions[`${DEMO_MERCHANT.merchantId}/TEMPLATE`]!;
  const session = Object.values(state.sessions).find((s) => s.ref === 'TEMPLATE')!;
  const records = { tx: JSON.stringify(tx), session: JSON.stringify(session) };
  await emulator.close();
  return records;
}

const PAID_REF = 'BENCH-PAID';
const isPaidCopy = (i: number) => i % 10 === 9;

async function fill(file: string, count: number, template: { tx: string; session: string }): Promise<number> {
  // The emulator seeds the new database first (an empty one would be seeded over the records).
  const seeded = createEmulator({ store: sqliteStateStore(file), runtime: 'bench' });
  await seeded.state();
  await seeded.close();
  const store = sqliteStateStore(file);
  const records = await store.open();
  const started = performance.now();
  for (let from = 0; from < count; from += 10_000) {
    const changes: RecordChange[] = [];
    for (let i = from; i < Math.min(count, from + 10_000); i++) {
      const tranId = `STORED${i}`;
      const sessionId = `S${String(i).padStart(19, '0')}`;
      let tx = template.tx.replaceAll('"TEMPLATE"', `"${tranId}"`);
      // One in ten paid, all with one merchant reference: what get-transactions-by-mc-ref finds.
      if (isPaidCopy(i)) tx = tx.replace('"status":"PENDING"', `"status":"APPROVED","paidAt":"${new Date().toISOString()}"`).replace(`"merchantRef":"${tranId}"`, `"merchantRef":"${PAID_REF}"`);
      changes.push({ collection: 'transactions', key: `${DEMO_MERCHANT.merchantId}/${tranId}`, value: tx });
      changes.push({ collection: 'sessions', key: sessionId, value: template.session.replace(/"id":"\w+"/, `"id":"${sessionId}"`).replaceAll('"TEMPLATE"', `"${tranId}"`) });
    }
    await records.commit(changes);
  }
  await store.close?.();
  return performance.now() - started;
}

// ---- one `payway mock --state` process under load ----------------------------------------------------

interface ServerFigures {
  startupMs: number;
  writesPerSecond: number;
  updatesPerSecond: number;
  /** Median time of one transaction-list (today, every status; and APPROVED only) and one get-transactions-by-mc-ref. */
  listMs: number;
  listApprovedMs: number;
  byRefMs: number;
  /** Peak RSS once the lists have been answered. */
  listPeakRssMb: number;
  rssMb: number;
  peakRssMb: number;
  /** RSS once the first request is answered: the process's own floor (tsx's loader thread included). */
  startRssMb: number;
  fileMb: number;
}

function startMock(file: string): Promise<{ child: ChildProcess; url: string; startedAt: number }> {
  const startedAt = performance.now();
  const child = spawn(process.execPath, [join(root, 'bin/payway.js'), 'mock', '--port', '0', '--state', file, '--no-rate-limits'], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((done, fail) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const url = /listening at (http:\/\/[\d.:]+)\//.exec(out)?.[1];
      if (url) done({ child, url, startedAt });
    });
    child.once('exit', (code) => fail(new Error(`payway mock exited (${code}): ${out}`)));
  });
}

interface Signed {
  path: string;
  body: string;
  type: string;
}

async function signed(endpointId: string, tranIds: string[]): Promise<Signed[]> {
  const endpoint = getEndpoint(endpointId);
  const time = formatReqTime(new Date());
  const out: Signed[] = [];
  for (const tranId of tranIds) {
    const inputs = { ...exampleInputs(endpoint), req_time: time, ...(endpoint.fields.some((field) => field.name === 'tran_id') ? { tran_id: tranId } : {}) };
    const trace = await buildRequest(endpoint, inputs, { apiKey: DEMO_MERCHANT.apiKey });
    out.push({ path: endpoint.path, body: trace.body.text, type: trace.body.contentTypeHeader });
  }
  return out;
}

/** One signed request of `endpointId` with its example inputs and `inputs`. */
async function signedWith(endpointId: string, inputs: Record<string, string>): Promise<Signed> {
  const endpoint = getEndpoint(endpointId);
  const trace = await buildRequest(endpoint, { ...exampleInputs(endpoint), req_time: formatReqTime(new Date()), ...inputs }, { apiKey: DEMO_MERCHANT.apiKey });
  return { path: endpoint.path, body: trace.body.text, type: trace.body.contentTypeHeader };
}

const LIST_ROUNDS = 15;

/** The median time of LIST_ROUNDS answers to `request`, one at a time; each answer must pass `ok`. */
async function medianMs(url: string, request: Signed, ok: (text: string) => boolean): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < LIST_ROUNDS; i++) {
    const started = performance.now();
    const response = await fetch(url + request.path, { method: 'POST', headers: { 'content-type': request.type }, body: request.body });
    const text = await response.text();
    times.push(performance.now() - started);
    if (!ok(text)) throw new Error(`${request.path} answered ${text.slice(0, 300)}`);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)]!;
}

const ids = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => `${prefix}${i}`);

/** Sends the requests from CLIENTS clients for SECONDS; returns the answers with PayWay's success per second. */
async function load(url: string, requests: Signed[], ok: (status: number, text: string) => boolean): Promise<{ perSecond: number; done: number }> {
  let next = 0;
  let done = 0;
  const until = performance.now() + SECONDS * 1000;
  const client = async () => {
    while (performance.now() < until && next < requests.length) {
      const r = requests[next++]!;
      const response = await fetch(url + r.path, { method: 'POST', headers: { 'content-type': r.type }, body: r.body });
      if (ok(response.status, await response.text())) done++;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: CLIENTS }, client));
  return { perSecond: done / ((performance.now() - started) / 1000), done };
}

async function rssOf(pid: number): Promise<{ rss: number; peak: number }> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) / 1024;
  return { rss: kb('VmRSS'), peak: kb('VmHWM') };
}

/**
 * Purchases (new records) for SECONDS, then close-transaction of existing transactions (a stored
 * record read by key and rewritten): `closeIds(purchased)` says which.
 */
async function measureServer(file: string, prefix: string, closeIds: (purchased: number) => string[]): Promise<ServerFigures> {
  const purchases = await signed('purchase', ids(prefix, SECONDS * 1500));
  const { child, url, startedAt } = await startMock(file);
  const first = await fetch(url + purchase.path, { method: 'POST', headers: { 'content-type': purchases[0]!.type }, body: purchases[0]!.body });
  if (first.status !== 200) throw new Error(`purchase answered ${first.status}`);
  await first.text();
  const startupMs = performance.now() - startedAt;
  const startRssMb = (await rssOf(child.pid!)).rss;
  const written = await load(url, purchases.slice(1), (status) => status === 200);
  const closes = await signed('close-transaction', closeIds(written.done + 1));
  const updated = await load(url, closes, (status, text) => status === 200 && /"code":"00"/.test(text));
  const { rss, peak } = await rssOf(child.pid!);
  const listMs = await medianMs(url, await signedWith('transaction-list', {}), (text) => /"code":"00"/.test(text) && /"data":\[\{/.test(text));
  const listApprovedMs = await medianMs(url, await signedWith('transaction-list', { status: 'APPROVED' }), (text) => /"code":"00"/.test(text));
  const byRefMs = await medianMs(url, await signedWith('transactions-by-merchant-ref', { merchant_ref: PAID_REF }), (text) => /"status":\{"code":/.test(text)); // empty: the endpoint's not-found answer
  const listPeakRssMb = (await rssOf(child.pid!)).peak;
  child.kill('SIGTERM');
  await new Promise((done) => child.once('exit', done));
  const size = async (path: string) => (await stat(path).catch(() => ({ size: 0 }))).size;
  const fileMb = ((await size(file)) + (await size(file + '-wal'))) / 1e6;
  return { startupMs, writesPerSecond: written.perSecond, updatesPerSecond: updated.perSecond, listMs, listApprovedMs, byRefMs, listPeakRssMb, startRssMb, rssMb: rss, peakRssMb: peak, fileMb };
}

// ---- baselines ------------------------------------------------------------------------------------

/** The same two records per write, straight to SQLite with the store's settings: the floor. */
function bareSqlite(file: string, template: { tx: string; session: string }): number {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec('CREATE TABLE IF NOT EXISTS record (id INTEGER PRIMARY KEY, collection TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, UNIQUE (collection, key))');
  const put = db.prepare('INSERT INTO record (collection, key, value) VALUES (?, ?, ?) ON CONFLICT (collection, key) DO UPDATE SET value = excluded.value');
  const write = db.transaction((i: number) => {
    put.run('transactions', `bare${i}`, template.tx);
    put.run('sessions', `bare${i}`, template.session);
  });
  let n = 0;
  const until = performance.now() + SECONDS * 500;
  const started = performance.now();
  while (performance.now() < until) write(n++);
  const perSecond = n / ((performance.now() - started) / 1000);
  db.close();
  return perSecond;
}

/** The old `--state file.json`: the whole state stringified, written to a temporary file, fsynced, renamed. */
async function oldJsonFile(state: EmulatorState, file: string): Promise<{ writesPerSecond: number; fileMb: number }> {
  let n = 0;
  let bytes = 0;
  const started = performance.now();
  while (performance.now() - started < SECONDS * 250 || n < 2) {
    const text = JSON.stringify(state);
    const handle = await open(file + '.tmp', 'w');
    await handle.writeFile(text);
    await handle.sync();
    await handle.close();
    await (await import('node:fs/promises')).rename(file + '.tmp', file);
    bytes = text.length;
    n++;
  }
  return { writesPerSecond: n / ((performance.now() - started) / 1000), fileMb: bytes / 1e6 };
}

// ---- the run --------------------------------------------------------------------------------------

// The database is filled by a child process: libsql keeps a closed connection's lock until GC (see
// sqliteStateStore.ts), and `payway mock` must then open the file.
if (process.argv[2] === 'fill') {
  const ms = await fill(process.argv[3]!, Number(process.argv[4]), JSON.parse(process.argv[5]!) as { tx: string; session: string });
  process.stdout.write(String(ms));
  process.exit(0);
}
function fillInChild(file: string, count: number, template: { tx: string; session: string }): Promise<number> {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), 'fill', file, String(count), JSON.stringify(template)], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  return new Promise((done, fail) => child.once('exit', (code) => (code === 0 ? done(Number(out)) : fail(new Error(`fill exited with ${code}`)))));
}

console.log(`npm run bench:state — ${STORED.toLocaleString('en')} stored transactions, ${CLIENTS} clients for ${SECONDS} s per server; figures, not pass/fail.`);
console.log('This machine is shared (2 cores, other engineers building and testing): read ratios more than absolute numbers.\n');
const template = await templates(join(dir, 'template.db'));
const emptyDb = join(dir, 'empty.db');
const fullDb = join(dir, 'full.db');
const fillMs = await fillInChild(fullDb, STORED, template);
console.log(`filled ${STORED.toLocaleString('en')} transactions + sessions in ${(fillMs / 1000).toFixed(1)} s (batches of 10,000)`);
// Empty: close what this run purchased; full: close stored transactions spread over the whole table.
const empty = await measureServer(emptyDb, 'BENCH', (purchased) => ids('BENCH', purchased));
// The paid copies are left out: closing one is refused (code 2), which is not a write.
const full = await measureServer(fullDb, 'MORE', () =>
  Array.from({ length: SECONDS * 3000 }, (_, i) => (i * 7919) % STORED)
    .filter((n) => !isPaidCopy(n))
    .map((n) => `STORED${n}`),
);
const bareEmpty = bareSqlite(join(dir, 'bare.db'), template);

// The old JSON file: the same states as JSON views (the full one read through the SQLite store).
const jsonOf = async (file: string) => {
  const emulator = createEmulator({ store: sqliteStateStore(file), runtime: 'bench' });
  const view = stateView(await emulator.state(), { secrets: true });
  await emulator.close();
  return view;
};
const jsonEmpty = await oldJsonFile(await jsonOf(emptyDb), join(dir, 'empty.json'));
const jsonFull = await oldJsonFile(await jsonOf(fullDb), join(dir, 'full.json'));

const f = (n: number, digits = 0) => n.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const rows: [string, string, string, string][] = [
  ['', 'empty state', `${f(STORED)} stored`, 'ratio'],
  ['SQLite: writes/s, purchase (new records)', f(empty.writesPerSecond), f(full.writesPerSecond), `${f((full.writesPerSecond / empty.writesPerSecond) * 100)}%  (target ≥ 50%)`],
  ['SQLite: writes/s, close-transaction (read by key, rewritten)', f(empty.updatesPerSecond), f(full.updatesPerSecond), `${f((full.updatesPerSecond / empty.updatesPerSecond) * 100)}%`],
  ['SQLite: spawn → first answer (ms)', f(empty.startupMs), f(full.startupMs), `${f(full.startupMs / empty.startupMs, 2)}×`],
  ['SQLite: RSS after the first answer (MB): the floor', f(empty.startRssMb, 1), f(full.startRssMb, 1), ''],
  ['SQLite: RSS after the load (MB)', f(empty.rssMb, 1), f(full.rssMb, 1), `peak ${f(full.peakRssMb, 1)} MB  (target ≤ 150 MB)`],
  ['SQLite: transaction-list, today, 40 rows (median ms)', f(empty.listMs, 1), f(full.listMs, 1), `${f(full.listMs / empty.listMs, 2)}×  (target: the same)`],
  ['SQLite: transaction-list, status=APPROVED (median ms)', f(empty.listApprovedMs, 1), f(full.listApprovedMs, 1), `${f(full.listApprovedMs / empty.listApprovedMs, 2)}×`],
  ['SQLite: get-transactions-by-mc-ref, 50 rows (median ms)', f(empty.byRefMs, 1), f(full.byRefMs, 1), `${f(full.byRefMs / empty.byRefMs, 2)}×`],
  ['SQLite: peak RSS after the lists (MB)', f(empty.listPeakRssMb, 1), f(full.listPeakRssMb, 1), '(target ≤ 150 MB)'],
  ['SQLite: file size (MB)', f(empty.fileMb, 1), f(full.fileMb, 1), ''],
  ['bare SQLite: the same 2 records/write (writes/s)', f(bareEmpty), '', `emulator at ${f((empty.writesPerSecond / bareEmpty) * 100)}% of it`],
  ['old JSON file: writes/s (whole state + fsync)', f(jsonEmpty.writesPerSecond, 1), f(jsonFull.writesPerSecond, 1), `${f((jsonFull.writesPerSecond / jsonEmpty.writesPerSecond) * 100, 1)}%`],
  ['old JSON file: size (MB)', f(jsonEmpty.fileMb, 2), f(jsonFull.fileMb, 1), ''],
];
const widths = [0, 1, 2, 3].map((c) => Math.max(...rows.map((r) => r[c]!.length)));
for (const row of rows) console.log(row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  '));
console.log(`\nwrites are requests to payway mock over HTTP, each flushed to disk (fsync) before its answer; a purchase also renders`);
console.log(`the checkout page with its KHQR code. The server is the bundled CLI (lib/cli.js through bin/payway.js).`);
console.log(`Stored: copies of one purchase made today, one in ten paid with merchant reference ${PAID_REF}: every one is in today's list window.`);
await rm(dir, { recursive: true, force: true });
