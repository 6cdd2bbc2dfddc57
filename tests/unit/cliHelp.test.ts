// The first hour with the CLI (issue #14, item 15): every command explains itself with examples, a
// misspelt field name is caught and named, and byte positions read the same as in the page.
import { describe, expect, it } from 'vitest';
import { byteRange, bytePosition } from '../../src/core/signing/bytePositions.ts';
import { closestName } from '../../src/node/closestName.ts';
import { cli } from '../support/cli.ts';

const KEY = 'demo-api-key-not-real';
const COMMANDS = ['start', 'mock', 'endpoints', 'sign', 'verify-callback', 'doctor', 'run'];

describe('--help', () => {
  it.each(COMMANDS)('payway %s --help: what it does, its usage and runnable examples', async (name) => {
    const { code, out } = await cli(name, '--help');
    expect(code).toBe(0);
    expect(out).toMatch(new RegExp(`^.+\\n\\nUsage: payway ${name} [\\s\\S]*\\n\\nExamples:\\n`));
    const examples = out.split('Examples:\n')[1]!.trim().split('\n');
    expect(examples.length).toBeGreaterThanOrEqual(2);
    for (const example of examples) expect(example).toMatch(new RegExp(`(^|\\s)payway ${name}\\b`));
  });

  it('the overview shows each command with the summary its module has, and examples', async () => {
    const { code, out } = await cli('--help');
    expect(code).toBe(0);
    for (const name of COMMANDS) {
      const summary = (await cli(name, '--help')).out.split('\n')[0]!;
      expect(out).toContain(`  ${name.padEnd(16)}${summary}`);
    }
    expect(out).toMatch(/Examples:\n {2}payway start/);
  });
});

describe('a misspelt field', () => {
  it.each([
    ['--wire', 'tranid=1', 'tran_id'],
    ['--wire', 'merchantId=ec000002', 'merchant_id'],
    ['--input', 'req_tmie=20250213065545', 'req_time'],
    ['--wire', 'TRAN_ID=1', 'tran_id'],
  ])('sign %s %s: exit 2, naming %s', async (option, pair, near) => {
    const { code, err, out } = await cli('sign', 'check-transaction', '--key', KEY, option, pair);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toContain(`${option} ${pair.split('=')[0]}: check-transaction has no field "${pair.split('=')[0]}"; did you mean "${near}"?`);
  });

  it('lists the fields when nothing is close', async () => {
    const { code, err } = await cli('sign', 'check-transaction', '--key', KEY, '--wire', 'colour=blue');
    expect(code).toBe(2);
    expect(err).toContain('its fields: req_time, merchant_id, tran_id');
  });

  it('closestName: fewest edits, ignoring case and separators; nothing when all are far', () => {
    expect(closestName('ammount', ['amount', 'currency'])).toBe('amount');
    expect(closestName('paymentoption', ['payment_option', 'payment_gate'])).toBe('payment_option');
    expect(closestName('zzz', ['amount', 'currency'])).toBeUndefined();
  });
});

describe('byte positions, counted from 1 as in the page', () => {
  it('byteRange / bytePosition', () => {
    expect(bytePosition(0)).toBe(1);
    expect(byteRange({ byteStart: 0, byteEnd: 14 })).toBe('bytes 1–14');
    expect(byteRange({ byteStart: 22, byteEnd: 23 })).toBe('byte 23');
    expect(byteRange({ byteStart: 5, byteEnd: 5, empty: true })).toBe('empty (not sent)');
  });

  it('the CLI trace shows where each field sits in the string to sign', async () => {
    const { out } = await cli('sign', 'check-transaction', '--key', KEY, '--wire', 'req_time=20250213065545', '--wire', 'merchant_id=ec000002', '--wire', 'tran_id=17394277693');
    expect(out).toMatch(/req_time +bytes 1–14 +20250213065545/);
    expect(out).toMatch(/merchant_id +bytes 15–22 +ec000002/);
    expect(out).toMatch(/tran_id +bytes 23–33 +17394277693/);
  });
});
