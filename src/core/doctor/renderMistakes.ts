// Mistakes in how the parts are put together and hashed: separators, name=value pairs, placeholders for
// empty fields, rewrites applied to every value, the text encoding, and the hash construction.
import type { Charset, Construction } from './digest.ts';
import { assign } from './draft.ts';
import { Phase, type Mistake, type MistakeKind } from './mistake.ts';

interface Words {
  mistake: string;
  explanation: string;
  fix: string;
}

const CONCAT_FIX = 'Concatenate the values directly, with no separator and no names: PHP `$a . $b . $c`.';

const SEPARATORS: readonly [string, string, number][] = [
  ['&', '"&"', 30],
  ['|', '"|"', 30],
  [',', 'a comma', 20],
  [' ', 'a space', 15],
  ['\n', 'a line break', 15],
  [':', 'a colon', 10],
  [';', 'a semicolon', 10],
  ['+', '"+" (string concatenation written as text)', 10],
  [', ', '", "', 8],
];

export function separatorMistakes(): Mistake[] {
  const out: Mistake[] = [];
  for (const [separator, label, weight] of SEPARATORS) {
    for (const skipEmpty of [false, true]) {
      out.push({
        id: 'separator',
        ref: `separator:${JSON.stringify(separator)}:${skipEmpty}`,
        kind: 'separator',
        mistake: `The fields are joined with ${label}`,
        explanation: `Your code joins the values with ${label}${skipEmpty ? ', leaving out empty ones' : ''} (like implode('${separator.replace('\n', '\\n')}', $values)). PayWay's string to sign has no separators at all.`,
        fix: CONCAT_FIX,
        weight: skipEmpty ? weight * 0.7 : weight,
        slots: ['render'],
        phase: Phase.Render,
        affects: 'message',
        apply: assign({ separator, skipEmpty }),
      });
    }
  }
  const pairs: [string, boolean, boolean, number, string][] = [
    ['&', false, false, 40, 'name=value pairs joined with "&"'],
    ['&', true, false, 35, 'a query string (http_build_query / URLSearchParams)'],
    ['&', true, true, 25, 'a query string that keeps empty fields'],
    ['&', false, true, 20, 'name=value pairs joined with "&", empty fields kept'],
    ['', false, false, 15, 'name=value pairs with nothing between them'],
  ];
  for (const [joiner, urlencode, includeEmpty, weight, how] of pairs) {
    out.push({
      id: 'name-value-pairs',
      ref: `pairs:${joiner}:${urlencode}:${includeEmpty}`,
      kind: 'separator',
      mistake: 'The fields are written as name=value pairs',
      explanation: `Your code hashes ${how}. PayWay's string to sign is the bare values, concatenated.`,
      fix: CONCAT_FIX,
      weight,
      slots: ['render'],
      phase: Phase.Render,
      affects: 'message',
      apply: assign({ pairs: { joiner, urlencode, includeEmpty } }),
    });
  }
  return out;
}

export function emptyPlaceholderMistakes(): Mistake[] {
  return ([['null', 60], ['undefined', 60], ['None', 40], ['NULL', 15], ['nil', 10]] as const).map(([text, weight]) => ({
    id: 'empty-placeholder',
    ref: `empty-as:${text}`,
    kind: 'empty-placeholder',
    mistake: `Empty fields are written as "${text}"`,
    explanation: `Every field your request leaves out contributes "${text}" to your string to sign (string interpolation of a missing value). PayWay treats a field that is not sent as an empty string.`,
    fix: `Use an empty string for every field you do not send: \`$value ?? ''\`, \`value ?? ''\`, \`value or ''\`.`,
    weight,
    slots: ['empty-as'],
    phase: Phase.Render,
    affects: 'message',
    apply: assign({ emptyAs: text }),
  }));
}

/** A rewrite of every value (trim all, spaces back to "+", decode all Base64 fields…). */
export function filterMistake(id: string, kind: MistakeKind, weight: number, words: Words, filter: (value: string, field: string) => string): Mistake {
  return {
    id,
    ref: `filter:${id}`,
    kind,
    ...words,
    weight,
    slots: [`filter:${id}`],
    phase: Phase.Filter,
    affects: 'message',
    apply: (d) => {
      d.filters = [...d.filters, filter];
      return true;
    },
  };
}

export function charsetMistakes(hasNonAscii: boolean): Mistake[] {
  const make = (charset: Charset, weight: number, words: Words): Mistake => ({
    id: 'charset',
    ref: `charset:${charset}`,
    kind: 'character-encoding',
    ...words,
    weight,
    slots: ['charset'],
    phase: Phase.Render,
    affects: 'bytes',
    apply: assign({ charset }),
  });
  const fix = 'Hash the UTF-8 bytes of the string to sign (PHP strings are bytes already; in C# use Encoding.UTF8, in Java getBytes(StandardCharsets.UTF_8)).';
  const out = [
    make('utf-16le', 10, {
      mistake: 'The string to sign is hashed as UTF-16',
      explanation: 'Your code hashes the UTF-16 bytes of the string (C# Encoding.Unicode), two bytes per character. PayWay hashes its UTF-8 bytes.',
      fix,
    }),
  ];
  if (hasNonAscii) {
    out.push(
      make('latin1', 15, {
        mistake: 'The string to sign is hashed as Latin-1/ASCII',
        explanation: "Your code turns the string into bytes with a one-byte charset (a platform default, Encoding.ASCII or getBytes() without a charset), so its non-ASCII characters hash differently. PayWay hashes UTF-8.",
        fix,
      }),
    );
  }
  return out;
}

export function constructionMistakes(algorithmName: string): Mistake[] {
  const fix = `Use ${algorithmName} with the key: PHP hash_hmac('${algorithmName.replace('HMAC-', '').toLowerCase()}', $b4hash, $apiKey, true), Node crypto.createHmac(...).update(b4hash).`;
  const make = (construction: Construction, weight: number, words: Words): Mistake => ({
    id: `construction-${construction}`,
    ref: `construction:${construction}`,
    kind: 'algorithm',
    ...words,
    weight,
    // A plain hash never uses the key, so no key mistake combines with it.
    slots: construction === 'plain' ? ['construction', 'key'] : ['construction'],
    phase: Phase.Construction,
    affects: 'hashing',
    apply: assign({ construction }),
  });
  return [
    make('plain', 50, {
      mistake: 'A plain hash is used, without HMAC',
      explanation: 'Your code hashes the string to sign with a plain hash function (e.g. hash(\'sha512\', $b4hash)) and never uses the key. PayWay expects an HMAC keyed with your API key.',
      fix,
    }),
    make('hmac-swapped', 25, {
      mistake: 'The HMAC is computed with key and message swapped',
      explanation: 'Your code passes the string to sign as the key and the key as the message (hash_hmac($algo, $key, $data) with the last two arguments in the wrong order).',
      fix,
    }),
    make('plain-message-key', 40, {
      mistake: 'A plain hash of the string followed by the key is used',
      explanation: 'Your code appends the key to the string to sign and hashes that with a plain hash function. PayWay expects an HMAC.',
      fix,
    }),
    make('plain-key-message', 30, {
      mistake: 'A plain hash of the key followed by the string is used',
      explanation: 'Your code puts the key in front of the string to sign and hashes that with a plain hash function. PayWay expects an HMAC.',
      fix,
    }),
  ];
}
