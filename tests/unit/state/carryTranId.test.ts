// After a request goes through, its tran_id is offered (never forced) on the requests that follow it:
// check-transaction with a draft of its own, and refund's merchant_auth JSON.
import { describe, expect, it } from 'vitest';
import { getEndpoint } from '../../../src/core/catalog/index.ts';
import { DEMO_MERCHANT } from '../../../src/core/demoMerchant.ts';
import { Playground, type RequestContext } from '../../../src/app/state/playground.svelte.ts';
import { ResponseState } from '../../../src/app/state/response.svelte.ts';

const NOW = new Date(Date.UTC(2025, 1, 13, 6, 55, 45));
const demo: RequestContext = {
  merchantId: DEMO_MERCHANT.merchantId,
  credentials: { apiKey: DEMO_MERCHANT.apiKey, rsaPublicKeyPem: DEMO_MERCHANT.rsaPublicKeyPem },
};
const make = (endpoint: Parameters<Playground['open']>[0]) => new Playground(() => demo, { endpoint, now: () => NOW });

/** What AppState.send does: build, send, and remember the ids only when the send went through. */
async function send(playground: Playground, answer: { status: number; body: string } | 'offline') {
  const response = new ResponseState();
  const trace = (await playground.recompute())!;
  await response.send(trace, getEndpoint(trace.endpoint), { target: 'local-server', customUrl: '' }, {
    baseURI: 'http://127.0.0.1:4173/',
    origin: 'http://127.0.0.1:4173',
    submitForm: () => {},
    fetch: async () => {
      if (answer === 'offline') throw new TypeError('Failed to fetch');
      return new Response(answer.body, { status: answer.status });
    },
  });
  if (response.succeeded) playground.rememberSent(trace);
  return response;
}

const QR_OK = { status: 200, body: '{"status":{"code":"0","message":"Success."},"qrString":"x"}' };
const QR_WRONG_HASH = { status: 403, body: '{"status":{"code":"1","message":"Wrong hash"}}' };

describe('carrying the tran_id of the last request sent', () => {
  it('remembers the tran_id of a send answered with the success code', async () => {
    const playground = make('generate-qr');
    const tranId = playground.inputs.tran_id!;
    const response = await send(playground, QR_OK);
    expect(response.succeeded).toBe(true);
    expect(playground.sentIds.tran_id).toEqual({ value: tranId, from: 'generate-qr' });
  });

  it('forgets nothing and remembers nothing from a send that failed or was refused', async () => {
    const playground = make('generate-qr');
    expect((await send(playground, QR_WRONG_HASH)).succeeded).toBe(false);
    expect((await send(playground, 'offline')).succeeded).toBe(false);
    expect(playground.sentIds).toEqual({});
    playground.open('check-transaction');
    expect(playground.idSuggestions).toEqual([]);
  });

  it('remembers a purchase once its form POST has gone out (its answer is a page in another tab)', async () => {
    const playground = make('purchase');
    const tranId = playground.inputs.tran_id!;
    expect((await send(playground, 'offline')).succeeded).toBe(true);
    expect(playground.sentIds.tran_id).toEqual({ value: tranId, from: 'purchase' });
    // Not offered back to the purchase itself, which wants a new tran_id each time.
    playground.newTranId();
    expect(playground.idSuggestions).toEqual([]);
  });

  it('offers the sent tran_id on a check-transaction draft that already holds another, without changing it', async () => {
    const playground = make('check-transaction');
    playground.setInput('tran_id', 'typed-earlier');
    playground.open('generate-qr');
    const tranId = playground.inputs.tran_id!;
    await send(playground, QR_OK);

    playground.open('check-transaction');
    expect(playground.inputs.tran_id).toBe('typed-earlier');
    expect(playground.idSuggestions).toEqual([{ field: 'tran_id', name: 'tran_id', value: tranId, from: 'generate-qr' }]);
    playground.applySuggestion(playground.idSuggestions[0]!);
    expect(playground.inputs.tran_id).toBe(tranId);
    expect(playground.idSuggestions).toEqual([]);
  });

  it('starts a fresh check-transaction draft with the tran_id sent', async () => {
    const playground = make('generate-qr');
    const tranId = playground.inputs.tran_id!;
    await send(playground, QR_OK);
    playground.open('transaction-detail');
    expect(playground.inputs.tran_id).toBe(tranId);
  });

  it('puts the sent tran_id into refund’s merchant_auth JSON, changing only that value', async () => {
    const playground = make('generate-qr');
    const tranId = playground.inputs.tran_id!;
    await send(playground, QR_OK);

    playground.open('refund');
    const typed = '{\n  "mc_id": "ec000002",\n  "tran_id":   "old-id",\n  "refund_amount": 2.50\n}';
    playground.setInput('merchant_auth', typed);
    const [suggestion, ...rest] = playground.idSuggestions;
    expect(rest).toEqual([]);
    expect(suggestion).toEqual({ field: 'merchant_auth', name: 'tran_id', value: tranId, from: 'generate-qr' });
    playground.applySuggestion(suggestion!);
    expect(playground.inputs.merchant_auth).toBe(typed.replace('"old-id"', `"${tranId}"`));
    expect(playground.idSuggestions).toEqual([]);
    const trace = await playground.recompute();
    expect(JSON.parse(trace!.rsa!.plaintext)).toEqual({ mc_id: 'ec000002', tran_id: tranId, refund_amount: 2.5 });
  });

  it('offers nothing on merchant_auth JSON that does not parse', async () => {
    const playground = make('generate-qr');
    await send(playground, QR_OK);
    playground.open('refund');
    playground.setInput('merchant_auth', '{"mc_id": "ec000002", "tran_id": "old-id", ');
    expect(playground.idSuggestions).toEqual([]);
  });

  it('remembers the tran_id a refund sent inside merchant_auth, for the pre-auth and check that follow', async () => {
    const playground = make('refund');
    playground.setInput('merchant_auth', JSON.stringify({ mc_id: 'ec000002', tran_id: 'R-42', refund_amount: 1 }));
    await send(playground, { status: 200, body: '{"status":{"code":"00","message":"Success"}}' });
    expect(playground.sentIds.tran_id).toEqual({ value: 'R-42', from: 'refund' });
    playground.open('pre-auth-complete');
    expect(playground.idSuggestions.map((s) => [s.field, s.value])).toEqual([['merchant_auth', 'R-42']]);
  });
});
