// A PayWay answer pasted beside the request: its code, found where each endpoint family puts it, and
// whether it is the endpoint's success. Anything but success is a refusal the doctor takes into account.
import type { EndpointSpec } from '../catalog/types.ts';
import type { Refusal } from './refusal.ts';

const scalar = (value: unknown): string | undefined => (typeof value === 'string' || typeof value === 'number' ? String(value) : undefined);
const record = (value: unknown): Record<string, unknown> | undefined => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined);

/** The code and message of an answer: `status.code`, `payment_status.code`, top-level `code`, or `status`. */
export function readAnswerCode(text: string): { code: string; message?: string } | undefined {
  // A pasted HTTP response: the body follows the first blank line.
  const body = /^HTTP\/\S+\s+\d{3}/.test(text.trim()) ? text.slice(text.search(/\r?\n\r?\n/) + 1) : text;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.trim());
  } catch {
    return undefined;
  }
  const root = record(parsed);
  if (!root) return undefined;
  for (const key of ['status', 'payment_status']) {
    const inner = record(root[key]);
    const code = scalar(inner?.code);
    if (inner && code !== undefined) return { code, ...(scalar(inner.message) ?? scalar(inner.description) ? { message: scalar(inner.message) ?? scalar(inner.description) } : {}) };
  }
  const top = scalar(root.code) ?? scalar(root.status);
  if (top === undefined) return undefined;
  const message = scalar(root.message) ?? scalar(root.description);
  return { code: top, ...(message ? { message } : {}) };
}

/** The refusal an answer says, or undefined when it is the endpoint's success (or has no code). */
export function readRefusal(text: string, endpoint: EndpointSpec, by?: Refusal['by']): Refusal | undefined {
  const found = readAnswerCode(text);
  if (!found || found.code === endpoint.outcomes.success.code) return undefined;
  const spec = endpoint.codes.find((c) => c.code === found.code);
  return { ...(by ? { by } : {}), code: found.code, ...(found.message ?? spec?.message ? { message: found.message ?? spec!.message } : {}) };
}
