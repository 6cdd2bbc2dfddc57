// The request log: newest first, bounded in entries and bytes, filterable by path and outcome, served at
// GET /_emulator/requests and printed by payway mock one line per request.
import { describe, expect, it } from 'vitest';
import { RequestLog, type RequestLogEntry } from '../../../src/emulator/requestLog.ts';
import { formatLogLine, printRequestLog } from '../../../src/node/requestLogPrinter.ts';
import { testEmulator } from './support.ts';

const entry = (path: string, outcome: 'accepted' | 'refused', more: Partial<RequestLogEntry> = {}): Omit<RequestLogEntry, 'id'> => ({
  at: '2025-02-13T06:55:45.000Z',
  method: 'POST',
  path,
  status: outcome === 'refused' ? 403 : 200,
  outcome,
  ms: 0.5,
  ...more,
});

describe('RequestLog', () => {
  it('lists newest first and filters by path, outcome, endpoint and id', () => {
    const log = new RequestLog();
    log.add(entry('/api/a/check-transaction-2', 'accepted', { endpoint: 'check-transaction' }));
    log.add(entry('/api/a/refund', 'refused'));
    log.add(entry('/api/a/check-transaction', 'refused', { endpoint: 'check-transaction-v1' }));
    expect(log.list().entries.map((e) => e.id)).toEqual([3, 2, 1]);
    expect(log.list({ path: 'CHECK-transaction' }).entries.map((e) => e.id)).toEqual([3, 1]);
    expect(log.list({ outcome: 'refused' }).entries.map((e) => e.id)).toEqual([3, 2]);
    expect(log.list({ endpoint: 'check-transaction' }).entries.map((e) => e.id)).toEqual([1]);
    expect(log.list({ since: 1 }).entries.map((e) => e.id)).toEqual([3, 2]);
    expect(log.list({ id: 2 }).entries.map((e) => e.id)).toEqual([2]);
    expect(log.list({ limit: 1 }).entries.map((e) => e.id)).toEqual([3]);
  });

  it('keeps at most maxEntries and maxBytes, dropping the oldest, and counts what it dropped', () => {
    const byCount = new RequestLog({ maxEntries: 3 });
    for (let i = 0; i < 10; i++) byCount.add(entry(`/p${i}`, 'accepted'));
    expect(byCount.list().entries.map((e) => e.path)).toEqual(['/p9', '/p8', '/p7']);
    expect(byCount.list().dropped).toBe(7);
    const byBytes = new RequestLog({ maxBytes: 20_000, maxValueBytes: 4096 });
    for (let i = 0; i < 50; i++) byBytes.add(entry(`/p${i}`, 'refused', { request: byBytes.keepRequest('application/json', [['big', 'x'.repeat(3000)]]) }));
    expect(byBytes.bytes).toBeLessThanOrEqual(20_000);
    expect(byBytes.list().total).toBeLessThan(10);
    expect(byBytes.list().entries[0]!.path).toBe('/p49');
  });

  it('keeps plain entries (every accepted request) beside full ones, in one order, read back as the same entries', () => {
    const log = new RequestLog({ maxEntries: 4 });
    const at = Date.UTC(2025, 1, 13, 6, 55, 45);
    const plain = (path: string, outcome: 'accepted' | 'refused', ms: number) =>
      log.addPlain({ atMs: at + ms, method: 'POST', path, endpoint: 'check-transaction', status: outcome === 'refused' ? 403 : 200, code: outcome === 'refused' ? '5' : '00', outcome, ms });
    expect(plain('/p1', 'accepted', 1)).toBe(1);
    log.add(entry('/p2', 'refused', { diagnosis: 'wrong hash: x' }));
    expect(plain('/p3', 'refused', 3)).toBe(3);
    expect(plain('/p4', 'accepted', 4)).toBe(4);
    expect(log.list().entries).toEqual([
      { id: 4, at: '2025-02-13T06:55:45.004Z', method: 'POST', path: '/p4', endpoint: 'check-transaction', status: 200, code: '00', outcome: 'accepted', ms: 4 },
      { id: 3, at: '2025-02-13T06:55:45.003Z', method: 'POST', path: '/p3', endpoint: 'check-transaction', status: 403, code: '5', outcome: 'refused', ms: 3 },
      { id: 2, ...entry('/p2', 'refused', { diagnosis: 'wrong hash: x' }) },
      { id: 1, at: '2025-02-13T06:55:45.001Z', method: 'POST', path: '/p1', endpoint: 'check-transaction', status: 200, code: '00', outcome: 'accepted', ms: 1 },
    ]);
    expect(log.list({ outcome: 'refused' }).entries.map((e) => e.id)).toEqual([3, 2]);
    expect(log.list({ path: 'P4' }).entries.map((e) => e.id)).toEqual([4]);
    expect(log.list({ endpoint: 'check-transaction' }).entries.map((e) => e.id)).toEqual([4, 3, 1]);
    // A plain entry changed becomes a full one; the ring then drops the oldest as it wraps.
    expect(log.update(3, { diagnosis: 'later' })?.diagnosis).toBe('later');
    plain('/p5', 'accepted', 5);
    plain('/p6', 'accepted', 6);
    expect(log.list().entries.map((e) => [e.id, e.path, e.diagnosis])).toEqual([[6, '/p6', undefined], [5, '/p5', undefined], [4, '/p4', undefined], [3, '/p3', 'later']]);
    expect([log.get(2), log.get(7), log.list().dropped, log.list().total]).toEqual([undefined, undefined, 2, 4]);
    log.clear();
    expect([log.list().entries, log.bytes, plain('/p7', 'accepted', 7)]).toEqual([[], 0, 7]);
  });

  it('hands a listener every plain entry as a full one', () => {
    const log = new RequestLog();
    const heard: RequestLogEntry[] = [];
    log.subscribe((e) => heard.push(e));
    log.addPlain({ atMs: 0, method: 'POST', path: '/p', endpoint: undefined, status: 404, code: undefined, outcome: 'refused', ms: 2 });
    expect(heard).toEqual([{ id: 1, at: '1970-01-01T00:00:00.000Z', method: 'POST', path: '/p', status: 404, outcome: 'refused', ms: 2 }]);
    expect(log.get(1)).toBe(heard[0]);
  });

  it('cuts long values and marks the request truncated', () => {
    const log = new RequestLog({ maxValueBytes: 10 });
    const kept = log.keepRequest('application/json', [['a', 'x'.repeat(50)], ['b', 'short']]);
    expect(kept.fields[0]).toEqual(['a', 'x'.repeat(10)]);
    expect(kept.truncated).toBe(true);
  });
});

describe('GET /_emulator/requests', () => {
  it('serves the log of the emulator with its filters, and DELETE clears it', async () => {
    const t = testEmulator();
    await t.call('exchange-rate');
    await t.call('check-transaction', {}, { wire: { hash: 'x' } });
    const all = (await (await t.get('/_emulator/requests')).json()) as { entries: RequestLogEntry[] };
    expect(all.entries.map((e) => [e.endpoint, e.outcome, e.code])).toEqual([
      ['check-transaction', 'refused', '5'],
      ['exchange-rate', 'accepted', '00'],
    ]);
    expect(all.entries[0]!.request!.fields.map(([n]) => n)).toEqual(['req_time', 'merchant_id', 'tran_id', 'hash']);
    const refused = (await (await t.get('/_emulator/requests?outcome=refused&path=check')).json()) as { entries: RequestLogEntry[] };
    expect(refused.entries).toHaveLength(1);
    expect((await t.get('/_emulator/requests?outcome=maybe')).status).toBe(400);
    await t.emulator.fetch(new Request('http://emulator.test/_emulator/requests', { method: 'DELETE' }));
    expect(((await (await t.get('/_emulator/requests')).json()) as { entries: unknown[] }).entries).toEqual([]);
    await t.emulator.idle();
  });

  it('is not in the saved state', async () => {
    const t = testEmulator();
    await t.call('exchange-rate');
    expect(JSON.stringify(await t.emulator.state())).not.toContain('_emulator/requests');
    expect(Object.keys(await t.emulator.state())).not.toContain('requests');
  });
});

describe("payway mock's lines", () => {
  it('prints method, path, status, code and diagnosis; JSON lines carry the same', () => {
    const e = { id: 4, ...entry('/api/x', 'refused', { code: '5', diagnosis: 'wrong hash: something' }) };
    expect(formatLogLine(e, 'text')).toBe('POST /api/x 403 5  wrong hash: something');
    expect(JSON.parse(formatLogLine(e, 'json'))).toMatchObject({ method: 'POST', path: '/api/x', status: 403, code: '5', outcome: 'refused', diagnosis: 'wrong hash: something' });
    expect(formatLogLine({ id: 5, ...entry('/api/y', 'accepted') }, 'text')).toBe('POST /api/y 200 -');
  });

  it('prints a diagnosis that finishes after the answer once, when final', async () => {
    const t = testEmulator({ diagnosis: { waitMs: 0 } });
    const lines: string[] = [];
    printRequestLog(t.emulator.requests, (l) => lines.push(l), 'text');
    await t.call('check-transaction', {}, { wire: { hash: 'A'.repeat(86) + '==' } });
    expect(lines).toEqual([]);
    await t.emulator.idle();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^POST \/api\/payment-gateway\/v1\/payments\/check-transaction-2 403 5  wrong hash: key differs/);
  });
});
