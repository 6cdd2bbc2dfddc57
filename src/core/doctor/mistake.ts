// What a mistake is to the doctor: a named edit of a draft, with the words that tell an integrator what
// their code does and what it should do instead, and a weight that puts common mistakes first.
import type { Draft } from './draft.ts';

/** The kinds a UI groups mistakes by (and the string comparison names a difference by). */
export type MistakeKind =
  | 'variant'
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
  /** Application order, so that two mistakes combine the same way whatever order they were picked in. */
  phase: Phase;
  affects: Affects;
  /** Edits the draft; returns false when the mistake changes nothing here. */
  apply(draft: Draft): boolean;
}

export const Phase = { Base: 0, Value: 1, Filter: 2, Edit: 3, Render: 4, Key: 5, Construction: 6 } as const;
export type Phase = (typeof Phase)[keyof typeof Phase];

export const toFinding = (m: Finding): Finding => {
  const finding: Finding = { id: m.id, kind: m.kind, mistake: m.mistake, explanation: m.explanation, fix: m.fix };
  if (m.field !== undefined) finding.field = m.field;
  if (m.variant !== undefined) finding.variant = m.variant;
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
