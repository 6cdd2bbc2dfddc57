// The one catalog every feature reads.
import type { BodyTypeRule, ContentType, EndpointId, EndpointSpec, Family, FamilyId, Variant } from './types.ts';
import { checkoutEndpoints } from './checkout.ts';
import { checkoutLegacyEndpoints } from './checkoutLegacy.ts';
import { cofEndpoints } from './cof.ts';
import { cofV3Endpoints } from './cofV3.ts';
import { qrEndpoints } from './qr.ts';
import { paymentLinkEndpoints } from './paymentLink.ts';
import { preAuthEndpoints } from './preAuth.ts';
import { payoutEndpoints } from './payout.ts';
import { khqrEndpoints } from './khqr.ts';
import { partnerEndpoints } from './partner.ts';

export * from './types.ts';
export { HOSTS, DEMO_MERCHANT_ID, DEMO_PARTNER_ID } from './common.ts';
export { RESPONSE_FIELDS, describeResponseField, responseFieldName } from './responseFields.ts';
export { PAYMENT_STATUS_CODES, type PaymentStatus } from './paymentStatus.ts';

export const catalog: readonly EndpointSpec[] = [
  ...checkoutEndpoints,
  ...checkoutLegacyEndpoints,
  ...cofEndpoints,
  ...cofV3Endpoints,
  ...qrEndpoints,
  ...paymentLinkEndpoints,
  ...preAuthEndpoints,
  ...payoutEndpoints,
  ...khqrEndpoints,
  ...partnerEndpoints,
];

const familyNames: Record<FamilyId, string> = {
  checkout: 'Ecommerce Checkout',
  cof: 'Credentials on File',
  'cof-v3': 'Credentials on File v3',
  qr: 'ABA QR API',
  'payment-link': 'Payment Link',
  'pre-auth': 'Pre-auth',
  payout: 'Payout',
  khqr: 'KHQR',
  partner: 'Partner',
};

export const families: readonly Family[] = (Object.keys(familyNames) as FamilyId[]).map((id) => ({
  id,
  name: familyNames[id],
  endpoints: catalog.filter((e) => e.family === id).map((e) => e.id),
}));

const byId = new Map<string, EndpointSpec>(catalog.map((e) => [e.id, e]));

export function isEndpointId(id: string): id is EndpointId {
  return byId.has(id);
}

export function getEndpoint(id: string): EndpointSpec {
  const endpoint = byId.get(id);
  if (!endpoint) throw new Error(`Unknown endpoint "${id}". Known: ${[...byId.keys()].join(', ')}`);
  return endpoint;
}

export function defaultVariant(endpoint: EndpointSpec): Variant {
  return endpoint.variants.find((v) => v.default) ?? endpoint.variants[0]!;
}

export function emulatorVariant(endpoint: EndpointSpec): Variant {
  return endpoint.variants.find((v) => v.emulator) ?? defaultVariant(endpoint);
}

/** The variant by id, or the default one when `id` is undefined. Throws with the known ids otherwise. */
export function getVariant(endpoint: EndpointSpec, id?: string): Variant {
  if (id === undefined) return defaultVariant(endpoint);
  const variant = endpoint.variants.find((v) => v.id === id);
  if (!variant) {
    throw new Error(`Endpoint "${endpoint.id}" has no variant "${id}". Known: ${endpoint.variants.map((v) => v.id).join(', ')}`);
  }
  return variant;
}

/** The endpoint's fields plus the variant's extra fields, in form order. */
export function fieldsOf(endpoint: EndpointSpec, variant: Variant): readonly EndpointSpec['fields'][number][] {
  return variant.extraFields?.length ? [...endpoint.fields, ...variant.extraFields] : endpoint.fields;
}

/** Endpoints whose path is `path` (purchase, purchase-with-token and subscription share one). */
export function endpointsAtPath(path: string): EndpointSpec[] {
  return catalog.filter((e) => e.path === path);
}

export const BODY_TYPES: readonly ContentType[] = ['application/json', 'multipart/form-data', 'application/x-www-form-urlencoded'];

/**
 * What the endpoint does with each body type: a type the catalog's bodyTypes mention is what the sources
 * say; the endpoint's (or the variant's) own content type is documented; a type no source mentions is
 * accepted, as an inference the emulator names in its behaviours.
 */
export function bodyTypeRules(endpoint: EndpointSpec, variant: Variant = emulatorVariant(endpoint)): BodyTypeRule[] {
  return BODY_TYPES.map((type): BodyTypeRule => {
    const listed = endpoint.bodyTypes?.find((r) => r.type === type);
    if (listed) return listed;
    if (type === endpoint.contentType || type === variant.contentType) return { type, accepted: true, basis: 'doc', source: endpoint.sources[0] ?? 'the docs' };
    return { type, accepted: true, basis: 'inference', source: 'no source says' };
  });
}

/** Whether `code` is a successful answer of the endpoint (its success code, or a payment status the legacy check reports). */
export function isSuccessCode(endpoint: EndpointSpec, code: string): boolean {
  return code === endpoint.outcomes.success.code || endpoint.codes.some((c) => c.paymentStatus && c.code === code);
}
