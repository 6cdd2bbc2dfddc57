// The trace's synchronous HMAC gives exactly what node:crypto gives, keystroke after keystroke: the kept
// state of an unchanged start never leaks into a message that starts otherwise (another field, key or
// algorithm, a cut inside a surrogate pair).
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSyncHmacSigner } from '../../src/app/syncHmac.ts';
import { sign } from '../../src/core/signing/hmac.ts';

/** A seeded float in [0, 1) (mulberry32), so a failing sequence can be replayed. */
function seededFloat(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

const reference = (message: string, key: string, algorithm: 'sha512' | 'sha256', output: 'base64' | 'hex') =>
  createHmac(algorithm, Buffer.from(key, 'utf8')).update(message, 'utf8').digest(output);

describe('synchronous HMAC for the trace', () => {
  it('matches node:crypto while one field after a long unchanged start is typed, then an earlier one', () => {
    const signer = createSyncHmacSigner();
    const items = Buffer.from(JSON.stringify(Array.from({ length: 50 }, (_, i) => ({ name: `Item ${i} កាហ្វេ`, price: i })))).toString('base64');
    let firstname = '';
    for (const ch of 'Sokha Chan សុខា') {
      firstname += ch;
      const message = `20250213065545ec0000021739427769310.00${items}1.50${firstname}Chan`;
      const signed = signer(message, 'demo-key', 'HMAC-SHA512', 'base64') as { hash: string; digestHex: string };
      expect(signed.hash).toBe(reference(message, 'demo-key', 'sha512', 'base64'));
      expect(signed.digestHex).toBe(reference(message, 'demo-key', 'sha512', 'hex'));
    }
    // An edit before the kept start (amount), another key, another algorithm, an empty key.
    for (const [message, key, algorithm, output] of [
      [`20250213065545ec0000021739427769399.00${items}1.50${firstname}`, 'demo-key', 'sha512', 'base64'],
      [`20250213065545ec0000021739427769399.00${items}1.50${firstname}`, 'other-key', 'sha512', 'base64'],
      [`20250213065545ec0000021739427769399.00${items}1.50${firstname}x`, 'other-key', 'sha256', 'hex'],
      [`20250213065545ec0000021739427769399.00${items}`, '', 'sha512', 'hex'],
    ] as const) {
      const signed = signer(message, key, algorithm === 'sha512' ? 'HMAC-SHA512' : 'HMAC-SHA256', output) as { hash: string };
      expect(signed.hash).toBe(reference(message, key, algorithm, output));
    }
  });

  it('matches node:crypto on random edits of random text, astral characters included', () => {
    const random = seededFloat(14);
    const signer = createSyncHmacSigner();
    const alphabet = ['a', 'Z', '0', ' ', 'ក', 'é', '😀', '\u{1F600}'.slice(0, 1), '"', '\n'];
    let text = Array.from({ length: 600 }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
    expect(text).toHaveLength(text.length);
    expect(text).not.toContain('undefined');
    for (let round = 0; round < 200; round++) {
      const at = Math.floor(random() * text.length);
      text = text.slice(0, at) + alphabet[Math.floor(random() * alphabet.length)] + text.slice(at + (random() < 0.5 ? 1 : 0));
      expect((signer(text, 'k3y', 'HMAC-SHA512', 'base64') as { hash: string }).hash).toBe(reference(text, 'k3y', 'sha512', 'base64'));
    }
  });

  it('gives what sign() gives, so the trace is the same whichever signs', async () => {
    const signer = createSyncHmacSigner();
    for (const key of ['', 'demo-key']) {
      expect(signer('x'.repeat(300) + 'y', key, 'HMAC-SHA512', 'base64')).toEqual(await sign('x'.repeat(300) + 'y', key, 'HMAC-SHA512', 'base64'));
    }
  });
});
