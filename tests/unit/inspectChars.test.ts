import { describe, expect, it } from 'vitest';
import { inspectChars, visibleTokens } from '../../src/core/signing/inspectChars.ts';
import { checkReqTime, formatReqTime, parseReqTime } from '../../src/core/signing/reqTime.ts';
import { checkField, canonicalAmount } from '../../src/core/signing/fieldChecks.ts';
import { parseJsonInput, phpJsonEncode } from '../../src/core/signing/jsonInput.ts';
import { inspectKey } from '../../src/core/signing/inspectKey.ts';

describe('character inspection', () => {
  it('finds nothing in plain ASCII', () => {
    expect(inspectChars('ec000002')).toEqual([]);
  });

  it.each([
    [' a', 'leading-space', 'U+0020'],
    ['a ', 'trailing-space', 'U+0020'],
    ['a\tb', 'tab', 'U+0009'],
    ['a\rb', 'cr', 'U+000D'],
    ['a\nb', 'lf', 'U+000A'],
    ['a\u00a0b', 'nbsp', 'U+00A0'],
    ['a\u200bb', 'zero-width', 'U+200B'],
    ['\ufeffa', 'bom', 'U+FEFF'],
    ['“a”', 'smart-quote', 'U+201C'],
  ])('flags %j as %s', (text, kind, codePoint) => {
    const [finding] = inspectChars(text);
    expect(finding).toMatchObject({ kind, codePoint, suspicious: true });
  });

  it('reports non-ASCII text with its code point and UTF-8 bytes, not as suspicious', () => {
    const [finding] = inspectChars('ក');
    expect(finding).toMatchObject({ kind: 'non-ascii', codePoint: 'U+1780', utf8: 'e1 9e 80', suspicious: false });
  });

  it('draws invisible characters visibly and keeps the text around them', () => {
    expect(visibleTokens('ab \u200b').map((t) => t.text).join('')).toBe('ab ⟨U+200B⟩');
    expect(visibleTokens('a\tb\n').map((t) => t.text).join('')).toBe('a→b↵');
    expect(visibleTokens('x ').map((t) => t.text).join('')).toBe('x·');
  });
});

describe('req_time', () => {
  const now = new Date(Date.UTC(2025, 1, 13, 6, 55, 45));
  it('formats UTC as 14 digits', () => expect(formatReqTime(now)).toBe('20250213065545'));
  it('rejects impossible dates', () => expect(parseReqTime('20250231000000')).toBeUndefined());
  it('reads exactly the date-times a Date reads back as written (every day of leap and common years, every bad field)', () => {
    // The reference: Date.UTC rolls impossible values over, so a real date-time is one that reads back unchanged.
    const reference = (text: string) => {
      const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(text);
      if (!m) return undefined;
      const [year, month, day, hour, minute, second] = m.slice(1).map(Number) as [number, number, number, number, number, number];
      const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
      const back = [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate(), date.getUTCHours(), date.getUTCMinutes(), date.getUTCSeconds()];
      return back.join() === [year, month, day, hour, minute, second].join() ? date.getTime() : undefined;
    };
    const texts: string[] = [];
    for (const year of ['0000', '0099', '0100', '1900', '1999', '2000', '2024', '2025', '2100', '9999']) {
      for (let month = 0; month <= 13; month++) {
        for (let day = 0; day <= 32; day++) texts.push(`${year}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}120000`);
      }
    }
    for (const time of ['000000', '235959', '240000', '236000', '235960', '99999', '1234567', '12a456', '12 456', '-10000', '١٢٣٤٥٦']) texts.push(`20250213${time}`);
    texts.push('', '2025021306554', '202502130655450', ' 20250213065545', '20250213065545\n');
    let real = 0;
    for (const text of texts) {
      const expected = reference(text);
      expect(parseReqTime(text)?.getTime(), text).toBe(expected);
      if (expected !== undefined) real++;
    }
    // Both kinds were tried: 29 February only in leap years, 31 only in long months.
    expect(real).toBeGreaterThan(2000);
    expect(texts.length - real).toBeGreaterThan(1500);
  });
  it('accepts a fresh UTC time', () => expect(checkReqTime('20250213065500', now)).toEqual([]));
  it('recognises Cambodian local time', () => expect(checkReqTime('20250213135545', now)[0]).toMatch(/local time \(UTC\+7\)/));
  it('recognises an ISO string', () => expect(checkReqTime('2025-02-13T06:55:45Z', now)[0]).toMatch(/ISO/));
  it('counts the digits of a short value', () => expect(checkReqTime('2025021306', now)[0]).toMatch(/14 digits.*10 characters/));
});

describe('field checks', () => {
  const ctx = { now: new Date(), currency: 'USD' };
  const amount = { name: 'amount', type: 'number', required: true, format: 'amount', encoding: 'none', description: '' } as const;
  it('warns about KHR decimals and non-canonical amounts, never rewriting', () => {
    expect(checkField(amount, '100.5', '100.5', { ...ctx, currency: 'KHR' })[0]!.message).toMatch(/KHR amounts may not have/);
    expect(checkField(amount, '1', '1', ctx)[0]!.message).toMatch(/SDKs send "1.00"/);
    expect(checkField(amount, '1.00', '1.00', ctx)).toEqual([]);
    expect(canonicalAmount('1.5', 'USD')).toBe('1.50');
  });
  it('never suggests a canonical amount that is a different amount, nor one for an unknown currency', () => {
    expect(canonicalAmount('1.005', 'USD')).toBeUndefined();
    expect(canonicalAmount('10.125', 'USD')).toBeUndefined();
    expect(canonicalAmount('12345678901234567890', 'USD')).toBe('12345678901234567890.00');
    expect(canonicalAmount('100', undefined)).toBeUndefined();
    expect(canonicalAmount('100.0', 'KHR')).toBe('100');
    expect(checkField(amount, '1.005', '1.005', ctx).map((p) => p.message)).toEqual(['amount has more than 2 decimals; USD amounts are in cents']);
    expect(checkField(amount, '100', '100', { now: ctx.now })).toEqual([]);
  });
  it('checks shipping and range filters as money: zero is fine, no minimum', () => {
    const shipping = { name: 'shipping', type: 'number', required: false, format: 'money', encoding: 'none', description: '' } as const;
    expect(checkField(shipping, '0', '0', ctx)).toEqual([]);
    expect(checkField(shipping, '50', '50', { ...ctx, currency: 'KHR' })).toEqual([]);
    expect(checkField(shipping, '-1', '-1', ctx)[0]!.message).toMatch(/not a non-negative decimal/);
  });
  it('names the field and the limit for over-length values', () => {
    const spec = { name: 'tran_id', type: 'string', required: true, maxLength: 20, encoding: 'none', description: '' } as const;
    expect(checkField(spec, 'x'.repeat(21), 'x'.repeat(21), ctx)[0]!.message).toBe('tran_id is 21 characters; the limit is 20');
    expect(checkField(spec, '', '', ctx)[0]!.message).toBe('tran_id is required');
  });
  it('lists the allowed values', () => {
    const spec = { name: 'currency', type: 'string', required: false, allowed: ['KHR', 'USD'], encoding: 'none', description: '' } as const;
    expect(checkField(spec, 'EUR', 'EUR', ctx)[0]!.message).toBe('currency is "EUR"; allowed values are KHR, USD');
  });
});

describe('JSON input', () => {
  it('says where the JSON is broken', () => {
    const result = parseJsonInput('[{"name": "a",\n "price": }]');
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.line).toBe(2);
      expect(result.message).toMatch(/^invalid JSON at line 2, column \d+: /);
    }
  });
  it('encodes like PHP json_encode', () => {
    expect(phpJsonEncode({ url: 'https://a/b', name: 'ក' })).toBe('{"url":"https:\\/\\/a\\/b","name":"\\u1780"}');
  });
});

describe('key inspection', () => {
  it('reports length, fingerprint and whitespace without revealing the key', async () => {
    const report = await inspectKey('secret-key\n');
    expect(report.length).toBe(11);
    expect(report.fingerprint).toMatch(/^[0-9a-f]{16}$/);
    expect(report.warnings.join(' ')).toMatch(/line feed/);
    expect(JSON.stringify(report)).not.toContain('secret-key');
  });
});
