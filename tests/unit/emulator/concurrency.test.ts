// Requests that race: the emulator changes state synchronously after its last await, on one live object
// per record, so concurrent refunds never give back more than was paid and a hold is completed once,
// with a slow store and with SQLite (records read by key, written one transaction per request).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { getEndpoint } from '../../../src/core/catalog/index.ts';
import { DEMO_MERCHANT } from '../../../src/core/demoMerchant.ts';
import { memoryStateStore, type StateStore } from '../../../src/emulator/index.ts';
import { sqliteStateStore } from '../../../src/node/sqliteStateStore.ts';
import { actOnPage, authJson, BASE, codeOf, answerOf, newTranId, testEmulator, type TestEmulator } from './support.ts';

/** A memory store whose writes take a few turns of the event loop, as IndexedDB's do. */
function slowStore(): StateStore {
  const inner = memoryStateStore();
  const later = () => new Promise((done) => setTimeout(done, 1));
  return {
    readsOnDemand: false,
    async open() {
      const records = await inner.open();
      return { get: (c, k) => records.get(c, k), scan: (c) => records.scan(c), keys: (c) => records.keys(c), commit: async (changes, options) => (await later(), records.commit(changes, options)) };
    },
  };
}

async function paidTransaction(t: TestEmulator, type = 'purchase', option = 'abapay'): Promise<string> {
  const tranId = newTranId('C');
  const answer = await t.call('purchase', { tran_id: tranId, type, amount: '10.00' });
  await actOnPage(t, answer.text, BASE + getEndpoint('purchase').path, 'approve', option);
  return tranId;
}

let dir: string | undefined;
afterAll(async () => dir && rm(dir, { recursive: true, force: true }));
let databases = 0;
async function sqliteStore(): Promise<StateStore> {
  dir ??= await mkdtemp(join(tmpdir(), 'payway-concurrency-'));
  return sqliteStateStore(join(dir, `state${++databases}.db`));
}

const stores: [string, () => StateStore | Promise<StateStore>][] = [
  ['a slow store', slowStore],
  ['SQLite', sqliteStore],
];

describe.each(stores)('concurrency with %s', (_, makeStore) => {
  it('200 concurrent refunds of one transaction never refund more than its amount, as stored', async () => {
    const store = await makeStore();
    const t = testEmulator({ store });
    const tranId = await paidTransaction(t);
    // 200 refunds of 0.07 (14.00 in all) against 10.00: exactly 142 fit.
    const requests = await Promise.all(Array.from({ length: 200 }, () => t.request('refund', { merchant_auth: authJson('refund', { tran_id: tranId, refund_amount: 0.07 }) })));
    const answers = await Promise.all(requests.map(async (r) => answerOf(await t.emulator.fetch(r))));
    const codes = answers.map(codeOf);
    expect(codes.filter((c) => c === '00')).toHaveLength(142);
    expect(codes.filter((c) => c === 'PTL37')).toHaveLength(58);
    const tx = (await t.emulator.state()).transactions[`${DEMO_MERCHANT.merchantId}/${tranId}`]!;
    expect(tx.refunded).toBe(994);
    expect(tx.operations.filter((o) => o.status === 'Refunded')).toHaveLength(142);
    // What the store holds, read back by a new emulator: the same.
    await t.emulator.close();
    const stored = (await testEmulator({ store }).emulator.state()).transactions[`${DEMO_MERCHANT.merchantId}/${tranId}`]!;
    expect(stored.refunded).toBe(994);
    expect(stored.operations.filter((o) => o.status === 'Refunded')).toHaveLength(142);
    expect(Math.max(...answers.map((a) => Number(a.body.total_refunded ?? 0)))).toBe(9.94);
  });

  it('40 concurrent completions of one pre-auth complete it once', async () => {
    const t = testEmulator({ store: await makeStore() });
    const tranId = await paidTransaction(t, 'pre-auth', 'cards');
    const auth = JSON.stringify({ mc_id: DEMO_MERCHANT.merchantId, tran_id: tranId, complete_amount: 10 });
    const requests = await Promise.all(Array.from({ length: 40 }, () => t.request('pre-auth-complete', { merchant_auth: auth })));
    const codes = (await Promise.all(requests.map(async (r) => answerOf(await t.emulator.fetch(r))))).map(codeOf);
    expect(codes.filter((c) => c === '00')).toHaveLength(1);
    expect(codes.filter((c) => c === 'PTL59')).toHaveLength(39);
    const tx = (await t.emulator.state()).transactions[`${DEMO_MERCHANT.merchantId}/${tranId}`]!;
    expect(tx.operations.filter((o) => o.status === 'Completed Pre-Auth')).toHaveLength(1);
  });
});
