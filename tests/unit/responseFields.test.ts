// Success answers explained field by field from the catalog: every documented response field of every
// endpoint has a meaning, coded values are spelled out, and lists show their first row.
import { describe, expect, it } from 'vitest';
import { catalog, describeResponseField, getEndpoint, PAYMENT_STATUS_CODES } from '../../src/core/catalog/index.ts';
import { explainFields } from '../../src/app/explainResponse.ts';

describe('response field meanings', () => {
  it('describe every documented response field of every endpoint', () => {
    const missing = catalog.flatMap((endpoint) => endpoint.response.fields.filter((path) => !describeResponseField(endpoint, path)).map((path) => `${endpoint.id}: ${path}`));
    expect(missing).toEqual([]);
  });

  it('explain each field of a check-transaction answer, with payment_status_code 2 as PENDING', () => {
    const body = { data: { payment_status_code: 2, payment_status: 'PENDING', total_amount: 10, apv: '', transaction_date: '2025-02-13 13:55:25' }, status: { code: '00', message: 'Success!', tran_id: '1739' } };
    const fields = explainFields(getEndpoint('check-transaction'), JSON.stringify(body));
    const byPath = new Map(fields.map((f) => [f.path, f]));
    expect(fields.map((f) => f.path)).toEqual(['status.code', 'status.message', 'status.tran_id', 'data.payment_status_code', 'data.payment_status', 'data.total_amount', 'data.apv', 'data.transaction_date']);
    expect(byPath.get('data.payment_status_code')).toMatchObject({ value: '2', valueMeaning: 'PENDING' });
    expect(byPath.get('status.code')).toMatchObject({ value: '00', valueMeaning: 'Success!' });
    expect(byPath.get('data.transaction_date')?.description).toContain('UTC+7');
  });

  it('spell out every payment_status_code the emulator can answer, from the one status table', () => {
    const values = describeResponseField(getEndpoint('check-transaction'), 'data.payment_status_code')!.values!;
    // As PayWay documents them [OAS]: 0 APPROVED or PRE-AUTH, 2 PENDING, 3 DECLINED, 4 REFUNDED, 7 CANCELLED.
    expect(values).toEqual({ '0': 'APPROVED or PRE-AUTH', '2': 'PENDING', '3': 'DECLINED', '4': 'REFUNDED', '7': 'CANCELLED' });
    for (const [status, code] of Object.entries(PAYMENT_STATUS_CODES)) expect(values[String(code)], status).toContain(status);
  });

  it('use what an endpoint says about its own field over the shared meaning', () => {
    const body = { data: { ctid: 'c1', status: 2 }, status: { code: '00', message: 'ok', trace_id: 't' } };
    const fields = explainFields(getEndpoint('token-details-v3'), JSON.stringify(body));
    expect(fields.find((f) => f.path === 'data.status')).toMatchObject({ value: '2', valueMeaning: 'frozen' });
  });

  it('show the first row of a list with the number of rows, cut long values, and skip what is not JSON', () => {
    const rows = [0, 1, 2].map((i) => ({ transaction_id: `T${i}`, payment_status_code: 4, payment_status: 'REFUNDED' }));
    const fields = explainFields(getEndpoint('transactions-by-merchant-ref'), JSON.stringify({ data: rows, status: { code: '00', message: 'x'.repeat(300) } }));
    expect(fields.find((f) => f.path === 'data[0].payment_status_code')).toMatchObject({ value: '4', valueMeaning: 'REFUNDED', rows: 3 });
    expect(fields.find((f) => f.path === 'status.message')?.value).toHaveLength(120);
    expect(explainFields(getEndpoint('check-transaction'), '<html>')).toEqual([]);
  });
});
