// The in-page emulator's indexes in a real browser: a state already in IndexedDB (records, as the
// service worker writes them) is loaded with its indexes, so transaction-list and
// get-transactions-by-mc-ref find its transactions through them.
import { getEndpoint } from '../../src/core/catalog/index.ts';
import { DEMO_MERCHANT } from '../../src/core/demoMerchant.ts';
import { buildRequest, exampleInputs } from '../../src/core/signing/buildRequest.ts';
import { formatReqTime } from '../../src/core/signing/reqTime.ts';
import { gatewayTime } from '../../src/emulator/gatewayTime.ts';
import { recordsOfState } from '../../src/emulator/liveState.ts';
import { pendingTransaction } from '../../src/emulator/lifecycle.ts';
import { emptyState, transactionKey } from '../../src/emulator/state.ts';
import { expect, test } from './support/staticApp.ts';

async function signed(endpointId: string, inputs: Record<string, string>) {
  const endpoint = getEndpoint(endpointId);
  const trace = await buildRequest(endpoint, { ...exampleInputs(endpoint), req_time: formatReqTime(new Date()), ...inputs }, { apiKey: DEMO_MERCHANT.apiKey });
  return { path: endpoint.path, body: trace.body.text, type: trace.body.contentTypeHeader };
}

test('a state in IndexedDB is loaded with its indexes: the lists find its transactions', async ({ page }) => {
  test.setTimeout(60_000);
  // 30 paid transactions over the last hour, under two merchant references, and 10 unpaid.
  const now = Date.now();
  const state = emptyState({ rateLimits: false });
  for (let i = 0; i < 40; i++) {
    const tx = pendingTransaction({ merchantId: DEMO_MERCHANT.merchantId, tranId: `IDX${i}`, createdBy: 'purchase', currency: 'USD', amount: 100 }, new Date(now - 3600_000 + i * 60_000), {
      merchantRef: i % 2 ? 'REF-ODD' : 'REF-EVEN',
    });
    if (i < 30) Object.assign(tx, { status: 'APPROVED', paidAt: new Date(now - 3600_000 + i * 60_000 + 1000).toISOString() });
    state.transactions[transactionKey(tx.merchantId, tx.tranId)] = tx;
  }
  const entries = recordsOfState(state).map((change, i): [[string, string], { seq: number; value: string | null }] => [[change.collection, change.key], { seq: i + 1, value: change.value }]);

  // Before the app (and its service worker) ever ran on this origin: the records, as the worker keeps them.
  await page.goto('/sw.js');
  await page.evaluate(async (records) => {
    const db = await new Promise<IDBDatabase>((done, fail) => {
      const request = indexedDB.open('payway-playground-emulator-records');
      request.onupgradeneeded = () => request.result.createObjectStore('records');
      request.onsuccess = () => done(request.result);
      request.onerror = () => fail(request.error);
    });
    await new Promise((done, fail) => {
      const tx = db.transaction('records', 'readwrite');
      for (const [key, entry] of records) tx.objectStore('records').put(entry, key);
      tx.oncomplete = done;
      tx.onerror = () => fail(tx.error);
    });
    db.close();
  }, entries);

  await page.goto('/');
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 20_000 });
  const send = (request: { path: string; body: string; type: string }) =>
    page.evaluate(async ({ path, body, type }) => (await fetch(`mock${path}`, { method: 'POST', headers: { 'content-type': type }, body })).json(), request) as Promise<{ data?: { transaction_id: string }[] }>;
  const ids = (answer: { data?: { transaction_id: string }[] }) => (answer.data ?? []).map((row) => row.transaction_id);

  const window = { from_date: gatewayTime(new Date(now - 2 * 3600_000)), to_date: gatewayTime(new Date(now + 60_000)) };
  const approved = await send(await signed('transaction-list', { ...window, from_amount: '', to_amount: '', status: 'APPROVED', page: '1', pagination: '5' }));
  expect(ids(approved)).toEqual(['IDX29', 'IDX28', 'IDX27', 'IDX26', 'IDX25']);
  const pending = await send(await signed('transaction-list', { ...window, from_amount: '', to_amount: '', status: 'PENDING', page: '2', pagination: '4' }));
  expect(ids(pending)).toEqual(['IDX35', 'IDX34', 'IDX33', 'IDX32']);
  const byRef = await send(await signed('transactions-by-merchant-ref', { merchant_ref: 'REF-ODD' }));
  expect(ids(byRef)).toEqual(['IDX29', 'IDX27', 'IDX25', 'IDX23', 'IDX21', 'IDX19', 'IDX17', 'IDX15', 'IDX13', 'IDX11', 'IDX9', 'IDX7', 'IDX5', 'IDX3', 'IDX1']);
});
