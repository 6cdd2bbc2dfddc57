// Ids that tie requests together: a purchase's tran_id is what you then check, refund, complete or cancel.
// The playground remembers the ids of the last requests that went through and offers each one, a click
// away, wherever the request being edited holds another value, as a field of its own or as a member of
// the RSA plaintext JSON (refund's and pre-auth's merchant_auth). Nothing is written without that click.
import type { EndpointId, EndpointSpec, FieldSpec } from '../core/catalog/types.ts';
import type { RequestTrace } from '../core/signing/index.ts';
import { parseTree } from 'jsonc-parser';

export const CARRIED_FIELDS = ['tran_id', 'ctid', 'pwt'] as const;
export type CarriedField = (typeof CARRIED_FIELDS)[number];

const isCarried = (name: string): name is CarriedField => (CARRIED_FIELDS as readonly string[]).includes(name);

/** One remembered id: its value and the endpoint of the send it went out with. */
export interface SentId {
  value: string;
  from: EndpointId;
}

/** The last id sent per name (each name keeps its own: a check with only a tran_id keeps the ctid). */
export type SentIds = Partial<Record<CarriedField, SentId>>;

export interface IdSuggestion {
  /** The form field that takes the id: its own field, or the JSON field (merchant_auth) holding it. */
  field: string;
  /** The id's name; a member of `field`'s JSON when it differs from `field`. */
  name: CarriedField;
  value: string;
  from: EndpointId;
}

/** A JSON member's value as text: strings as they are, anything else as JSON. */
const asText = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value));

const parseObject = (text: string): Record<string, unknown> | undefined => {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
};

/** The ids a built request sends: its own fields, and the members of its RSA plaintext JSON. */
export function idsOfTrace(endpoint: EndpointSpec, trace: RequestTrace): Partial<Record<CarriedField, string>> {
  const ids: Partial<Record<CarriedField, string>> = {};
  for (const [name, value] of trace.wire) if (isCarried(name) && value !== '') ids[name] = value;
  const plaintext = endpoint.rsa?.shape === 'object' && trace.rsa ? parseObject(trace.rsa.plaintext) : undefined;
  for (const key of plaintext ? endpoint.rsa!.keys : []) {
    const value = plaintext![key.name];
    if (isCarried(key.name) && (typeof value === 'string' || typeof value === 'number') && String(value) !== '') ids[key.name] = String(value);
  }
  return ids;
}

/** The remembered ids worth offering on this request: those that differ from what the form holds. */
export function suggestIds(
  endpoint: EndpointSpec,
  fields: readonly FieldSpec[],
  inputs: Readonly<Record<string, string>>,
  wire: Readonly<Record<string, string>>,
  sent: SentIds,
): IdSuggestion[] {
  const suggestions: IdSuggestion[] = [];
  if (!Object.keys(sent).length) return suggestions; // nothing sent yet: no JSON to parse on each keystroke
  for (const field of fields) {
    // A verbatim wire value is not the input any more: a suggestion would edit what is not sent.
    if (wire[field.name] !== undefined) continue;
    if (isCarried(field.name)) {
      const id = sent[field.name];
      // Endpoints that refuse a reused tran_id (purchase, QR, payout) want a new one, not the last one.
      const refusesReuse = field.name === 'tran_id' && endpoint.outcomes.duplicate !== undefined;
      if (id && !refusesReuse && (inputs[field.name] ?? '') !== id.value) suggestions.push({ field: field.name, name: field.name, ...id });
    } else if (field.encoding === 'rsa' && endpoint.rsa?.field === field.name && endpoint.rsa.shape === 'object') {
      const json = parseObject(inputs[field.name] ?? '');
      if (!json) continue; // JSON that does not parse is the user's to fix first
      for (const key of endpoint.rsa.keys) {
        const id = isCarried(key.name) ? sent[key.name] : undefined;
        if (id && Object.hasOwn(json, key.name) && asText(json[key.name]) !== id.value) suggestions.push({ field: field.name, name: key.name as CarriedField, ...id });
      }
    }
  }
  return suggestions;
}

/**
 * `text` with the value of its top-level member `name` replaced by the JSON string `value`; every other
 * byte stays as typed. Undefined when `text` is not a JSON object or has no such member. With duplicate
 * keys the last one is replaced, since that is the one JSON.parse (and so the request) uses.
 */
export function replaceJsonMember(text: string, name: string, value: string): string | undefined {
  // jsonc-parser locates the member; strict JSON is checked first because it also accepts comments.
  if (!parseObject(text)) return undefined;
  const member = parseTree(text)?.children?.findLast((property) => property.children?.[0]?.value === name)?.children?.[1];
  return member ? text.slice(0, member.offset) + JSON.stringify(value) + text.slice(member.offset + member.length) : undefined;
}
