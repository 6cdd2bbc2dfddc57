import { createHash, createHmac } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../support/cli.ts';


const KEY = 'demo-api-key-not-real';
const wire = ['--wire', 'req_time=20250213065545', '--wire', 'merchant_id=ec000002', '--wire', 'tran_id=17394277693'];
const good = '20250213065545ec00000217394277693';
const mac = (message: string, key = KEY) => createHmac('sha512', key).update(message).digest('base64');

describe('payway doctor', () => {
  it('prints {match, diagnosis, expectedHash, hypothesesTried} with --json, exit code 1 for a mistake', async () => {
    const { code, out } = await cli('doctor', 'check-transaction', '--key', KEY, ...wire, '--hash', createHmac('sha512', KEY).update(good).digest('hex'), '--json');
    expect(code).toBe(1);
    const result = JSON.parse(out);
    expect(result).toMatchObject({ match: false, verdict: 'diagnosed', expectedHash: mac(good), endpoint: 'check-transaction' });
    expect(result.hypothesesTried).toBeGreaterThan(0);
    expect(result.diagnosis).toEqual([
      expect.objectContaining({ id: 'output-encoding', mistake: expect.any(String), explanation: expect.stringMatching(/lower-case hex/), fix: expect.stringMatching(/base64_encode/) }),
    ]);
  });

  it('exits 0 when the hash is correct', async () => {
    const { code, out } = await cli('doctor', 'check-transaction', '--key', KEY, ...wire, '--hash', mac(good), '--json');
    expect(code).toBe(0);
    expect(JSON.parse(out)).toMatchObject({ match: true, verdict: 'correct', diagnosis: [] });
  });

  it('compares a string to sign without any key, and prints the first difference as text', async () => {
    const { code, out } = await cli('doctor', 'check-transaction', ...wire, '--string', 'ec0000022025021306554517394277693');
    expect(code).toBe(1);
    expect(out).toMatch(/Verdict: DIAGNOSED/);
    expect(out).toMatch(/The fields are concatenated sorted by name/);
    expect(out).toMatch(/First difference: The strings part at byte 1 in req_time/);
    expect(out).toMatch(/Expected string to sign \(33 bytes\)/);
  });

  it('reads the request from a file, recognises the endpoint and never prints the key', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'doctor-'));
    const file = join(dir, 'request.txt');
    writeFileSync(file, `curl 'https://checkout-sandbox.payway.com.kh/api/payment-gateway/v1/payments/check-transaction-2' -H 'Content-Type: application/json' -d '{"req_time":"20250213065545","merchant_id":"ec000002","tran_id":"17394277693","hash":"${mac(good, 'secret-that-must-not-print\n')}"}'`);
    const { code, out } = await cli('doctor', '--request', `@${file}`, '--key', 'secret-that-must-not-print');
    expect(code).toBe(1);
    expect(out).toMatch(/check-transaction — Check transaction.*recognised by path/);
    expect(out).toMatch(/ends with a line break/);
    expect(out).not.toContain('secret-that-must-not-print');
  });

  it('reads --string from a file without the file\'s final line break', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'doctor-'));
    writeFileSync(join(dir, 'string.txt'), good + '\n');
    const { code, out } = await cli('doctor', 'check-transaction', ...wire, '--string', `@${join(dir, 'string.txt')}`, '--json');
    expect(code).toBe(0);
    expect(JSON.parse(out)).toMatchObject({ match: true, verdict: 'correct' });
  });

  it('verifies a pushback with --callback and --signature', async () => {
    const body = '{"tran_id":"T100","apv":"619195","status":"0"}';
    const ok = await cli('doctor', '--callback', body, '--signature', mac('619195' + '0' + 'T100'), '--key', KEY, '--json');
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.out)).toMatchObject({ match: true, verdict: 'valid', stringToSign: '6191950T100' });
    const raw = await cli('doctor', '--callback', body, '--signature', mac(body), '--key', KEY);
    expect(raw.code).toBe(1);
    expect(raw.out).toMatch(/Signed over the body exactly as received/);
  });

  it('never says "correct" with --refused: a hash right for another key than the emulator merchant\'s is named', async () => {
    const emulatorKey = createHash('sha256').update(KEY).digest('hex').slice(0, 16);
    const other = 'my-sandbox-key-2025';
    const argv = ['doctor', 'check-transaction', '--key', other, ...wire, '--hash', mac(good, other), '--refused', '--refused-by', 'emulator', '--merchant-key-fingerprint', emulatorKey];
    const json = await cli(...argv, '--json');
    expect(json.code).toBe(1);
    const result = JSON.parse(json.out);
    expect(result).toMatchObject({ match: false, verdict: 'diagnosed', refusal: { by: 'emulator', hashRight: true } });
    expect(result.diagnosis[0]).toMatchObject({ id: 'refused-key-mismatch', mistake: 'The API key is not the one the emulator holds for merchant ec000002' });
    const text = await cli(...argv);
    expect(text.out).toMatch(/Checked, because the emulator refused it:/);
    expect(text.out).toMatch(/FOUND +the key: its fingerprint/);
    expect(text.out).toMatch(/ruled out +req_time|ruled out +the transport/);
    expect(text.out).not.toContain(other);
  });

  it('reads a pasted response: a code other than success is a refusal, success is not', async () => {
    const refused = await cli('doctor', 'check-transaction', '--key', KEY, ...wire, '--hash', mac(good), '--response', 'HTTP/1.1 403 Forbidden\ncontent-type: application/json\n\n{"status":{"code":"5","message":"Invalid hash","tran_id":"17394277693"}}', '--json');
    expect(refused.code).toBe(1);
    expect(JSON.parse(refused.out)).toMatchObject({ match: false, verdict: 'refused', refusal: { code: '5', message: 'Invalid hash', hashRight: true } });
    const ok = await cli('doctor', 'check-transaction', '--key', KEY, ...wire, '--hash', mac(good), '--response', '{"status":{"code":"00","message":"Success!"}}', '--json');
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.out)).toMatchObject({ match: true, verdict: 'correct' });
  });

  it.each([
    [['doctor', 'check-transaction', ...wire, '--hash', 'x', '--refused-by', 'nowhere'], /--refused-by: "nowhere" is not one of emulator, sandbox, production/],
    [['doctor', 'check-transaction', ...wire, '--hash', 'x', '--merchant-key-fingerprint', 'abc'], /--merchant-key-fingerprint: 16 hex digits/],
    [['doctor'], /give <endpoint-id> with --wire values, or --request/],
    [['doctor', 'nope', '--hash', 'x'], /unknown endpoint "nope"/],
    [['doctor', 'check-transaction', ...wire], /give --hash <their hash> or --string/],
    [['doctor', 'check-transaction', '--wire', 'novalue', '--hash', 'x'], /--wire "novalue" is not name=value/],
    [['doctor', '--request', '@/nonexistent/file', '--hash', 'x'], /cannot read/],
    [['doctor', '--wire', 'foo=1', '--request', 'bar=2', '--hash', 'x'], /cannot tell which endpoint/],
    [['doctor', '--callback', '{}', '--key', KEY], /missing --signature/],
  ])('reports wrong usage with the usage line and exit code 2 (%j)', async (argv, message) => {
    const { code, err } = await cli(...argv);
    expect(code).toBe(2);
    expect(err).toMatch(message);
    expect(err).toMatch(/Usage: payway doctor/);
  });
});
