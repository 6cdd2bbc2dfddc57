// Building responses: PayWay's status envelope from the catalog's codes, the emulator's own JSON errors,
// and HTML pages.
import type { CodeSpec, EndpointSpec } from '../core/catalog/types.ts';

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' };

export function jsonResponse(body: unknown, status = 200, headers?: Record<string, string>): Response {
  // A Response copies its headers, so the shared object is never changed.
  return new Response(JSON.stringify(body), { status, headers: headers ? { ...JSON_HEADERS, ...headers } : JSON_HEADERS });
}

/** An answer that is not PayWay's (unknown path, wrong method, body too large), in PayWay's envelope. */
export function emulatorError(status: number, message: string, headers: Record<string, string> = {}): Response {
  return jsonResponse({ status: { code: String(status), message } }, status, headers);
}

/** Pages only load what they carry inline; forms post back to the emulator. */
const PAGE_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'; base-uri 'none'; frame-ancestors 'self'";

export function htmlResponse(html: string, status = 200): Response {
  return new Response(html, {
    status,
    headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'content-security-policy': PAGE_POLICY },
  });
}

export const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export interface StatusContext {
  tranId?: string;
  traceId: () => string;
  merchantRef?: string;
}

const statusMembers = new WeakMap<EndpointSpec, { tranId: boolean; traceId: boolean; merchantRef: boolean; pwTranId: boolean }>();

/** `status: {code, message, …}` with the members the endpoint's documented response has. */
export function statusBlock(endpoint: EndpointSpec, code: CodeSpec, context: StatusContext): Record<string, unknown> {
  let members = statusMembers.get(endpoint);
  if (!members) {
    const fields = endpoint.response.fields;
    members = {
      tranId: fields.includes('status.tran_id'),
      traceId: fields.includes('status.trace_id'),
      merchantRef: fields.includes('status.merchant_ref'),
      pwTranId: fields.includes('status.pw_tran_id'),
    };
    statusMembers.set(endpoint, members);
  }
  const status: Record<string, unknown> = { code: code.numeric ? Number(code.code) : code.code, message: code.message };
  if (members.tranId) status.tran_id = context.tranId ?? '';
  if (members.traceId) status.trace_id = context.traceId();
  if (members.merchantRef) status.merchant_ref = context.merchantRef ?? '';
  // The legacy list's log id (observed, its format is not): the emulator's trace id.
  if (members.pwTranId) status.pw_tran_id = context.traceId();
  return status;
}
