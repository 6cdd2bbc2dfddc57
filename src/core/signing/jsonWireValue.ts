// How PayWay reads a value of a JSON body as the text it hashes: the one rule the emulator, the doctor,
// the importers and the trace share.
//
// The rule (an inference, named in the emulator's behaviours as "json-number-as-php-prints"): PayWay's
// gateway is PHP (Laravel's validation answers, PHP samples whose `null` concatenates as ""), so a JSON
// body goes through json_decode and each value is concatenated as PHP prints it. A JSON number is then not
// hashed as written: 1.0 → "1", 5.00 → "5", 0.10 → "0.1", 1e15 → "1.0E+15" (a float, PHP's precision of
// 14 significant digits), an integer beyond 64 bits becomes a float too; true → "1"; false and null → "".
// Strings are hashed as they are. The reference (§15 #4) says the server's stringification of numbers is
// undocumented and SDKs send fixed strings: the playground and the snippets send every value as a string.

/** One sentence for traces, doctor notes and snippets. */
export const JSON_NUMBER_RULE =
  'PayWay hashes a JSON number as PHP prints it after json_decode (1.0 → "1", 5.00 → "5", 0.10 → "0.1"), not as written; send every value as a JSON string.';

const INT64_MAX = 9223372036854775807n;

/** A finite double in PHP's (string) form: %.14G with PHP's exponent style (1.0E+15, 1.0E-5, -0). */
export function phpFloatText(value: number): string {
  if (!Number.isFinite(value)) return value > 0 ? 'INF' : value < 0 ? '-INF' : 'NAN';
  if (value === 0) return Object.is(value, -0) ? '-0' : '0';
  const negative = value < 0;
  // The exact decimal expansion of the double: mantissa × 2^exponent = digits × 10^point.
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, Math.abs(value));
  const bits = view.getBigUint64(0);
  const biased = Number((bits >> 52n) & 0x7ffn);
  let mantissa = bits & 0xfffffffffffffn;
  if (biased) mantissa |= 1n << 52n;
  const exponent = (biased || 1) - 1075;
  let digits: string;
  let point: number;
  if (exponent >= 0) {
    digits = (mantissa << BigInt(exponent)).toString();
    point = 0;
  } else {
    digits = (mantissa * 5n ** BigInt(-exponent)).toString();
    point = exponent;
  }
  // Significant digits, rounded to 14 half-to-even as zend_dtoa does; decpt = position of the point.
  digits = digits.replace(/^0+/, '');
  let decpt = digits.length + point;
  if (digits.length > 14) {
    const head = digits.slice(0, 14);
    const rest = digits.slice(14);
    const half = rest[0]! > '5' || (rest[0] === '5' && /[1-9]/.test(rest.slice(1))) || (rest[0] === '5' && !/[1-9]/.test(rest.slice(1)) && Number(head.at(-1)) % 2 === 1);
    let rounded = BigInt(head) + (half ? 1n : 0n);
    if (rounded.toString().length > 14) {
      rounded /= 10n;
      decpt++;
    }
    digits = rounded.toString();
  }
  digits = digits.replace(/0+$/, '') || '0';
  const sign = negative ? '-' : '';
  if (decpt < -3 || decpt > 14) {
    const e = decpt - 1;
    return `${sign}${digits[0]}.${digits.slice(1) || '0'}E${e < 0 ? '-' : '+'}${Math.abs(e)}`;
  }
  if (decpt <= 0) return `${sign}0.${'0'.repeat(-decpt)}${digits}`;
  if (digits.length <= decpt) return sign + digits + '0'.repeat(decpt - digits.length);
  return `${sign}${digits.slice(0, decpt)}.${digits.slice(decpt)}`;
}

/** A JSON number literal as PHP prints it after json_decode: an integer (within 64 bits) or a float. */
export function phpNumberText(literal: string): string {
  const text = literal.trim();
  if (/^-?\d+$/.test(text)) {
    const big = BigInt(text);
    if (big <= INT64_MAX && big >= -INT64_MAX - 1n) return big.toString();
  }
  return phpFloatText(Number(text));
}

/**
 * The text PayWay hashes for a decoded JSON value, or undefined for an array or object (not a field
 * value). `literal` is the number's source text, needed for integers beyond 2^53 and for 1e15 vs
 * 1000000000000000; without it the double is read as PHP reads a float.
 */
export function jsonWireValue(value: unknown, literal?: string): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return literal !== undefined ? phpNumberText(literal) : Number.isInteger(value) && Math.abs(value) < 1e15 ? String(value) : phpFloatText(value);
  if (value === true) return '1';
  if (value === false || value === null) return '';
  return undefined;
}

/** Whether PayWay would hash this number literal as other text than it is written. */
export const numberReadsDifferently = (literal: string): boolean => phpNumberText(literal) !== literal.trim();

/**
 * Calls `member` with each top-level member of a JSON object, in source order: its name and the source
 * text of its value (0.10 stays "0.10"). For text JSON.parse accepted; the one scanner every reader of
 * JSON source text uses (the emulator's number rule, the doctor's and the importers' request reader).
 */
export function forEachJsonMember(text: string, member: (name: string, raw: string) => void): void {
  let i = text.indexOf('{') + 1;
  const space = () => {
    while (i < text.length && (text[i] === ' ' || text[i] === '\n' || text[i] === '\r' || text[i] === '\t')) i++;
  };
  const skipString = () => {
    i++;
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    i++;
  };
  for (;;) {
    space();
    if (i >= text.length || text[i] === '}') break;
    const nameStart = i;
    skipString();
    const name = JSON.parse(text.slice(nameStart, i)) as string;
    space();
    i++; // ':'
    space();
    const start = i;
    if (text[i] === '"') skipString();
    else if (text[i] === '{' || text[i] === '[') {
      let depth = 0;
      do {
        if (text[i] === '"') {
          skipString();
          continue;
        }
        if (text[i] === '{' || text[i] === '[') depth++;
        else if (text[i] === '}' || text[i] === ']') depth--;
        i++;
      } while (depth > 0 && i < text.length);
    } else while (i < text.length && !/[\s,}]/.test(text[i]!)) i++;
    member(name, text.slice(start, i));
    space();
    if (text[i] === ',') i++;
  }
}

/**
 * The source text of each top-level member's value of a JSON object that JSON.parse accepted, by name
 * (the last one when a name repeats, as json_decode keeps). Only what the number rule needs.
 */
export function topLevelLiterals(text: string): Map<string, string> {
  const out = new Map<string, string>();
  forEachJsonMember(text, (name, raw) => out.set(name, raw));
  return out;
}
