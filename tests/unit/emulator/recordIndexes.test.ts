// The state's secondary indexes (src/emulator/recordIndexes.ts): the in-memory index structure against a
// plain sorted array, and transaction-list, get-transactions-by-mc-ref and the KHQR scan answering over
// each store (memory, SQLite, a store without indexes) exactly what reading every stored transaction
// answers, while reading only the rows of the page. A version-1 SQLite database gets its indexes.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'libsql';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_MERCHANT } from '../../../src/core/demoMerchant.ts';
import { gatewayTime, instantOf } from '../../../src/emulator/gatewayTime.ts';
import { pendingTransaction } from '../../../src/emulator/lifecycle.ts';
import { LiveState, recordsOfState } from '../../../src/emulator/liveState.ts';
import { toMajor } from '../../../src/emulator/money.ts';
import { listedByStatusRange, listedRange } from '../../../src/emulator/recordIndexes.ts';
import { SortedIndex } from '../../../src/emulator/sortedIndex.ts';
import { emptyState, transactionKey, type PaymentStatus, type Transaction } from '../../../src/emulator/state.ts';
import { memoryStateStore, RecordMap, type StateStore, type StoredRecords } from '../../../src/emulator/stateStore.ts';
import { createNodeEmulator } from '../../../src/node/createNodeEmulator.ts';
import { sqliteStateStore } from '../../../src/node/sqliteStateStore.ts';
import { seededRandom } from '../../support/seededRandom.ts';
import { codeOf, testEmulator, TestClock, type TestEmulator } from './support.ts';

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});
async function tempFile(name: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'payway-index-'));
  dirs.push(dir);
  return join(dir, name);
}

/** Random numbers in [0, n) from a seed. */
function numbers(seed: number) {
  const bytes = seededRandom(seed);
  return (n: number) => {
    const [a, b, c] = bytes(3);
    return ((a! << 16) | (b! << 8) | c!) % n;
  };
}

describe('SortedIndex', () => {
  it('keeps (value, key) pairs in order through random inserts and removals, and reads ranges like a sorted array', () => {
    const pick = numbers(5);
    const index = new SortedIndex();
    const reference: [string, string][] = [];
    const order = (a: [string, string], b: [string, string]) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0);
    for (let step = 0; step < 20_000; step++) {
      const pair: [string, string] = [`v${String(pick(300)).padStart(3, '0')}`, `k${pick(50)}`];
      const at = reference.findIndex((p) => order(p, pair) === 0);
      if (pick(3) === 0 && reference.length) {
        const victim = reference[pick(reference.length)]!;
        expect(index.remove(victim[0], victim[1])).toBe(true);
        reference.splice(reference.indexOf(victim), 1);
      } else if (at < 0) {
        index.insert(pair[0], pair[1]);
        reference.push(pair);
      } else expect(index.remove('v999', 'absent')).toBe(false);
    }
    reference.sort(order);
    expect(index.size).toBe(reference.length);
    expect([...index.range('', '\uffff')]).toEqual(reference);
    for (const [from, to] of [['v010', 'v020'], ['v299', 'v299'], ['v150', 'v149'], ['a', 'b']] as const) {
      expect([...index.range(from, to)]).toEqual(reference.filter(([v]) => v >= from && v <= to));
    }
  });
});

// ---- the same state over each store ------------------------------------------------------------------

const NOW = new TestClock().now().getTime();
const OTHER_MERCHANT = 'ec999999';
const STATUSES: PaymentStatus[] = ['APPROVED', 'PRE-AUTH', 'PENDING', 'DECLINED', 'REFUNDED', 'CANCELLED'];
const CREATORS = ['purchase', 'generate-qr', 'request-qr', 'khqr-scan'] as const;

/** `count` transactions of two merchants over four days around now, in every status, some sharing a date. */
function randomTransactions(count: number, seed: number): Transaction[] {
  const pick = numbers(seed);
  return Array.from({ length: count }, (_, i) => {
    const merchantId = pick(4) === 0 ? OTHER_MERCHANT : DEMO_MERCHANT.merchantId;
    // Whole minutes, so some transactions share their date and the order falls to tran_id.
    const created = new Date(NOW - 2 * 86_400_000 + pick(4 * 24 * 60) * 60_000);
    const tx = pendingTransaction(
      { merchantId, tranId: `R${String(pick(1_000_000)).padStart(6, '0')}x${i}`, createdBy: CREATORS[pick(CREATORS.length)]!, currency: pick(5) ? 'USD' : 'KHR', amount: 100 + pick(1000) * 100 },
      created,
      { merchantRef: `REF${pick(4)}`, qrString: `000201QR${i}` },
    );
    tx.status = STATUSES[pick(STATUSES.length)]!;
    if (tx.status !== 'PENDING' && pick(2)) tx.paidAt = new Date(created.getTime() + pick(600) * 60_000).toISOString();
    return tx;
  });
}

/** transaction-list as it was before the indexes: every stored transaction read, filtered and sorted. */
function listByScanning(all: Transaction[], q: { from: number; to: number; fromAmount: number; toAmount: number; statuses?: string[]; page: number; pagination: number }): string[] {
  const dated = (tx: Transaction) => instantOf(tx.paidAt ?? tx.createdAt);
  return all
    .filter((tx) => tx.merchantId === DEMO_MERCHANT.merchantId)
    .filter((tx) => !(tx.status === 'PENDING' && (tx.createdBy === 'generate-qr' || tx.createdBy === 'request-qr')))
    .filter((tx) => dated(tx) >= q.from && dated(tx) <= q.to)
    .filter((tx) => toMajor(tx.amount, tx.currency) >= q.fromAmount && toMajor(tx.amount, tx.currency) <= q.toAmount)
    .filter((tx) => !q.statuses || q.statuses.includes(tx.status))
    .sort((a, b) => dated(b) - dated(a) || (a.tranId < b.tranId ? -1 : 1))
    .slice((q.page - 1) * q.pagination, q.page * q.pagination)
    .map((tx) => tx.tranId);
}

/** A store that passes everything on but has no find(): the emulator then scans (as a store written elsewhere may be). */
function withoutIndexes(store: StateStore): StateStore {
  return {
    readsOnDemand: store.readsOnDemand,
    async open() {
      const records = await store.open();
      return { get: (c, k) => records.get(c, k), scan: (c) => records.scan(c), keys: (c) => records.keys(c), commit: (changes, options) => records.commit(changes, options) };
    },
  };
}

/** Counts the rows each store's find() hands out. */
function counting(store: StateStore) {
  let rows = 0;
  const counted: StateStore = {
    readsOnDemand: store.readsOnDemand,
    async open() {
      const records = await store.open();
      return {
        get: (c, k) => records.get(c, k),
        scan: (c) => records.scan(c),
        keys: (c) => records.keys(c),
        commit: (changes, options) => records.commit(changes, options),
        *find(c, index, from, to) {
          for (const row of records.find!(c, index, from, to)) {
            rows++;
            yield row;
          }
        },
      };
    },
    close: () => store.close?.(),
  };
  return { store: counted, rows: () => rows };
}

/** An emulator over `store` holding `transactions` (written straight to the store it opened) and nothing seeded. */
async function emulatorWith(store: StateStore, transactions: Transaction[]): Promise<TestEmulator> {
  let opened: StoredRecords | undefined;
  const capturing: StateStore = { readsOnDemand: store.readsOnDemand, open: async () => (opened = await store.open()), close: () => store.close?.() };
  const t = testEmulator({ store: capturing, rateLimits: false, seed: false });
  await t.emulator.state();
  const bulk = emptyState();
  for (const tx of transactions) bulk.transactions[transactionKey(tx.merchantId, tx.tranId)] = tx;
  await opened!.commit(recordsOfState(bulk).filter((c) => c.collection === 'transactions'));
  return t;
}

const ids = (answer: { body: Record<string, unknown> }) => ((answer.body.data ?? []) as { transaction_id: string }[]).map((row) => row.transaction_id);

describe('transaction-list, get-transactions-by-mc-ref and the KHQR scan through the indexes', () => {
  const transactions = randomTransactions(1500, 11);
  const stores: [string, () => Promise<StateStore>][] = [
    ['the memory store', async () => memoryStateStore()],
    ['the SQLite store', async () => sqliteStateStore(await tempFile('state.db'))],
    ['a store without find()', async () => withoutIndexes(memoryStateStore())],
  ];

  it.each(stores)('answer over %s what reading every transaction answers', async (_name, makeStore) => {
    const store = await makeStore();
    const t = await emulatorWith(store, transactions);
    const day = 86_400_000;
    const queries = [
      { from: NOW - day, to: NOW + day, fromAmount: -Infinity, toAmount: Infinity, page: 1, pagination: 40 },
      { from: NOW - day, to: NOW + day, fromAmount: -Infinity, toAmount: Infinity, page: 3, pagination: 25 },
      { from: NOW - 2 * day, to: NOW + day, fromAmount: 2, toAmount: 5, page: 1, pagination: 1000 },
      { from: NOW - day, to: NOW, fromAmount: -Infinity, toAmount: Infinity, statuses: ['APPROVED', 'REFUNDED'], page: 1, pagination: 40 },
      { from: NOW - day, to: NOW + day, fromAmount: -Infinity, toAmount: Infinity, statuses: ['PENDING', 'DECLINED', 'PRE-AUTH', 'CANCELLED'], page: 2, pagination: 30 },
      { from: NOW + 3 * day, to: NOW + 4 * day, fromAmount: -Infinity, toAmount: Infinity, page: 1, pagination: 40 },
    ];
    for (const q of queries) {
      const inputs: Record<string, string> = {
        from_date: gatewayTime(new Date(q.from)),
        to_date: gatewayTime(new Date(q.to)),
        from_amount: Number.isFinite(q.fromAmount) ? String(q.fromAmount) : '',
        to_amount: Number.isFinite(q.toAmount) ? String(q.toAmount) : '',
        status: q.statuses?.join(',') ?? '',
        page: String(q.page),
        pagination: String(q.pagination),
      };
      // Gateway times have whole seconds: the window the emulator reads is the one the texts say.
      const window = { ...q, from: Math.floor(q.from / 1000) * 1000, to: Math.floor(q.to / 1000) * 1000 };
      for (const endpoint of ['transaction-list', 'transaction-list-v1']) {
        const answer = await t.call(endpoint, inputs);
        expect(codeOf(answer), JSON.stringify(answer.body)).toBe(endpoint === 'transaction-list' ? '00' : '0');
        expect(ids(answer), `${endpoint} ${JSON.stringify(inputs)}`).toEqual(listByScanning(transactions, window));
      }
    }
    const dated = (tx: Transaction) => instantOf(tx.paidAt ?? tx.createdAt);
    for (const ref of ['REF0', 'REF3', 'NONE']) {
      const expected = transactions
        .filter((tx) => tx.merchantId === DEMO_MERCHANT.merchantId && tx.merchantRef === ref && (tx.status === 'APPROVED' || tx.status === 'REFUNDED'))
        .sort((a, b) => dated(b) - dated(a) || (transactionKey(a.merchantId, a.tranId) < transactionKey(b.merchantId, b.tranId) ? -1 : 1))
        .slice(0, 50);
      const answer = await t.call('transactions-by-merchant-ref', { merchant_ref: ref });
      if (expected.length) expect(ids(answer)).toEqual(expected.map((tx) => tx.tranId));
      else expect(answer.body.data ?? []).toEqual([]);
    }
    await t.emulator.close();
  }, 60_000);

  it.each(stores)('the KHQR scan over %s pays the transaction of its string once, among many stored', async (_name, makeStore) => {
    const t = await emulatorWith(await makeStore(), transactions);
    const purchase = await t.call('purchase', { tran_id: 'SCANME', payment_option: 'abapay_khqr_deeplink' });
    const qr = (purchase.body as { qr_string: string }).qr_string;
    const first = await t.post('/_emulator/khqr/scan', JSON.stringify({ qrString: qr }), 'application/json');
    expect(first.status).toBe(200);
    expect((await t.emulator.state()).transactions[transactionKey(DEMO_MERCHANT.merchantId, 'SCANME')]!.status).toBe('APPROVED');
    const again = await t.post('/_emulator/khqr/scan', JSON.stringify({ qrString: qr }), 'application/json');
    expect([again.status, await again.text()]).toEqual([409, expect.stringContaining('SCANME is APPROVED')]);
    await t.emulator.close();
  }, 60_000);

  it('reads only the rows of the page from the index, however many transactions are stored in the window', async () => {
    const stored = randomTransactions(5000, 13).map((tx) => ({ ...tx, merchantId: DEMO_MERCHANT.merchantId, status: 'APPROVED' as const, createdAt: new Date(NOW - 60_000).toISOString(), paidAt: undefined }));
    for (const make of [() => memoryStateStore(), async () => sqliteStateStore(await tempFile('state.db'))]) {
      const { store, rows } = counting(await make());
      const t = await emulatorWith(store, stored);
      const before = rows();
      const answer = await t.call('transaction-list', { status: '', page: '', pagination: '' });
      expect(ids(answer)).toHaveLength(40);
      expect(rows() - before).toBeLessThanOrEqual(64);
      const byRef = await t.call('transactions-by-merchant-ref', { merchant_ref: 'REF1' });
      expect(ids(byRef)).toHaveLength(50);
      expect(rows() - before).toBeLessThanOrEqual(2 * 64);
      await t.emulator.close();
    }
  }, 60_000);
});

describe('the payer pages of a tran_id', () => {
  it.each([
    ['the memory store', async () => memoryStateStore()],
    ['the SQLite store', async () => sqliteStateStore(await tempFile('state.db'))],
  ])('GET /_emulator/sessions?ref= lists only the pages about it over %s, and pay() pays through it', async (_name, makeStore) => {
    const store = await makeStore();
    const emulator = createNodeEmulator({ store, rateLimits: false });
    await emulator.state();
    const t = testEmulator({ store: { readsOnDemand: false, open: () => Promise.reject(new Error('unused')) } });
    // Purchases signed by a test emulator, answered by the Node one: 300 pages, two of them about PAYME.
    for (let i = 0; i < 300; i++) await emulator.fetch(await t.request('purchase', { tran_id: i === 100 || i === 299 ? 'PAYME' : `PAGE${i}` }));
    const listed = (await (await emulator.fetch(new Request('http://127.0.0.1/_emulator/sessions?ref=PAYME'))).json()) as { sessions: { ref: string; pageUrl: string }[] };
    expect(listed.sessions.map((s) => s.ref)).toEqual(['PAYME', 'PAYME']);
    expect(listed.sessions[0]!.pageUrl).toMatch(/\/_emulator\/pay\//);
    const none = (await (await emulator.fetch(new Request('http://127.0.0.1/_emulator/sessions?ref=NOPE'))).json()) as { sessions: unknown[] };
    expect(none.sessions).toEqual([]);
    const all = (await (await emulator.fetch(new Request('http://127.0.0.1/_emulator/sessions'))).json()) as { sessions: unknown[] };
    expect(all.sessions.length).toBeGreaterThanOrEqual(300);
    expect(await emulator.pay('PAYME')).toContain('<html');
    expect((await emulator.state()).transactions[transactionKey(DEMO_MERCHANT.merchantId, 'PAYME')]!.status).toBe('APPROVED');
    await expect(emulator.pay('NOPE')).rejects.toThrow('no checkout page for tran_id NOPE');
    await emulator.close();
  }, 60_000);
});

describe('LiveState.find', () => {
  it('takes a record changed since the last write as it is now, not as the index has it', async () => {
    const records = new RecordMap();
    const [a, b] = randomTransactions(2, 3).map((tx, i) => ({ ...tx, merchantId: DEMO_MERCHANT.merchantId, status: 'PENDING' as const, createdBy: 'purchase' as const, createdAt: new Date(NOW - i * 1000).toISOString(), paidAt: undefined }));
    const state = emptyState();
    state.transactions[transactionKey(a!.merchantId, a!.tranId)] = a!;
    state.transactions[transactionKey(b!.merchantId, b!.tranId)] = b!;
    records.commit(recordsOfState(state));
    const live = new LiveState(records, { readsOnDemand: false });
    const approved = () => [...live.find('transactions', listedByStatusRange(DEMO_MERCHANT.merchantId, 'APPROVED', NOW - 60_000, NOW))].map((tx) => tx.tranId);
    const listed = () => [...live.find('transactions', listedRange(DEMO_MERCHANT.merchantId, NOW - 60_000, NOW))].map((tx) => tx.tranId);
    expect(approved()).toEqual([]);
    expect(listed()).toEqual([a!.tranId, b!.tranId]);
    // Changed through the state, not yet written: found under its new status, in its new place.
    live.state.transactions[transactionKey(b!.merchantId, b!.tranId)]!.status = 'APPROVED';
    live.state.transactions[transactionKey(b!.merchantId, b!.tranId)]!.paidAt = new Date(NOW).toISOString();
    delete live.state.transactions[transactionKey(a!.merchantId, a!.tranId)];
    expect(approved()).toEqual([b!.tranId]);
    expect(listed()).toEqual([b!.tranId]);
    await live.persist();
    expect(approved()).toEqual([b!.tranId]);
    expect(listed()).toEqual([b!.tranId]);
  });
});

describe('a version-1 SQLite database (before the indexes)', () => {
  it('gets its indexes at the first open, and its lists find what it held', async () => {
    const file = await tempFile('old.db');
    // The layout version 1 wrote, with a state in it, as an earlier release left it.
    const db = new Database(file);
    db.exec(`CREATE TABLE record (id INTEGER PRIMARY KEY, collection TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, UNIQUE (collection, key));
             CREATE INDEX record_order ON record (collection, id);
             PRAGMA user_version = 1;`);
    const old = emptyState();
    const stored = randomTransactions(300, 17);
    for (const tx of stored) old.transactions[transactionKey(tx.merchantId, tx.tranId)] = tx;
    const put = db.prepare('INSERT INTO record (collection, key, value) VALUES (?, ?, ?)');
    for (const change of recordsOfState(old)) put.run(change.collection, change.key, change.value);
    db.close();

    const t = testEmulator({ store: sqliteStateStore(file), rateLimits: false });
    const answer = await t.call('transaction-list', { status: 'APPROVED,REFUNDED', page: '', pagination: '1000', from_date: gatewayTime(new Date(NOW - 86_400_000)), to_date: gatewayTime(new Date(NOW + 86_400_000)) });
    const window = { from: Math.floor((NOW - 86_400_000) / 1000) * 1000, to: Math.floor((NOW + 86_400_000) / 1000) * 1000, fromAmount: -Infinity, toAmount: Infinity, statuses: ['APPROVED', 'REFUNDED'], page: 1, pagination: 1000 };
    expect(ids(answer)).toEqual(listByScanning(stored, window));
    expect(ids(answer).length).toBeGreaterThan(10);
    await t.emulator.close();
    // Every stored transaction is in the index of KHQR strings the migration filled.
    const records = await sqliteStateStore(file).open();
    for (const tx of stored.slice(0, 20)) {
      const value = JSON.stringify([tx.qrString]);
      expect([...records.find!('transactions', 'byQr', value, value)].map((row) => row[1])).toEqual([transactionKey(tx.merchantId, tx.tranId)]);
    }
  }, 60_000);
});
