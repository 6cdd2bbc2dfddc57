// Everything the emulator remembers. Handlers see it as one object, `EmulatorState`; a store keeps it as
// records, one per transaction, session, token, ... (liveState.ts), each checked by `isValidRecord` when
// it is read back. Its JSON view (an export, an old state file) is normalised by `restoreState`.
import { PAYMENT_STATUS_CODES, type PaymentStatus } from '../core/catalog/index.ts';
import type { EndpointId } from '../core/catalog/types.ts';
import { jsonBoundsProblem } from './bounds.ts';
import type { Currency } from './money.ts';
import type { RecordCollection } from './stateStore.ts';

export const STATE_VERSION = 1;

/** A stored record as a handler that only reads sees it: nothing in it can be changed. */
export type ReadOnly<T> = T extends (infer U)[] ? readonly ReadOnly<U>[] : T extends object ? { readonly [K in keyof T]: ReadOnly<T[K]> } : T;

/** payment_status as PayWay words it, and its payment_status_code: the catalog's (core/catalog/paymentStatus.ts). */
export { PAYMENT_STATUS_CODES, type PaymentStatus };

export type OperationStatus = 'Completed' | 'Pre-Auth' | 'Completed Pre-Auth' | 'Cancelled Pre-Auth' | 'Refunded';

export interface Operation {
  status: OperationStatus;
  /** Minor units. */
  amount: number;
  at: string;
  bankRef: string;
}

export interface Payer {
  firstName: string;
  lastName: string;
  email: string;
  phone: string;
}

export interface Transaction {
  merchantId: string;
  tranId: string;
  /** The endpoint that created it. */
  createdBy: EndpointId | 'khqr-scan';
  status: PaymentStatus;
  preAuth: boolean;
  currency: Currency;
  /** Minor units: what the payer is asked for (amount + shipping). */
  amount: number;
  /** Minor units captured by a pre-auth completion (may differ from `amount`). */
  completedAmount?: number;
  /** Minor units refunded so far. */
  refunded: number;
  /** Payment options the request asked for ([] = all the profile has). */
  paymentOptions: string[];
  /** How it was paid: ABA Pay, KHQR, VISA, … ('' until paid). */
  paymentType: string;
  cardSource: string;
  payer: Payer;
  apv: string;
  bankRef: string;
  payerAccount: string;
  bankName: string;
  createdAt: string;
  paidAt?: string;
  /** When the payer can no longer pay (lifetime). */
  expiresAt?: string;
  /** close-transaction was called: the sandbox keeps it PENDING but refuses KHQR payment. */
  closed: boolean;
  /** Decoded return_url / callback_url: where the pushback goes. */
  notifyUrl?: string;
  continueSuccessUrl?: string;
  cancelUrl?: string;
  returnParams?: string;
  /** KHQR tag 62.01 or the payment link's merchant_ref_no. */
  merchantRef?: string;
  qrString?: string;
  /** Subscription: the token to register on approval. */
  subscription?: { ctid: string; frequency: string };
  linkId?: string;
  operations: Operation[];
}

export type TokenKind = 'account' | 'card';

export interface Token {
  merchantId: string;
  ctid: string;
  pwt: string;
  kind: TokenKind;
  /** request_id (v3), or the old generation's return_param. */
  requestId?: string;
  returnParam?: string;
  tokenFlag: string;
  frequency: string | null;
  subscribedAmount: number | null;
  currency: Currency;
  /** 'ABA ACCOUNT', 'Visa', … */
  type: string;
  sourceOfFund: string;
  /** 0 removed, 1 active, 2 frozen. */
  status: 0 | 1 | 2;
  expiresAt: string;
  createdAt: string;
  notifyUrl?: string;
}

export type LinkStatus = 'OPEN' | 'PAID' | 'VOIDED';

export interface PaymentLink {
  id: string;
  merchantId: string;
  slug: string;
  title: string;
  description: string;
  amount: number;
  currency: Currency;
  paymentLimit: number | null;
  expiredDate: number | null;
  returnUrl: string;
  merchantRefNo: string;
  payout: { acc: string; amt: number }[];
  image: { filename: string; size: number } | null;
  status: LinkStatus;
  totalTrxn: number;
  totalAmount: number;
  totalRefund: number;
  createdAt: string;
  updatedAt: string;
  sessionId: string;
}

export interface Beneficiary {
  merchantId: string;
  payee: string;
  name: string;
  currency: Currency;
  type: 'Merchant' | 'ABA Account';
  status: 0 | 1;
  createdAt: string;
}

export interface Payout {
  merchantId: string;
  tranId: string;
  transactionId: string;
  amount: number;
  currency: Currency;
  beneficiaries: { account: string; amount: number; payoutId: string }[];
  customFields: string;
  createdAt: string;
}

/** A page where the tester plays the payer: checkout, card entry, account linking, a link, a registration. */
export type SessionKind = 'checkout' | 'qr' | 'link-account' | 'link-card' | 'payment-link' | 'partner-register';

export interface Session {
  id: string;
  kind: SessionKind;
  merchantId: string;
  endpoint: EndpointId;
  /** What the session is about: tran_id, link id, request_id / return_param, register_ref. */
  ref: string;
  createdAt: string;
  expiresAt?: string;
  /** For linking sessions: the token that approval creates. */
  link?: {
    ctid: string;
    kind: TokenKind;
    requestId?: string;
    returnParam?: string;
    tokenFlag: string;
    frequency: string | null;
    currency: Currency;
    notifyUrl?: string;
    /** Where the payer goes once the card is saved. */
    continueUrl?: string;
    /** Pushback in the v3 shape ({request_id, payment_credential}) rather than the old aof one. */
    v3: boolean;
  };
  /** Set when the payer has answered (links stay open until PAID or VOIDED). */
  outcome?: { action: 'approve' | 'decline' | 'cancel'; at: string; option?: string };
}

export interface DeliveryAttempt {
  at: string;
  ok: boolean;
  /** HTTP status of the merchant's answer, when there was one. */
  status?: number;
  /** Why it failed: network error, CORS, timeout. */
  error?: string;
  /** First characters of the merchant's answer. */
  response?: string;
  /** True when no request was made (an example domain, not a URL): `error` says why. */
  notSent?: boolean;
}

export interface Delivery {
  id: string;
  merchantId: string;
  /** What happened: 'purchase', 'qr', 'token', 'payment-link', … */
  event: string;
  /** tran_id, request_id, … */
  ref: string;
  url: string;
  headers: Record<string, string>;
  body: Record<string, unknown>;
  createdAt: string;
  attempts: DeliveryAttempt[];
}

/** What the inbox concluded about a pushback's X-PayWay-HMAC-SHA512 header. */
export interface InboxSignature {
  /** The header as received; null when the pushback had none (payment-link pushbacks are unsigned). */
  received: string | null;
  /** true: it verifies with `merchantId`'s API key; false: with no merchant's key; null: nothing to verify. */
  valid: boolean | null;
  merchantId?: string;
  /** What the signature is computed over (the body as PHP sees it), when the body is a JSON object. */
  stringToSign?: string;
  note?: string;
}

/** A pushback the emulator's inbox received (POST <mount>/_emulator/inbox). */
export interface InboxItem {
  id: string;
  receivedAt: string;
  /** The inbox URL as called (a ?merchant_id= narrows the signature check to that merchant). */
  url: string;
  headers: Record<string, string>;
  /** The body parsed as JSON, or its text when it is not JSON. */
  body: unknown;
  signature: InboxSignature;
}

export interface MerchantRecord {
  merchantId: string;
  name: string;
  apiKey: string;
  rsaPublicKeyPem: string;
  rsaPrivateKeyPem: string;
  currency: Currency;
}

export interface Registration {
  partnerId: string;
  registerRef: string;
  pushbackUrl: string;
  redirectUrl: string;
  currency: Currency;
  token: string;
  sessionId: string;
  merchantId?: string;
  createdAt: string;
}

export interface EmulatorSettings {
  rateLimits: boolean;
}

export interface EmulatorState {
  version: typeof STATE_VERSION;
  /** Merchants the user added (built-in ones come from the options). */
  merchants: MerchantRecord[];
  /** Keyed by `transactionKey(merchantId, tranId)`. */
  transactions: Record<string, Transaction>;
  tokens: Token[];
  links: Record<string, PaymentLink>;
  beneficiaries: Beneficiary[];
  payouts: Payout[];
  sessions: Record<string, Session>;
  deliveries: Delivery[];
  /** Pushbacks received by the emulator's own inbox, oldest first. */
  inbox: InboxItem[];
  registrations: Registration[];
  settings: EmulatorSettings;
}

export const transactionKey = (merchantId: string, tranId: string) => `${merchantId}/${tranId}`;

/** Deliveries kept; older ones are dropped so a long session does not grow without end. */
export const MAX_DELIVERIES = 500;
export const MAX_INBOX = 200;

export function emptyState(settings: EmulatorSettings = { rateLimits: true }): EmulatorState {
  return {
    version: STATE_VERSION,
    merchants: [],
    transactions: {},
    tokens: [],
    links: {},
    beneficiaries: [],
    payouts: [],
    sessions: {},
    deliveries: [],
    inbox: [],
    registrations: [],
    settings: { ...settings },
  };
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const hasStrings = (value: unknown, ...keys: string[]): boolean => isObject(value) && keys.every((k) => typeof value[k] === 'string');

/** What each kind of record needs to be usable; a record without it is left out when read back. */
const RECORD_CHECKS: Readonly<Record<RecordCollection, (value: unknown) => boolean>> = {
  merchants: (m) => hasStrings(m, 'merchantId', 'apiKey', 'rsaPublicKeyPem', 'rsaPrivateKeyPem'),
  transactions: (t) => hasStrings(t, 'merchantId', 'tranId', 'status', 'currency') && Array.isArray((t as Transaction).operations),
  tokens: (t) => hasStrings(t, 'merchantId', 'ctid', 'pwt'),
  links: (l) => hasStrings(l, 'id', 'merchantId', 'status'),
  beneficiaries: (b) => hasStrings(b, 'merchantId', 'payee'),
  payouts: (p) => hasStrings(p, 'merchantId', 'tranId'),
  sessions: (s) => hasStrings(s, 'id', 'kind', 'merchantId', 'ref'),
  deliveries: (d) => hasStrings(d, 'id', 'url') && Array.isArray((d as Delivery).attempts),
  inbox: (i) => hasStrings(i, 'id', 'receivedAt') && isObject((i as InboxItem).signature),
  registrations: (r) => hasStrings(r, 'partnerId', 'registerRef'),
  meta: (m) => isObject(m),
};

export const isValidRecord = (collection: RecordCollection, value: unknown): boolean => RECORD_CHECKS[collection](value);

/** A record that can be stored: usable, and within the bounds of bounds.ts (an old file may hold one that is not). */
function storable(collection: RecordCollection, value: unknown): boolean {
  if (!isValidRecord(collection, value)) return false;
  try {
    return jsonBoundsProblem(JSON.stringify(value)) === undefined;
  } catch {
    return false;
  }
}

function records<T>(value: unknown, collection: RecordCollection): Record<string, T> {
  if (!isObject(value)) return {};
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => storable(collection, entry))) as Record<string, T>;
}

const list = <T>(value: unknown, collection: RecordCollection): T[] => (Array.isArray(value) ? (value.filter((entry) => storable(collection, entry)) as T[]) : []);

/**
 * The JSON view of a state (an export, a state file of an older release) → a state the emulator can
 * trust. Unknown versions start fresh rather than guess; entries that lack their identifying fields, or
 * that are too large or too deep to store, are dropped; the rest is kept as saved.
 */
export function restoreState(raw: unknown, fallback: () => EmulatorState): EmulatorState {
  if (!isObject(raw) || raw.version !== STATE_VERSION) return fallback();
  const settings = isObject(raw.settings) && typeof raw.settings.rateLimits === 'boolean' ? { rateLimits: raw.settings.rateLimits } : fallback().settings;
  return {
    version: STATE_VERSION,
    merchants: list(raw.merchants, 'merchants'),
    transactions: records(raw.transactions, 'transactions'),
    tokens: list(raw.tokens, 'tokens'),
    links: records(raw.links, 'links'),
    beneficiaries: list(raw.beneficiaries, 'beneficiaries'),
    payouts: list(raw.payouts, 'payouts'),
    sessions: records(raw.sessions, 'sessions'),
    deliveries: list<Delivery>(raw.deliveries, 'deliveries').slice(-MAX_DELIVERIES),
    // Added after version 1 was released, so a version-1 state without it restores with an empty inbox.
    inbox: list<InboxItem>(raw.inbox, 'inbox').slice(-MAX_INBOX),
    registrations: list(raw.registrations, 'registrations'),
    settings,
  };
}

/** A plain copy of the state (its JSON view), e.g. for an export; merchants' secrets left out unless asked. */
export function stateView(state: EmulatorState, { secrets = false } = {}): EmulatorState {
  const view = JSON.parse(JSON.stringify(state)) as EmulatorState;
  // Without its key a merchant cannot be imported again: restoreState drops it, which is what a bug report wants.
  if (!secrets) view.merchants = view.merchants.map(({ apiKey: _key, rsaPrivateKeyPem: _private, ...m }) => m as MerchantRecord);
  return view;
}
