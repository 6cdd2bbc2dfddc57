// What the emulator remembers: the memory store, restoring saved state (including an old-format
// fixture), and the admin API that the UI reads and changes it through. The SQLite store has its own file.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { getEndpoint } from '../../../src/core/catalog/index.ts';
import { DEMO_MERCHANT } from '../../../src/core/demoMerchant.ts';
import { createEmulator, memoryStateStore, restoreState, STATE_VERSION, type EmulatorState } from '../../../src/emulator/index.ts';
import { emptyState } from '../../../src/emulator/state.ts';
import { actOnPage, answerOf, BASE, codeOf, newTranId, testEmulator } from './support.ts';

const json = (body: unknown) => [JSON.stringify(body), 'application/json'] as const;

describe('state', () => {
  it('survives a new emulator on the same store (a stopped service worker, a restarted process)', async () => {
    const store = memoryStateStore();
    const first = testEmulator({ store });
    const tranId = newTranId('K');
    const answer = await first.call('purchase', { tran_id: tranId });
    await actOnPage(first, answer.text, BASE + getEndpoint('purchase').path, 'approve', 'cards');
    await first.emulator.idle();
    const second = testEmulator({ store });
    const checked = await second.call('check-transaction', { tran_id: tranId });
    expect((checked.body.data as { payment_status: string }).payment_status).toBe('APPROVED');
  });

  it('loads the version-1 fixture as saved', async () => {
    const fixture = JSON.parse(await readFile(resolve(import.meta.dirname, 'fixtures/state-v1.json'), 'utf8')) as EmulatorState;
    expect(fixture.version).toBe(STATE_VERSION);
    const restored = restoreState(fixture, () => emptyState());
    // The inbox came after version 1: a version-1 state restores with an empty one.
    expect(restored).toEqual({ ...fixture, inbox: [] });
    const t = testEmulator({ initialState: fixture });
    const detail = await t.call('transaction-detail', { tran_id: 'FIXTURE1' });
    expect(detail.body.data).toMatchObject({ payment_status: 'REFUNDED', refund_amount: 2.5 });
  });

  it('refuses a stored state of a newer version rather than guess at it', async () => {
    const store = memoryStateStore();
    (await store.open()).commit([{ collection: 'meta', key: 'version', value: JSON.stringify({ version: STATE_VERSION + 1 }) }]);
    await expect(testEmulator({ store }).emulator.state()).rejects.toThrow(`the stored state has version ${STATE_VERSION + 1}, newer than this emulator's ${STATE_VERSION}`);
  });

  it('starts fresh from an unknown version and drops entries it cannot use', () => {
    const fresh = emptyState();
    expect(restoreState({ version: 99, transactions: { a: {} } }, () => fresh)).toBe(fresh);
    expect(restoreState('garbage', () => fresh)).toBe(fresh);
    const restored = restoreState({ version: STATE_VERSION, transactions: { bad: { tranId: 1 } }, tokens: [{ ctid: 'x' }, 7], settings: { rateLimits: false } }, () => emptyState());
    expect(restored.transactions).toEqual({});
    expect(restored.tokens).toEqual([]);
    expect(restored.settings).toEqual({ rateLimits: false });
  });
});

describe('the admin API', () => {
  it('adds a merchant with a generated RSA key pair that then signs and encrypts its own requests', async () => {
    const t = testEmulator();
    const created = await answerOf(await t.post('/_emulator/merchants', ...json({ merchantId: 'ec123456', name: 'Second shop' })));
    expect(created.status).toBe(201);
    const merchant = created.body.merchant as { merchantId: string; apiKey: string; rsaPublicKeyPem: string; builtIn: boolean };
    expect(merchant).toMatchObject({ merchantId: 'ec123456', name: 'Second shop', builtIn: false, currency: 'USD' });
    expect(merchant.rsaPublicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    expect(JSON.stringify(created.body)).not.toMatch(/PRIVATE/);

    const credentials = { apiKey: merchant.apiKey, rsaPublicKeyPem: merchant.rsaPublicKeyPem };
    const added = await t.call('beneficiary-add', { merchant_id: 'ec123456', merchant_auth: JSON.stringify({ mc_id: 'ec123456', payee: '300400500' }) }, { credentials });
    expect(codeOf(added)).toBe('00');
    // The demo merchant's key does not sign for it.
    const wrongKey = await t.call('beneficiary-add', { merchant_id: 'ec123456', merchant_auth: JSON.stringify({ mc_id: 'ec123456', payee: '300400501' }) });
    expect(codeOf(wrongKey)).toBe('PTL02');

    const list = (await (await t.get('/_emulator/merchants')).json()) as { merchants: { merchantId: string }[] };
    expect(list.merchants.map((m) => m.merchantId)).toEqual([DEMO_MERCHANT.merchantId, 'ec123456']);
    expect((await t.post('/_emulator/merchants', ...json({ merchantId: 'ec123456' }))).status).toBe(409);
    expect((await t.emulator.fetch(new Request(BASE + '/_emulator/merchants/ec000002', { method: 'DELETE' }))).status).toBe(409);
    expect((await t.emulator.fetch(new Request(BASE + '/_emulator/merchants/ec123456', { method: 'DELETE' }))).status).toBe(200);
    expect(codeOf(await t.call('beneficiary-add', { merchant_id: 'ec123456' }, { credentials }))).toBe('PTL150');
  });

  it('records a failed pushback with its reason and resends it on request', async () => {
    let online = false;
    const received: string[] = [];
    const t = testEmulator({
      fetch: async (url) => {
        if (!online) throw new TypeError('Failed to fetch');
        received.push(String(url));
        return new Response('thanks', { status: 200 });
      },
    });
    const answer = await t.call('purchase', { tran_id: newTranId('F'), return_url: 'http://localhost:8080/cb' });
    const result = await actOnPage(t, answer.text, BASE + getEndpoint('purchase').path, 'approve', 'cards');
    expect(result).toContain('failed: Failed to fetch (network error, or the target refused a cross-origin request)');
    const [delivery] = ((await (await t.get('/_emulator/deliveries')).json()) as { deliveries: { id: string; attempts: unknown[] }[] }).deliveries;
    expect(delivery!.attempts).toEqual([{ at: '2025-02-13T06:55:45.000Z', ok: false, error: 'Failed to fetch (network error, or the target refused a cross-origin request)' }]);
    online = true;
    const resent = await answerOf(await t.post(`/_emulator/deliveries/${delivery!.id}/resend`, '', 'application/json'));
    expect(resent.body.attempt).toEqual({ at: '2025-02-13T06:55:45.000Z', ok: true, status: 200, response: 'thanks' });
    expect(received).toEqual(['http://localhost:8080/cb']);
    expect((resent.body.delivery as { attempts: unknown[] }).attempts).toHaveLength(2);
  });

  it('resets to the seeded state, lists transactions and payer pages, and never shows private keys', async () => {
    const t = testEmulator();
    const tranId = newTranId('Z');
    await t.call('purchase', { tran_id: tranId });
    const sessions = (await (await t.get('/_emulator/sessions')).json()) as { sessions: { ref: string; pageUrl: string }[] };
    expect(sessions.sessions[0]).toMatchObject({ ref: tranId, pageUrl: expect.stringMatching(/^http:\/\/emulator\.test\/_emulator\/pay\//) });
    const listed = (await (await t.get('/_emulator/transactions')).json()) as { transactions: { tranId: string; amount: number }[] };
    expect(listed.transactions[0]).toMatchObject({ tranId, amount: 10 });
    expect(await (await t.get('/_emulator/state')).text()).not.toMatch(/PRIVATE KEY/);
    expect((await t.post('/_emulator/reset', '', 'application/json')).status).toBe(200);
    const after = (await (await t.get('/_emulator/transactions')).json()) as { transactions: { tranId: string }[] };
    const seeded = Object.values((await testEmulator().emulator.state()).transactions).map((tx) => tx.tranId);
    expect(after.transactions.map((tx) => tx.tranId).sort()).toEqual(seeded.sort());
    expect(seeded).toContain('17394277693');
    expect(seeded).not.toContain(tranId);
  });

  it('serves the list of sandbox-versus-doc choices it makes', async () => {
    const emulator = createEmulator();
    const answer = (await (await emulator.fetch(new Request('http://x/_emulator/behaviours'))).json()) as { behaviours: { endpoints: string[] }[] };
    expect(answer.behaviours.some((b) => b.endpoints.includes('close-transaction'))).toBe(true);
  });
});
