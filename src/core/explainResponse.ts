// A PayWay answer's code, found wherever this endpoint family puts it, and explained from the catalog;
// then each documented field of the answer with its meaning, also from the catalog. In core so the app
// and collection runs (CLI and app) read answers the same way.
import { describeResponseField } from './catalog/index.ts';
import type { CodeSpec, EndpointSpec } from './catalog/types.ts';

export interface FoundCode {
  code: string;
  /** Where it was found, e.g. 'status.code'. */
  path: string;
  /** The message the server sent beside it, if any. */
  message?: string;
}

export interface Explanation extends FoundCode {
  /** Catalog entries for this code on this endpoint (some codes have more than one documented meaning). */
  specs: CodeSpec[];
  success: boolean;
  wrongHash: boolean;
}

const scalar = (value: unknown): string | undefined =>
  typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;

const record = (value: unknown): Record<string, unknown> | undefined =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;

/** `status.code` (most endpoints), `payment_status.code` (token purchase), top-level `code`, or `status`. */
export function findCode(body: unknown): FoundCode | undefined {
  const root = record(body);
  if (!root) return undefined;
  for (const key of ['status', 'payment_status'] as const) {
    const inner = record(root[key]);
    const code = scalar(inner?.code);
    if (inner && code !== undefined) {
      return { code, path: `${key}.code`, message: scalar(inner.message) ?? scalar(inner.description) };
    }
  }
  const top = scalar(root.code);
  if (top !== undefined) return { code: top, path: 'code', message: scalar(root.message) ?? scalar(root.description) };
  const status = scalar(root.status);
  if (status !== undefined) return { code: status, path: 'status', message: scalar(root.description) ?? scalar(root.message) };
  return undefined;
}

export function explainResponse(endpoint: EndpointSpec, text: string): Explanation | undefined {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return undefined;
  }
  const found = findCode(body);
  if (!found) return undefined;
  const specs = endpoint.codes.filter((c) => c.code === found.code);
  const { success, wrongHash } = endpoint.outcomes;
  return {
    ...found,
    specs,
    success: found.code === success.code,
    wrongHash: found.code === wrongHash.code || specs.some((c) => /\bhash\b/i.test(c.message)),
  };
}

/** One field of an answer with its meaning from the catalog. */
export interface ExplainedField {
  /** Where it is in the answer: 'data.payment_status_code', 'data[0].apv' for the first row of a list. */
  path: string;
  /** The value as text (JSON for objects and arrays, cut to a line). */
  value: string;
  description: string;
  /** What this value means, when the catalog lists the field's values. */
  valueMeaning?: string;
  /** For a field of a list's rows: how many rows there are (the first one is shown). */
  rows?: number;
}

const SHOWN_VALUE_LENGTH = 120;

function shown(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
  return text.length > SHOWN_VALUE_LENGTH ? text.slice(0, SHOWN_VALUE_LENGTH - 1) + '…' : text;
}

/** Follows a documented path ('data[].apv') through a parsed body; a list gives its first row. */
function lookup(body: unknown, path: string): { found: boolean; value?: unknown; concrete: string; rows?: number } {
  let node = body;
  let concrete = '';
  let rows: number | undefined;
  for (const part of path.split('.')) {
    const isList = part.endsWith('[]');
    const key = isList ? part.slice(0, -2) : part;
    const object = record(node);
    if (!object || !(key in object)) return { found: false, concrete };
    node = object[key];
    concrete += (concrete ? '.' : '') + key;
    if (isList) {
      if (!Array.isArray(node) || node.length === 0) return { found: false, concrete };
      rows ??= node.length;
      node = node[0];
      concrete += '[0]';
    }
  }
  return { found: true, value: node, concrete, rows };
}

/** Every documented field present in the answer, in the catalog's order, with what it means. */
export function explainFields(endpoint: EndpointSpec, text: string): ExplainedField[] {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return [];
  }
  const out: ExplainedField[] = [];
  for (const path of endpoint.response.fields) {
    const { found, value, concrete, rows } = lookup(body, path);
    const meaning = describeResponseField(endpoint, path);
    if (!found || !meaning) continue;
    const field: ExplainedField = { path: concrete, value: shown(value), description: meaning.description };
    // A code is explained by the endpoint's code list, like the one at the top of the answer.
    const valueMeaning = meaning.values?.[String(value)] ?? (path.endsWith('code') ? endpoint.codes.find((c) => c.code === String(value))?.message : undefined);
    if (valueMeaning !== undefined) field.valueMeaning = valueMeaning;
    if (rows !== undefined) field.rows = rows;
    out.push(field);
  }
  return out;
}
