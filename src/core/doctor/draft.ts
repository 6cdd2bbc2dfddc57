// A hypothesis about the integrator's code, as data: which parts in which order, which value each part
// had, how they were joined, which key, which hash construction. Mistakes edit a draft; `renderDraft`
// turns it into the message their code would have hashed.
import type { HashPart } from '../catalog/types.ts';
import { phpSum, partLabel, type Segment } from '../signing/stringToSign.ts';
import { utf8Length } from '../signing/bytes.ts';
import type { Charset, Construction } from './digest.ts';

export interface PairsRendering {
  /** Between pairs: "&" for a query string, "" for a plain run of name=value. */
  joiner: string;
  /** Values percent-encoded as a query string would have them. */
  urlencode: boolean;
  /** http_build_query keeps empty strings; array_filter first drops them. */
  includeEmpty: boolean;
}

export interface Draft {
  /** Parts in the order their code concatenates them. Shared until an edit clones it. */
  order: readonly HashPart[];
  /** Values of every field the request carries (shared, never mutated). */
  readonly values: ReadonlyMap<string, string>;
  /** Values this hypothesis changes. */
  overrides: Map<string, string> | undefined;
  /** Rewrites applied to every value (trim all, spaces back to "+"). Shared: replace it, never push. */
  filters: readonly ((value: string, field: string) => string)[];
  /** What an empty part is written as ("null", "undefined"…); undefined = nothing. */
  emptyAs: string | undefined;
  separator: string;
  skipEmpty: boolean;
  pairs: PairsRendering | undefined;
  /** The whole message, when a hypothesis replaces it outright (their logged string, a raw body). */
  message: string | undefined;
  charset: Charset;
  /** Index into the search space's key candidates; 0 is the key as given. */
  keyIndex: number;
  construction: Construction;
}

export function newDraft(order: readonly HashPart[], values: ReadonlyMap<string, string>): Draft {
  return {
    order,
    values,
    overrides: undefined,
    filters: [],
    emptyAs: undefined,
    separator: '',
    skipEmpty: false,
    pairs: undefined,
    message: undefined,
    charset: 'utf-8',
    keyIndex: 0,
    construction: 'hmac',
  };
}

/** A copy to edit: `order` and `filters` stay shared (edits replace them), `overrides` is copied on write. */
export function cloneDraft(d: Draft): Draft {
  return {
    order: d.order,
    values: d.values,
    overrides: d.overrides && new Map(d.overrides),
    filters: d.filters,
    emptyAs: d.emptyAs,
    separator: d.separator,
    skipEmpty: d.skipEmpty,
    pairs: d.pairs,
    message: d.message,
    charset: d.charset,
    keyIndex: d.keyIndex,
    construction: d.construction,
  };
}

/** A mistake's edit that sets draft properties (it always applies). */
export const assign =
  (patch: Partial<Draft>) =>
  (d: Draft): boolean => {
    Object.assign(d, patch);
    return true;
  };

export function setValue(d: Draft, field: string, value: string): void {
  if (!d.overrides) d.overrides = new Map();
  d.overrides.set(field, value);
}

export function valueOf(d: Draft, field: string): string {
  return d.overrides?.get(field) ?? d.values.get(field) ?? '';
}

function partValue(d: Draft, part: HashPart): string {
  let value = typeof part === 'string' ? valueOf(d, part) : phpSum(valueOf(d, part.phpSum[0]), valueOf(d, part.phpSum[1]));
  const field = partLabel(part);
  for (const filter of d.filters) value = filter(value, field);
  if (value === '' && d.emptyAs !== undefined) value = d.emptyAs;
  return value;
}

const formEncode = (text: string) => encodeURIComponent(text).replace(/%20/g, '+').replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());

/** The message the hypothesis hashes. The hot path of the search: keep it plain. */
export function renderDraft(d: Draft): string {
  if (d.message !== undefined) return d.message;
  let out = '';
  let first = true;
  for (const part of d.order) {
    const value = partValue(d, part);
    if (d.pairs) {
      if (value === '' && !d.pairs.includeEmpty) continue;
      const name = partLabel(part);
      out += (first ? '' : d.pairs.joiner) + (d.pairs.urlencode ? `${formEncode(name)}=${formEncode(value)}` : `${name}=${value}`);
    } else {
      if (value === '' && d.skipEmpty) continue;
      out += (first ? '' : d.separator) + value;
    }
    first = false;
  }
  return out;
}

/** The message as segments, one per part (separators belong to no segment), for display. */
export function renderSegments(d: Draft): Segment[] {
  if (d.message !== undefined) return [];
  const segments: Segment[] = [];
  let text = '';
  let bytes = 0;
  const push = (field: string, value: string) => {
    const byteLength = utf8Length(value);
    segments.push({ field, value, start: text.length, end: text.length + value.length, byteStart: bytes, byteEnd: bytes + byteLength, empty: value === '' });
    text += value;
    bytes += byteLength;
  };
  let first = true;
  for (const part of d.order) {
    const value = partValue(d, part);
    const field = partLabel(part);
    const joiner = d.pairs ? d.pairs.joiner : d.separator;
    if (value === '' && (d.pairs ? !d.pairs.includeEmpty : d.skipEmpty)) continue;
    if (!first && joiner) {
      text += joiner;
      bytes += utf8Length(joiner);
    }
    first = false;
    if (d.pairs) {
      const prefix = (d.pairs.urlencode ? formEncode(field) : field) + '=';
      text += prefix;
      bytes += utf8Length(prefix);
      push(field, d.pairs.urlencode ? formEncode(value) : value);
    } else push(field, value);
  }
  return segments;
}
