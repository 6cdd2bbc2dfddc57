// Building answers: PayWay's status envelope from the catalog's codes, the emulator's own JSON errors,
// and HTML pages. PayWay calls are answered as plain data (PlainAnswer) that fetch() makes into a
// Response and the Node server writes straight to its socket; the admin API answers Responses.
import type { CodeSpec, EndpointSpec } from '../core/catalog/types.ts';

const JSON_TYPE = 'application/json; charset=utf-8';

/** An answer before it is a Response: what a Response would carry, without building one per request. */
export class PlainAnswer {
  constructor(
    readonly status: number,
    /** Lower-case names; the answer's own object, so a header can be added (the diagnosis). */
    readonly headers: Record<string, string>,
    readonly body: string,
  ) {}
}

export function toResponse(answer: PlainAnswer): Response {
  return new Response(answer.body, { status: answer.status, headers: answer.headers });
}

export function jsonAnswer(body: unknown, status = 200, headers?: Record<string, string>): PlainAnswer {
  const own = { 'content-type': JSON_TYPE, 'cache-control': 'no-store' };
  return new PlainAnswer(status, headers ? { ...own, ...headers } : own, JSON.stringify(body));
}

export function jsonResponse(body: unknown, status = 200, headers?: Record<string, string>): Response {
  return toResponse(jsonAnswer(body, status, headers));
}

/** An answer that is not PayWay's (unknown path, wrong method, body too large), in PayWay's envelope. */
export function errorAnswer(status: number, message: string, headers: Record<string, string> = {}): PlainAnswer {
  return jsonAnswer({ status: { code: String(status), message } }, status, headers);
}

export function emulatorError(status: number, message: string, headers: Record<string, string> = {}): Response {
  return toResponse(errorAnswer(status, message, headers));
}

/** Pages only load what they carry inline; forms post back to the emulator. */
const PAGE_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'; base-uri 'none'; frame-ancestors 'self'";

export function htmlAnswer(html: string, status = 200): PlainAnswer {
  return new PlainAnswer(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'content-security-policy': PAGE_POLICY }, html);
}

export function htmlResponse(html: string, status = 200): Response {
  return toResponse(htmlAnswer(html, status));
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
