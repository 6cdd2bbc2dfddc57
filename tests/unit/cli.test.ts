import { spawnSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../support/cli.ts';
import { DEMO_MERCHANT } from '../../src/core/demoMerchant.ts';
import { catalog } from '../../src/core/catalog/index.ts';


const KEY = 'demo-api-key-not-real';

describe('payway sign', () => {
  it('prints one JSON object whose hash node:crypto reproduces', async () => {
    const { code, out } = await cli('sign', 'check-transaction', '--key', KEY, '--wire', 'req_time=20250213065545', '--wire', 'merchant_id=ec000002', '--wire', 'tran_id=17394277693', '--json');
    expect(code).toBe(0);
    const result = JSON.parse(out);
    expect(result).toMatchObject({ endpoint: 'check-transaction', stringToSign: '20250213065545ec00000217394277693', algorithm: 'HMAC-SHA512', encoding: 'base64' });
    expect(result.hash).toBe(createHmac('sha512', KEY).update(result.stringToSign).digest('base64'));
    expect(result.segments.map((s: { field: string }) => s.field)).toEqual(['req_time', 'merchant_id', 'tran_id']);
  });

  it('encodes --input values as the catalog says and leaves --wire values verbatim', async () => {
    const items = '[{"name":"a","quantity":1,"price":1}]';
    const encoded = JSON.parse((await cli('sign', 'purchase', '--key', KEY, '--input', `items=${items}`, '--json')).out);
    expect(encoded.wire.items).toBe(Buffer.from(items).toString('base64'));
    const verbatim = JSON.parse((await cli('sign', 'purchase', '--key', KEY, '--wire', `items=${items}`, '--json')).out);
    expect(verbatim.wire.items).toBe(items);
  });

  it('uses the chosen variant (payout hex vs base64)', async () => {
    const args = ['sign', 'payout', '--key', KEY, '--wire', 'merchant_id=ec000002', '--wire', 'tran_id=A17259584044451', '--wire', 'beneficiaries=BENEFICIARIES_B64', '--wire', 'amount=3.44', '--wire', 'currency=USD', '--json'];
    expect(JSON.parse((await cli(...args)).out).hash).toBe('c139decc8603d7aba7554264713ab348f7efdba938ec0061f04a96b67b537eeeec5df3526be13b93296ab0da0eb3c3abc5e86d0a3a5afc88786f352eb193ddba');
    expect(JSON.parse((await cli(...args, '--variant', 'base64')).out).hash).toBe('wTnezIYD16unVUJkcTqzSPfv26k47ABh8EqWtntTfu7sXfNSa+E7kylqsNoOs8OrxehtCjpa/Ih4bzUusZPdug==');
  });

  it('encrypts merchant_auth with the given RSA key and prints the trace without the key', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'payway-'));
    writeFileSync(join(dir, 'pub.pem'), DEMO_MERCHANT.rsaPublicKeyPem);
    const { code, out } = await cli('sign', 'refund', '--key', 'secret-that-must-not-print', '--examples', '--rsa-public-key', join(dir, 'pub.pem'));
    expect(code).toBe(0);
    expect(out).toMatch(/RSA: \d+ plaintext bytes, 1024-bit key/);
    expect(out).toMatch(/String to sign/);
    expect(out).not.toContain('secret-that-must-not-print');
  });

  it.each([
    [['sign'], /missing <endpoint-id>/],
    [['sign', 'nope', '--key', 'k'], /unknown endpoint "nope"/],
    [['sign', 'purchase'], /missing --key/],
    [['sign', 'purchase', '--key', 'k', '--wire', 'novalue'], /--wire "novalue" is not name=value/],
    [['sign', 'purchase', '--key', 'k', '--variant', 'zzz'], /no variant "zzz"/],
    [['sign', 'purchase', '--key', 'k', '--bogus'], /Unknown option '--bogus'/],
    [['sign', 'refund', '--key', 'k', '--rsa-public-key', '/nonexistent.pem'], /cannot read/],
  ])('reports wrong usage with the usage line and exit code 2 (%j)', async (argv, message) => {
    const { code, err } = await cli(...argv);
    expect(code).toBe(2);
    expect(err).toMatch(message);
    expect(err).toMatch(/Usage: payway/);
  });

  it('reports a bad JSON input by field, line and column, with exit code 1', async () => {
    const { code, out } = await cli('sign', 'purchase', '--key', KEY, '--input', 'items=[{"name": }]');
    expect(code).toBe(1);
    expect(out).toMatch(/items: invalid JSON at line 1, column \d+/);
  });
});

describe('payway endpoints and verify-callback', () => {
  it('lists every endpoint as JSON', async () => {
    const rows = JSON.parse((await cli('endpoints', '--json')).out);
    expect(rows).toHaveLength(catalog.length);
    expect(rows.find((r: { id: string }) => r.id === 'check-transaction')).toMatchObject({ method: 'POST', hashFields: ['req_time', 'merchant_id', 'tran_id'] });
    // Legacy paths say which endpoint replaces them; current ones carry no such mark.
    const legacy = catalog.filter((e) => e.legacy);
    expect(legacy.length).toBeGreaterThan(0);
    for (const e of catalog) expect(rows.find((r: { id: string }) => r.id === e.id).legacy, e.id).toEqual(e.legacy ? { current: e.legacy.current } : undefined);
  });

  it('marks legacy and deprecated endpoints in the text list', async () => {
    const lines = (await cli('endpoints')).out.split('\n');
    const lineOf = (id: string) => lines.find((line) => line.trimStart().startsWith(id + ' '))!;
    for (const e of catalog) {
      if (e.legacy) expect(lineOf(e.id), e.id).toContain(`[legacy: use ${e.legacy.current}]`);
      else if (e.deprecated) expect(lineOf(e.id), e.id).toContain('[deprecated]');
      else expect(lineOf(e.id), e.id).not.toMatch(/\[(legacy|deprecated)/);
    }
  });

  it('verifies a pushback signature', async () => {
    const body = { tran_id: 'T1', apv: '1', status: '0' };
    const signature = createHmac('sha512', KEY).update('10T1').digest('base64');
    const ok = await cli('verify-callback', '--key', KEY, '--body', JSON.stringify(body), '--signature', signature, '--json');
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.out)).toMatchObject({ valid: true, stringToSign: '10T1' });
    const bad = await cli('verify-callback', '--key', KEY, '--body', JSON.stringify({ ...body, status: '3' }), '--signature', signature);
    expect(bad.code).toBe(1);
    expect(bad.out).toMatch(/INVALID/);
  });

  it('unknown command: exit 2 with the command list', async () => {
    const { code, err } = await cli('frobnicate');
    expect(code).toBe(2);
    expect(err).toMatch(/unknown command "frobnicate"[\s\S]*sign/);
  });

  it('runs as an installed bin (bin/payway.js)', () => {
    const run = spawnSync(process.execPath, [resolve(import.meta.dirname, '../../bin/payway.js'), 'sign', 'exchange-rate', '--key', KEY, '--wire', 'req_time=20250213065545', '--wire', 'merchant_id=ec000002', '--json'], { encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout).hash).toBe(createHmac('sha512', KEY).update('20250213065545ec000002').digest('base64'));
  }, 30_000);
});
