// The pure part of "use the id you just sent": which ids a request sends, where the form differs from
// them, and how one member of a JSON text is replaced while every other byte stays as typed.
import { describe, expect, it } from 'vitest';
import { fieldsOf, getEndpoint, getVariant } from '../../src/core/catalog/index.ts';
import { buildRequest } from '../../src/core/signing/index.ts';
import { DEMO_MERCHANT } from '../../src/core/demoMerchant.ts';
import { idsOfTrace, replaceJsonMember, suggestIds, type SentIds } from '../../src/app/idSuggestions.ts';

const credentials = { apiKey: DEMO_MERCHANT.apiKey, rsaPublicKeyPem: DEMO_MERCHANT.rsaPublicKeyPem };
const sent: SentIds = { tran_id: { value: '17394277693', from: 'purchase' } };
const suggestionsFor = (id: string, inputs: Record<string, string>, wire: Record<string, string> = {}) => {
  const endpoint = getEndpoint(id);
  return suggestIds(endpoint, fieldsOf(endpoint, getVariant(endpoint)), inputs, wire, sent);
};

describe('idsOfTrace', () => {
  it('takes the ids a request sends as fields of their own, leaving empty ones out', async () => {
    const trace = await buildRequest('purchase', { req_time: '20250213065545', merchant_id: 'ec000002', tran_id: 'T-1', amount: '1.00', ctid: '', pwt: '' }, credentials);
    expect(idsOfTrace(getEndpoint('purchase'), trace)).toEqual({ tran_id: 'T-1' });
  });

  it('takes the tran_id out of the RSA plaintext that was encrypted', async () => {
    const merchant_auth = JSON.stringify({ mc_id: 'ec000002', tran_id: 'R-9', refund_amount: 1 });
    const trace = await buildRequest('refund', { request_time: '20250213065545', merchant_id: 'ec000002', merchant_auth }, credentials);
    expect(idsOfTrace(getEndpoint('refund'), trace)).toEqual({ tran_id: 'R-9' });
  });
});

describe('suggestIds', () => {
  it('offers the last id sent where the field holds another value, and nothing where it holds that one', () => {
    expect(suggestionsFor('check-transaction', { tran_id: '1' })).toEqual([{ field: 'tran_id', name: 'tran_id', value: '17394277693', from: 'purchase' }]);
    expect(suggestionsFor('check-transaction', { tran_id: '17394277693' })).toEqual([]);
  });

  it('never offers an old tran_id to an endpoint that refuses a reused one', () => {
    expect(suggestionsFor('purchase', { tran_id: '1' })).toEqual([]);
    expect(suggestionsFor('generate-qr', { tran_id: '1' })).toEqual([]);
  });

  it('offers the tran_id inside merchant_auth JSON on refund and pre-auth, but not when the JSON does not parse', () => {
    const json = JSON.stringify({ mc_id: 'ec000002', tran_id: 'DEMO-HOLD-0003' });
    expect(suggestionsFor('pre-auth-cancel', { merchant_auth: json })).toEqual([{ field: 'merchant_auth', name: 'tran_id', value: '17394277693', from: 'purchase' }]);
    expect(suggestionsFor('refund', { merchant_auth: '{"mc_id": "ec000002", "tran_id": "1",' })).toEqual([]);
    expect(suggestionsFor('refund', { merchant_auth: '[]' })).toEqual([]);
  });

  it('offers nothing for a verbatim wire value or JSON without a tran_id member', () => {
    expect(suggestionsFor('refund', { merchant_auth: '{"tran_id":"1"}' }, { merchant_auth: 'AAAA' })).toEqual([]);
    expect(suggestionsFor('refund', { merchant_auth: '{"mc_id":"ec000002"}' })).toEqual([]);
  });
});

describe('replaceJsonMember', () => {
  it('replaces only the value, keeping spacing, order, escapes and the other members byte for byte', () => {
    const text = '{\n  "mc_id" : "ec\\u0030",\n  "tran_id":  "old \\"one\\"" ,\n  "refund_amount": 1.50,\n  "nested": {"tran_id": "keep"}\n}\n';
    expect(replaceJsonMember(text, 'tran_id', '17394277693')).toBe(
      '{\n  "mc_id" : "ec\\u0030",\n  "tran_id":  "17394277693" ,\n  "refund_amount": 1.50,\n  "nested": {"tran_id": "keep"}\n}\n',
    );
  });

  it('replaces a value of any type after nested objects, arrays and strings holding brackets', () => {
    const text = '{"payout":[{"acc":"a]}","amt":6}],"x":{"y":[1,{"z":"}"}]},"tran_id":123,"complete_amount":10}';
    expect(replaceJsonMember(text, 'tran_id', 'H-1')).toBe('{"payout":[{"acc":"a]}","amt":6}],"x":{"y":[1,{"z":"}"}]},"tran_id":"H-1","complete_amount":10}');
    expect(replaceJsonMember('{"tran_id":null}', 'tran_id', 'H-1')).toBe('{"tran_id":"H-1"}');
  });

  it('replaces the last of duplicate keys, the one JSON.parse keeps', () => {
    expect(replaceJsonMember('{"tran_id":"a","tran_id":"b"}', 'tran_id', 'c')).toBe('{"tran_id":"a","tran_id":"c"}');
  });

  it('finds a key written with escapes', () => {
    expect(replaceJsonMember('{"tran\\u005fid":"a"}', 'tran_id', 'c')).toBe('{"tran\\u005fid":"c"}');
  });

  it('gives up on text that is not a JSON object or lacks the member', () => {
    expect(replaceJsonMember('{"tran_id": "a"', 'tran_id', 'c')).toBeUndefined();
    expect(replaceJsonMember('["tran_id"]', 'tran_id', 'c')).toBeUndefined();
    expect(replaceJsonMember('{"mc_id": "x"}', 'tran_id', 'c')).toBeUndefined();
    expect(replaceJsonMember('{}', 'tran_id', 'c')).toBeUndefined();
  });
});
