// What a mistake is to the doctor: a named edit of a draft, with the words that tell an integrator what
// their code does and what it should do instead, and a weight that puts common mistakes first.
import type { Draft } from './draft.ts';

/** The kinds a UI groups mistakes by (and the string comparison names a difference by). */
export type MistakeKind =
  | 'variant'
  | 'renamed-field'
  | 'other-endpoint'
  | 'order'
  | 'missing-field'
  | 'extra-field'
  | 'swapped-fields'
  | 'raw-value'
  | 'whitespace'
  | 'number-format'
  | 'character-encoding'
  | 'empty-placeholder'
  | 'separator'
  | 'time'
  | 'url-decoding'
  | 'rsa-encoding'
  | 'key'
  | 'algorithm'
  | 'output-encoding'
  | 'stringification'
  | 'merchant-id'
  | 'transport'
  | 'different-value';

/** A mistake as reported: plain data. */
export interface Finding {
  /** Stable id of the mistake class, e.g. 'order-sorted', 'amount-format', 'key-whitespace'. */
  id: string;
  kind: MistakeKind;
  /** The field it concerns, when it concerns one. */
  field?: string;
  /** The catalog variant it names ('variant' findings). */
  variant?: string;
  /** The other endpoint whose recipe or field it names ('recipe-of' findings). */
  endpoint?: string;
  /** What their code does, in a few words. */
  mistake: string;
  /** What happened, in plain words. */
  explanation: string;
  /** What the code should do. */
  fix: string;
}

/** What a mistake changes: the message text, only the bytes hashed (charset), or the key / construction. */
export type Affects = 'message' | 'bytes' | 'hashing';

export interface Mistake extends Finding {
  /** Unique within a search space (id + parameters). */
  ref: string;
  /** Prior: higher = seen more often in real integrations = tried first. */
  weight: number;
  /** Two mistakes sharing a slot never combine (two separators, two values for one field…). */
  slots: readonly string[];
  /** Slots of other mistakes this one never combines with (a swap on top of a sorted order…); one
   *  ending in ":" stands for every slot that starts with it. */
  excludes?: readonly string[];
  /** Application order, so that two mistakes combine the same way whatever order they were picked in. */
  phase: Phase;
  affects: Affects;
  /** How specific an explanation it is (lower leads); defaults by id, see SPECIFICITY. */
  specificity?: number;
  /** The same words in the language the pasted input shows, when they differ. */
  words?: LanguageWords;
  /** Edits the draft; returns false when the mistake changes nothing here. */
  apply(draft: Draft): boolean;
}

/** Languages the doctor can speak to: the ones their pasted input gives away. */
export type Language = 'php' | 'node' | 'python' | 'go';

export type LanguageWords = Partial<Record<Language, Partial<Pick<Finding, 'explanation' | 'fix'>>>>;

/**
 * When several hypotheses reproduce their hash, the most specific explanation leads: a recipe variant
 * of this endpoint (named after the source that documents it), a renamed field, a field hashed but not
 * sent or sent but not hashed, a field of another endpoint, another endpoint's recipe, a value, key or
 * hashing mistake, the way fields are joined, and only then a generic order.
 */
export const SPECIFICITY: Readonly<Record<string, number>> = {
  variant: 0,
  'field-renamed': 1,
  'field-not-sent': 2,
  'field-missing': 2,
  'field-extra': 2,
  'fields-extra-block': 2,
  'field-foreign': 3,
  'recipe-of': 4,
  'recipe-legacy': 4,
  separator: 7,
  'name-value-pairs': 7,
  'empty-placeholder': 7,
  'whole-body-json': 7,
  'order-sorted': 8,
  'order-sorted-all': 8,
  'order-form': 8,
  'order-table': 8,
  'order-swapped': 8,
  'order-moved': 8,
};

export const specificityOf = (m: Pick<Mistake, 'id' | 'specificity'>): number => m.specificity ?? SPECIFICITY[m.id] ?? 5;

/** Negative when combination `a` explains more specifically than `b` (their least specific parts first). */
export function moreSpecific(a: readonly Mistake[], b: readonly Mistake[]): number {
  const sa = a.map(specificityOf).sort((x, y) => y - x);
  const sb = b.map(specificityOf).sort((x, y) => y - x);
  for (let i = 0; i < Math.max(sa.length, sb.length); i++) {
    const d = (sa[i] ?? -1) - (sb[i] ?? -1);
    if (d) return d;
  }
  return 0;
}

export const Phase = { Base: 0, Value: 1, Filter: 2, Edit: 3, Render: 4, Key: 5, Construction: 6 } as const;
export type Phase = (typeof Phase)[keyof typeof Phase];

export const toFinding = (m: Finding): Finding => findingIn(m, undefined);

/** The finding in the words of `language` when the mistake has them. */
export const findingIn = (m: Finding & { words?: LanguageWords }, language: Language | undefined): Finding => {
  const said = language ? m.words?.[language] : undefined;
  const finding: Finding = { id: m.id, kind: m.kind, mistake: m.mistake, explanation: said?.explanation ?? m.explanation, fix: said?.fix ?? m.fix };
  if (m.field !== undefined) finding.field = m.field;
  if (m.variant !== undefined) finding.variant = m.variant;
  if (m.endpoint !== undefined) finding.endpoint = m.endpoint;
  return finding;
};

/** "a, b, c" with long lists shortened; empty parts marked. */
export function listFields(fields: readonly string[], max = 30): string {
  return fields.length > max ? `${fields.slice(0, max).join(', ')}, … (${fields.length} in all)` : fields.join(', ');
}

/** A value quoted for a sentence, long ones shortened, invisible characters shown. */
export function quote(value: string, max = 48): string {
  const shown = value.length > max ? value.slice(0, max - 12) + '…' + value.slice(-8) : value;
  return JSON.stringify(shown);
}

/** "Fields joined…" → "fields joined…" inside a sentence; "SHA-1 instead…" stays as it is. */
export const lowerFirst = (text: string): string => (/^[A-Z][a-z]/.test(text) ? text.charAt(0).toLowerCase() + text.slice(1) : text);
