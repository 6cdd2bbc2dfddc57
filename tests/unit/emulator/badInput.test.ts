// What the emulator does with requests PayWay would not accept: too large, unreadable, the wrong content
// type, unknown paths, other methods; and where it is mounted.
import { describe, expect, it } from 'vitest';
import { catalog, getEndpoint } from '../../../src/core/catalog/index.ts';
import { PROBLEM_CODES } from '../../../src/emulator/validation.ts';
import { createEmulator } from '../../../src/emulator/index.ts';
import { answerOf, BASE, codeOf, testEmulator } from './support.ts';

const CHECK = getEndpoint('check-transaction').path;
const REFUND = getEndpoint('refund').path;
const PURCHASE = getEndpoint('purchase').path;

describe('bad input', () => {
  it('answers a body over 1 MB with 413 JSON, whether declared or only sent', async () => {
    const t = testEmulator();
    const big = 'x'.repeat(1024 * 1024 + 1);
    const declared = await answerOf(await t.post(CHECK, big, 'application/json'));
    expect([declared.status, declared.body]).toEqual([413, { status: { code: '413', message: 'The request body is larger than 1048576 bytes.' } }]);
    // A stream with no Content-Length is counted as it arrives.
    const chunk = new TextEncoder().encode('x'.repeat(64 * 1024));
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 20) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const streamed = await t.emulator.fetch(new Request(BASE + CHECK, { method: 'POST', body, headers: { 'content-type': 'application/json' }, duplex: 'half' } as RequestInit));
    expect(streamed.status).toBe(413);
  });

  it.each([
    [CHECK, '{"req_time":', 'application/json', 200, '6'],
    [CHECK, '[1,2]', 'application/json', 200, '6'],
    [CHECK, '{"tran_id":{"nested":true}}', 'application/json', 200, '6'],
    [REFUND, 'not json', 'application/json', 400, 'PTL04'],
    [PURCHASE, '--nope\r\nbroken', 'multipart/form-data; boundary=elsewhere', 200, '48'],
    [PURCHASE, 'hash=abc', 'text/plain', 200, '48'],
  ])('answers %s with %s as %s by the endpoint\'s validation code', async (path, body, type, status, code) => {
    const t = testEmulator();
    const answer = await answerOf(await t.post(path, body, type));
    expect([answer.status, codeOf(answer)]).toEqual([status, code]);
  });

  it('answers an unknown path with 404 JSON, other methods with 405, and an unknown admin route with 404', async () => {
    const t = testEmulator();
    const unknown = await answerOf(await t.post('/api/nothing-here', '{}', 'application/json'));
    expect([unknown.status, codeOf(unknown)]).toEqual([404, '404']);
    for (const method of ['GET', 'PUT', 'DELETE']) {
      const response = await t.emulator.fetch(new Request(BASE + CHECK, { method }));
      expect(response.status).toBe(405);
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    }
    expect((await t.get('/_emulator/nothing')).status).toBe(404);
  });

  it('checks the hash even when every field is right, and calls a missing hash a validation error', async () => {
    const t = testEmulator();
    const answer = await t.call('check-transaction', {}, { wire: { hash: '' } });
    expect(answer.body.status).toEqual({ code: 6, message: 'Transaction not found', tran_id: '17394277693' });
  });
});

describe('mounting', () => {
  it('serves PayWay paths and its admin API under its base path only', async () => {
    const emulator = createEmulator({ basePath: '/app/mock/' });
    const info = await emulator.fetch(new Request('http://host/app/mock/_emulator/info'));
    expect(await info.json()).toMatchObject({ emulator: 'payway-playground', basePath: '/app/mock' });
    expect((await emulator.fetch(new Request('http://host/app/mock' + CHECK, { method: 'GET' }))).status).toBe(405);
    expect((await emulator.fetch(new Request('http://host/elsewhere' + CHECK, { method: 'GET' }))).status).toBe(404);
  });
});

describe('a field problem answered by the code that names it, on the list of the endpoint asked', () => {
  it('gives each entry of the problem-code table to at least one endpoint of its family (its meaning matches a code there)', () => {
    const unused = Object.entries(PROBLEM_CODES).flatMap(([family, entries]) =>
      entries!.filter((entry) => !catalog.some((e) => e.family === family && e.codes.some((c) => c.code === entry.code && entry.means.test(c.message)))).map((entry) => `${family} ${entry.code}`),
    );
    expect(unused).toEqual([]);
  });

  it('answers an empty tran_id with Purchase\'s "Invalid transaction ID" on Purchase, and not with a code 2 of another meaning elsewhere', async () => {
    const t = testEmulator();
    const purchase = await t.call('purchase', { tran_id: '' });
    expect(codeOf(purchase)).toBe('2');
    expect(JSON.stringify(purchase.body)).toMatch(/Invalid transaction ID/);
    // Close transaction's 2 is "already approved", the v1 check's 2 is "Pending": neither is about the field.
    for (const id of ['close-transaction', 'check-transaction-v1']) {
      const answer = await t.call(id, { tran_id: '' });
      expect(codeOf(answer), id).toBe(getEndpoint(id).outcomes.validation.code);
      expect(codeOf(answer), id).not.toBe('2');
    }
  });
});
