// One line naming why a request was refused, for every cause the checks can find except a wrong hash
// (diagnoseWrongHash.ts): what is missing or malformed, which field was probably meant, which path,
// which body type. Pure text from the trail; it never changes the answer.
import { fieldsOf } from '../../core/catalog/index.ts';
import type { ContentType, EndpointSpec, Variant } from '../../core/catalog/types.ts';
import { nearestEndpointPath } from '../../core/catalog/wrongPaths.ts';
import type { EmulatorCore } from '../emulatorCore.ts';
import type { Trail } from '../refusal.ts';
import { closestField } from './closestField.ts';

/** Names sent that the endpoint does not have, each with the documented one it most likely means. */
export function unknownFields(endpoint: EndpointSpec, variant: Variant, sent: Iterable<string>): { name: string; meant?: string }[] {
  const documented = endpoint.variants.flatMap((v) => fieldsOf(endpoint, v).map((f) => f.name));
  const own = fieldsOf(endpoint, variant).map((f) => f.name);
  const out: { name: string; meant?: string }[] = [];
  for (const name of sent) {
    if (name === 'hash' || documented.includes(name)) continue;
    const meant = closestField(name, own);
    out.push({ name, ...(meant ? { meant } : {}) });
  }
  return out;
}

/** "page_size is not a field of transaction-list-v1 (did you mean pagination?)", for every stray name. */
export function unknownFieldsNote(endpoint: EndpointSpec, variant: Variant, sent: Iterable<string>): string {
  const unknown = unknownFields(endpoint, variant, sent);
  if (!unknown.length) return '';
  const each = unknown.slice(0, 4).map((u) => `${u.name}${u.meant ? ` (did you mean ${u.meant}?)` : ''}`);
  return `; not fields of ${endpoint.id}, so never read: ${each.join(', ')}${unknown.length > 4 ? `, and ${unknown.length - 4} more` : ''}`;
}

const typeList = (types: readonly ContentType[]) => types.join(' or ');

/** curl -d '{"…"}' without -H: JSON text sent as a form, read as one field named after the whole body. */
const jsonSentAsForm = (trail: Trail) => {
  const names = Object.keys(trail.body?.fields ?? {});
  return trail.body?.kind === 'urlencoded' && names.length === 1 && names[0]!.trimStart().startsWith('{');
};

function contentTypeLine(trail: Trail, endpoint: EndpointSpec | undefined, expected: readonly ContentType[]): string {
  const sentType = (trail.request.contentType ?? '').split(';')[0]!.trim() || 'no Content-Type';
  if (jsonSentAsForm(trail)) {
    return `content type: the body is JSON but is sent as application/x-www-form-urlencoded (curl -d without -H 'Content-Type: application/json'); ${endpoint?.id ?? 'this endpoint'} takes ${typeList(expected)}`;
  }
  return `content type: ${endpoint?.id ?? 'this endpoint'} takes ${typeList(expected)}, not ${sentType}`;
}

export function describeRefusal(trail: Trail, core: EmulatorCore): string | undefined {
  const { cause, endpoint, variant, call } = trail;
  const ownType = (): ContentType[] => (endpoint ? [variant?.contentType ?? endpoint.contentType] : []);
  switch (cause?.kind) {
    case 'unknown-path': {
      const near = nearestEndpointPath(trail.path);
      if (!near) return `unknown path: no PayWay endpoint at ${trail.path} (payway endpoints lists them all)`;
      const seen = near.by === 'known' ? ` (a path ${near.seenIn} calls; it is not PayWay's)` : '';
      return `unknown path: no PayWay endpoint at ${trail.path}${seen}; did you mean ${near.endpoint.path} (${near.endpoint.id})?`;
    }
    case 'method':
      return `method: PayWay takes POST only; this was ${cause.method}`;
    case 'too-large':
      return `body larger than ${cause.limit} bytes`;
    case 'content-type':
      return contentTypeLine(trail, endpoint, cause.expected);
    case 'malformed':
      if (trail.body?.kind === 'other') return contentTypeLine(trail, endpoint, ownType()) + ' (this body was read as no fields at all)';
      return `body: ${cause.message}`;
    case 'fields': {
      if (jsonSentAsForm(trail)) return contentTypeLine(trail, endpoint, ownType());
      const first = cause.problems[0]!;
      const sent = Object.keys(trail.body?.fields ?? {});
      if (first.rule === 'required' && endpoint && variant) {
        const stray = unknownFields(endpoint, variant, sent).find((u) => u.meant === first.field);
        if (stray) return `missing field ${first.field}: the body has ${stray.name}, which ${endpoint.id} does not read (did you mean ${first.field}?)`;
        return `missing field ${first.field}${unknownFieldsNote(endpoint, variant, sent)}`;
      }
      return `field ${first.message}${cause.problems.length > 1 ? ` (and ${cause.problems.length - 1} more)` : ''}`;
    }
    case 'merchant': {
      if (cause.field === 'mc_id') return `merchant_auth: mc_id ${JSON.stringify(cause.value)} is not the merchant_id of the request (${call?.field('merchant_id') ?? ''})`;
      const known = cause.field === 'partner_id' ? core.partnerList().map((p) => p.partnerId) : core.merchants().map((m) => m.merchantId);
      const list = known.slice(0, 5).join(', ') + (known.length > 5 ? ', …' : '');
      const add = cause.field === 'merchant_id' ? '; add one with POST /_emulator/merchants' : '';
      return `${cause.field} ${JSON.stringify(cause.value)} is not known to this emulator (it knows ${list}${add})`;
    }
    case 'rate-limit':
      return endpoint?.rateLimit
        ? `rate limit: at most ${endpoint.rateLimit.requests} requests a ${endpoint.rateLimit.per} on ${endpoint.id} (payway mock --no-rate-limits turns the limits off)`
        : 'rate limit reached';
    case 'rsa':
      return `${cause.field}: ${rsaLine(cause.reason, cause.message, call?.field(cause.field) ?? '')}`;
    case 'wrong-hash':
      return undefined;
    case undefined:
      return handlerLine(trail);
  }
}

/** What a failed decryption means, with the shapes integrations are seen to send instead. */
function rsaLine(reason: 'cannot-decrypt' | 'not-json' | 'plaintext', message: string, wire: string): string {
  if (reason === 'plaintext') return `the decrypted JSON ${message.replace(/^(merchant_auth|beneficiaries|request_data) /, '')}`;
  if (reason === 'not-json') return `decrypted, but ${message.replace(/^the /, 'the ')}`;
  const trimmed = wire.trim();
  if (/^[0-9a-f]+$/i.test(trimmed) && trimmed.length % 2 === 0 && trimmed.length >= 256) return `${message}: it is hex (${trimmed.length} hex digits); Base64 the raw ciphertext blocks instead`;
  if (/=[A-Za-z0-9+/]/.test(trimmed)) return `${message}: "=" inside the text looks like Base64 per 117-byte chunk joined; Base64 the joined raw blocks once`;
  if (/padding/.test(message)) return `${message}: encrypted with another RSA public key than this merchant's, or with OAEP instead of PKCS#1 v1.5`;
  return message;
}

function handlerLine(trail: Trail): string | undefined {
  const call = trail.call;
  const code = call?.answeredCode;
  if (!call || !code) return undefined;
  const problem = call.problems?.[0];
  if (problem) return `field ${problem.message}`;
  const endpoint = call.endpoint;
  const tranId = call.field('tran_id') || (typeof call.authObject.tran_id === 'string' ? call.authObject.tran_id : '');
  if (code === endpoint.outcomes.notFound && tranId) return `no transaction ${JSON.stringify(tranId)} for ${call.merchant.merchantId} (code ${code.code} "${code.message}")`;
  return `code ${code.code} "${code.message}"${code.hint ? `: ${code.hint}` : ''}`;
}

