// The emulator reads a request's origin and path with two string searches instead of new URL(): for every
// shape of URL a Request can carry, they agree with what new URL() says.
import { describe, expect, it } from 'vitest';
import { originAndPath } from '../../../src/emulator/requestBody.ts';

const URLS = [
  'http://127.0.0.1:8787/api/payment-gateway/v1/payments/check-transaction-2',
  'http://localhost:4173/mock/api/payment-gateway/v1/payments/purchase?x=1&y=/2',
  'https://checkout-sandbox.payway.com.kh/',
  'http://[::1]:8080/_emulator/info#top',
  'http://example.test/mock/_emulator/pages/session/abc?token=a#b?c',
  'http://example.test/path/with%20escapes/and-%E1%9E%80',
  'http://example.test',
];

describe('originAndPath', () => {
  it.each(URLS)('agrees with new URL() on %s', (href) => {
    const url = new URL(href);
    // A Request always carries the normalised form, which is what the emulator sees.
    expect(originAndPath(new Request(href).url)).toEqual([url.origin, url.pathname]);
  });
});
