// Wire values in recipe order → the string-to-sign, as segments the trace can colour one per field.
import type { HashPart } from '../catalog/types.ts';
import { utf8Length } from './bytes.ts';

export interface Segment {
  /** Wire field name, or 'a+b' for a PHP arithmetic part. */
  field: string;
  value: string;
  /** UTF-16 offsets in the string-to-sign. */
  start: number;
  end: number;
  /** UTF-8 byte offsets (what the HMAC sees). */
  byteStart: number;
  byteEnd: number;
  /** The field contributes nothing: not sent, or sent empty. */
  empty: boolean;
}

export interface StringToSign {
  stringToSign: string;
  segments: Segment[];
  byteLength: number;
}

export type WireLookup = (field: string) => string | undefined;

export const partLabel = (part: HashPart): string => (typeof part === 'string' ? part : part.phpSum.join('+'));

/** The leading number of a string as PHP 7 reads it in arithmetic ("2025-01-01 …" → 2025, "" → 0). */
function phpNumericPrefix(text: string): { value: number; isFloat: boolean } {
  const match = /^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?/.exec(text);
  return match ? { value: Number(match[0]), isFloat: /[.eE]/.test(match[0]) } : { value: 0, isFloat: false };
}

/**
 * What PHP 7's `$a + $b` yields as text: an integer when both sides read as integers, else a float printed
 * with PHP's default precision of 14 digits ("2025-01-01 00:00:00" + "10" → "2035", as PHP 8.2 gives too).
 * PHP 8 throws a TypeError instead when either side has no leading number: see phpSumError().
 */
export function phpSum(a: string, b: string): string {
  const x = phpNumericPrefix(a);
  const y = phpNumericPrefix(b);
  const sum = x.value + y.value;
  return x.isFloat || y.isFloat ? String(Number(sum.toPrecision(14))) : String(sum);
}

/** Why PHP 8 cannot evaluate `$a + $b` (a TypeError for a side with no leading number), or undefined. */
export function phpSumError(a: string, b: string): string | undefined {
  const bad = [a, b].filter((side) => !/^\s*[+-]?(\d|\.\d)/.test(side));
  if (!bad.length) return undefined;
  return `PHP 8 stops here with "TypeError: Unsupported operand types" (${bad.map((v) => (v === '' ? 'an empty value' : `"${v}"`)).join(' and ')} has no leading number); PHP 7 treats it as 0, which is what is shown`;
}

export function stringToSign(parts: readonly HashPart[], wire: WireLookup): StringToSign {
  let text = '';
  let bytes = 0;
  const segments: Segment[] = [];
  for (const part of parts) {
    const value = typeof part === 'string' ? (wire(part) ?? '') : phpSum(wire(part.phpSum[0]) ?? '', wire(part.phpSum[1]) ?? '');
    const byteLength = utf8Length(value);
    segments.push({ field: partLabel(part), value, start: text.length, end: text.length + value.length, byteStart: bytes, byteEnd: bytes + byteLength, empty: value === '' });
    text += value;
    bytes += byteLength;
  }
  return { stringToSign: text, segments, byteLength: bytes };
}
