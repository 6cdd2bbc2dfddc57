// The checks every PayWay request goes through, in the gateway's order, each answered with the
// endpoint's own code from the catalog: body size and type → fields → merchant → rate limit → hash →
// RSA plaintext → the endpoint's handler. The hash is checked before any RSA work, so a flood of
// unsigned requests costs little.
import { bodyTypeRules, emulatorVariant } from '../core/catalog/index.ts';
import type { ContentType, EndpointSpec, Variant } from '../core/catalog/types.ts';
import { timingSafeEqual } from '../core/signing/hmac.ts';
import { phpSum } from '../core/signing/stringToSign.ts';
import { Call } from './call.ts';
import type { EmulatorCore } from './emulatorCore.ts';
import { handlers } from './handlers/index.ts';
import { completeMerchant } from './merchants.ts';
import { whenReady, type MaybePromise } from './maybePromise.ts';
import { readBody, type BodyKind, type PlainRequest, type RequestBody } from './requestBody.ts';
import { errorAnswer, type PlainAnswer } from './respond.ts';
import { authProblems, decryptAuth, keysCovered } from './rsaAuth.ts';
import { fieldProblems } from './validation.ts';
import type { Trail } from './refusal.ts';

const present = (body: RequestBody, name: string) => (body.fields[name] ?? '') !== '';

/**
 * Endpoints that share a path are told apart by the body: on Purchase's path a JSON body with a token is
 * Purchase using token, a form with token_flag is Subscription, anything else is Purchase.
 */
export function selectEndpoint(candidates: readonly EndpointSpec[], body: RequestBody): EndpointSpec {
  if (candidates.length === 1) return candidates[0]!;
  const byId = (id: string) => candidates.find((e) => e.id === id);
  if (body.kind === 'json' && (present(body, 'pwt') || present(body, 'ctid'))) return byId('purchase-with-token') ?? candidates[0]!;
  if (body.kind !== 'json' && present(body, 'token_flag')) return byId('subscription') ?? candidates[0]!;
  return byId('purchase') ?? candidates[0]!;
}

const CONTENT_TYPE_OF: Partial<Record<BodyKind, ContentType>> = { json: 'application/json', urlencoded: 'application/x-www-form-urlencoded', multipart: 'multipart/form-data' };

/**
 * Whether the endpoint takes this kind of body (catalog bodyTypeRules: documented, observed, or accepted
 * as an inference). A body that is neither JSON nor a form is refused only where PayWay refuses body
 * types at all (payment-v3, link-card-v3); elsewhere it reads as no fields.
 */
function accepts(endpoint: EndpointSpec, variant: Variant, kind: BodyKind): boolean {
  if (!endpoint.outcomes.unsupportedMediaType) return true;
  const type = CONTENT_TYPE_OF[kind];
  return type !== undefined && bodyTypeRules(endpoint, variant).some((r) => r.type === type && r.accepted);
}

/** The string-to-sign, as the core's stringToSign() builds it, without the segments the trace needs. */
function signedText(call: Call): string {
  let text = '';
  for (const part of call.variant.hash.fields) text += typeof part === 'string' ? call.field(part) : phpSum(call.field(part.phpSum[0]), call.field(part.phpSum[1]));
  return text;
}

/** Whether the request's hash is right; without a promise when the HMAC is synchronous (node:crypto). */
function hashMatches(call: Call, key: string): MaybePromise<boolean> {
  const recipe = call.variant.hash;
  return whenReady(call.core.hmac(signedText(call), key, recipe.algorithm, recipe.output), (signature) => timingSafeEqual(signature.hash, call.field('hash')));
}

/** A refusal, with its cause noted on the trail (the diagnosis and the request log read it). */
function refuse(trail: Trail | undefined, cause: NonNullable<Trail['cause']>, response: PlainAnswer): PlainAnswer {
  if (trail) trail.cause = cause;
  return response;
}

/**
 * Answers one PayWay call. The answer comes without a promise when nothing had to be waited for (the body
 * already read, a synchronous HMAC, a handler that changed nothing: a change is saved before the answer).
 */
export function handlePayWayCall(core: EmulatorCore, request: PlainRequest, path: string, candidates: readonly EndpointSpec[], trail?: Trail): MaybePromise<PlainAnswer> {
  return whenReady(readBody(request, core.maxBodyBytes), (body) => checkCall(core, request, body, path, candidates, trail));
}

/** The checks before the hash (body, fields, merchant, rate limit), then the hash. */
function checkCall(core: EmulatorCore, request: PlainRequest, body: RequestBody | undefined, path: string, candidates: readonly EndpointSpec[], trail?: Trail): MaybePromise<PlainAnswer> {
  if (!body) return refuse(trail, { kind: 'too-large', limit: core.maxBodyBytes }, errorAnswer(413, `The request body is larger than ${core.maxBodyBytes} bytes.`));
  const endpoint = selectEndpoint(candidates, body);
  const variant = emulatorVariant(endpoint);
  const call = new Call({ core, endpoint, variant, fields: body.fields, files: body.files, bodyKind: body.kind, origin: request.origin, path, now: core.now() });
  if (trail) {
    trail.endpoint = endpoint;
    trail.variant = variant;
    trail.body = body;
    trail.call = call;
  }

  if (!accepts(endpoint, variant, body.kind)) {
    const expected = bodyTypeRules(endpoint, variant).filter((r) => r.accepted).map((r) => r.type);
    return refuse(trail, { kind: 'content-type', got: body.kind, contentType: request.contentType ?? '', expected }, call.outcome('unsupportedMediaType'));
  }
  if (body.malformed) return refuse(trail, { kind: 'malformed', message: body.malformed }, call.invalidField('body', body.malformed));
  const problems = fieldProblems(endpoint, variant, body.fields, call.now);
  if (problems.length) return refuse(trail, { kind: 'fields', problems }, call.invalid(problems));

  // Partner endpoints are signed by a partner; a merchant-shaped view of it keeps the rest uniform.
  if (variant.hash.key === 'partner-key') {
    const partner = core.partner(call.field('partner_id'));
    if (!partner) return refuse(trail, { kind: 'merchant', field: 'partner_id', value: call.field('partner_id') }, call.outcome('merchantNotFound'));
    call.partner = partner;
    call.merchant = completeMerchant({ ...partner, merchantId: partner.partnerId, apiKey: partner.partnerKey }, true);
  } else {
    const merchant = core.merchant(call.field('merchant_id'));
    if (!merchant) return refuse(trail, { kind: 'merchant', field: 'merchant_id', value: call.field('merchant_id') }, call.outcome('merchantNotFound'));
    call.merchant = merchant;
  }

  if (endpoint.rateLimit && core.state.settings.rateLimits && endpoint.outcomes.rateLimited) {
    if (!core.limiter.allow(`${call.merchant.merchantId} ${endpoint.path}`, endpoint.rateLimit, call.now.getTime())) return refuse(trail, { kind: 'rate-limit' }, call.outcome('rateLimited'));
  }

  return whenReady(hashMatches(call, call.partner?.partnerKey ?? call.merchant.apiKey), (matched) =>
    matched ? answerSignedCall(call, candidates, trail) : refuse(trail, { kind: 'wrong-hash' }, call.outcome('wrongHash')),
  );
}

/** A call whose hash is right: its RSA plaintext checked, then its endpoint's handler, then the state saved. */
function answerSignedCall(call: Call, candidates: readonly EndpointSpec[], trail?: Trail): MaybePromise<PlainAnswer> {
  const { core, variant } = call;
  if (call.endpoint.rsa) {
    const field = call.endpoint.rsa.field;
    const decrypted = decryptAuth(call.merchant.rsaPrivateKeyPem, call.field(field));
    if (!decrypted.ok) {
      const cause = { kind: 'rsa', field, reason: decrypted.reason, message: decrypted.message } as const;
      if (decrypted.reason === 'cannot-decrypt') return refuse(trail, cause, call.outcome('cannotDecrypt'));
      return refuse(trail, cause, call.invalidField(field, decrypted.message));
    }
    call.auth = decrypted.value;
    // Complete pre-auth with and without payout share a path and a recipe: the plaintext tells them apart.
    const recipe = JSON.stringify(variant.hash);
    const sameRecipe = candidates.filter((e) => e.rsa && JSON.stringify(emulatorVariant(e).hash) === recipe);
    const fitting = sameRecipe.filter((e) => keysCovered(e.rsa!, decrypted.value)).sort((a, b) => a.rsa!.keys.length - b.rsa!.keys.length);
    if (fitting[0]) call.endpoint = fitting[0];
    if (trail) trail.endpoint = call.endpoint;
    const rsaProblems = authProblems(call.endpoint.rsa!, decrypted.value);
    if (rsaProblems.length) return refuse(trail, { kind: 'rsa', field, reason: 'plaintext', message: rsaProblems.join('; ') }, call.invalidField(field, rsaProblems.join('; ')));
    const mcId = call.authObject.mc_id;
    if (call.endpoint.rsa!.keys.some((k) => k.from === 'merchant_id') && mcId !== call.merchant.merchantId) {
      return refuse(trail, { kind: 'merchant', field: 'mc_id', value: typeof mcId === 'string' ? mcId : JSON.stringify(mcId) ?? '' }, call.outcome('merchantNotFound'));
    }
  }

  const handler = handlers[call.endpoint.id];
  if (!handler) return errorAnswer(501, `The emulator does not implement ${call.endpoint.id}.`);
  return whenReady(handler(call), (response) => (call.changed ? core.persist().then(() => response) : response));
}
