// The doctor's own MD5 and its digest constructions, checked against node:crypto.
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Digester, digestOnce, encodeText, type Construction, type HashName } from '../../src/core/doctor/digest.ts';
import { FastDigester, nobleEngine } from '../../src/core/doctor/fastDigest.ts';
import { nodeHashEngine } from '../../src/node/nodeHashEngine.ts';
import { hmacMd5, md5 } from '../../src/core/doctor/md5.ts';
import { describeReading, readTheirHash } from '../../src/core/doctor/readTheirHash.ts';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

describe('md5', () => {
  it('matches the RFC 1321 test suite', () => {
    const suite: [string, string][] = [
      ['', 'd41d8cd98f00b204e9800998ecf8427e'],
      ['a', '0cc175b9c0f1b6a831c399e269772661'],
      ['abc', '900150983cd24fb0d6963f7d28e17f72'],
      ['message digest', 'f96b697d7cb7938d525a2f31aaf161d0'],
      ['abcdefghijklmnopqrstuvwxyz', 'c3fcd3d76192e4007dfb496cca67e13b'],
      ['12345678901234567890123456789012345678901234567890123456789012345678901234567890', '57edf4a22be3c955ac49da2e2107b67a'],
    ];
    for (const [text, digest] of suite) expect(hex(md5(new TextEncoder().encode(text)))).toBe(digest);
  });

  it('matches node:crypto at every length around the block boundaries', () => {
    for (let length = 0; length <= 300; length++) {
      const data = randomBytes(length);
      expect(hex(md5(data)), `length ${length}`).toBe(createHash('md5').update(data).digest('hex'));
    }
  });

  it('HMAC-MD5 matches node:crypto, with short, block-sized and long keys', () => {
    for (const keyLength of [0, 1, 16, 63, 64, 65, 200]) {
      const key = randomBytes(keyLength);
      const data = randomBytes(97);
      expect(hex(hmacMd5(key, data))).toBe(createHmac('md5', key).update(data).digest('hex'));
    }
  });
});

describe('digest constructions', () => {
  const key = 'demo-api-key-not-real';
  const message = '20250213065545ec00000217394277693é';
  const node: Record<HashName, string> = { 'SHA-512': 'sha512', 'SHA-384': 'sha384', 'SHA-256': 'sha256', 'SHA-1': 'sha1', MD5: 'md5' };

  it.each(Object.keys(node) as HashName[])('%s: every construction matches node:crypto', async (hash) => {
    const algorithm = node[hash];
    const expected: Record<Construction, string> = {
      hmac: createHmac(algorithm, key).update(message).digest('hex'),
      'hmac-swapped': createHmac(algorithm, message).update(key).digest('hex'),
      plain: createHash(algorithm).update(message).digest('hex'),
      'plain-message-key': createHash(algorithm).update(message + key).digest('hex'),
      'plain-key-message': createHash(algorithm).update(key + message).digest('hex'),
    };
    for (const construction of Object.keys(expected) as Construction[]) {
      expect(hex(await digestOnce(construction, hash, key, message)), construction).toBe(expected[construction]);
    }
  });

  it('gives an empty key the same HMAC as node:crypto (WebCrypto refuses empty keys)', async () => {
    const digester = new Digester();
    const digest = await digester.digest('hmac', 'SHA-512', 'empty', new Uint8Array(), encodeText('abc', 'utf-8'));
    expect(hex(digest)).toBe(createHmac('sha512', '').update('abc').digest('hex'));
  });

  it('encodes text as UTF-16LE and as Latin-1 with "?" beyond U+00FF', () => {
    expect(Buffer.from(encodeText('aé€', 'utf-16le')).equals(Buffer.from('aé€', 'utf16le'))).toBe(true);
    expect([...encodeText('aé€', 'latin1')]).toEqual([0x61, 0xe9, 0x3f]);
  });
});

describe('readTheirHash', () => {
  const digest = createHmac('sha512', 'k').update('m').digest();

  it('reads Base64, hex, upper-case hex, URL-safe, unpadded and Base64-of-hex for what they are', () => {
    const cases: [string, string][] = [
      [digest.toString('base64'), 'base64'],
      [digest.toString('hex'), 'hex'],
      [digest.toString('hex').toUpperCase(), 'hex-upper'],
      [digest.toString('base64url'), 'base64url'],
      [digest.toString('base64').replace(/=+$/, ''), 'base64-unpadded'],
      [Buffer.from(digest.toString('hex')).toString('base64'), 'base64-of-hex'],
      [digest.toString('base64').replace(/\+/g, ' '), 'base64-spaces'],
    ];
    for (const [text, encoding] of cases) {
      const reading = readTheirHash(text).readings.find((r) => r.encoding === encoding);
      expect(reading, `${encoding}: ${text}`).toBeDefined();
      expect(Buffer.from(reading!.bytes).equals(digest)).toBe(true);
      expect(reading!.hashes).toEqual(['SHA-512']);
    }
  });

  it('tells digest lengths apart: 64 hex characters are SHA-256 (or Base64 of a SHA-384)', () => {
    const sha256 = createHmac('sha256', 'k').update('m').digest('hex');
    const readings = readTheirHash(sha256).readings;
    expect(readings.find((r) => r.encoding === 'hex')?.hashes).toEqual(['SHA-256']);
    expect(readings.find((r) => r.encoding === 'base64')?.hashes).toEqual(['SHA-384']);
  });

  it('trims quotes and whitespace at the ends, and says so', () => {
    const read = readTheirHash(` "${digest.toString('base64')}"\n`);
    expect(read.text).toBe(digest.toString('base64'));
    expect(read.notes.join(' ')).toMatch(/removed/);
  });

  it('reads a hash cut short as the start of a digest', () => {
    const cut = readTheirHash(digest.toString('hex').slice(0, 50)).readings;
    expect(cut.some((r) => r.truncated && r.hashes.includes('SHA-512') && Buffer.from(r.bytes).equals(digest.subarray(0, 25)))).toBe(true);
    // 64 Base64 characters are a whole SHA-384, and also the start of a SHA-512 when SHA-512 is expected.
    const sixtyFour = readTheirHash(digest.toString('base64').slice(0, 64), 'SHA-512').readings;
    expect(sixtyFour.map((r) => [r.hashes.join(), r.truncated])).toEqual(expect.arrayContaining([['SHA-384', false], ['SHA-512', true]]));
  });

  it('says when a text is no digest at all', () => {
    expect(readTheirHash('not a hash!').readings).toEqual([]);
    expect(readTheirHash('not a hash!').notes.join(' ')).toMatch(/neither hex nor Base64/);
  });

  it('describes a reading against what the endpoint expects', () => {
    const [reading] = readTheirHash(digest.toString('hex')).readings;
    expect(describeReading(reading!, { hash: 'SHA-512', output: 'base64' })).toMatch(/^Lower-case hex of a 64-byte digest \(SHA-512\); this endpoint expects Base64/);
    expect(describeReading(reading!, { hash: 'SHA-512', output: 'hex' })).toBe('Lower-case hex of a 64-byte digest (SHA-512)');
  });
});

describe.each([
  ['@noble/hashes', nobleEngine],
  ['node:crypto Hash.copy()', nodeHashEngine],
] as const)('the search\'s synchronous digests (FastDigester on %s)', (_name, engine) => {
  const node: Record<HashName, string> = { 'SHA-512': 'sha512', 'SHA-384': 'sha384', 'SHA-256': 'sha256', 'SHA-1': 'sha1', MD5: 'md5' };

  it.each(Object.keys(node) as HashName[])('%s: every construction matches node:crypto, for short, block-sized and long keys', (hash) => {
    const algorithm = node[hash];
    const digester = new FastDigester(engine);
    for (const keyLength of [0, 1, 21, 64, 127, 128, 129, 300]) {
      const key = randomBytes(keyLength);
      for (const length of [0, 1, 55, 64, 111, 112, 127, 128, 129, 255, 256, 535]) {
        const message = randomBytes(length);
        const expected: Record<Construction, Buffer> = {
          hmac: createHmac(algorithm, key).update(message).digest(),
          'hmac-swapped': createHmac(algorithm, message).update(key).digest(),
          plain: createHash(algorithm).update(message).digest(),
          'plain-message-key': createHash(algorithm).update(Buffer.concat([message, key])).digest(),
          'plain-key-message': createHash(algorithm).update(Buffer.concat([key, message])).digest(),
        };
        for (const construction of Object.keys(expected) as Construction[]) {
          const got = digester.digest(construction, hash, `k${keyLength}`, key, digester.encode(message.toString('latin1'), 'latin1'));
          expect(hex(got), `${construction}, key ${keyLength}, message ${length}`).toBe(expected[construction].toString('hex'));
        }
      }
    }
  });

  it('resumes from the blocks a message shares with earlier ones, and still matches node:crypto', () => {
    const key = Buffer.from('demo-api-key-not-real');
    const digester = new FastDigester(engine);
    const base = 'x'.repeat(700);
    const at = (text: string, i: number, c: string) => text.slice(0, i) + c + text.slice(i + 1);
    // The references: the base message, and one message per edit; then messages that start like them.
    digester.digest('hmac', 'SHA-512', 'k', key, digester.encode(base, 'utf-8'), '', undefined, undefined, '');
    const edits = [0, 1, 127, 128, 129, 255, 256, 300, 511, 512, 699];
    for (const i of edits) digester.digest('hmac', 'SHA-512', 'k', key, digester.encode(at(base, i, 'y'), 'utf-8'), '', undefined, undefined, `edit:${i}`);
    for (const i of edits) {
      for (const j of [...edits, 640]) {
        for (const text of [at(at(base, i, 'y'), j, 'z'), at(base, i, 'y') + 'tail', at(base, i, 'y').slice(0, 650 - (j % 3)), at(base, i, 'é')]) {
          const got = digester.digest('hmac', 'SHA-512', 'k', key, digester.encode(text, 'utf-8'), '', `edit:${i}`, `edit:${j}`);
          expect(hex(got), `edit ${i}, ${j}`).toBe(createHmac('sha512', key).update(text, 'utf8').digest('hex'));
        }
      }
    }
  });
});
