// The emulator's own API under <mount>/_emulator/ (JSON), for the playground UI: what happened
// (transactions, pushback deliveries, payer pages), what to change (merchants, rate limits, reset),
// and the payer pages themselves. Amounts here are in the currency's unit (10.5 = 10.50 USD).
import { utf8Decode } from '../core/signing/bytes.ts';
import type { Session, Transaction } from './state.ts';
import { behaviours } from './behaviours.ts';
import type { EmulatorCore } from './emulatorCore.ts';
import { currencyOfKhqr, parseKhqr, parseTlv } from './khqr.ts';
import { createTransaction, isPending, payTransaction } from './lifecycle.ts';
import type { Merchant } from './merchants.ts';
import { isCurrency, toMajor, toMinor } from './money.ts';
import { actOnSession, renderSession, sessionPath } from './payerPages.ts';
import { readLimited } from './requestBody.ts';
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

const sessionView = (core: EmulatorCore, url: URL, s: Session) => ({ ...s, pageUrl: core.absoluteUrl(url, sessionPath(s.id)) });

async function readJson(request: Request, limit: number): Promise<Record<string, unknown> | string> {
  const bytes = await readLimited(request, limit);
  if (!bytes) return `the body is larger than ${limit} bytes`;
  if (!bytes.length) return {};
  try {
    const value: unknown = JSON.parse(utf8Decode(bytes));
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
  const pending = Object.values(core.state.transactions).find((tx) => tx.qrString === payload);
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
  const bytes = await readLimited(request, core.maxBodyBytes);
  const { html, changed } = await actOnSession(core, session, new URLSearchParams(utf8Decode(bytes ?? new Uint8Array())), path);
  if (changed) await core.persist();
  return htmlResponse(html);
}

/** Route → method → handler; `:id` routes take one more path segment. */
const ROUTES: Readonly<Record<string, Readonly<Record<string, AdminHandler>>>> = {
  info: {
    GET: ({ core }) =>
      jsonResponse({ emulator: 'payway-playground', runtime: core.runtime, basePath: core.basePath, stateVersion: STATE_VERSION, settings: core.state.settings, merchants: core.merchants().length }),
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
  sessions: { GET: ({ core, url }) => jsonResponse({ sessions: Object.values(core.state.sessions).reverse().map((s) => sessionView(core, url, s)) }) },
  'pay/:id': { GET: payerPage, POST: payerPage },
  'khqr/scan': { POST: (r) => readBody(r, (body) => scanKhqr(r.core, body)) },
  behaviours: { GET: () => jsonResponse({ behaviours }) },
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
