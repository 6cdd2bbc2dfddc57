import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signPushback, verifyPushback, pushbackStringToSign } from '../../src/core/callbacks/pushbackSignature.ts';

describe('pushback signature (sorted-key recipe)', () => {
  const key = 'demo-api-key-not-real';
  const body = { tran_id: 'T100', status: '0', apv: '619195', return_params: 'order=7', nested: { b: 1, a: 'x/y' } };

  it('sorts by key and JSON-encodes nested values the PHP way', () => {
    expect(pushbackStringToSign(body).stringToSign).toBe('619195{"b":1,"a":"x\\/y"}order=70T100');
  });

  it('matches node:crypto over the same sorted string', async () => {
    const expected = createHmac('sha512', key).update('619195{"b":1,"a":"x\\/y"}order=70T100').digest('base64');
    expect((await signPushback(body, key)).hash).toBe(expected);
  });

  it('verifies a good signature and refuses a tampered body', async () => {
    const { hash } = await signPushback(body, key);
    expect((await verifyPushback(body, hash, key)).valid).toBe(true);
    expect((await verifyPushback({ ...body, status: '3' }, hash, key)).valid).toBe(false);
    expect((await verifyPushback(body, hash, 'other')).valid).toBe(false);
  });

  it('writes PHP scalars: true as "1", false and null as ""', () => {
    expect(pushbackStringToSign({ a: true, b: false, c: null, d: 5 }).stringToSign).toBe('15');
  });
});
