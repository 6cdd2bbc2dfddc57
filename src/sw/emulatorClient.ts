// A typed client of the emulator for the UI. The same URLs work with the in-page emulator (service
// worker) and with `payway start` (Node), because both mount it at <app base>mock/.
import type { MerchantView } from '../emulator/admin.ts';
import type { Behaviour } from '../emulator/behaviours.ts';
import type { RequestFilter, RequestLogEntry } from '../emulator/requestLog.ts';
import type { Delivery, DeliveryAttempt, EmulatorSettings, InboxItem, InboxSignature, Session } from '../emulator/state.ts';

export type { Delivery, DeliveryAttempt, InboxItem, InboxSignature, RequestFilter, RequestLogEntry };
import { appBase } from './registerEmulator.ts';

export interface EmulatorInfo {
  emulator: 'payway-playground';
  /** 'service-worker' (in the page) or 'node' (payway start / payway mock). */
  runtime: string;
  basePath: string;
  stateVersion: number;
  settings: EmulatorSettings;
  merchants: number;
  /**
   * The emulator's inbox, absolute: put it (Base64-encoded where the field wants it) in return_url or
   * callback_url to see the pushbacks in inbox() instead of sending them to a backend.
   */
  inboxUrl: string;
}

/** A transaction as the admin API lists it: the stored record with amounts in the currency's unit. */
export interface TransactionView {
  merchantId: string;
  tranId: string;
  createdBy: string;
  status: string;
  preAuth: boolean;
  currency: 'USD' | 'KHR';
  amount: number;
  refunded: number;
  completedAmount?: number;
  paymentType: string;
  createdAt: string;
  paidAt?: string;
  closed: boolean;
  notifyUrl?: string;
  qrString?: string;
  operations: { status: string; amount: number; at: string; bankRef: string }[];
  [more: string]: unknown;
}

export type SessionView = Session & { pageUrl: string };

export interface NewMerchant {
  merchantId?: string;
  name?: string;
  apiKey?: string;
  currency?: 'USD' | 'KHR';
  /** Both or neither: without them the emulator generates an RSA 1024-bit pair. */
  rsaPublicKeyPem?: string;
  rsaPrivateKeyPem?: string;
}

export class EmulatorClient {
  /** The emulator's mount URL, ending in "/" (e.g. https://host/app/mock/). */
  readonly root: URL;

  constructor(root: string | URL = new URL('mock/', appBase())) {
    this.root = new URL(root);
  }

  /** Where a PayWay path is served, e.g. url('/api/payment-gateway/v1/payments/check-transaction-2'). */
  url(path: string): URL {
    return new URL(path.replace(/^\//, ''), this.root);
  }

  /** Sends a signed request (RequestTrace.body from the signing core) to the emulator. */
  send(path: string, body: { contentTypeHeader: string; text: string }): Promise<Response> {
    return fetch(this.url(path), { method: 'POST', headers: { 'content-type': body.contentTypeHeader }, body: body.text });
  }

  async #json<T>(path: string, init?: RequestInit): Promise<T> {
    const response = await fetch(this.url(`_emulator/${path}`), { cache: 'no-store', ...init });
    const body = (await response.json()) as T & { error?: string };
    if (!response.ok) throw new Error(body.error ?? `the emulator answered HTTP ${response.status}`);
    return body;
  }

  #post<T>(path: string, body?: unknown): Promise<T> {
    return this.#json<T>(path, { method: 'POST', headers: { 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  }

  info = () => this.#json<EmulatorInfo>('info');
  transactions = async (merchantId?: string) =>
    (await this.#json<{ transactions: TransactionView[] }>(`transactions${merchantId ? `?merchant_id=${encodeURIComponent(merchantId)}` : ''}`)).transactions;
  /** Newest first. */
  deliveries = async () => (await this.#json<{ deliveries: Delivery[] }>('deliveries')).deliveries;
  /** Pushbacks the emulator's inbox received, newest first, with whether their signature verifies. */
  inbox = async () => (await this.#json<{ items: InboxItem[] }>('inbox')).items;
  clearInbox = () => this.#json<{ ok: true }>('inbox', { method: 'DELETE' });
  resend = (deliveryId: string) => this.#post<{ delivery: Delivery; attempt: DeliveryAttempt }>(`deliveries/${encodeURIComponent(deliveryId)}/resend`);
  /** Payer pages (checkout, card entry, account linking, payment links), newest first. */
  sessions = async () => (await this.#json<{ sessions: SessionView[] }>('sessions')).sessions;
  merchants = async () => (await this.#json<{ merchants: MerchantView[] }>('merchants')).merchants;
  addMerchant = async (merchant: NewMerchant = {}) => (await this.#post<{ merchant: MerchantView }>('merchants', merchant)).merchant;
  removeMerchant = (merchantId: string) => this.#json<{ ok: true }>(`merchants/${encodeURIComponent(merchantId)}`, { method: 'DELETE' });
  setRateLimits = async (rateLimits: boolean) => (await this.#post<{ settings: EmulatorSettings }>('settings', { rateLimits })).settings;
  /** Simulates a bank app scanning a KHQR (pays its pending transaction, or records an offline payment). */
  scanKhqr = async (qrString: string, amount?: string) => (await this.#post<{ transaction: TransactionView }>('khqr/scan', { qrString, amount })).transaction;
  behaviours = async () => (await this.#json<{ behaviours: Behaviour[] }>('behaviours')).behaviours;
  /** The request log, newest first, with the diagnosis of each refused request. */
  requests = async (filter: Omit<RequestFilter, 'endpoint' | 'id'> = {}) => {
    const query = new URLSearchParams();
    for (const [name, value] of Object.entries(filter)) if (value !== undefined && value !== '') query.set(name, String(value));
    const text = query.toString();
    return (await this.#json<{ entries: RequestLogEntry[] }>(`requests${text ? `?${text}` : ''}`)).entries;
  };
  reset = () => this.#post<{ ok: true }>('reset');
}
