// Their string to sign beside the expected one: first differing byte, its field, and the kind of difference.
import { describe, expect, it } from 'vitest';
import { compareStrings } from '../../src/core/doctor/compareStrings.ts';
import { stringToSign } from '../../src/core/signing/stringToSign.ts';

const wire: Record<string, string> = { req_time: '20250213065545', merchant_id: 'ec000002', tran_id: 'T1', amount: '1.50', items: 'W3siYSI6MX1d', firstname: 'José' };
const fields = ['req_time', 'merchant_id', 'tran_id', 'amount', 'items', 'shipping', 'firstname'];
const expected = stringToSign(fields, (f) => wire[f]);
const compare = (theirs: string) => compareStrings(expected.stringToSign, expected.segments, theirs);
const join = (values: Record<string, string>, order = fields) => order.map((f) => values[f] ?? '').join('');

describe('compareStrings', () => {
  it('says two identical strings are identical', () => {
    expect(compare(expected.stringToSign)).toMatchObject({ identical: true, index: -1, byteIndex: -1 });
  });

  it('finds the first differing byte, the field it falls in and the characters on both sides', () => {
    const d = compare(join({ ...wire, amount: '1.5' }));
    expect(d).toMatchObject({ identical: false, index: 27, byteIndex: 27, segment: { field: 'amount', offset: 3 } });
    expect(d.expectedChar).toMatchObject({ char: '0', codePoint: 'U+0030' });
    expect(d.theirChar).toMatchObject({ char: 'W', codePoint: 'U+0057' });
    expect(d.kind).toBe('number-format');
    expect(d.summary).toMatch(/^The strings part at byte 28 in amount \(character 4 of the field\)/);
  });

  it('counts bytes in UTF-8 where characters take several', () => {
    const d = compare(join({ ...wire, firstname: 'Jose' }));
    expect(d.segment?.field).toBe('firstname');
    expect(d.index).toBe(expected.stringToSign.length - 1);
    expect(d.byteIndex).toBe(expected.byteLength - 2);
    expect(d.expectedChar).toMatchObject({ char: 'é', utf8: 'c3 a9' });
  });

  it.each([
    ['missing-field', join({ ...wire, amount: '' })],
    ['swapped-fields', join(wire, ['req_time', 'merchant_id', 'amount', 'tran_id', 'items', 'shipping', 'firstname'])],
    ['raw-value', join({ ...wire, items: '[{"a":1}]' })],
    ['whitespace', join({ ...wire, tran_id: 'T1 ' })],
    ['character-encoding', join({ ...wire, firstname: 'Jos\\u00e9' })],
    ['separator', fields.map((f) => wire[f] ?? '').filter(Boolean).join('|')],
    ['extra-field', expected.stringToSign + 'hosted_view'],
  ])('names a %s difference', (kind, theirs) => {
    expect(compare(theirs).kind).toBe(kind);
  });
});
