// Our pushback signature against the PHP of PayWay's checkout guide, on bodies that exercise PHP's view
// of JSON: nested objects, empty objects, numeric keys, floats, booleans, null, Unicode, slashes.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { signPushback } from '../../src/core/callbacks/pushbackSignature.ts';

const key = 'demo-api-key-not-real';
const bodies = [
  '{"tran_id":"17394277693","apv":"619195","status":"0","return_params":"order=7"}',
  '{"tran_id":"6605586317","apv":"541181","status":0}',
  '{"tran_id":"123456789","apv":123456,"status":"00","merchant_ref_no":"ref0001"}',
  '{"b":{"y":1,"x":[1,2,{"z":"a/b"}]},"a":"ក","c":{}}',
  '{"list":{"0":"a","1":"b"},"sparse":{"0":"a","2":"b"},"nested":{"k":{}}}',
  '{"10":"ten","9":"nine","b":"bee","A":"ay","a1":"x"}',
  '{"amount":0.5,"big":1e20,"neg":-2.25,"t":true,"f":false,"n":null,"third":0.1}',
  '{"a":100000000000000.25,"b":123456789012345.5,"c":0.00001,"d":0.30000000000000004,"e":{"x":1e16,"y":98765432109876543210,"z":0.0000123,"w":12345678901234567890}}',
  '{"text":"quote \\" and \\\\ backslash","emoji":"☕","del":"\\u007f"}',
];

const php = spawnSync(process.env.PHP_PATH || 'php', [resolve(import.meta.dirname, 'pushback.php')], {
  input: JSON.stringify({ key, bodies }),
  encoding: 'utf8',
});

describe('pushback signature vs PHP', () => {
  it('runs PHP', () => {
    expect(php.error).toBeUndefined();
    expect(php.stderr).toBe('');
  });

  const expected = (() => {
    try {
      return JSON.parse(php.stdout) as { stringToSign: string; hash: string }[];
    } catch {
      return [];
    }
  })();

  it.each(bodies.map((b, i) => [i, b] as const))('body %i gives the string and hash PHP gives', async (i, body) => {
    const ours = await signPushback(JSON.parse(body), key);
    expect(ours.stringToSign).toBe(expected[i]?.stringToSign);
    expect(ours.hash).toBe(expected[i]?.hash);
  });
});
