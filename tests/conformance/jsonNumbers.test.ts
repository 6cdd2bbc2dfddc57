// The number rule against real PHP: for thousands of JSON number literals, what `"" . json_decode(...)`
// prints is what phpNumberText() says PayWay hashes.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { phpNumberText } from '../../src/core/signing/jsonWireValue.ts';
import { seededRandom } from '../support/seededRandom.ts';

const php = process.env.PHP_PATH || 'php';

function literals(): string[] {
  const bytes = seededRandom(2025)(40_000);
  let at = 0;
  const next = (n: number) => bytes[at++ % bytes.length]! % n;
  const digits = (n: number) => Array.from({ length: n }, () => String(next(10))).join('');
  const out = ['0', '-0', '0.0', '-0.0', '1.0', '5.00', '0.10', '10.005', '1e15', '1E-7', '9223372036854775807', '-9223372036854775808', '9223372036854775808', '1234567890123.25', '0.1e1'];
  for (let i = 0; i < 3000; i++) {
    const sign = next(4) === 0 ? '-' : '';
    const int = next(6) === 0 ? '0' : String(1 + next(9)) + digits(next(22));
    const frac = next(3) === 0 ? '' : '.' + digits(1 + next(18));
    const exp = next(5) === 0 ? `e${next(2) ? '-' : '+'}${next(320)}` : '';
    out.push(sign + int + frac + exp);
  }
  return out;
}

describe('JSON numbers as PHP prints them (real PHP)', () => {
  const cases = literals();
  const run = spawnSync(php, ['-r', 'foreach (json_decode(stream_get_contents(STDIN)) as $l) { $v = json_decode("[$l]")[0]; echo json_encode("" . $v), "\\n"; }'], {
    input: JSON.stringify(cases),
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });

  it('runs PHP', () => {
    expect(run.error, `cannot run "${php}"`).toBeUndefined();
    expect(run.stderr).toBe('');
  });

  it(`agrees on ${cases.length} literals (integers, decimals, exponents, beyond 64 bits)`, () => {
    const printed = run.stdout.trim().split('\n').map((l) => JSON.parse(l) as string);
    expect(printed).toHaveLength(cases.length);
    const mismatches = cases.map((l, i) => [l, printed[i], phpNumberText(l)]).filter(([, p, ours]) => p !== ours);
    expect(mismatches.slice(0, 10)).toEqual([]);
  });
});
