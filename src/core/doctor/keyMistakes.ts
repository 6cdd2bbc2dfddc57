// Wrong keys integrations have been seen to use: the API key with a newline from a file, in quotes
// from a .env line, Base64-decoded "because it looks like Base64", the RSA PEM, the merchant id, or
// nothing at all because the environment variable was not set.
import { base64ToBytes, hexToBytes, utf8Encode } from '../signing/bytes.ts';
import { assign } from './draft.ts';
import { Phase, type Mistake } from './mistake.ts';

export interface KeyCandidate {
  /** Names the bytes for the CryptoKey cache. */
  id: string;
  bytes: Uint8Array;
}

export interface KeySpace {
  /** Index 0 is the key as given. */
  keys: KeyCandidate[];
  mistakes: Mistake[];
}

export interface KeyContext {
  merchantId?: string;
  rsaPublicKeyPem?: string;
  /** 'API key' or 'partner key'. */
  label: string;
}

const WHITESPACE_END = /^\s|\s$/;

export function keyMistakes(key: string, ctx: KeyContext): KeySpace {
  const keys: KeyCandidate[] = [{ id: 'given', bytes: utf8Encode(key) }];
  const mistakes: Mistake[] = [];
  const seen = new Set<string>([key]);
  const label = ctx.label;

  const add = (
    id: string,
    ref: string,
    text: string | Uint8Array,
    weight: number,
    words: { mistake: string; explanation: string; fix: string },
  ) => {
    if (typeof text === 'string') {
      if (seen.has(text)) return;
      seen.add(text);
    }
    const index = keys.length;
    keys.push({ id: ref, bytes: typeof text === 'string' ? utf8Encode(text) : text });
    mistakes.push({
      id,
      ref: `${id}:${ref}`,
      kind: 'key',
      ...words,
      weight,
      slots: ['key'],
      phase: Phase.Key,
      affects: 'hashing',
      apply: assign({ keyIndex: index }),
    });
  };

  const readFix = `Read the ${label} exactly as ABA issued it: no surrounding whitespace, quotes or line breaks (trim the value you load from the environment or a file).`;
  add('key-whitespace', 'lf', key + '\n', 70, {
    mistake: `The ${label} ends with a line break`,
    explanation: `Your code signs with the ${label} followed by a newline ("\\n"), typically read from a file or a multi-line environment value without trimming.`,
    fix: readFix,
  });
  add('key-whitespace', 'crlf', key + '\r\n', 50, {
    mistake: `The ${label} ends with CR LF`,
    explanation: `Your code signs with the ${label} followed by "\\r\\n", the Windows line ending of the file it was read from.`,
    fix: readFix,
  });
  add('key-whitespace', 'space-after', key + ' ', 40, {
    mistake: `The ${label} ends with a space`,
    explanation: `Your code signs with the ${label} followed by a space, usually copied along from the e-mail or the portal.`,
    fix: readFix,
  });
  add('key-whitespace', 'space-before', ' ' + key, 30, {
    mistake: `The ${label} starts with a space`,
    explanation: `Your code signs with a space in front of the ${label} ("KEY= value" in a .env file keeps it).`,
    fix: readFix,
  });
  add('key-quoted', 'double', `"${key}"`, 40, {
    mistake: `The ${label} still has its quotes`,
    explanation: `Your code signs with the ${label} wrapped in double quotes: the quotes from the .env or config line became part of the key.`,
    fix: `Strip the quotes: the key is the text between them.`,
  });
  add('key-quoted', 'single', `'${key}'`, 30, {
    mistake: `The ${label} still has its quotes`,
    explanation: `Your code signs with the ${label} wrapped in single quotes, taken literally from a config line.`,
    fix: `Strip the quotes: the key is the text between them.`,
  });
  // Any other whitespace or quoting a config, a copy from the portal or a text editor leaves behind.
  const more: [string, string, number, string, string][] = [
    ['tab', key + '\t', 20, `ends with a tab`, 'followed by a tab (a TSV file, or a .env line with a tab before its comment)'],
    ['cr', key + '\r', 25, `ends with a carriage return`, 'followed by "\\r" (a Windows file read line by line, the "\\n" removed but not the "\\r")'],
    ['lf-before', '\n' + key, 15, `starts with a line break`, 'preceded by a line break'],
    ['spaces-both', ` ${key} `, 20, `has a space at both ends`, 'with a space on both sides'],
    ['nbsp', key + '\u00a0', 15, `ends with a no-break space`, 'followed by a no-break space (U+00A0, copied from a web page or an e-mail)'],
    ['bom', '\ufeff' + key, 20, `starts with a byte-order mark`, 'preceded by a byte-order mark (U+FEFF: the first line of a file saved as "UTF-8 with BOM")'],
    ['zero-width', key + '\u200b', 10, `ends with a zero-width space`, 'followed by a zero-width space (U+200B, copied from a chat or a web page)'],
  ];
  for (const [ref, text, weight, what, how] of more) {
    add('key-whitespace', ref, text, weight, {
      mistake: `The ${label} ${what}`,
      explanation: `Your code signs with the ${label} ${how}. Those bytes are part of the HMAC key, so every hash differs from PayWay's.`,
      fix: readFix,
    });
  }
  add('key-quoted', 'double-lf', `"${key}"\n`, 20, {
    mistake: `The ${label} still has its quotes and a line break`,
    explanation: `Your code signs with the ${label} in double quotes followed by a newline: the whole line of a config file was read as the key.`,
    fix: `Strip the quotes and the line break: the key is the text between the quotes.`,
  });
  add('key-quoted', 'backtick', `\`${key}\``, 10, {
    mistake: `The ${label} still has its backticks`,
    explanation: `Your code signs with the ${label} wrapped in backticks, copied from Markdown (a README or a chat message).`,
    fix: `Strip the backticks: the key is the text between them.`,
  });
  if (WHITESPACE_END.test(key)) {
    add('key-pasted-whitespace', 'trimmed', key.trim(), 60, {
      mistake: `The ${label} given to the doctor has whitespace at its ends`,
      explanation: `Their hash is made with the ${label} without the surrounding whitespace you pasted here, so their code reads the key correctly; the whitespace came with the copy.`,
      fix: `Nothing to change in the code for the key. Check the request itself with the trimmed key.`,
    });
  }
  if (/^[A-Za-z0-9+/]+={0,2}$/.test(key) && key.length % 4 === 0 && key.length >= 12) {
    try {
      add('key-base64-decoded', 'base64', base64ToBytes(key), 40, {
        mistake: `The ${label} is Base64-decoded before use`,
        explanation: `Your code Base64-decodes the ${label} and signs with the resulting bytes. PayWay uses the key text as it is (its UTF-8 bytes).`,
        fix: `Pass the key string itself to HMAC, e.g. hash_hmac('sha512', $b4hash, $apiKey, true).`,
      });
    } catch {
      // not Base64 after all
    }
  }
  if (/^[0-9a-fA-F]+$/.test(key) && key.length % 2 === 0 && key.length >= 16) {
    add('key-hex-decoded', 'hex', hexToBytes(key), 20, {
      mistake: `The ${label} is hex-decoded before use`,
      explanation: `Your code reads the ${label} as hex and signs with those bytes. PayWay uses the key text as it is.`,
      fix: `Pass the key string itself to HMAC.`,
    });
  }
  if (ctx.merchantId) {
    add('key-merchant-id', 'merchant-id', ctx.merchantId, 40, {
      mistake: 'The merchant id is used as the key',
      explanation: `Your code signs with the merchant id (${ctx.merchantId}) instead of the ${label}.`,
      fix: `Sign with the ${label} ABA sent with your credentials ("public_key" / "API KEY" in the docs).`,
    });
  }
  const pem = ctx.rsaPublicKeyPem;
  if (pem) {
    const pemWords = {
      mistake: `The RSA public key is used as the HMAC key`,
      explanation: `Your code signs with the RSA public key PEM. The docs call the HMAC key "public_key", which invites this; the HMAC key is the separate API key.`,
      fix: `Sign with the ${label}; the RSA key only encrypts merchant_auth / beneficiaries.`,
    };
    add('key-pem', 'pem', pem, 50, pemWords);
    add('key-pem', 'pem-trimmed', pem.trim(), 45, pemWords);
    add('key-pem', 'pem-lf', pem.trim() + '\n', 45, pemWords);
    const body = pem.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, '');
    add('key-pem', 'pem-body', body, 40, pemWords);
  }
  const missing = (ref: string, text: string, weight: number, what: string) =>
    add('key-missing', ref, text, weight, {
      mistake: `The key is ${what}`,
      explanation: `Your code signs with ${what}: the variable meant to hold the ${label} was not set when the hash was made.`,
      fix: `Load the ${label} before signing (environment variable name, .env location, config cache) and fail loudly when it is missing.`,
    });
  missing('empty', '', 50, 'an empty string');
  missing('undefined', 'undefined', 40, 'the text "undefined"');
  missing('null', 'null', 20, 'the text "null"');
  return { keys, mistakes };
}
