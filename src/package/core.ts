// `payway-playground/core`: build and sign PayWay requests, the endpoint catalog, and pushback
// signatures, for use in your own code and tests. A thin re-export of src/core; nothing here is new.
export {
  catalog,
  families,
  getEndpoint,
  isEndpointId,
  getVariant,
  defaultVariant,
  emulatorVariant,
  fieldsOf,
  endpointsAtPath,
  HOSTS,
  DEMO_MERCHANT_ID,
  DEMO_PARTNER_ID,
} from '../core/catalog/index.ts';
export type * from '../core/catalog/types.ts';
export { buildRequest, exampleInputs, type Credentials, type BuildOptions, type RequestTrace, type FieldStep, type Transform } from '../core/signing/buildRequest.ts';
export { sign, type HmacSigner, type Signature } from '../core/signing/hmac.ts';
export { stringToSign, type Segment } from '../core/signing/stringToSign.ts';
export { formatReqTime } from '../core/signing/reqTime.ts';
export {
  PUSHBACK_SIGNATURE_HEADER,
  pushbackStringToSign,
  signPushback,
  verifyPushback,
  verifyPushback as verifyCallback,
  type PushbackSignature,
  type PushbackVerification,
} from '../core/callbacks/pushbackSignature.ts';
export { DEMO_MERCHANT } from '../core/demoMerchant.ts';
