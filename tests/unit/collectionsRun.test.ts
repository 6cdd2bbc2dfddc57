import { spawnSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { judge, parseJsonPath, readJsonPath } from '../../src/core/collections/expectations.ts';
import { junitReport } from '../../src/core/collections/junitReport.ts';
import { restoreCollection } from '../../src/core/collections/restore.ts';
import { DIAGNOSIS_HEADER, runCollection, type FetchLike, type RunTarget } from '../../src/core/collections/runCollection.ts';
import type { Collection } from '../../src/core/collections/schema.ts';
import { StepBuiltIns, substitute } from '../../src/core/collections/variables.ts';
import { DEMO_MERCHANT } from '../../src/core/demoMerchant.ts';
import { createEmulator } from '../../src/emulator/index.ts';
import { cli } from '../support/cli.ts';
import { readCollection } from '../support/readCollection.ts';

const root = resolve(import.meta.dirname, '../..');
const examples = () => restoreCollection(readCollection(join(root, 'examples'))).value;

function mock(rewrite?: (response: Response) => Response): { fetch: FetchLike; target: RunTarget } {
  const emulator = createEmulator({ runtime: 'test', rateLimits: false });
  const fetch: FetchLike = async (input, init) => {
    const response = await emulator.fetch(new Request(input, init));
    return rewrite ? rewrite(response) : response;
  };
  return { fetch, target: { baseUrl: 'http://emulator.localhost', name: 'mock', emulator: true } };
}

const env = (collection: Collection) => collection.environments.find((e) => e.name === 'mock')!;

describe('runCollection against the in-process emulator', () => {
  it('runs every example flow and every expectation holds', async () => {
    const collection = examples();
    const result = await runCollection(collection, { ...mock(), environment: env(collection) });
    const failures = result.flows.flatMap((f) => f.steps.filter((s) => s.status !== 'passed').map((s) => `${s.file}: ${s.message ?? ''} ${s.expectations.filter((e) => !e.ok).map((e) => e.message).join('; ')}`));
    expect(failures).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.counts.steps).toBe(collection.flows.reduce((n, f) => n + f.steps.length, 0));
    // The signing regression step's hash, recomputed by node:crypto rather than by our own HMAC.
    const regression = result.flows.find((f) => f.name === '07-signing-regression')!.steps[0]!;
    expect(regression.trace!.signature.hash).toBe(createHmac('sha512', DEMO_MERCHANT.apiKey).update('20250213065545ec000002DEMO-PAID-0001').digest('base64'));
  });

  it('fails a step whose expectation does not hold, and says expected and got', async () => {
    const collection = examples();
    const check = collection.flows[0]!.steps[3]!;
    check.expect = [{ subject: '$.data.payment_status', expected: 'PENDING' }];
    const result = await runCollection(collection, { ...mock(), environment: env(collection), filter: 'first-payment' });
    const step = result.flows[0]!.steps[3]!;
    expect(step.status).toBe('failed');
    expect(step.expectations[0]).toMatchObject({ ok: false, expected: 'PENDING', actual: 'APPROVED', message: 'expected PENDING, got APPROVED' });
    expect(result.ok).toBe(false);
  });

  it('stops at the first failure with bail, and runs the rest without it', async () => {
    const collection = examples();
    collection.flows[0]!.steps[0]!.expect = [{ subject: 'status', expected: 500 }];
    const bailed = await runCollection(collection, { ...mock(), environment: env(collection), bail: true });
    expect(bailed.bailed).toBe(true);
    expect(bailed.counts.steps).toBe(1);
    const all = await runCollection(collection, { ...mock(), environment: env(collection) });
    expect(all.counts.steps).toBeGreaterThan(30);
    expect(all.counts.failed).toBe(1);
  });

  it('names the step that was to capture a variable it could not', async () => {
    const collection = examples();
    const purchase = collection.flows[0]!.steps[0]!;
    purchase.capture = { tranId: '$.no.such.member' };
    const result = await runCollection(collection, { ...mock(), environment: env(collection), filter: 'first-payment' });
    const [first, pay] = result.flows[0]!.steps;
    expect(first!.expectations.at(-1)!.message).toMatch(/nothing to capture into \{\{tranId\}\}: \$ is not an object \(the response is not JSON\)/);
    expect(pay).toMatchObject({ status: 'error', message: '{{tranId}} has no value: "Purchase" was to capture it and did not' });
  });

  it('skips the emulator-only steps on another target, and signs with the keys it is given', async () => {
    const collection = examples();
    const { fetch } = mock();
    const result = await runCollection(collection, {
      fetch,
      target: { baseUrl: 'http://emulator.localhost', name: 'a server that is not the emulator', emulator: false },
      environment: env(collection),
      credentials: { apiKey: DEMO_MERCHANT.apiKey, rsaPublicKeyPem: DEMO_MERCHANT.rsaPublicKeyPem },
    });
    const [first] = result.flows;
    expect(first!.steps.map((s) => s.status)).toEqual(['error', 'skipped', 'skipped', 'error', 'error']);
    expect(first!.steps[0]!.message).toMatch(/\{\{\$inboxUrl\}\} exists only when the target is an emulator/);
    expect(first!.steps[1]!.message).toMatch(/plays the payer or reads pushbacks on the emulator/);
    expect(result.flows.find((f) => f.name === '07-signing-regression')!.steps[0]!.status).toBe('passed');
  });

  it("carries the emulator's finished diagnosis of a refused request, and does without it when the header is absent", async () => {
    const collection = examples();
    const wrongKey = { apiKey: 'not-the-demo-key', rsaPublicKeyPem: DEMO_MERCHANT.rsaPublicKeyPem };
    // The emulator answers first and finishes the doctor's search afterwards: the report waits for the finding.
    const result = await runCollection(collection, { ...mock(), environment: env(collection), filter: 'regression', credentials: wrongKey });
    const step = result.flows[0]!.steps[0]!;
    expect(step.status).toBe('failed');
    expect(step.response!.headers.find(([name]) => name === DIAGNOSIS_HEADER)).toBeDefined();
    expect(step.diagnosis).toMatch(/^wrong hash: /);
    expect(step.diagnosis).not.toMatch(/still searching/);
    expect(step.diagnosis).toMatch(/key/);
    const withoutHeader = mock((r) => {
      const headers = new Headers(r.headers);
      headers.delete(DIAGNOSIS_HEADER);
      return new Response(r.body, { status: r.status, headers });
    });
    const plain = await runCollection(collection, { ...withoutHeader, environment: env(collection), filter: 'regression', credentials: wrongKey });
    expect(plain.flows[0]!.steps[0]!.diagnosis).toBeUndefined();
    expect(plain.flows[0]!.steps[0]!.response!.code).toBeDefined();
  });

  it('writes JUnit XML that an XML parser reads: one testcase per step, failures and skips marked', async () => {
    const collection = examples();
    collection.flows[1]!.steps[2]!.expect = [{ subject: 'code', expected: 'X<&>"' }];
    const result = await runCollection(collection, { ...mock(), environment: env(collection) });
    const xml = junitReport(result);
    const python = spawnSync(
      'python3',
      ['-c', 'import sys, xml.etree.ElementTree as E; r = E.fromstring(sys.stdin.read()); cases = r.findall(".//testcase"); print(len(cases), len(r.findall(".//failure")), r.get("tests"), r.get("failures"), cases[7].find("failure").get("message"))'],
      { input: xml, encoding: 'utf8' },
    );
    expect(python.stderr).toBe('');
    expect(python.stdout.trim()).toBe(`${result.counts.steps} 1 ${result.counts.steps} 1 code: expected X<&>", got 00`);
  });
});

describe('variables and expectations', () => {
  const builtIns = () => new StepBuiltIns({ now: () => new Date('2025-02-13T06:55:45Z'), random: (n) => new Uint8Array(n).fill(171), baseUrl: 'http://x', inboxUrl: 'http://x/_emulator/inbox' });
  const sources = { flow: new Map([['a', 'flow']]), environment: { a: 'env', b: 'env' }, collection: { a: 'col', b: 'col', c: 'col' } };

  it('looks a name up in the flow, then the environment, then the collection', () => {
    expect(substitute('{{a}} {{ b }} {{c}}', sources, builtIns())).toBe('flow env col');
    expect(() => substitute('{{nope}}', sources, builtIns())).toThrow('{{nope}} is not defined');
  });

  it('computes each built-in once per step, in the shapes PayWay takes', () => {
    const b = builtIns();
    const tranId = substitute('{{$tranId}}', sources, b);
    expect(tranId).toMatch(/^[A-Z0-9]{1,20}$/);
    expect(substitute('{{$tranId}}', sources, b)).toBe(tranId);
    expect(substitute('{{$now}}|{{$timestamp+86400}}|{{$inboxUrl}}', sources, b)).toBe('20250213065545|1739516145|http://x/_emulator/inbox');
    expect(substitute('{{$uuid}}', sources, b)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const noInbox = new StepBuiltIns({ now: () => new Date(), random: (n) => new Uint8Array(n), baseUrl: 'https://checkout-sandbox.payway.com.kh' });
    expect(() => substitute('{{$inboxUrl}}', sources, noInbox)).toThrow(/only when the target is an emulator/);
  });

  it('reads JSON paths with indexes, quoted keys and length', () => {
    const body = { data: { list: [{ 'a b': 1 }, { x: 2 }] } };
    expect(parseJsonPath("$.data.list[-1]['x']")).toEqual(['data', 'list', -1, 'x']);
    expect(readJsonPath(body, "$.data.list[0]['a b']")).toEqual({ found: true, value: 1 });
    expect(readJsonPath(body, '$.data.list.length')).toEqual({ found: true, value: 2 });
    expect(readJsonPath(body, '$.data.list[5]')).toEqual({ found: false, why: '$.data.list has 2 items, no [5]' });
  });

  it.each([
    ['00', '00', true],
    [0, '0', false],
    ['0', 0, true],
    ['gt 5', 10, true],
    ['lte 5', '10', false],
    ['contains PAY', 'PAYWAY', true],
    ['matches ^T[0-9]+$', 'T123', true],
    ['oneOf APPROVED|PRE-AUTH', 'PRE-AUTH', true],
    ['type number', '1', false],
    ['neq PENDING', 'APPROVED', true],
    [{ a: [1] }, { a: [1] }, true],
  ])('judges %j against %j: %s', (expected, actual, ok) => {
    expect(judge('x', expected, { found: true, value: actual }).ok).toBe(ok);
  });

  it('judges absence', () => {
    expect(judge('code', 'absent', { found: false, why: 'none' }).ok).toBe(true);
    expect(judge('code', 'exists', { found: false, why: 'none' })).toMatchObject({ ok: false, message: 'expected exists, but none' });
  });
});

describe('payway run', () => {
  const temp = () => mkdtempSync(join(tmpdir(), 'payway-run-'));
  const savedEnv = { ...process.env };
  afterEach(() => {
    process.env = { ...savedEnv };
  });

  it('runs the examples against the in-process emulator: a line per step, a JUnit file, exit code 0', async () => {
    const out = join(temp(), 'report', 'junit.xml');
    const { code, out: printed } = await cli('run', join(root, 'examples'), '--target', 'mock', '--reporter', 'junit', '--out', out);
    expect(code).toBe(0);
    expect(printed).toMatch(/^ {2}ok {3}Purchase \(purchase\) · HTTP 200 · \d+ ms$/m);
    expect(printed).toMatch(/^PASS {2}\d+ steps in 7 flows: \d+ passed; (\d+)\/\1 expectations held/m);
    expect(readFileSync(out, 'utf8')).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites /);
  });

  it('exits 1 when an expectation fails, printing what was expected', async () => {
    const dir = temp();
    mkdirSync(join(dir, 'f'));
    writeFileSync(join(dir, 'f', '01.json'), JSON.stringify({ endpoint: 'check-transaction', inputs: { req_time: '{{$now}}', merchant_id: 'ec000002', tran_id: 'NOPE' }, expect: { code: '00' } }));
    const { code, out } = await cli('run', dir);
    expect(code).toBe(1);
    expect(out).toMatch(/FAIL 01 \(check-transaction\) · HTTP \d+ · code 6/);
    expect(out).toMatch(/code: expected 00, got 6/);
  });

  it('runs nothing and exits 2 when a file holds a key', async () => {
    const dir = temp();
    writeFileSync(join(dir, 'payway-collection.json'), JSON.stringify({ format: 'payway-collection', version: 1, name: 'x', variables: { api_key: 'real-looking-key-123' } }));
    const { code, err } = await cli('run', dir);
    expect(code).toBe(2);
    expect(err).toMatch(/payway-collection.json: refused: variables.api_key "api_key" holds a value/);
  });

  it('reads the keys an environment names from the process environment and its .secret file, and refuses a file holding a copy', async () => {
    const dir = temp();
    const fixture = resolve(import.meta.dirname, '../fixtures/collections/v1');
    for (const file of readCollection(fixture)) {
      mkdirSync(join(dir, file.path, '..'), { recursive: true });
      writeFileSync(join(dir, file.path), file.text);
    }
    process.env.PAYWAY_API_KEY = DEMO_MERCHANT.apiKey;
    writeFileSync(join(dir, 'environments', 'sandbox.secret'), `PAYWAY_RSA_PUBLIC_KEY="${DEMO_MERCHANT.rsaPublicKeyPem.trim()}"\n`);
    const ran = await cli('run', dir, '--env', 'sandbox', '--target', 'mock', '--var', 'merchant_id=ec000002');
    expect(ran.err).toBe('');
    expect(ran.code).toBe(0);
    writeFileSync(join(dir, 'checkout', '05-leak.json'), JSON.stringify({ endpoint: 'check-transaction', inputs: { tran_id: Buffer.from(DEMO_MERCHANT.apiKey).toString('hex') } }));
    const leaked = await cli('run', dir, '--env', 'sandbox', '--target', 'mock', '--var', 'merchant_id=ec000002');
    expect(leaked.code).toBe(2);
    expect(leaked.err).toMatch(/checkout\/05-leak.json: inputs.tran_id a copy of a key in use/);
  });

  it('runs one file of a collection with the collection around it', async () => {
    const { code, out } = await cli('run', join(root, 'examples/07-signing-regression/01-recorded-check.json'));
    expect(code).toBe(0);
    expect(out).toMatch(/PASS {2}1 steps in 1 flow/);
  });

  it('writes a starter collection that runs green, and will not overwrite it', async () => {
    const dir = join(temp(), 'payway');
    const init = await cli('run', '--init', dir);
    expect(init.code).toBe(0);
    expect(existsSync(join(dir, 'payway-collection.json'))).toBe(true);
    expect(readFileSync(join(dir, '.gitignore'), 'utf8')).toMatch(/^\*\.secret$/m);
    expect((await cli('run', dir, '--target', 'mock')).code).toBe(0);
    expect((await cli('run', '--init', dir)).code).toBe(2);
  });

  it('imports a Postman collection into files', async () => {
    const dir = temp();
    const source = join(dir, 'postman.json');
    const { catalogToPostman } = await import('../../src/core/interop/postman.ts');
    writeFileSync(source, JSON.stringify(catalogToPostman()));
    const { code, out } = await cli('run', '--import-postman', source, join(dir, 'imported'));
    expect(code).toBe(0);
    expect(out).toMatch(/note: .*recipe does; the runner signs it instead \(not run\)/);
    expect(restoreCollection(readCollection(join(dir, 'imported'))).refused).toEqual([]);
  });
});
