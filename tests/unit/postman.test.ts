// The Postman collection: its structure, and each pre-request script run in a Node vm with a small
// CryptoJS stand-in built on node:crypto, compared with our signer and with node:crypto directly.
import { createHmac } from 'node:crypto';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { catalog, defaultVariant, families } from '../../src/core/catalog/index.ts';
import { catalogToPostman, POSTMAN_SCHEMA, preRequestScript } from '../../src/core/interop/postman.ts';
import { buildRequest } from '../../src/core/signing/buildRequest.ts';

/** The part of CryptoJS the scripts use: Utf8.parse, Base64/Hex stringify, HmacSHA256/512. */
class WordArray {
  constructor(readonly bytes: Buffer) {}
  toString(encoder: { stringify(w: WordArray): string } = cryptoJs.enc.Hex): string {
    return encoder.stringify(this);
  }
}
const toBytes = (x: string | WordArray) => (typeof x === 'string' ? Buffer.from(x, 'utf8') : x.bytes);
const cryptoJs = {
  enc: {
    Utf8: { parse: (text: string) => new WordArray(Buffer.from(text, 'utf8')), stringify: (w: WordArray) => w.bytes.toString('utf8') },
    Base64: { stringify: (w: WordArray) => w.bytes.toString('base64') },
    Hex: { stringify: (w: WordArray) => w.bytes.toString('hex') },
  },
  HmacSHA512: (message: string | WordArray, key: string | WordArray) => new WordArray(createHmac('sha512', toBytes(key)).update(toBytes(message)).digest()),
  HmacSHA256: (message: string | WordArray, key: string | WordArray) => new WordArray(createHmac('sha256', toBytes(key)).update(toBytes(message)).digest()),
};

const KEY = 'postman-test-key';
const NOW = new Date(Date.UTC(2025, 1, 13, 6, 55, 45));

function runScript(lines: string[], variables: Record<string, string>) {
  const set = new Map<string, string>();
  const pm = { variables: { get: (name: string) => set.get(name) ?? variables[name], set: (name: string, value: string) => set.set(name, value) } };
  // Date is fixed so req_time is known.
  const FixedDate = class extends Date {
    constructor() {
      super(NOW.getTime());
    }
  };
  runInNewContext(lines.join('\n'), { pm, CryptoJS: cryptoJs, Date: FixedDate, JSON });
  return set;
}

type Item = { name: string; item?: Item[]; event?: { listen: string; script: { exec: string[] } }[]; request?: { url: { raw: string }; body: { mode: string } } };

describe('Postman v2.1 export', () => {
  const collection = catalogToPostman() as { info: { schema: string; description: string }; item: Item[]; variable: { key: string; value: string }[] };

  it('has the v2.1 structure: info.schema, folders per family, one request per endpoint with a prerequest script', () => {
    expect(collection.info.schema).toBe(POSTMAN_SCHEMA);
    expect(collection.item.map((f) => f.name)).toEqual(families.map((f) => f.name));
    const requests = collection.item.flatMap((folder) => folder.item ?? []);
    expect(requests).toHaveLength(catalog.length);
    for (const request of requests) {
      expect(request.event?.[0]?.listen).toBe('prerequest');
      expect(request.event?.[0]?.script.exec.every((line) => typeof line === 'string')).toBe(true);
      expect(request.request?.url.raw.startsWith('{{base_url}}/api/')).toBe(true);
      expect(['raw', 'formdata', 'urlencoded']).toContain(request.request?.body.mode);
    }
    expect(JSON.parse(JSON.stringify(collection))).toEqual(collection);
  });

  it('declares the secrets as empty variables and says RSA is not possible in Postman', () => {
    expect(collection.variable.find((v) => v.key === 'payway_api_key')?.value).toBe('');
    expect(collection.info.description).toMatch(/RSA is not possible/);
    expect(collection.info.description).toMatch(/Refund API/);
  });

  it.each(catalog.map((e) => e.id))('%s: the script hashes like our signer and node:crypto', async (id) => {
    const endpoint = catalog.find((e) => e.id === id)!;
    const variant = defaultVariant(endpoint);
    const rsaVariables = endpoint.rsa ? { [endpoint.rsa.field]: 'UFJFQ09NUFVURUQtQ0lQSEVSVEVYVA==' } : {};
    const set = runScript(preRequestScript(endpoint), { payway_api_key: KEY, payway_partner_key: KEY, ...rsaVariables });
    const wire = JSON.parse(set.get('pw_body')!) as Record<string, string>;
    const { hash, ...values } = wire;
    for (const field of endpoint.fields.filter((f) => f.format === 'req-time')) expect(values[field.name]).toBe('20250213065545');

    const ours = await buildRequest(endpoint, {}, { apiKey: KEY, partnerKey: KEY }, { variant: variant.id, wire: values });
    expect(hash).toBe(ours.signature.hash);
    const stringToSign = variant.hash.fields.map((name) => values[name as string] ?? '').join('');
    const digest = createHmac(variant.hash.algorithm === 'HMAC-SHA256' ? 'sha256' : 'sha512', KEY).update(stringToSign, 'utf8').digest();
    expect(hash).toBe(variant.hash.output === 'hex' ? digest.toString('hex') : digest.toString('base64'));
    expect(set.get('pw_hash')).toBe(hash);
  });

  it('encodes JSON and URL inputs as the catalog says (purchase items → Base64 of compact JSON)', () => {
    const purchase = catalog.find((e) => e.id === 'purchase')!;
    const set = runScript(preRequestScript(purchase), { payway_api_key: KEY });
    const items = purchase.fields.find((f) => f.name === 'items')!.example!;
    expect(set.get('pw_items')).toBe(Buffer.from(JSON.stringify(JSON.parse(items))).toString('base64'));
  });

  it('stops with a clear message when the key or the RSA value is missing', () => {
    const refund = catalog.find((e) => e.id === 'refund')!;
    expect(() => runScript(preRequestScript(refund), { payway_api_key: KEY })).toThrow(/Set the variable "merchant_auth"/);
    expect(() => runScript(preRequestScript(refund), { merchant_auth: 'x' })).toThrow(/payway_api_key/);
  });
});
