// One request never wedges the emulator (issue #14, item 1): what it stores is bounded in size and depth
// (refused where it comes in), a write that fails undoes that request's changes and only fails that
// request, and a seeded fuzz of every route that stores something, admin routes included, is followed
// each time by requests that must still work, on the memory store and on SQLite.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { catalog, getEndpoint } from '../../../src/core/catalog/index.ts';
import { buildRequest, exampleInputs } from '../../../src/core/signing/buildRequest.ts';
import { formatReqTime } from '../../../src/core/signing/reqTime.ts';
import { DEMO_MERCHANT } from '../../../src/core/demoMerchant.ts';
import { MAX_INBOX_BODY_BYTES, MAX_STORED_DEPTH } from '../../../src/emulator/bounds.ts';
import { memoryStateStore, type StateStore } from '../../../src/emulator/index.ts';
import { stateView, type InboxItem } from '../../../src/emulator/state.ts';
import { startEmulatorServer } from '../../../src/node/emulatorRoutes.ts';
import { sqliteStateStore } from '../../../src/node/sqliteStateStore.ts';
import { SeededRng } from '../../support/seededRandom.ts';
import { actOnPage, answerOf, authJson, BASE, codeOf, demoCredentials, newTranId, testEmulator, type TestEmulator } from './support.ts';

const dirs: string[] = [];
async function sqliteStore(): Promise<StateStore> {
  const dir = await mkdtemp(join(tmpdir(), 'payway-bounds-'));
  dirs.push(dir);
  return sqliteStateStore(join(dir, 'state.db'));
}
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

const deepJson = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
const deepObject = (depth: number): unknown => {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
};

/** A purchase and a check of it: what every later request must still be able to do. */
async function expectWorking(t: TestEmulator): Promise<void> {
  const tranId = newTranId('OK');
  const purchase = await t.call('purchase', { tran_id: tranId });
  expect(purchase.status, purchase.text.slice(0, 300)).toBe(200);
  const checked = await t.call('check-transaction', { tran_id: tranId });
  expect(codeOf(checked), checked.text).toBe('00');
  const inbox = await answerOf(await t.post('/_emulator/inbox', JSON.stringify({ tran_id: tranId, status: '0' }), 'application/json'));
  expect(inbox.status).toBe(200);
}

/** A store whose next commits fail while `failing` is set, as a full disk or a broken database would. */
function failingStore(inner: StateStore) {
  const control = { failing: false, failed: 0 };
  const store: StateStore = {
    readsOnDemand: inner.readsOnDemand,
    async open() {
      const records = await inner.open();
      return {
        get: (c, k) => records.get(c, k),
        scan: (c) => records.scan(c),
        keys: (c) => records.keys(c),
        commit: (changes, options) => {
          if (control.failing) {
            control.failed++;
            throw new Error('injected: the disk is full');
          }
          return records.commit(changes, options);
        },
      };
    },
    close: () => inner.close?.(),
  };
  return { store, control };
}

const stores: [string, () => StateStore | Promise<StateStore>][] = [
  ['the memory store', memoryStateStore],
  ['SQLite', sqliteStore],
];

describe.each(stores)('bounds and failed writes with %s', (_, makeStore) => {
  it('refuses a JSON body nested 5,000 deep at the inbox (400) and keeps working; the state file is written again', async () => {
    const t = testEmulator({ store: await makeStore() });
    const before = (await t.emulator.state()).inbox.length;
    const deep = await answerOf(await t.post('/_emulator/inbox', deepJson(5000), 'application/json'));
    expect(deep.status).toBe(400);
    expect(deep.body.error).toBe(`the body nests deeper than ${MAX_STORED_DEPTH} levels`);
    expect((await t.emulator.state()).inbox).toHaveLength(before);
    await expectWorking(t);
    // At the bound it is kept.
    expect((await t.post('/_emulator/inbox', JSON.stringify(deepObject(MAX_STORED_DEPTH - 1)), 'application/json')).status).toBe(200);
  });

  it('refuses an inbox body over its size bound (413), and deep JSON on every admin route that reads JSON (400)', async () => {
    const t = testEmulator({ store: await makeStore() });
    const big = JSON.stringify({ pad: 'x'.repeat(MAX_INBOX_BODY_BYTES) });
    expect((await t.post('/_emulator/inbox', big, 'application/json')).status).toBe(413);
    for (const path of ['/_emulator/merchants', '/_emulator/settings', '/_emulator/khqr/scan']) {
      const answer = await answerOf(await t.post(path, JSON.stringify({ merchantId: 'ec424242', rateLimits: false, qrString: deepObject(200) }), 'application/json'));
      expect(answer.status, path).toBe(400);
      expect(answer.body.error, path).toContain('nests deeper');
    }
    expect((await t.emulator.state()).merchants).toEqual([]);
    await expectWorking(t);
  });

  it('answers 500 for a request whose write fails, undoes its changes, and the next requests work', async () => {
    const { store, control } = failingStore(await makeStore());
    const t = testEmulator({ store });
    const paid = newTranId('P');
    const page = await t.call('purchase', { tran_id: paid, amount: '10.00' });
    await actOnPage(t, page.text, BASE + getEndpoint('purchase').path, 'approve', 'cards');
    await t.emulator.idle();

    control.failing = true;
    const lost = newTranId('L');
    const purchase = await t.call('purchase', { tran_id: lost });
    expect(purchase.status).toBe(500);
    const refund = await t.call('refund', { merchant_auth: authJson('refund', { tran_id: paid, refund_amount: 4 }) });
    expect(refund.status).toBe(500);
    const inbox = await t.post('/_emulator/inbox', '{"a":1}', 'application/json');
    expect(inbox.status).toBe(500);
    expect(control.failed).toBe(3);
    control.failing = false;

    // Nothing of the three is left, in memory or in the store.
    expect(codeOf(await t.call('check-transaction', { tran_id: lost }))).toBe(getEndpoint('check-transaction').outcomes.notFound!.code);
    const state = await t.emulator.state();
    expect(state.transactions[`${DEMO_MERCHANT.merchantId}/${paid}`]).toMatchObject({ status: 'APPROVED', refunded: 0 });
    expect(state.inbox.some((item) => JSON.stringify(item.body) === '{"a":1}')).toBe(false);
    await expectWorking(t);
    const refunded = await t.call('refund', { merchant_auth: authJson('refund', { tran_id: paid, refund_amount: 4 }) });
    expect(codeOf(refunded)).toBe('00');
    expect(refunded.body.total_refunded).toBe(4);
  });

  it('a record that got past a route out of bounds fails only the write that carries it, and is dropped', async () => {
    const t = testEmulator({ store: await makeStore() });
    const state = await t.emulator.state();
    const poison: InboxItem = { id: 'poison', receivedAt: '2025-02-13T06:55:45.000Z', url: BASE, headers: {}, body: deepObject(5000), signature: { received: null, valid: null } };
    state.inbox.push(poison);
    const purchase = await t.call('purchase', { tran_id: newTranId('X') });
    expect(purchase.status).toBe(500);
    expect(purchase.text).toContain('inbox record');
    expect(state.inbox.some((item) => item.id === 'poison')).toBe(false);
    await expectWorking(t);
  });
});

describe('an old state file wedged by a deep record', () => {
  it('loads, without that record', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'payway-bounds-'));
    dirs.push(dir);
    const file = join(dir, 'old.json');
    const fixture = JSON.parse(await (await import('node:fs/promises')).readFile(resolve(import.meta.dirname, 'fixtures/state-v1.json'), 'utf8')) as Record<string, unknown>;
    const inbox = [{ id: 'deep', receivedAt: '2025-02-13T06:55:45.000Z', url: 'x', headers: {}, body: deepObject(MAX_STORED_DEPTH + 10), signature: { received: null, valid: null } }];
    await writeFile(file, JSON.stringify({ ...fixture, inbox }));
    const server = await startEmulatorServer({ port: 0, stateFile: file });
    const state = await server.emulator.state();
    expect(state.inbox).toEqual([]);
    expect(state.transactions['ec000002/FIXTURE1']).toBeDefined();
    await server.close();
  });
});

// ---- the fuzz ------------------------------------------------------------------------------------------

class Rng extends SeededRng {
  constructor() {
    super(14_001, ['a', 'Z', '0', '.', '-', '"', '\\', '{', '[', ']', '}', '%', '&', '\u00a0', 'ក', '\u200b', '😀', '\n', '\u0000']);
  }
  /** Any JSON value, up to `depth` levels, sometimes very deep or very long. */
  json(depth: number): unknown {
    const kind = this.int(depth > 0 ? 8 : 4);
    if (kind === 0) return this.text(20);
    if (kind === 1) return this.pick([0, -1, 1e308, 0.1, 2 ** 53 + 1]);
    if (kind === 2) return this.pick([null, true, false]);
    if (kind === 3) return this.int(10) === 0 ? 'y'.repeat(this.int(200_000)) : this.text(5);
    if (kind === 4) return deepObject(this.pick([3, MAX_STORED_DEPTH - 2, MAX_STORED_DEPTH + 1, 300, 3000]));
    if (kind < 7) return Array.from({ length: this.int(4) }, () => this.json(depth - 1));
    return Object.fromEntries(Array.from({ length: this.int(5) }, () => [this.pick(['merchantId', 'name', 'apiKey', 'currency', 'rateLimits', 'qrString', 'amount', 'tran_id', this.text(6)]), this.json(depth - 1)]));
  }
}

const FUZZ_PER_ROUTE = 24;
const CONTENT_TYPES = ['application/json', 'application/x-www-form-urlencoded', 'text/plain', ''];

/** A body for a PayWay endpoint: a request signed with 1 to 3 fields set to odd values (deep JSON text, long text). */
async function payWayBody(t: TestEmulator, endpointId: string, rng: Rng): Promise<{ body: string; contentType: string }> {
  const endpoint = getEndpoint(endpointId);
  const inputs: Record<string, string> = exampleInputs(endpoint);
  for (const name of ['req_time', 'request_time']) if (endpoint.fields.some((f) => f.name === name)) inputs[name] = formatReqTime(t.clock.now());
  if (endpoint.fields.some((f) => f.name === 'tran_id')) inputs.tran_id = newTranId('F');
  const wire: Record<string, string> = {};
  for (let i = 1 + rng.int(3); i > 0; i--) {
    const field = rng.pick(endpoint.fields);
    if (field.encoding === 'rsa') continue;
    wire[field.name] = rng.pick([JSON.stringify(rng.json(3)), deepJson(rng.pick([70, 5000])), rng.text(rng.int(3) ? 40 : 3000), Buffer.from(JSON.stringify(rng.json(2))).toString('base64')]);
  }
  const trace = await buildRequest(endpoint, inputs, demoCredentials, { wire, random: rng.bytes, now: t.clock.now() });
  return { body: trace.body.text, contentType: trace.body.contentTypeHeader };
}

/** The admin routes that store something, each with a way to make a random request to it. */
function adminRequests(t: TestEmulator, rng: Rng): [string, () => Promise<Request>][] {
  const json = (path: string, method = 'POST') => async () => {
    const body = rng.int(5) === 0 ? rng.text(300) : JSON.stringify(rng.json(4));
    return new Request(BASE + path, { method, headers: { 'content-type': rng.pick(CONTENT_TYPES) }, body });
  };
  const sessionId = async () => Object.keys((await t.emulator.state()).sessions).at(-1 - rng.int(3)) ?? 'none';
  const deliveryId = async () => (await t.emulator.state()).deliveries.at(-1)?.id ?? 'none';
  return [
    ['POST /_emulator/inbox', json('/_emulator/inbox')],
    ['POST /_emulator/merchants', json('/_emulator/merchants')],
    ['POST /_emulator/settings', json('/_emulator/settings')],
    ['POST /_emulator/khqr/scan', json('/_emulator/khqr/scan')],
    [
      'POST /_emulator/pay/:id',
      async () =>
        new Request(`${BASE}/_emulator/pay/${await sessionId()}`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ action: rng.pick(['approve', 'decline', 'cancel', rng.text(5)]), option: rng.pick(['cards', 'abapay_khqr', 'abapay', rng.text(rng.int(2) ? 10 : 5000)]) }).toString(),
        }),
    ],
    ['POST /_emulator/deliveries/:id/resend', async () => new Request(`${BASE}/_emulator/deliveries/${await deliveryId()}/resend`, { method: 'POST' })],
    ['DELETE /_emulator/merchants/:id', async () => new Request(`${BASE}/_emulator/merchants/${encodeURIComponent(rng.pick(['ec000002', 'nobody', rng.text(8)]))}`, { method: 'DELETE' })],
    ['DELETE /_emulator/inbox', async () => new Request(`${BASE}/_emulator/inbox`, { method: 'DELETE' })],
  ];
}

describe('fuzzing every route that stores something', () => {
  it(`keeps answering, and keeps the stored state equal to the live one, over ${FUZZ_PER_ROUTE} random requests per route (SQLite)`, async () => {
    const store = await sqliteStore();
    const t = testEmulator({ store, rateLimits: false });
    const rng = new Rng();
    const routes: [string, () => Promise<Request>][] = [
      ...catalog.map((endpoint): [string, () => Promise<Request>] => [
        endpoint.id,
        async () => {
          const { body, contentType } = await payWayBody(t, endpoint.id, rng);
          return new Request(BASE + endpoint.path, { method: 'POST', headers: { 'content-type': contentType }, body });
        },
      ]),
      ...adminRequests(t, rng),
    ];
    for (const [route, makeRequest] of routes) {
      for (let i = 0; i < FUZZ_PER_ROUTE; i++) {
        const response = await t.emulator.fetch(await makeRequest());
        const text = await response.text();
        expect(response.status, `${route}: ${text.slice(0, 300)}`).not.toBe(500);
      }
      await expectWorking(t);
    }
    // Every request after the fuzz still works, and what is stored is what the emulator holds.
    await t.emulator.idle();
    const live = JSON.stringify(stateView(await t.emulator.state(), { secrets: true }));
    await t.emulator.close();
    const reopened = testEmulator({ store });
    expect(JSON.stringify(stateView(await reopened.emulator.state(), { secrets: true }))).toBe(live);
    await expectWorking(reopened);
    await reopened.emulator.close();
  }, 120_000);
});
