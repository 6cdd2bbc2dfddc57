// The PHP conformance suite: every golden vector recomputed by real PHP the way PayWay's PHP samples
// compute it, and RSA in both directions between PHP's openssl and our BigInt code.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_MERCHANT } from '../../src/core/demoMerchant.ts';
import { decryptChunked, parsePrivateKeyPem } from '../../src/core/signing/rsa.ts';
import { loadVectors } from '../support/vectors.ts';

const php = process.env.PHP_PATH || 'php';
const vectors = loadVectors();
const plaintexts = [
  '{"mc_id":"ec000002","tran_id":"17394277693","refund_amount":1}',
  JSON.stringify({ mc_id: 'ec000002', title: 'កាហ្វេ '.repeat(30), amount: '10.00', return_url: 'aHR0cHM6Ly9leGFtcGxlLmNvbS9jYg==' }),
  JSON.stringify([{ account: '200030000', amount: 100 }, { account: '200030001', amount: 5.5 }]),
];

const run = spawnSync(php, [resolve(import.meta.dirname, 'conformance.php')], {
  input: JSON.stringify({ vectors, plaintexts, privateKeyPem: DEMO_MERCHANT.rsaPrivateKeyPem, publicKeyPem: DEMO_MERCHANT.rsaPublicKeyPem }),
  encoding: 'utf8',
  maxBuffer: 64 * 1024 * 1024,
});
const report = (() => {
  try {
    return JSON.parse(run.stdout) as { vectors: { file: string; errors: string[] }[]; encrypted: string[] };
  } catch {
    return undefined;
  }
})();

describe('PHP conformance', () => {
  it('runs PHP', () => {
    expect(run.error, `cannot run "${php}": install php-cli (apt-get install php-cli) or set PHP_PATH`).toBeUndefined();
    expect(run.stderr).toBe('');
    expect(report, run.stdout.slice(0, 500)).toBeDefined();
  });

  it('checks every vector', () => {
    expect(report!.vectors.length).toBe(vectors.length);
    expect(vectors.length).toBeGreaterThan(70);
  });

  it.each(vectors.map((v) => [v.file]))('%s: hash_hmac, concatenation, base64 and openssl_private_decrypt agree', (file) => {
    const result = report!.vectors.find((r) => r.file === file);
    expect(result?.errors).toEqual([]);
  });

  it.each(plaintexts.map((p, i) => [i, p] as const))('decrypts merchant_auth that PHP encrypted in 117-byte chunks (%i)', (i, plaintext) => {
    expect(decryptChunked(parsePrivateKeyPem(DEMO_MERCHANT.rsaPrivateKeyPem), report!.encrypted[i]!)).toBe(plaintext);
  });
});
