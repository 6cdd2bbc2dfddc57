// The emulator's own API under <mount>/_emulator/ (JSON), for the playground UI: what happened
// (transactions, pushback deliveries, payer pages), what to change (merchants, rate limits, reset),
// the payer pages themselves, and an inbox that receives pushbacks. Amounts here are in the currency's
// unit (10.5 = 10.50 USD).
import { PUSHBACK_SIGNATURE_HEADER, pushbackStringToSign, verifyPushback } from '../core/callbacks/pushbackSignature.ts';
import { MAX_INBOX, transactionKey, type InboxItem, type InboxSignature, type Session, type Transaction } from './state.ts';
import { behaviours } from './behaviours.ts';
import type { EmulatorCore } from './emulatorCore.ts';
import { currencyOfKhqr, parseKhqr, parseTlv } from './khqr.ts';
import { createTransaction, isPending, payTransaction } from './lifecycle.ts';
import { byQrRange, sessionsByRefRange } from './recordIndexes.ts';
import type { Merchant } from './merchants.ts';
import { isCurrency, toMajor, toMinor } from './money.ts';
import { actOnSession, renderSession, sessionPath } from './payerPages.ts';
import { readTextLimited } from './requestBody.ts';
import { jsonDepth, MAX_INBOX_BODY_BYTES, MAX_STORED_DEPTH } from './bounds.ts';
import { emulatorError, htmlResponse, jsonResponse } from './respond.ts';
import { STATE_VERSION } from './state.ts';

export interface MerchantView {
  merchantId: string;
  name: string;
  apiKey: string;
  rsaPublicKeyPem: string;
  currency: string;
  builtIn: boolean;
}

/** Never the private key: the UI needs what an integrator would have, nothing more. */
const merchantView = (m: Merchant): MerchantView => ({ merchantId: m.merchantId, name: m.name, apiKey: m.apiKey, rsaPublicKeyPem: m.rsaPublicKeyPem, currency: m.currency, builtIn: m.builtIn });

export function transactionView(tx: Transaction): Record<string, unknown> {
  const major = (minor: number | undefined) => (minor === undefined ? undefined : toMajor(minor, tx.currency));
  return {
    ...tx,
    amount: major(tx.amount),
    refunded: major(tx.refunded),
    completedAmount: major(tx.completedAmount),
    operations: tx.operations.map((op) => ({ ...op, amount: major(op.amount) })),
  };
}

const sessionView = (core: EmulatorCore, url: URL, s: Session) => ({ ...s, pageUrl: core.absoluteUrl(url.origin, sessionPath(s.id)) });

async function readJson(request: Request, limit: number): Promise<Record<string, unknown> | string> {
  const text = await readTextLimited(request, limit);
  if (text === undefined) return `the body is larger than ${limit} bytes`;
  if (!text.length) return {};
  if (jsonDepth(text) > MAX_STORED_DEPTH) return `the body nests deeper than ${MAX_STORED_DEPTH} levels`;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : 'the body is not a JSON object';
  } catch {
    return 'the body is not JSON';
  }
}

const adminError = (status: number, message: string) => jsonResponse({ error: message }, status);

async function addMerchant(core: EmulatorCore, body: Record<string, unknown>): Promise<Response> {
  const merchantId = typeof body.merchantId === 'string' && body.merchantId ? body.merchantId : 'ec' + core.ids.digits(6);
  if (!/^[A-Za-z0-9_-]{1,30}$/.test(merchantId)) return adminError(400, 'merchantId must be 1 to 30 letters, digits, "-" or "_"');
  if (core.merchant(merchantId)) return adminError(409, `merchant ${merchantId} already exists`);
  const currency = body.currency ?? 'USD';
  if (!isCurrency(currency)) return adminError(400, 'currency must be USD or KHR');
  const given = typeof body.rsaPublicKeyPem === 'string' && typeof body.rsaPrivateKeyPem === 'string';
  const keys = given ? { publicKeyPem: body.rsaPublicKeyPem as string, privateKeyPem: body.rsaPrivateKeyPem as string } : await core.generateKeyPair();
  const record = {
    merchantId,
    name: typeof body.name === 'string' && body.name ? body.name : `Merchant ${merchantId}`,
    apiKey: typeof body.apiKey === 'string' && body.apiKey ? body.apiKey : core.ids.hex(20),
    rsaPublicKeyPem: keys.publicKeyPem,
    rsaPrivateKeyPem: keys.privateKeyPem,
    currency,
  };
  // Re-check after the key generation: another request may have taken the id meanwhile.
  if (core.merchant(merchantId)) return adminError(409, `merchant ${merchantId} already exists`);
  core.state.merchants.push(record);
  await core.persist();
  return jsonResponse({ merchant: merchantView(core.merchant(merchantId)!) }, 201);
}

/** Simulates a bank app scanning a KHQR: pays the pending transaction it belongs to, or records an offline payment. */
async function scanKhqr(core: EmulatorCore, body: Record<string, unknown>): Promise<Response> {
  const payload = typeof body.qrString === 'string' ? body.qrString : '';
  let fields;
  try {
    fields = parseKhqr(payload);
  } catch (error) {
    return adminError(400, `not a valid KHQR: ${(error as Error).message}`);
  }
  // Through the index of KHQR strings; the live record found is the one changed.
  let pending: Transaction | undefined;
  for (const found of core.find('transactions', byQrRange(payload))) {
    if (found.qrString !== payload) continue;
    pending = core.state.transactions[transactionKey(found.merchantId, found.tranId)];
    break;
  }
  if (pending) {
    if (!isPending(pending, core.now())) return adminError(409, `transaction ${pending.tranId} is ${pending.status}${pending.status === 'PENDING' ? ' but expired' : ''}`);
    if (pending.closed) return adminError(409, `transaction ${pending.tranId} was closed; the gateway refuses the scan`);
    payTransaction(core, pending, 'abapay_khqr');
    await core.persist();
    return jsonResponse({ transaction: transactionView(pending) });
  }
  const merchantId = parseTlv(fields.get('30') ?? '').get('01') ?? '';
  const merchant = core.merchant(merchantId);
  if (!merchant) return adminError(404, `no merchant ${merchantId} in the emulator (tag 30.01)`);
  const currency = currencyOfKhqr(fields.get('53'));
  if (!currency) return adminError(400, 'tag 53 is not 116 (KHR) or 840 (USD)');
  const amount = toMinor(fields.get('54') ?? body.amount, currency);
  if (amount === undefined || amount <= 0) return adminError(400, 'a static KHQR needs an "amount" in the request');
  const tx = createTransaction(
    core,
    { merchantId, tranId: core.ids.digits(10), createdBy: 'khqr-scan', currency, amount },
    { merchantRef: parseTlv(fields.get('62') ?? '').get('01') ?? '' },
  );
  payTransaction(core, tx, 'abapay_khqr');
  await core.persist();
  return jsonResponse({ transaction: transactionView(tx) }, 201);
}

const INBOX_PATH = '/_emulator/inbox';

/** Checks X-PayWay-HMAC-SHA512 with each merchant's API key (or only `merchantId`'s) until one verifies. */
async function inboxSignature(core: EmulatorCore, body: unknown, received: string | null, merchantId: string | null): Promise<InboxSignature> {
  if (received === null) return { received, valid: null, note: 'No X-PayWay-HMAC-SHA512 header (payment-link pushbacks come unsigned).' };
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { received, valid: null, note: 'The body is not a JSON object, so there is nothing to verify.' };
  const fields = body as Record<string, unknown>;
  const candidates = merchantId === null ? core.merchants() : [core.merchant(merchantId)].filter((m) => m !== undefined);
  const { stringToSign } = pushbackStringToSign(fields);
  for (const merchant of candidates) {
    if ((await verifyPushback(fields, received, merchant.apiKey, core.hmac)).valid) return { received, valid: true, merchantId: merchant.merchantId, stringToSign };
  }
  const whose = merchantId === null ? "any of the emulator's merchants" : `merchant ${merchantId}${candidates.length ? '' : ' (unknown to the emulator)'}`;
  return { received, valid: false, stringToSign, note: `The signature does not verify with the API key of ${whose}.` };
}

/** POST <mount>/_emulator/inbox: records any pushback, as a merchant's backend would receive it. */
async function receivePushback({ core, request, url }: AdminRequest): Promise<Response> {
  // Bounded like everything stored: a real pushback is under 2 KB and nests 3 levels.
  const limit = Math.min(core.maxBodyBytes, MAX_INBOX_BODY_BYTES);
  const text = await readTextLimited(request, limit);
  if (text === undefined) return adminError(413, `the body is larger than ${limit} bytes`);
  if (jsonDepth(text) > MAX_STORED_DEPTH) return adminError(400, `the body nests deeper than ${MAX_STORED_DEPTH} levels`);
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // kept as text
  }
  const signature = await inboxSignature(core, body, request.headers.get(PUSHBACK_SIGNATURE_HEADER), url.searchParams.get('merchant_id'));
  const headers: Record<string, string> = {};
  request.headers.forEach((value, name) => (headers[name] = value));
  const item: InboxItem = { id: core.ids.hex(8), receivedAt: core.now().toISOString(), url: url.href, headers, body, signature };
  const { inbox } = core.state;
  inbox.push(item);
  if (inbox.length > MAX_INBOX) inbox.splice(0, inbox.length - MAX_INBOX);
  await core.persist();
  return jsonResponse({ received: true, id: item.id, signature });
}

interface AdminRequest {
  core: EmulatorCore;
  request: Request;
  url: URL;
  /** The path segment after the route's name (a delivery, merchant or session id). */
  id?: string;
  tail?: string;
}

type AdminHandler = (r: AdminRequest) => Response | Promise<Response>;

async function readBody(r: AdminRequest, then: (body: Record<string, unknown>) => Promise<Response>): Promise<Response> {
  const body = await readJson(r.request, r.core.maxBodyBytes);
  return typeof body === 'string' ? adminError(400, body) : then(body);
}

function removeMerchant({ core, id }: AdminRequest): Promise<Response> | Response {
  if (core.isBuiltIn(id!)) return adminError(409, `${id} is built in and cannot be removed`);
  const at = core.state.merchants.findIndex((m) => m.merchantId === id);
  if (at < 0) return adminError(404, `no merchant ${id}`);
  core.state.merchants.splice(at, 1);
  return core.persist().then(() => jsonResponse({ ok: true }));
}

async function resend({ core, id, tail }: AdminRequest): Promise<Response> {
  const delivery = tail === 'resend' ? core.state.deliveries.find((d) => d.id === id) : undefined;
  if (!delivery) return adminError(404, `no delivery ${id} to resend`);
  const attempt = await core.sendDelivery(delivery);
  return jsonResponse({ delivery, attempt });
}

async function payerPage({ core, request, id }: AdminRequest): Promise<Response> {
  const session = id ? core.state.sessions[id] : undefined;
  if (!session) return htmlResponse('<!doctype html><title>Not found</title><p>This page does not exist (the emulator may have been reset).</p>', 404);
  const path = `/_emulator/pay/${id}`;
  if (request.method === 'GET') return htmlResponse(renderSession(core, session, path));
  const text = await readTextLimited(request, core.maxBodyBytes);
  const { html, changed } = await actOnSession(core, session, new URLSearchParams(text ?? ''), path);
  if (changed) await core.persist();
  return htmlResponse(html);
}

/** Route → method → handler; `:id` routes take one more path segment. */
const ROUTES: Readonly<Record<string, Readonly<Record<string, AdminHandler>>>> = {
  info: {
    GET: ({ core, url }) =>
      jsonResponse({
        emulator: 'payway-playground',
        runtime: core.runtime,
        basePath: core.basePath,
        stateVersion: STATE_VERSION,
        settings: core.state.settings,
        merchants: core.merchants().length,
        // What to put in return_url / callback_url to see the pushbacks here rather than send them away.
        inboxUrl: core.absoluteUrl(url.origin, INBOX_PATH),
      }),
  },
  state: {
    GET: ({ core }) => {
      const { merchants, ...rest } = core.state;
      return jsonResponse({ ...rest, merchants: merchants.map(({ rsaPrivateKeyPem: _private, ...m }) => m) });
    },
  },
  transactions: {
    GET: ({ core, url }) => {
      const merchantId = url.searchParams.get('merchant_id');
      const list = Object.values(core.state.transactions).filter((tx) => !merchantId || tx.merchantId === merchantId);
      list.sort((a, b) => (b.createdAt < a.createdAt ? -1 : b.createdAt > a.createdAt ? 1 : 0));
      return jsonResponse({ transactions: list.map(transactionView) });
    },
  },
  deliveries: { GET: ({ core }) => jsonResponse({ deliveries: [...core.state.deliveries].reverse() }) },
  inbox: {
    GET: ({ core }) => jsonResponse({ items: [...core.state.inbox].reverse() }),
    POST: receivePushback,
    DELETE: ({ core }) => {
      core.state.inbox = [];
      return core.persist().then(() => jsonResponse({ ok: true }));
    },
  },
  'deliveries/:id': { POST: resend },
  reset: { POST: ({ core }) => core.reset().then(() => jsonResponse({ ok: true })) },
  merchants: {
    GET: ({ core }) => jsonResponse({ merchants: core.merchants().map(merchantView) }),
    POST: (r) => readBody(r, (body) => addMerchant(r.core, body)),
  },
  'merchants/:id': { DELETE: removeMerchant },
  settings: {
    GET: ({ core }) => jsonResponse({ settings: core.state.settings }),
    POST: (r) =>
      readBody(r, async (body) => {
        if (typeof body.rateLimits !== 'boolean') return adminError(400, 'send {"rateLimits": true | false}');
        r.core.state.settings.rateLimits = body.rateLimits;
        r.core.limiter.clear();
        await r.core.persist();
        return jsonResponse({ settings: r.core.state.settings });
      }),
  },
  // Newest first; ?ref=<tran_id, link id, ...> reads only the pages about it (through an index).
  sessions: {
    GET: ({ core, url }) => {
      const ref = url.searchParams.get('ref');
      const sessions =
        ref === null ? Object.values(core.state.sessions).reverse() : [...core.find('sessions', sessionsByRefRange(ref))].filter((s) => s.ref === ref);
      return jsonResponse({ sessions: sessions.map((s) => sessionView(core, url, s as Session)) });
    },
  },
  'pay/:id': { GET: payerPage, POST: payerPage },
  'khqr/scan': { POST: (r) => readBody(r, (body) => scanKhqr(r.core, body)) },
  behaviours: { GET: () => jsonResponse({ behaviours }) },
  // The request log, newest first: ?path= (part of it), ?outcome=refused|accepted, ?endpoint=, ?since=<id>, ?limit=.
  requests: {
    GET: ({ core, url }) => {
      const q = url.searchParams;
      const number = (name: string) => (q.get(name) !== null && /^\d+$/.test(q.get(name)!) ? Number(q.get(name)) : undefined);
      const outcome = q.get('outcome');
      if (outcome !== null && outcome !== 'refused' && outcome !== 'accepted') return adminError(400, 'outcome must be refused or accepted');
      return jsonResponse(
        core.requests.list({
          ...(q.get('path') ? { path: q.get('path')! } : {}),
          ...(outcome ? { outcome } : {}),
          ...(q.get('endpoint') ? { endpoint: q.get('endpoint')! } : {}),
          ...(number('since') !== undefined ? { since: number('since') } : {}),
          ...(number('id') !== undefined ? { id: number('id') } : {}),
          ...(number('limit') !== undefined ? { limit: number('limit') } : {}),
        }),
      );
    },
    DELETE: ({ core }) => {
      core.requests.clear();
      return jsonResponse({ ok: true });
    },
  },
};

export function handleAdmin(core: EmulatorCore, request: Request, url: URL, route: string): Promise<Response> | Response {
  const [head = '', id, tail] = route.split('/');
  const exact = ROUTES[route];
  const withId = id !== undefined ? ROUTES[`${head}/:id`] : undefined;
  const methods = exact ?? withId;
  if (!methods) return emulatorError(404, 'Not Found');
  const handler = methods[request.method];
  if (!handler) return emulatorError(405, 'Method Not Allowed', { allow: Object.keys(methods).join(', ') });
  return handler({ core, request, url, ...(exact ? {} : { id: id!, ...(tail !== undefined ? { tail } : {}) }) });
}
