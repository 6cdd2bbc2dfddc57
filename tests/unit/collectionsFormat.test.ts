import { join, resolve } from 'node:path';
import { readCollection } from '../support/readCollection.ts';
import { describe, expect, it } from 'vitest';
import { collectionFiles, stepObject } from '../../src/core/collections/collectionFiles.ts';
import { importPostman, recogniseRecipe } from '../../src/core/collections/importPostman.ts';
import { migrateCollection, NewerCollectionError, type CollectionSchemaStep } from '../../src/core/collections/migrations.ts';
import { restoreCollection, type CollectionFile } from '../../src/core/collections/restore.ts';
import { parseSecretFile } from '../../src/core/collections/secretFile.ts';
import { starterCollection } from '../../src/core/collections/starterCollection.ts';
import { getEndpoint } from '../../src/core/catalog/index.ts';
import { DEMO_MERCHANT } from '../../src/core/demoMerchant.ts';
import { catalogToPostman } from '../../src/core/interop/postman.ts';
import { base64Encode } from '../../src/core/signing/bytes.ts';

const root = resolve(import.meta.dirname, '../..');

const step = (path: string, value: unknown): CollectionFile => ({ path, text: JSON.stringify(value, null, 2) });
const head = step('payway-collection.json', { format: 'payway-collection', version: 1, name: 'T', variables: {} });
const check = { endpoint: 'check-transaction', inputs: { req_time: '{{$now}}', merchant_id: 'ec000002', tran_id: 'T1' } };

describe('collection files', () => {
  it('reads the examples without a single problem, flows and steps in file-name order', () => {
    const result = restoreCollection(readCollection(join(root, 'examples')));
    expect(result.problems).toEqual([]);
    expect(result.refused).toEqual([]);
    expect(result.value.flows.map((f) => f.name)).toEqual(['01-first-payment', '02-refund', '03-pre-auth', '04-credentials-on-file', '05-payment-link', '06-payout', '07-signing-regression']);
    expect(result.value.flows[0]!.steps.map((s) => s.file.split('/')[1])).toEqual(['01-purchase.json', '02-pay.json', '03-pushback.json', '04-check.json', '05-detail.json']);
    expect(result.value.environments.map((e) => e.name)).toEqual(['mock', 'sandbox']);
  });

  it('writes the examples back byte for byte: the format has one spelling, so a diff shows only what changed', () => {
    const files = readCollection(join(root, 'examples')).filter((f) => f.path.endsWith('.json'));
    const written = collectionFiles(restoreCollection(files).value);
    expect(written.redacted).toEqual([]);
    expect(Object.fromEntries(written.files.map((f) => [f.path, f.text]))).toEqual(Object.fromEntries(files.map((f) => [f.path, f.text])));
  });

  it('keeps the version 1 fixture loading (old files keep working)', () => {
    const result = restoreCollection(readCollection(resolve(import.meta.dirname, '../fixtures/collections/v1')));
    expect(result.problems).toEqual([]);
    const [flow] = result.value.flows;
    expect(flow!.steps.map((s) => s.kind)).toEqual(['request', 'action', 'action', 'request']);
    expect(flow!.steps[3]!.expect).toEqual([
      { subject: 'code', expected: '00' },
      { subject: '$.data.payment_status', expected: 'APPROVED' },
      { subject: '$.data.payment_status', expected: 'neq PENDING' },
      { subject: '$.data.total_amount', expected: 2.5 },
    ]);
    expect(result.value.environments[1]!.secretsFrom).toEqual({ 'api-key': 'PAYWAY_API_KEY', 'rsa-public-key': 'PAYWAY_RSA_PUBLIC_KEY' });
  });

  it('lifts an older collection through up() and refuses one from a newer version', () => {
    const v2: CollectionSchemaStep[] = [
      { version: 1 },
      { version: 2, up: (raw) => ({ ...raw, steps: raw.steps.map((s) => ({ ...s, raw: { ...s.raw, lifted: true } })) }) },
    ];
    const lifted = migrateCollection({ collection: { version: 1 }, environments: [], steps: [{ file: 'a.json', raw: {} }] }, 1, v2);
    expect(lifted.collection.version).toBe(2);
    expect(lifted.steps[0]!.raw).toEqual({ lifted: true });
    expect(() => migrateCollection({ collection: {}, environments: [], steps: [] }, 3, v2)).toThrow(NewerCollectionError);
    const newer = restoreCollection([step('payway-collection.json', { format: 'payway-collection', version: 9, name: 'N' })]);
    expect(newer.error).toMatchObject({ kind: 'newer-version' });
    expect(newer.error!.message).toMatch(/version 9/);
  });

  it('reads a folder of steps without a collection file, and says so', () => {
    const result = restoreCollection([step('a/01-check.json', check)], { name: 'loose' });
    expect(result.value.name).toBe('loose');
    expect(result.problems).toEqual([expect.objectContaining({ file: 'payway-collection.json', severity: 'fixed' })]);
    expect(result.value.flows[0]!.steps[0]!.name).toBe('check');
  });

  it('looks inside the one top folder of a zip made from the folder itself', () => {
    const result = restoreCollection([{ ...head, path: 'shop/payway-collection.json' }, { ...step('shop/flow/01-check.json', check) }]);
    expect(result.value.flows.map((f) => f.name)).toEqual(['flow']);
  });

  it('refuses a broken file with its line and column, and keeps the rest', () => {
    const result = restoreCollection([head, step('f/01-check.json', check), { path: 'f/02-broken.json', text: '{\n  "endpoint": "refund",\n  "inputs": {,}\n}' }]);
    expect(result.refused).toEqual([expect.objectContaining({ file: 'f/02-broken.json', reason: 'not-json', problems: [expect.stringMatching(/line 3, column 14: expected a property name/)] })]);
    expect(result.value.flows[0]!.steps).toHaveLength(1);
  });

  it('names the field and the problem for a step it cannot use', () => {
    const result = restoreCollection([
      head,
      step('f/01.json', { endpoint: 'no-such-endpoint', inputs: {} }),
      step('f/02.json', { action: 'pay' }),
      step('f/03.json', { ...check, expect: { 'body.x': 'y' } }),
      step('f/04.json', { ...check, capture: { 'bad name': 'code' } }),
    ]);
    const messages = result.problems.filter((p) => p.severity === 'invalid').map((p) => `${p.file} ${p.path}: ${p.message}`);
    expect(messages).toEqual([
      expect.stringMatching(/^f\/01.json endpoint: "no-such-endpoint" is not an endpoint/),
      expect.stringMatching(/^f\/02.json ref: is missing: pay needs the tran_id/),
      expect.stringMatching(/^f\/03.json expect.body.x: is not a subject/),
      expect.stringMatching(/^f\/04.json capture.bad name: is not a variable name/),
    ]);
    expect(result.refused.map((r) => r.file)).toEqual(['f/01.json', 'f/02.json', 'f/03.json', 'f/04.json']);
  });

  it('starts from the starter and from a Postman import with files it reads back unchanged', () => {
    for (const collection of [starterCollection('shop'), (importPostman(catalogToPostman()) as { collection: Parameters<typeof collectionFiles>[0] }).collection]) {
      const { files } = collectionFiles(collection);
      const again = restoreCollection(files);
      expect(again.problems.filter((p) => p.severity === 'invalid')).toEqual([]);
      const byPath = (list: CollectionFile[]) => Object.fromEntries(list.map((f) => [f.path, f.text]));
      expect(byPath(collectionFiles(again.value).files)).toEqual(byPath(files));
    }
  });
});

describe('a collection never holds a key', () => {
  const refusedFor = (value: unknown, knownSecrets?: Parameters<typeof restoreCollection>[1]) => restoreCollection([head, step('f/01.json', value)], knownSecrets).refused;

  it.each([
    ['a secret property', { ...check, apiKey: 'abc' }, /apiKey "apiKey" is a secret's own property/],
    ['a PEM in an input', { ...check, inputs: { ...check.inputs, note: DEMO_MERCHANT.rsaPublicKeyPem } }, /inputs.note holds a PEM key/],
    ['PayWay\'s "public_key" with a value', { ...check, inputs: { ...check.inputs, public_key: 'a1b2c3d4e5f6' } }, /inputs.public_key "public_key" holds a value/],
    ['an api_key variable with a value', { ...check, headers: { api_key: 'k-12345678' } }, /headers.api_key "api_key" holds a value/],
  ])('refuses %s, naming where it is', (_what, value, message) => {
    const [refusal] = refusedFor(value);
    expect(refusal).toMatchObject({ file: 'f/01.json', reason: 'holds-a-key' });
    expect(refusal!.problems.join('\n')).toMatch(message);
  });

  it('refuses a copy of a key in use, even Base64-encoded inside another value', () => {
    const key = 'the-real-key-0123456789';
    const value = { ...check, inputs: { ...check.inputs, custom_fields: `{"x":"${base64Encode(key)}"}` } };
    expect(refusedFor(value)).toEqual([]);
    expect(refusedFor(value, { knownSecrets: [{ apiKey: key }] })[0]).toMatchObject({ reason: 'holds-a-key', problems: [expect.stringMatching(/inputs.custom_fields a copy of a key in use/)] });
  });

  it('lets an environment name its keys, and refuses one that holds a key instead', () => {
    const env = (secretsFrom: Record<string, string>) => restoreCollection([head, step('environments/sandbox.json', { target: 'sandbox', variables: {}, secretsFrom })]);
    expect(env({ 'api-key': 'PAYWAY_API_KEY' }).refused).toEqual([]);
    expect(env({ 'api-key': 'f3a9c0d1e2b34455' }).refused[0]).toMatchObject({ file: 'environments/sandbox.json', reason: 'holds-a-key' });
    expect(env({ 'api-key': 'lower_case_name' }).refused[0]).toMatchObject({ reason: 'holds-a-key' });
  });

  it('writes a preset whose input holds a key without it, and says what it removed', () => {
    const collection = starterCollection('s');
    const purchase = collection.flows[0]!.steps[0]!;
    if (purchase.kind === 'request') purchase.inputs.return_params = `key=${DEMO_MERCHANT.apiKey}`;
    const written = collectionFiles(collection, [{ apiKey: DEMO_MERCHANT.apiKey }]);
    expect(written.files.find((f) => f.path.endsWith('01-purchase.json'))!.text).not.toContain(DEMO_MERCHANT.apiKey);
    expect(written.redacted).toEqual([expect.stringMatching(/01-purchase.json: inputs.return_params \(a copy of a key in use\)/)]);
  });
});

describe('step files', () => {
  it('writes inputs in the catalog order, JSON fields as JSON values only when that keeps the bytes', () => {
    const text = (v: unknown) => JSON.stringify(v);
    const written = stepObject({
      kind: 'request',
      file: 'f/01.json',
      name: 'Refund',
      endpoint: 'refund',
      inputs: { merchant_auth: '{"mc_id":"ec000002","refund_amount":4.00}', merchant_id: 'ec000002', request_time: '{{$now}}' },
      capture: {},
      expect: [],
    });
    expect(Object.keys(written.inputs as object)).toEqual(['request_time', 'merchant_id', 'merchant_auth']);
    // 4.00 would become 4 as a JSON value, and the RSA plaintext (and so what PayWay decrypts) would change.
    expect((written.inputs as Record<string, unknown>).merchant_auth).toBe('{"mc_id":"ec000002","refund_amount":4.00}');
    const items = stepObject({ kind: 'request', file: 'f', name: 'P', endpoint: 'purchase', inputs: { items: '[{"name":"a","price":1.5}]' }, capture: {}, expect: [] });
    expect(text((items.inputs as Record<string, unknown>).items)).toBe('[{"name":"a","price":1.5}]');
    expect(Array.isArray((items.inputs as Record<string, unknown>).items)).toBe(true);
  });
});

describe('importing Postman', () => {
  it("recognises the catalog's recipe in the playground's own Postman export and runs no script", () => {
    const imported = importPostman(catalogToPostman());
    if ('error' in imported) throw new Error(imported.error);
    const steps = imported.collection.flows.flatMap((f) => f.steps);
    expect(steps.length).toBeGreaterThan(30);
    const check = steps.find((s) => s.kind === 'request' && s.endpoint === 'check-transaction')!;
    expect(check).toMatchObject({ inputs: { req_time: '{{$now}}', merchant_id: '{{merchant_id}}' } });
    expect(imported.notes.some((n) => /check-transaction's hash as the catalog's "\w[\w-]*" recipe does/.test(n))).toBe(true);
    expect(imported.notes.some((n) => /payway_api_key" holds a key: not copied/.test(n))).toBe(true);
  });

  it("lists a script it does not recognise, and keeps the request's own body", () => {
    const postman = {
      info: { name: 'Shop', schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' },
      variable: [{ key: 'api_key', value: 'zzzzzzzzzzzz' }, { key: 'shop', value: 'ec000002' }],
      item: [
        {
          name: 'Checks',
          item: [
            {
              name: 'Check it',
              event: [{ listen: 'prerequest', script: { exec: ['pm.environment.set("x", Date.now())'] } }],
              request: { method: 'POST', url: '{{base_url}}/api/payment-gateway/v1/payments/check-transaction-2', body: { mode: 'raw', raw: '{"req_time":"{{t}}","merchant_id":"{{shop}}","tran_id":"A1","hash":"{{h}}"}' } },
            },
            { name: 'Elsewhere', request: { method: 'GET', url: 'https://example.com/x' } },
          ],
        },
      ],
    };
    const imported = importPostman(JSON.stringify(postman));
    if ('error' in imported) throw new Error(imported.error);
    expect(imported.collection.variables).toEqual({ shop: 'ec000002' });
    const [only] = imported.collection.flows;
    expect(only!.steps[0]).toMatchObject({ file: 'checks/01-check-it.json', endpoint: 'check-transaction', inputs: { req_time: '{{$now}}', merchant_id: '{{shop}}', tran_id: 'A1' } });
    expect(imported.notes.join('\n')).toMatch(/Check it: the pre-request script \(1 lines\) is not one of the catalog's recipes; it was not run/);
    expect(imported.notes.join('\n')).toMatch(/Elsewhere: \/x is not a PayWay endpoint; skipped/);
  });

  it('tells the recipes of an endpoint apart by the order the script concatenates', () => {
    const payout = getEndpoint('payout');
    const [first] = payout.variants;
    const fields = first!.hash.fields as string[];
    const script = `var s = ${fields.map((f) => `pm.variables.get('${f}')`).join(' + ')}; CryptoJS.HmacSHA512(s, key).toString(CryptoJS.enc.${first!.hash.output === 'hex' ? 'Hex' : 'Base64'});`;
    expect(recogniseRecipe(script, payout)?.id).toBe(first!.id);
    expect(recogniseRecipe(`var s = ${[...fields].reverse().join(' + ')}; CryptoJS.HmacSHA512(s, key)`, payout)).toBeUndefined();
  });
});

describe('secret files', () => {
  it('reads NAME=value lines, quotes, a PEM over several lines, and names a bad line', () => {
    const { values, problems } = parseSecretFile(`# keys\nPAYWAY_API_KEY=abc123 # trailing comment\nexport QUOTED='x y'\nPAYWAY_RSA_PUBLIC_KEY="-----BEGIN PUBLIC KEY-----\nMIGf\n-----END PUBLIC KEY-----"\nnot a line\n`);
    expect(values).toEqual({ PAYWAY_API_KEY: 'abc123', QUOTED: 'x y', PAYWAY_RSA_PUBLIC_KEY: '-----BEGIN PUBLIC KEY-----\nMIGf\n-----END PUBLIC KEY-----' });
    expect(problems).toEqual(['line 7 is not NAME=value']);
  });
});
