// The Node server's HMAC (node:crypto) gives exactly what the core's WebCrypto sign() gives, for every
// catalog endpoint's example string-to-sign in every algorithm and output, for Khmer text and edge
// cases; and an emulator using it accepts every example as the default one does.
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { catalog, emulatorVariant } from '../../../src/core/catalog/index.ts';
import { DEMO_MERCHANT, DEMO_PARTNER } from '../../../src/core/demoMerchant.ts';
import type { HashOutput, HmacAlgorithm } from '../../../src/core/catalog/types.ts';
import { buildRequest, exampleInputs } from '../../../src/core/signing/buildRequest.ts';
import { sign } from '../../../src/core/signing/hmac.ts';
import { nodeHmac } from '../../../src/node/nodeHmac.ts';
import { seededRandom } from '../../support/seededRandom.ts';
import { codeOf, demoCredentials, testEmulator } from './support.ts';

const RECIPES: readonly [HmacAlgorithm, HashOutput][] = [
  ['HMAC-SHA512', 'base64'],
  ['HMAC-SHA512', 'hex'],
  ['HMAC-SHA256', 'base64'],
  ['HMAC-SHA256', 'hex'],
];

async function expectSame(message: string, key: string): Promise<void> {
  for (const [algorithm, output] of RECIPES) {
    const mine = await nodeHmac(message, key, algorithm, output);
    // digestHex may be worked out only when read (a getter): read it like any other field.
    const { algorithm: a, output: o, hash, digestHex } = mine;
    expect({ algorithm: a, output: o, hash, digestHex }, `${algorithm} ${output} of ${JSON.stringify(message.slice(0, 40))}`).toEqual(await sign(message, key, algorithm, output));
    // And node:crypto's own HMAC, which shares nothing with the pads above.
    expect(hash).toBe(createHmac(algorithm === 'HMAC-SHA512' ? 'sha512' : 'sha256', key).update(message).digest(output));
  }
}

describe('nodeHmac', () => {
  it.each(catalog.map((e) => [e.id, e] as const))('equals sign() on the example string-to-sign of %s', async (_id, endpoint) => {
    const variant = emulatorVariant(endpoint);
    const trace = await buildRequest(endpoint, exampleInputs(endpoint, variant.id), demoCredentials, { variant: variant.id, random: seededRandom(5), now: new Date(Date.UTC(2025, 1, 13)) });
    expect(trace.stringToSign.length).toBeGreaterThan(0);
    await expectSame(trace.stringToSign, DEMO_MERCHANT.apiKey);
    await expectSame(trace.stringToSign, DEMO_PARTNER.partnerKey);
  });

  it('equals sign() on Khmer text, in the message and in the key', async () => {
    const khmer = 'កាហ្វេ ១ កែវ — សូមអរគុណ ☕ 𝄞';
    await expectSame(khmer, 'demo-api-key-not-real');
    await expectSame('20250213065545ec000002' + khmer, khmer);
  });

  it('equals sign() on an empty message, an empty key, a long message and a lone surrogate', async () => {
    await expectSame('', 'key');
    await expectSame('message', '');
    await expectSame('x'.repeat(100_000), 'k'.repeat(300));
    await expectSame('broken \ud800 pair', 'key \udfff');
  });

  it('equals sign() for keys at the block boundaries, ASCII or not (the ASCII fast path and the Buffer path)', async () => {
    for (const length of [63, 64, 65, 127, 128, 129]) {
      await expectSame('20250213065545ec000002', 'k'.repeat(length));
      await expectSame('20250213065545ec000002', '\u00e9'.repeat(length));
    }
  });

  it('gives the same answer when called again with another key in between (the reused buffers are not shared)', async () => {
    const first = await nodeHmac('message', 'key one', 'HMAC-SHA512', 'base64');
    await nodeHmac('other message', 'key two', 'HMAC-SHA512', 'base64');
    expect(await nodeHmac('message', 'key one', 'HMAC-SHA512', 'base64')).toEqual(first);
  });
});

describe('an emulator with nodeHmac', () => {
  it.each(catalog.map((e) => [e.id, e] as const))('answers the %s example as the default emulator does', async (id, endpoint) => {
    const answers = await Promise.all([testEmulator(), testEmulator({ hmac: nodeHmac })].map((t) => t.call(id)));
    const [webCrypto, node] = answers.map((a) => (a.body.status ? codeOf(a) : a.status));
    expect(node).toBe(webCrypto);
    if (endpoint.response.kind === 'json' && answers[0]!.body.status) expect(node).toBe(endpoint.outcomes.success.code);
  });
});
