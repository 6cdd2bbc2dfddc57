// The number rule: a JSON number is hashed as PHP prints it after json_decode. The table was printed by
// PHP 8.2 (php -r 'echo "" . json_decode(...)'); tests/conformance/jsonNumbers.test.ts asks real PHP again
// for thousands of random literals.
import { describe, expect, it } from 'vitest';
import { jsonWireValue, numberReadsDifferently, phpFloatText, phpNumberText, topLevelLiterals } from '../../src/core/signing/jsonWireValue.ts';

const PHP_PRINTS: [string, string][] = [
  ['1.0', '1'],
  ['5.00', '5'],
  ['0.10', '0.1'],
  ['1e15', '1.0E+15'],
  ['1000000000000000', '1000000000000000'],
  ['123456789012345', '123456789012345'],
  ['123456789012345.0', '1.2345678901234E+14'],
  ['1234567890123.25', '1234567890123.2'],
  ['1234567890123.35', '1234567890123.4'],
  ['0.0001', '0.0001'],
  ['0.00001', '1.0E-5'],
  ['-0.0', '-0'],
  ['-0', '0'],
  ['100000000000000000000', '1.0E+20'],
  ['9223372036854775807', '9223372036854775807'],
  ['9223372036854775808', '9.2233720368548E+18'],
  ['1.5e300', '1.5E+300'],
  ['2.675', '2.675'],
  ['1E2', '100'],
  ['-12.50', '-12.5'],
];

describe('JSON numbers are read as PHP prints them', () => {
  it.each(PHP_PRINTS)('%s → %s', (literal, php) => {
    expect(phpNumberText(literal)).toBe(php);
  });

  it('reads scalars as PHP concatenates them and leaves strings alone', () => {
    expect(jsonWireValue('5.00')).toBe('5.00');
    expect(jsonWireValue(true)).toBe('1');
    expect(jsonWireValue(false)).toBe('');
    expect(jsonWireValue(null)).toBe('');
    expect(jsonWireValue([1])).toBeUndefined();
    expect(jsonWireValue(5, '5.00')).toBe('5');
    expect(jsonWireValue(1e15, '1e15')).toBe('1.0E+15');
    expect(jsonWireValue(1e15, '1000000000000000')).toBe('1000000000000000');
    expect(jsonWireValue(0.1)).toBe('0.1');
    expect(phpFloatText(0.1 + 0.2)).toBe('0.3');
  });

  it('says when a literal would be hashed as other text than written', () => {
    expect(numberReadsDifferently('10.00')).toBe(true);
    expect(numberReadsDifferently('10')).toBe(false);
    expect(numberReadsDifferently('0.1')).toBe(false);
  });

  it('finds the source text of top-level values', () => {
    const text = ' { "a" : 1.50 , "b":"x\\"y", "c":{"d":[1,2,"}"]},"e":-1e3 ,"a":2.0}';
    expect(JSON.parse(text)).toBeTruthy();
    expect(Object.fromEntries(topLevelLiterals(text))).toEqual({ a: '2.0', b: '"x\\"y"', c: '{"d":[1,2,"}"]}', e: '-1e3' });
  });
});
