// Pushbacks stay on the machine in the demo: reserved example domains are never requested, and the
// emulator's own inbox receives pushbacks (handed over without a network request) and says whether
// their X-PayWay-HMAC-SHA512 verifies.
import { describe, expect, it } from 'vitest';
import { getEndpoint } from '../../../src/core/catalog/index.ts';
import { PUSHBACK_SIGNATURE_HEADER, signPushback } from '../../../src/core/callbacks/pushbackSignature.ts';
import { DEMO_MERCHANT } from '../../../src/core/demoMerchant.ts';
import { EXAMPLE_DOMAIN_REASON, isExampleHost } from '../../../src/emulator/pushbacks.ts';
import type { Delivery, InboxItem } from '../../../src/emulator/state.ts';
import { actOnPage, answerOf, authJson, BASE, newTranId, testEmulator, type TestEmulator } from './support.ts';

const PURCHASE_URL = BASE + getEndpoint('purchase').path;
const INBOX = `${BASE}/_emulator/inbox`;

/** An emulator whose outbound fetch fails the test: nothing may leave it. */
const offline = (options: Parameters<typeof testEmulator>[0] = {}) =>
  testEmulator({
    fetch: async (url) => {
      throw new Error(`the emulator fetched ${String(url)}`);
    },
    ...options,
  });

async function paidPurchase(t: TestEmulator, returnUrl: string): Promise<string> {
  const tranId = newTranId('P');
  const answer = await t.call('purchase', { tran_id: tranId, return_url: returnUrl });
  await actOnPage(t, answer.text, PURCHASE_URL, 'approve', 'cards');
  await t.emulator.idle();
  return tranId;
}

const json = async <T>(t: TestEmulator, path: string) => (await answerOf(await t.get(path))).body as T;
const inbox = async (t: TestEmulator) => (await json<{ items: InboxItem[] }>(t, '/_emulator/inbox')).items;
const deliveries = async (t: TestEmulator) => (await json<{ deliveries: Delivery[] }>(t, '/_emulator/deliveries')).deliveries;

describe('reserved example domains', () => {
  it.each(['example.com', 'merchant.example.com', 'EXAMPLE.ORG', 'partner.example.net', 'shop.example', 'merchant.test', 'x.invalid', 'example.com.'])('%s is never requested', (host) => {
    expect(isExampleHost(host)).toBe(true);
  });

  it.each(['localhost', '127.0.0.1', 'merchant.localhost', 'example.com.kh', 'myexample.com', 'testing.dev', '[::1]'])('%s may be requested', (host) => {
    expect(isExampleHost(host)).toBe(false);
  });

  it('records a pushback to the catalog example URL as not sent, without a request, also on resend', async () => {
    const t = offline();
    const answer = await t.call('purchase', { tran_id: newTranId('P'), return_url: 'https://example.com/payway/callback' });
    const result = await actOnPage(t, answer.text, PURCHASE_URL, 'approve', 'cards');
    expect(result).toContain('POST <code>https://example.com/payway/callback</code>: not sent: example domain; use a URL of your own backend or the emulator inbox');
    const [delivery] = await deliveries(t);
    expect(delivery!.attempts).toEqual([{ at: '2025-02-13T06:55:45.000Z', ok: false, error: EXAMPLE_DOMAIN_REASON, notSent: true }]);
    expect(EXAMPLE_DOMAIN_REASON).toBe('not sent: example domain; use a URL of your own backend or the emulator inbox');
    const resent = await answerOf(await t.post(`/_emulator/deliveries/${delivery!.id}/resend`, '', 'application/json'));
    expect(resent.body.attempt).toMatchObject({ ok: false, notSent: true });
    expect(t.pushed).toEqual([]);
  });
});

describe('the inbox', () => {
  it('is named by _emulator/info, absolute, under the mount point', async () => {
    expect((await json<{ inboxUrl: string }>(testEmulator(), '/_emulator/info')).inboxUrl).toBe(INBOX);
    const mounted = testEmulator({ basePath: '/app/mock' });
    const info = (await answerOf(await mounted.emulator.fetch(new Request('http://127.0.0.1:4173/app/mock/_emulator/info')))).body;
    expect(info.inboxUrl).toBe('http://127.0.0.1:4173/app/mock/_emulator/inbox');
  });

  it('receives a purchase pushback sent to it without any network request, and verifies its signature', async () => {
    const t = offline();
    const tranId = await paidPurchase(t, INBOX);
    const [item] = await inbox(t);
    expect(item!.body).toMatchObject({ tran_id: tranId, status: '0' });
    expect(item!.headers[PUSHBACK_SIGNATURE_HEADER.toLowerCase()]).toMatch(/^[A-Za-z0-9+/]{86}==$/);
    expect(item!.signature).toMatchObject({ valid: true, merchantId: DEMO_MERCHANT.merchantId });
    expect(item!.signature.stringToSign).toContain(tranId);
    const [delivery] = await deliveries(t);
    expect(delivery!.attempts).toEqual([expect.objectContaining({ ok: true, status: 200 })]);
    expect(JSON.parse(delivery!.attempts[0]!.response!)).toMatchObject({ received: true, signature: { valid: true } });
  });

  it('takes an inbox URL on its configured origin as its own, whatever name the page reached it by', async () => {
    const origin = 'http://127.0.0.1:5173';
    const t = offline({ basePath: '/mock', origin });
    const tranId = newTranId('W');
    const page = 'http://localhost:5173/mock';
    const answer = await answerOf(await t.emulator.fetch(await requestAt(t, page, tranId, `${origin}/mock/_emulator/inbox`)));
    await actOnPage(t, answer.text, page + getEndpoint('purchase').path, 'approve', 'cards');
    await t.emulator.idle();
    const items = (await (await t.emulator.fetch(new Request(`${page}/_emulator/inbox`))).json()) as { items: InboxItem[] };
    expect(items.items.map((i) => (i.body as { tran_id: string }).tran_id)).toEqual([tranId]);
  });

  it('records an unsigned payment-link pushback with nothing to verify', async () => {
    const t = offline();
    const created = await t.call('payment-link-create', { merchant_auth: authJson('payment-link-create', { return_url: INBOX }) });
    const link = (created.body.data as { payment_link: string }).payment_link;
    const page = await (await t.emulator.fetch(new Request(link))).text();
    await actOnPage(t, page, link, 'approve', 'cards');
    await t.emulator.idle();
    const [item] = await inbox(t);
    expect(item!.headers['user-agent']).toBe('PayWayApp/3.0');
    expect(item!.signature).toMatchObject({ received: null, valid: null });
  });

  it('says when a signature verifies with no merchant key, and checks only the merchant a ?merchant_id= names', async () => {
    const t = testEmulator();
    const body = { tran_id: 'X1', apv: '123456', status: '0' };
    const { hash } = await signPushback(body, DEMO_MERCHANT.apiKey);
    const post = async (query: string, signature: string) => {
      const response = await t.emulator.fetch(
        new Request(INBOX + query, { method: 'POST', headers: { 'content-type': 'application/json', [PUSHBACK_SIGNATURE_HEADER]: signature }, body: JSON.stringify(body) }),
      );
      return (await answerOf(response)).body.signature as InboxItem['signature'];
    };
    expect(await post('', hash)).toMatchObject({ valid: true, merchantId: DEMO_MERCHANT.merchantId });
    expect(await post('', 'A' + hash.slice(1))).toMatchObject({ valid: false, note: expect.stringContaining("any of the emulator's merchants") });
    expect(await post(`?merchant_id=${DEMO_MERCHANT.merchantId}`, hash)).toMatchObject({ valid: true });
    expect(await post('?merchant_id=nobody', hash)).toMatchObject({ valid: false, note: expect.stringContaining('unknown to the emulator') });
    const text = await answerOf(await t.emulator.fetch(new Request(INBOX, { method: 'POST', headers: { [PUSHBACK_SIGNATURE_HEADER]: hash }, body: 'not json' })));
    expect(text.body.signature).toMatchObject({ valid: null });
    expect((await inbox(t)).map((i) => i.body)).toEqual(['not json', body, body, body, body]);
    expect((await t.emulator.fetch(new Request(INBOX, { method: 'DELETE' }))).status).toBe(200);
    expect(await inbox(t)).toEqual([]);
  });
});

async function requestAt(t: TestEmulator, base: string, tranId: string, returnUrl: string): Promise<Request> {
  const request = await t.request('purchase', { tran_id: tranId, return_url: returnUrl });
  return new Request(base + getEndpoint('purchase').path, { method: 'POST', headers: request.headers, body: await request.text() });
}

