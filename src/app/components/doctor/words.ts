// The doctor's verdicts and mistake kinds in the words the page shows.
import type { MistakeKind, PushbackDiagnosis, Verdict } from '../../../core/doctor/index.ts';

export type Tone = 'ok' | 'found' | 'unknown';

export const KIND_LABELS: Record<MistakeKind, string> = {
  variant: 'another recipe variant',
  'renamed-field': 'a field under another name',
  'other-endpoint': "another endpoint's recipe or fields",
  order: 'fields in the wrong order',
  'missing-field': 'a field left out',
  'extra-field': 'a field too many',
  'swapped-fields': 'two fields swapped',
  'raw-value': 'a value hashed before or without its encoding',
  whitespace: 'whitespace',
  'number-format': 'number format',
  'character-encoding': 'character encoding',
  'empty-placeholder': 'an empty field written as text',
  separator: 'a separator between fields',
  time: 'the time',
  'url-decoding': 'URL decoding',
  'rsa-encoding': 'RSA encoding',
  key: 'the key',
  algorithm: 'the hash function',
  'output-encoding': 'the output encoding',
  stringification: 'a value turned into text by the language',
  'merchant-id': 'the merchant id',
  transport: 'what the transport did to the body',
  'different-value': 'a different value',
};

export const REQUEST_VERDICTS: Record<Verdict, { title: string; tone: Tone }> = {
  correct: { title: 'Correct: this is the hash PayWay expects', tone: 'ok' },
  variant: { title: 'Signed with another recipe variant', tone: 'found' },
  diagnosed: { title: 'Found the mistake', tone: 'found' },
  unexplained: { title: 'Nothing the doctor knows reproduces it', tone: 'unknown' },
  'need-key': { title: 'The key is needed to search', tone: 'unknown' },
  'nothing-to-compare': { title: 'Nothing to compare yet', tone: 'unknown' },
  refused: { title: 'The hash is right for this key, yet it was refused', tone: 'unknown' },
};

export const PUSHBACK_VERDICTS: Record<PushbackDiagnosis['verdict'], { title: string; tone: Tone }> = {
  valid: { title: 'Verified: the signature matches', tone: 'ok' },
  diagnosed: { title: 'Signed another way than documented', tone: 'found' },
  unexplained: { title: 'Invalid signature', tone: 'found' },
  'need-key': { title: 'The key is needed to verify', tone: 'unknown' },
  'nothing-to-compare': { title: 'No signature to check', tone: 'unknown' },
};

export const formatMs = (ms: number): string => (ms < 10 ? ms.toFixed(1) : ms.toFixed(0)) + ' ms';

export const REFUSER_WORDS: Record<'emulator' | 'sandbox' | 'production' | 'other', string> = {
  emulator: 'the emulator',
  sandbox: 'PayWay’s sandbox',
  production: 'PayWay (production)',
  other: 'another server',
};

/** How each check of a refused request came out, in a word. */
export const CHECK_WORDS = { found: 'Found', possible: 'Possible', ask: 'Compare', 'ruled-out': 'Ruled out' } as const;

export const CHECK_AREAS = { key: 'The key', 'merchant-id': 'The merchant id', transport: 'The transport', 'req-time': 'The request time' } as const;
