// The small pieces the diagnosis is made of: the field meant, the path meant, a header-safe line.
import { describe, expect, it } from 'vitest';
import { nearestEndpointPath, WRONG_PATHS } from '../../src/core/catalog/wrongPaths.ts';
import { catalog } from '../../src/core/catalog/index.ts';
import { closestField } from '../../src/emulator/diagnosis/closestField.ts';
import { headerValue, redact } from '../../src/emulator/diagnosis/headerValue.ts';

describe('closestField', () => {
  it.each([
    ['request_time', ['req_time', 'merchant_id'], 'req_time'],
    ['first_name', ['firstname', 'lastname'], 'firstname'],
    ['page_size', ['page', 'pagination'], 'pagination'],
    ['payment_token', ['ctid', 'pwt'], 'pwt'],
    ['tranId', ['tran_id', 'merchant_id'], 'tran_id'],
    ['merchantid', ['merchant_id'], 'merchant_id'],
    ['tran_idd', ['tran_id'], 'tran_id'],
    ['completely_else', ['tran_id', 'merchant_id'], undefined],
  ])('%s → %s', (name, documented, meant) => {
    expect(closestField(name, documented)).toBe(meant);
  });
});

describe('nearestEndpointPath', () => {
  it('knows every wrong path public clients call, each pointing at a catalog endpoint', () => {
    for (const w of WRONG_PATHS) {
      expect(catalog.some((e) => e.path === w.path), w.path).toBe(false);
      expect(nearestEndpointPath(w.path)?.endpoint.id).toBe(w.endpoint);
    }
  });

  it('finds a PayWay path behind a prefix, a slip of spelling, a trailing slash', () => {
    expect(nearestEndpointPath('/mock/api/payment-gateway/v1/payments/check-transaction-2')).toMatchObject({ by: 'suffix', endpoint: { id: 'check-transaction' } });
    expect(nearestEndpointPath('/api/payment-gateway/v1/payment/purchase/')?.endpoint.id).toBe('purchase');
    expect(nearestEndpointPath('/API/payment-gateway/v1/exchange-rates')?.endpoint.id).toBe('exchange-rate');
    expect(nearestEndpointPath('/favicon.ico')).toBeUndefined();
  });
});

describe('headerValue', () => {
  it('keeps one line of printable ASCII, escaping the rest', () => {
    expect(headerValue('a\r\nb\tc')).toBe('a b c');
    expect(headerValue('ចាន់ → 😀')).toBe('\\u1785\\u17b6\\u1793\\u17cb \\u2192 \\ud83d\\ude00');
    expect(headerValue('x'.repeat(2000))).toHaveLength(600);
    expect(headerValue('\u0000\u007f')).toBe('\\u0000\\u007f');
  });

  it('redacts keys of 8 characters or more by what they are', () => {
    expect(redact('made with secret-key-123 twice secret-key-123', [{ value: 'secret-key-123', label: 'ec1 API key' }])).toBe('made with [ec1 API key] twice [ec1 API key]');
    expect(redact('short key abc', [{ value: 'abc', label: 'x' }])).toBe('short key abc');
  });
});
