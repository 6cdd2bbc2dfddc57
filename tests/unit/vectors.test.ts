import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { catalog } from '../../src/core/catalog/index.ts';
import { DEMO_MERCHANT } from '../../src/core/demoMerchant.ts';
import { buildRequest } from '../../src/core/signing/buildRequest.ts';
import { decryptChunked, parsePrivateKeyPem } from '../../src/core/signing/rsa.ts';
import { seededRandom } from '../support/seededRandom.ts';
import { loadVectors, VECTOR_NOW } from '../support/vectors.ts';

const vectors = loadVectors();
const demoPrivateKey = parsePrivateKeyPem(DEMO_MERCHANT.rsaPrivateKeyPem);

describe('golden vectors', () => {
  it('cover every endpoint and every variant', () => {
    for (const endpoint of catalog) {
      const mine = vectors.filter((v) => v.endpoint === endpoint.id);
      expect(mine.length, endpoint.id).toBeGreaterThanOrEqual(2);
      for (const variant of endpoint.variants) expect(mine.some((v) => v.variant === variant.id), `${endpoint.id}/${variant.id}`).toBe(true);
    }
    expect(vectors.some((v) => /[\u1780-\u17ff]/.test(v.stringToSign) || v.name === 'khmer')).toBe(true);
  });

  describe.each(vectors.map((v) => [v.file, v] as const))('%s', (_file, v) => {
    it('is reproduced by buildRequest (wire values, string-to-sign, hash)', async () => {
      const trace = await buildRequest(
        v.endpoint,
        v.inputs,
        { apiKey: v.key, partnerKey: v.key, rsaPublicKeyPem: DEMO_MERCHANT.rsaPublicKeyPem },
        { variant: v.variant, random: v.rsaSeed === undefined ? undefined : seededRandom(v.rsaSeed), now: VECTOR_NOW },
      );
      expect(Object.fromEntries(trace.wire.filter(([n]) => n !== 'hash'))).toEqual(v.wire);
      expect(trace.stringToSign).toBe(v.stringToSign);
      expect(trace.signature.hash).toBe(v.hash);
    });

    it('has a hash that node:crypto recomputes from the string-to-sign', () => {
      const algorithm = v.algorithm === 'HMAC-SHA256' ? 'sha256' : 'sha512';
      expect(createHmac(algorithm, v.key).update(v.stringToSign, 'utf8').digest(v.output)).toBe(v.hash);
    });

    it('has a string-to-sign that is the wire values in recipe order', () => {
      if (v.recipe.some((p) => typeof p !== 'string')) return; // PHP arithmetic parts are checked by the PHP suite
      expect((v.recipe as string[]).map((f) => v.wire[f] ?? '').join('')).toBe(v.stringToSign);
    });

    it('encodes JSON inputs as Base64 of the same JSON', () => {
      for (const field of v.base64JsonFields) {
        expect(JSON.parse(Buffer.from(v.wire[field]!, 'base64').toString('utf8'))).toEqual(JSON.parse(v.inputs[field]!));
      }
    });

    if (v.rsaField !== undefined) {
      it('carries an RSA field that the demo private key decrypts to the plaintext', () => {
        expect(decryptChunked(demoPrivateKey, v.wire[v.rsaField!]!)).toBe(v.rsaPlaintext);
      });
    }
  });
});
