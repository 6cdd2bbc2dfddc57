// What the doctor checks when a request it calls right was refused, and the small readers around it:
// answers' codes, field names ("did you mean"), and how an order differs from the recipe.
import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { getEndpoint } from '../../src/core/catalog/index.ts';
import { describeOrder } from '../../src/core/doctor/describeOrder.ts';
import { didYouMean } from '../../src/core/doctor/fieldNames.ts';
import { diagnose, readAnswerCode, readRefusal } from '../../src/core/doctor/index.ts';
import { checkRefusal, type RefusalContext } from '../../src/core/doctor/refusal.ts';

const KEY = 'demo-api-key-not-real';
const check = { req_time: '20250213065545', merchant_id: 'ec000002', tran_id: '17394277693' };
const mac = (text: string, key = KEY) => createHmac('sha512', key).update(text).digest('base64');
const fingerprint = (key: string) => createHash('sha256').update(key).digest('hex').slice(0, 16);
const AT = new Date(Date.UTC(2025, 1, 13, 6, 56, 0));

const context = (over: Partial<RefusalContext> = {}): RefusalContext => ({
  refusal: { by: 'sandbox' },
  key: KEY,
  label: 'API key',
  wire: new Map(Object.entries(check)),
  transport: { format: 'json', contentType: 'application/json', jsonNumbers: [] },
  timeField: 'req_time',
  now: AT,
  ...over,
});
const status = async (over: Partial<RefusalContext>, area: string) => (await checkRefusal(context(over))).filter((c) => c.area === area).map((c) => [c.status, c.finding?.id]);

describe('checks of a refused request whose hash is right', () => {
  it('the key: its fingerprint against the merchant\'s, and what trimming, unquoting or decoding makes it', async () => {
    expect(await status({ refusal: { by: 'emulator', merchantKeyFingerprint: fingerprint(KEY) } }, 'key')).toEqual([['ruled-out', undefined], ['ruled-out', undefined]]);
    expect((await status({ key: `"${KEY}"`, refusal: { by: 'emulator', merchantKeyFingerprint: fingerprint(KEY) } }, 'key'))[0]).toEqual(['found', 'refused-key-quoted']);
    expect((await status({ key: Buffer.from(KEY).toString('base64'), refusal: { by: 'emulator', merchantKeyFingerprint: fingerprint(KEY) } }, 'key'))[0]).toEqual(['found', 'refused-key-encoded']);
    const other = await status({ key: 'k2', refusal: { by: 'emulator', merchantKeyFingerprint: fingerprint(KEY), otherMerchants: [{ merchantId: 'ec000777', keyFingerprint: fingerprint('k2') }] } }, 'key');
    expect(other[0]).toEqual(['found', 'refused-key-other-merchant']);
    // The sandbox's key is not ours to see: the person compares fingerprints.
    expect((await status({}, 'key'))[0]).toEqual(['ask', 'refused-key-compare']);
  });

  it('the transport: "+" in a form body, percent-encoded Base64, a trailing newline, the charset, a JSON number', async () => {
    const wire = new Map([...Object.entries(check), ['items', 'W3si+Ij==']]);
    expect(await status({ wire, transport: { format: 'urlencoded', jsonNumbers: [] } }, 'transport')).toContainEqual(['possible', 'refused-plus-space']);
    expect(await status({ wire }, 'transport')).not.toContainEqual(['possible', 'refused-plus-space']);
    expect(await status({ wire: new Map([...Object.entries(check), ['items', 'W3si%2BIj%3D%3D']]) }, 'transport')).toContainEqual(['found', 'refused-url-encoded']);
    expect(await status({ wire: new Map([...Object.entries(check), ['tran_id', '17394277693\n']]) }, 'transport')).toContainEqual(['found', 'refused-trailing-newline']);
    expect(await status({ wire: new Map([...Object.entries(check), ['firstname', 'José']]), transport: { format: 'http', contentType: 'application/json; charset=ISO-8859-1', charset: 'ISO-8859-1', jsonNumbers: [] } }, 'transport')).toContainEqual(['found', 'refused-charset']);
    expect(await status({ transport: { format: 'json', jsonNumbers: [{ field: 'amount', kind: 'number', written: '7.0', read: '7' }] } }, 'transport')).toContainEqual(['possible', 'refused-number']);
    expect(await status({ transport: { format: 'json', jsonNumbers: [{ field: 'amount', kind: 'number', written: '7.5', read: '7.5' }] } }, 'transport')).not.toContainEqual(['possible', 'refused-number']);
  });

  it('req_time: local time, the future, stale, or fine', async () => {
    const at = (req_time: string) => status({ wire: new Map(Object.entries({ ...check, req_time })) }, 'req-time');
    expect(await at('20250213135545')).toEqual([['found', 'refused-time-local']]);
    expect(await at('20250213071000')).toEqual([['found', 'refused-time-future']]);
    expect(await at('20250213050000')).toEqual([['possible', 'refused-time-stale']]);
    expect(await at('20250213065545')).toEqual([['ruled-out', undefined]]);
    expect(await at('2025-02-13T06:55:45Z')).toEqual([['found', 'refused-time-format']]);
  });

  it('diagnose: the request is never "correct"; unexplained hashes keep their verdict and get the checks', async () => {
    const right = await diagnose({ endpointId: 'check-transaction', wire: check, key: KEY, theirHash: mac(Object.values(check).join('')), refused: { by: 'sandbox' }, now: AT });
    expect(right).toMatchObject({ match: false, verdict: 'refused', refusal: { hashRight: true } });
    expect(right.summary).toMatch(/^The hash is right for the key and the fields given, yet PayWay's sandbox refused the request\. .*checked, in order: the key/);
    expect(right.mistakes[0]!.mistake).not.toMatch(/\.$/);
    const wrong = await diagnose({ endpointId: 'check-transaction', wire: check, key: KEY, theirHash: mac('nothing like it'), refused: { by: 'sandbox' }, now: AT });
    expect(wrong).toMatchObject({ verdict: 'unexplained', refusal: { hashRight: false } });
    expect(wrong.refusal!.checks.length).toBeGreaterThan(3);
    const noKey = await diagnose({ endpointId: 'check-transaction', wire: check, theirHash: mac(Object.values(check).join('')), refused: { by: 'emulator' }, now: AT });
    expect(noKey).toMatchObject({ verdict: 'need-key', match: false });
    expect(noKey.refusal!.checks[0]).toMatchObject({ area: 'key', status: 'ask' });
  });
});

describe('answers, names and orders', () => {
  it('reads an answer\'s code where each endpoint family puts it, and success is no refusal', () => {
    expect(readAnswerCode('{"status":{"code":"5","message":"Invalid hash"}}')).toEqual({ code: '5', message: 'Invalid hash' });
    expect(readAnswerCode('HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n\r\n{"status":6,"description":"tran_id not found"}')).toEqual({ code: '6', message: 'tran_id not found' });
    expect(readAnswerCode('<html>')).toBeUndefined();
    const check2 = getEndpoint('check-transaction');
    expect(readRefusal('{"status":{"code":"00"}}', check2)).toBeUndefined();
    expect(readRefusal('{"status":{"code":"5"}}', check2, 'sandbox')).toMatchObject({ by: 'sandbox', code: '5' });
  });

  it('did you mean: typos, other generations\' and other gateways\' names, camelCase', () => {
    expect(didYouMean('google_play_token', ['google_pay_token', 'currency'])?.name).toBe('google_pay_token');
    expect(didYouMean('curency', ['google_pay_token', 'currency'])).toEqual({ name: 'currency', likeness: 'typo' });
    expect(didYouMean('first_name', ['firstname'])).toEqual({ name: 'firstname', likeness: 'spelling' });
    expect(didYouMean('payment_status', ['status', 'pagination'])).toEqual({ name: 'status', likeness: 'alias' });
    expect(didYouMean('tranId', ['tran_id'])).toEqual({ name: 'tran_id', likeness: 'spelling' });
    expect(didYouMean('view_type', ['tran_id', 'amount'])).toBeUndefined();
  });

  it('says which fields moved, and where', () => {
    expect(describeOrder(['merchant_id', 'req_time', 'tran_id'], ['req_time', 'merchant_id', 'tran_id'])).toBe('Moved: req_time is second (after merchant_id) instead of first (at the start).');
    expect(describeOrder(['b', 'c', 'd', 'a'], ['a', 'b', 'c', 'd'])).toBe('Moved: a is 4th (after d) instead of first (at the start).');
    expect(describeOrder(['a', 'c', 'x'], ['a', 'b', 'c'])).toBe('Added: x. Left out: b.');
    expect(describeOrder(['a', 'b'], ['a', 'b'])).toBe('Same fields in the same order.');
  });
});
