// A PayWay answer's code, found wherever this endpoint family puts it, and explained from the catalog.
// In core so the app and collection runs (CLI and app) read codes the same way.
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
