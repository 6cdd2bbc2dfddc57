// Their string to sign beside the expected one: the first byte where they part, the field it falls in,
// and a first guess at what kind of difference it is (the search names it exactly when it can).
import { bytesToHex, utf8Encode } from '../signing/bytes.ts';
import type { Segment } from '../signing/stringToSign.ts';
import type { MistakeKind } from './mistake.ts';
import { decodeBase64Text } from './valueMistakes.ts';

export interface CharInfo {
  char: string;
  codePoint: string;
  utf8: string;
}

export interface StringDifference {
  identical: boolean;
  /** UTF-16 index of the first character that differs (-1 when identical). */
  index: number;
  /** UTF-8 byte offset of the first differing byte (what the HMAC sees; -1 when identical). */
  byteIndex: number;
  /** The expected segment (field) the difference falls in, and the offset inside it. */
  segment?: { field: string; position: number; offset: number };
  /** The character at the difference on each side; undefined where that side has ended. */
  expectedChar?: CharInfo;
  theirChar?: CharInfo;
  expectedBytes: number;
  theirBytes: number;
  /** A first guess at the kind of difference. */
  kind?: MistakeKind;
  /** One sentence for a person. */
  summary: string;
}

const charInfo = (char: string | undefined): CharInfo | undefined =>
  char === undefined
    ? undefined
    : {
        char,
        codePoint: 'U+' + char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0'),
        utf8: bytesToHex(utf8Encode(char)).replace(/(..)(?!$)/g, '$1 '),
      };

/** First differing byte of the UTF-8 encodings, and the UTF-16 index of the character holding it. */
function firstDifference(a: string, b: string): { index: number; byteIndex: number } {
  const x = utf8Encode(a);
  const y = utf8Encode(b);
  let byteIndex = 0;
  while (byteIndex < x.length && byteIndex < y.length && x[byteIndex] === y[byteIndex]) byteIndex++;
  if (byteIndex === x.length && byteIndex === y.length) return { index: -1, byteIndex: -1 };
  // Walk the expected string's characters to the one containing byteIndex.
  let bytes = 0;
  let index = 0;
  for (const ch of a) {
    const length = utf8Encode(ch).length;
    if (bytes + length > byteIndex) break;
    bytes += length;
    index += ch.length;
  }
  return { index, byteIndex };
}

const WHITESPACE = /[\s\u00a0\u200b-\u200d\u2060\ufeff]/;
const ESCAPE_AHEAD = /^(\\u[0-9a-fA-F]{4}|\\\/|%[0-9A-Fa-f]{2}|&#?\w+;)/;

function guessKind(expected: string, theirs: string, segments: readonly Segment[], index: number, position: number): MistakeKind {
  const e = expected[index];
  const t = theirs[index];
  if ((e !== undefined && WHITESPACE.test(e)) || (t !== undefined && WHITESPACE.test(t))) return 'whitespace';
  if (ESCAPE_AHEAD.test(theirs.slice(index)) || ESCAPE_AHEAD.test(expected.slice(index)) || /[^\x00-\x7f]/.test((e ?? '') + (t ?? ''))) {
    return 'character-encoding';
  }
  if (t !== undefined && '&|,;: \n'.includes(t) && e !== undefined && theirs.slice(index + 1).startsWith(expected.slice(index, index + 4))) return 'separator';
  const segment = segments[position];
  if (segment) {
    const fromSegment = theirs.slice(segment.start);
    const later = segments.slice(position + 1).filter((s) => !s.empty);
    const next = later[0];
    if (next && fromSegment.startsWith(next.value)) {
      return fromSegment.slice(next.value.length).startsWith(segment.value) ? 'swapped-fields' : 'missing-field';
    }
    if (later.some((s) => fromSegment.startsWith(s.value))) return 'order';
    const number = /^-?\d[\d,]*(\.\d*)?/.exec(fromSegment)?.[0];
    if (number && /^-?\d+(\.\d+)?$/.test(segment.value) && Number(number.replace(/,/g, '')) === Number(segment.value)) return 'number-format';
    const decoded = decodeBase64Text(segment.value);
    if (decoded && fromSegment.startsWith(decoded.slice(0, Math.min(decoded.length, 8)))) return 'raw-value';
    if (!segment.empty && theirs.indexOf(segment.value, segment.start + 1) > segment.start) return 'extra-field';
  }
  const numeric = /[\d.,]/;
  if (e !== undefined && t !== undefined && numeric.test(e) && numeric.test(t)) return 'number-format';
  if (e === undefined || t === undefined) return e === undefined ? 'extra-field' : 'missing-field';
  return 'different-value';
}

const visible = (c: CharInfo | undefined) => (c ? `${JSON.stringify(c.char)} (${c.codePoint})` : 'the end of the string');

export function compareStrings(expected: string, segments: readonly Segment[], theirs: string): StringDifference {
  const expectedBytes = utf8Encode(expected).length;
  const theirBytes = utf8Encode(theirs).length;
  const { index, byteIndex } = firstDifference(expected, theirs);
  if (index < 0) return { identical: true, index, byteIndex, expectedBytes, theirBytes, summary: 'The two strings are identical, byte for byte.' };
  // The first non-empty segment holding the byte; past the end, the last segment.
  let position = segments.findIndex((s) => !s.empty && s.byteStart <= byteIndex && byteIndex < s.byteEnd);
  if (position < 0) position = segments.findIndex((s) => !s.empty && s.byteStart >= byteIndex);
  if (position < 0) position = segments.length - 1;
  const segment = segments[position];
  const charAt = (text: string) => {
    const code = text.codePointAt(index);
    return charInfo(code === undefined ? undefined : String.fromCodePoint(code));
  };
  const expectedChar = charAt(expected);
  const theirChar = charAt(theirs);
  const kind = guessKind(expected, theirs, segments, index, position);
  const where = segment ? ` in ${segment.field} (character ${Math.max(0, index - segment.start) + 1} of the field)` : '';
  return {
    identical: false,
    index,
    byteIndex,
    segment: segment && { field: segment.field, position, offset: Math.max(0, index - segment.start) },
    expectedChar,
    theirChar,
    expectedBytes,
    theirBytes,
    kind,
    summary: `The strings part at byte ${byteIndex + 1}${where}: expected ${visible(expectedChar)}, theirs has ${visible(theirChar)}.`,
  };
}
