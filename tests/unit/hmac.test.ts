import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sign } from '../../src/core/signing/hmac.ts';
import { stringToSign, phpSum } from '../../src/core/signing/stringToSign.ts';

describe('HMAC through WebCrypto', () => {
  const messages = ['', 'abc', '20250213065545ec00000217394277693', 'កាហ្វេ ☕ 𝄞', 'x'.repeat(5000)];
  const keys = ['demo-api-key-not-real', 'k', ' spaced key \n', 'កូនសោ'];

  it.each(messages.flatMap((m) => keys.map((k) => [m, k] as const)))('matches node:crypto createHmac (%#)', async (message, key) => {
    const s512 = await sign(message, key, 'HMAC-SHA512', 'base64');
    expect(s512.hash).toBe(createHmac('sha512', key).update(message, 'utf8').digest('base64'));
    expect(s512.digestHex).toBe(createHmac('sha512', key).update(message, 'utf8').digest('hex'));
    const s256 = await sign(message, key, 'HMAC-SHA256', 'hex');
    expect(s256.hash).toBe(createHmac('sha256', key).update(message, 'utf8').digest('hex'));
  });

  it('signs with an empty key the way HMAC defines it (node:crypto agrees)', async () => {
    const signed = await sign('abc', '', 'HMAC-SHA512', 'base64');
    expect(signed.hash).toBe(createHmac('sha512', '').update('abc').digest('base64'));
  });

  // Reference §14: computed independently with Python's hmac by the reference's author.
  it('reproduces the reference vectors', async () => {
    const key = 'demo-api-key-not-real';
    expect((await sign('20250213065545ec00000217394277693', key, 'HMAC-SHA512', 'base64')).hash).toBe(
      'lGUyPFpBWZ/CetZoOFJT/Jt5ATKL3SSyUitFFwlbSKyrr/+F2e4p+vPnvcrytBc0+TgaPp0azYHgO6VNutlzlw==',
    );
    expect((await sign('20250728022056ec000002175366918840.10sinachhum093939399', key, 'HMAC-SHA512', 'base64')).hash).toBe(
      'K1Nstmp6j2Yqg0KVZ0a8jjI6l1b9IYqGXH4aSOmhkCG0yGbTFpvq3u2ZQ0XqNtkZnrVnZG/ak6GmgsyV/UZJfw==',
    );
    expect((await sign('20250728022056ec000002175366918840.1sinachhum093939399', key, 'HMAC-SHA512', 'base64')).hash).toBe(
      'Dy28jaRBRCeq/EkseBrIQK/n+bEsX+2RueEpRO7buiz7Y16pAw6YEmLGdb5om17OsBMeaLxpzL3HhKBZilY2ng==',
    );
    expect((await sign('ec000002A17259584044451BENEFICIARIES_B643.44USD', key, 'HMAC-SHA512', 'hex')).hash).toBe(
      'c139decc8603d7aba7554264713ab348f7efdba938ec0061f04a96b67b537eeeec5df3526be13b93296ab0da0eb3c3abc5e86d0a3a5afc88786f352eb193ddba',
    );
  });
});

describe('stringToSign', () => {
  it('concatenates in recipe order with segments that mark empty fields and byte offsets', () => {
    const wire: Record<string, string> = { b: 'ក', a: 'x', c: '' };
    const built = stringToSign(['a', 'c', 'b', 'missing'], (f) => wire[f]);
    expect(built.stringToSign).toBe('xក');
    expect(built.byteLength).toBe(4);
    expect(built.segments.map((s) => [s.field, s.start, s.end, s.byteStart, s.byteEnd, s.empty])).toEqual([
      ['a', 0, 1, 0, 1, false],
      ['c', 1, 1, 1, 1, true],
      ['b', 1, 2, 1, 4, false],
      ['missing', 2, 2, 4, 4, true],
    ]);
  });

  it('models the PHP sample\'s stray "+" as arithmetic on the leading numbers', () => {
    expect(phpSum('2025-01-01 00:00:00', '10')).toBe('2035');
    expect(phpSum('', '')).toBe('0');
    expect(phpSum('2025-01-01', '1.5')).toBe('2026.5');
    const built = stringToSign(['x', { phpSum: ['to_date', 'from_amount'] }], (f) => ({ x: 'A', to_date: '2025', from_amount: '5' })[f]);
    expect(built.stringToSign).toBe('A2030');
    expect(built.segments[1]!.field).toBe('to_date+from_amount');
  });
});
