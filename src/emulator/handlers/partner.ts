// Partner self-activation: register a merchant (the tester completes the registration on a page, which
// creates a real emulator merchant), then read its credentials and profile.
import { getEndpoint } from '../../core/catalog/index.ts';
import type { EndpointId } from '../../core/catalog/types.ts';
import { timingSafeEqual } from '../../core/signing/hmac.ts';
import { encryptChunked, parsePublicKeyPem } from '../../core/signing/rsa.ts';
import type { Call, EndpointHandler } from '../call.ts';
import { isCurrency } from '../money.ts';
import { openSession, sessionPath } from '../payerPages.ts';

const findRegistration = (call: Call) =>
  call.state.registrations.find((r) => r.partnerId === call.partner!.partnerId && r.registerRef === call.authObject.register_ref);

const register: EndpointHandler = (call) => {
  const auth = call.authObject;
  const ref = String(auth.register_ref);
  if (!/^[A-Za-z0-9_-]+$/.test(ref)) return call.code('PTL166');
  if (!isCurrency(auth.currency)) return call.invalidField('request_data', 'currency must be KHR or USD');
  if (findRegistration(call)) return call.outcome('duplicate');
  const token = call.core.ids.base64(48);
  const session = openSession(call, 'partner-register', ref);
  call.state.registrations.push({
    partnerId: call.partner!.partnerId,
    registerRef: ref,
    pushbackUrl: String(auth.pushback_url),
    redirectUrl: String(auth.redirect_url),
    currency: auth.currency,
    token,
    sessionId: session.id,
    createdAt: call.now.toISOString(),
  });
  call.changed = true;
  return call.ok({ url: `${call.core.absoluteUrl(call.origin, sessionPath(session.id))}?partner-token=${encodeURIComponent(token)}`, token });
};

/** The registered merchant's credentials, RSA-encrypted with the partner's key (the docs do not say how). */
const credentials: EndpointHandler = (call) => {
  const merchant = call.core.merchant(findRegistration(call)?.merchantId ?? '');
  if (!merchant) return call.outcome('notFound');
  const plaintext = JSON.stringify({ merchant_id: merchant.merchantId, api_key: merchant.apiKey, rsa_public_key: merchant.rsaPublicKeyPem });
  const data = encryptChunked(parsePublicKeyPem(call.partner!.rsaPublicKeyPem), plaintext, call.core.random).base64;
  return call.ok({ data });
};

/** The request_time the catalog's example proof was computed for (see behaviours: it is accepted at any time). */
const EXAMPLE_REQUEST_TIME = getEndpoint('partner-merchant-info').fields.find((f) => f.name === 'request_time')!.example!;

/**
 * Proves the partner holds the merchant's API key: hex HMAC-SHA512 of partner_id + merchant_key +
 * request_time, for the request's request_time or the example's.
 */
const merchantInfo: EndpointHandler = async (call) => {
  const auth = call.authObject;
  const merchant = call.core.merchant(String(auth.merchant_key));
  if (!merchant) return call.outcome('notFound');
  const received = String(auth.public_key_hash_encrypt);
  const proofFor = async (requestTime: string) => (await call.core.hmac(call.field('partner_id') + merchant.merchantId + requestTime, merchant.apiKey, 'HMAC-SHA512', 'hex')).hash;
  const proven = timingSafeEqual(await proofFor(call.field('request_time')), received) || timingSafeEqual(await proofFor(EXAMPLE_REQUEST_TIME), received);
  if (!proven) return call.outcome('wrongHash');
  const methods = { abapay_khqr: true, cards: true, alipay: true, wechat: true };
  return call.ok({
    data: {
      outlet_name: merchant.name,
      aba_account_khr: '000***111',
      aba_account_usd: '000***222',
      available_payment_methods: methods,
      enabled_payment_methods: methods,
      pending_payment_methods: {},
    },
  });
};

export const partnerHandlers: Partial<Record<EndpointId, EndpointHandler>> = {
  'partner-register-merchant': register,
  'partner-merchant-credentials': credentials,
  'partner-merchant-info': merchantInfo,
};
