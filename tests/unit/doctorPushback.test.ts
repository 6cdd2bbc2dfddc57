// Callbacks: verify the X-PayWay-HMAC-SHA512 header of a pushback, or find how it was made.
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { diagnosePushback, DoctorInputError } from '../../src/core/doctor/index.ts';

const KEY = 'demo-api-key-not-real';
const body = '{"tran_id":"T100","apv":"619195","status":"0","return_params":"order=7","amount":1.10}';
// ksort: amount, apv, return_params, status, tran_id; PHP writes the float 1.10 as "1.1".
const sorted = '1.1619195order=70T100';
const mac = (message: string, key = KEY) => createHmac('sha512', key).update(message).digest('base64');

describe('diagnosePushback', () => {
  it('verifies a header made with the documented recipe and shows the sorted-key string', async () => {
    const d = await diagnosePushback({ body, header: mac(sorted), key: KEY });
    expect(d).toMatchObject({ verdict: 'valid', valid: true, stringToSign: sorted, expectedHash: mac(sorted) });
    expect(d.segments.map((s) => s.field)).toEqual(['amount', 'apv', 'return_params', 'status', 'tran_id']);
  });

  it.each([
    ['raw-body', mac(body), 'Signed over the body exactly as received'],
    ['order-form', mac('T1006191950order=71.1'), 'Values in the order of the body'],
    ['value-form', mac('1.10619195order=70T100'), 'amount written as the number as written in the body (1.10)'],
    ['key-whitespace', mac(sorted, KEY + '\n'), 'The API key ends with a line break'],
  ])('finds how a header that does not verify was made: %s', async (id, header, mistake) => {
    const d = await diagnosePushback({ body, header, key: KEY });
    expect(d.verdict).toBe('diagnosed');
    expect(d.valid).toBe(false);
    expect(d.mistakes[0]).toMatchObject({ id, mistake });
    expect(d.reproducedString).toBeDefined();
  });

  it('reads a hex header for what it is', async () => {
    const d = await diagnosePushback({ body, header: createHmac('sha512', KEY).update(sorted).digest('hex'), key: KEY });
    expect(d.mistakes).toEqual([expect.objectContaining({ id: 'output-encoding' })]);
  });

  it('says when nothing reproduces the header, and what is left to check', async () => {
    const d = await diagnosePushback({ body, header: mac('forged'), key: KEY });
    expect(d.verdict).toBe('unexplained');
    expect(d.hypothesesTried).toBeGreaterThan(100);
    expect(d.leftToCheck.join(' ')).toMatch(/The key/);
  });

  it('accepts a parsed body, and needs the key to verify', async () => {
    expect((await diagnosePushback({ body: JSON.parse(body), header: mac(sorted), key: KEY })).valid).toBe(true);
    expect((await diagnosePushback({ body, header: mac(sorted) })).verdict).toBe('need-key');
  });

  it('refuses a body that is not JSON', async () => {
    await expect(diagnosePushback({ body: 'tran_id=1', header: 'x', key: KEY })).rejects.toThrow(DoctorInputError);
  });
});
