// The emulator's shared machinery: options, the loaded state and its saving, merchants, ids, the rate
// limiter and the pushback queue. Request handling lives in payWayCall.ts and admin.ts.
import { sign, type HmacSigner } from '../core/signing/hmac.ts';
import { generateRsaKeyPair, secureRandomBytes, type RandomBytes, type RsaKeyPairPem } from '../core/signing/rsa.ts';
import { DEFAULT_DIAGNOSIS, DiagnosisQueue, type DiagnosisOptions } from './diagnosis/finishRequest.ts';
import { IdSource } from './ids.ts';
import { completeMerchant, DEMO_MERCHANT_CREDENTIALS, DEMO_PARTNER, type Merchant, type MerchantCredentials, type PartnerCredentials } from './merchants.ts';
import { Pushbacks, type PushbackRequest } from './pushbacks.ts';
import { RateLimiter } from './rateLimiter.ts';
import { RequestLog, type RequestLogLimits } from './requestLog.ts';
import { MAX_BODY_BYTES } from './requestBody.ts';
import { seedState } from './seed.ts';
import { LiveState, recordsOfState, type KeyedRecord } from './liveState.ts';
import type { IndexRange } from './recordIndexes.ts';
import { emptyState, restoreState, STATE_VERSION, type Delivery, type DeliveryAttempt, type EmulatorState, type ReadOnly } from './state.ts';
import { memoryStateStore, type KeyedCollection, type StateStore, type StoredRecords } from './stateStore.ts';

export interface EmulatorOptions {
  /** Path the emulator is mounted at: '' at the root, '/mock' in `payway start`, '<base>mock' in the service worker. */
  basePath?: string;
  store?: StateStore;
  now?: () => Date;
  random?: RandomBytes;
  /** Merchants that always exist (default: the demo merchant). */
  merchants?: readonly MerchantCredentials[];
  partners?: readonly PartnerCredentials[];
  /** Makes the key pair of a merchant added through the admin API. */
  generateKeyPair?: () => Promise<RsaKeyPairPem>;
  /** Outbound fetch for pushbacks (a pushback to the emulator's own mount is answered without it). */
  fetch?: typeof fetch;
  /** Why a pushback URL must not be fetched, or undefined (Node's `--no-private-callbacks` resolves names here). */
  checkCallbackTarget?: (url: URL) => Promise<string | undefined>;
  /** The emulator's own origin (the service worker's), besides the origins requests arrive at. */
  origin?: string;
  /** Every HMAC the emulator computes (request hashes, pushback signatures, proofs); default the core's sign(). */
  hmac?: HmacSigner;
  /** Where it runs, reported by /_emulator/info ('node', 'service-worker', 'test'). */
  runtime?: string;
  /** Initial rate-limit setting for a fresh state (default on). */
  rateLimits?: boolean;
  maxBodyBytes?: number;
  pushbackTimeoutMs?: number;
  /** Seed the demo merchant's example transaction, token and beneficiaries (default true). */
  seed?: boolean;
  /**
   * The JSON view of a state (an old `--state file.json`) that an empty store starts from instead of the
   * seeded one; a store that already holds a state ignores it, so it is imported once.
   */
  initialState?: unknown;
  /** The diagnosis of refused requests: the header, and how long an answer waits for the doctor. */
  diagnosis?: Partial<DiagnosisOptions>;
  /** Bounds of the in-memory request log. */
  requestLog?: Partial<RequestLogLimits>;
}

/** Origins remembered by sawOrigin(): loopback names and ports of one server, with room to spare. */
export const MAX_ORIGINS = 16;

export class EmulatorCore {
  readonly basePath: string;
  readonly random: RandomBytes;
  readonly ids: IdSource;
  readonly limiter = new RateLimiter();
  readonly pushbacks: Pushbacks;
  readonly runtime: string;
  readonly maxBodyBytes: number;
  readonly generateKeyPair: () => Promise<RsaKeyPairPem>;
  readonly hmac: HmacSigner;
  /** Every PayWay request answered (in memory only, apart from the state). */
  readonly requests: RequestLog;
  readonly diagnosis: DiagnosisOptions;
  readonly diagnoses: DiagnosisQueue;
  /** Answers a request as the emulator does (set by createEmulator): pushbacks to itself go here. */
  handle: (request: Request) => Promise<Response> = () => Promise.reject(new Error('the emulator has no handler'));
  /** The state, read from and written to the store record by record (liveState.ts). */
  state!: EmulatorState;
  /** True once the state is loaded: requests then skip waiting for it. */
  loaded = false;
  #live!: LiveState;
  #records!: StoredRecords;

  readonly #options: EmulatorOptions;
  readonly #store: StateStore;
  readonly #builtIn: Map<string, Merchant>;
  readonly #partners: Map<string, PartnerCredentials>;
  #loading?: Promise<void>;
  readonly #background = new Set<Promise<unknown>>();
  /** Origins the emulator was reached at: a URL there under its mount is the emulator itself. */
  readonly #origins = new Set<string>();
  #lastOrigin = '';

  constructor(options: EmulatorOptions = {}) {
    this.#options = options;
    this.basePath = (options.basePath ?? '').replace(/\/+$/, '');
    this.random = options.random ?? secureRandomBytes;
    this.ids = new IdSource(this.random);
    this.runtime = options.runtime ?? 'unknown';
    this.maxBodyBytes = options.maxBodyBytes ?? MAX_BODY_BYTES;
    this.generateKeyPair = options.generateKeyPair ?? (() => generateRsaKeyPair(1024));
    this.hmac = options.hmac ?? sign;
    this.requests = new RequestLog(options.requestLog);
    this.diagnosis = { ...DEFAULT_DIAGNOSIS, ...options.diagnosis };
    this.diagnoses = new DiagnosisQueue(this.diagnosis.maxQueued);
    if (options.origin) this.#origins.add(new URL(options.origin).origin);
    this.#store = options.store ?? memoryStateStore();
    this.#builtIn = new Map((options.merchants ?? [DEMO_MERCHANT_CREDENTIALS]).map((m) => [m.merchantId, completeMerchant(m, true)]));
    this.#partners = new Map((options.partners ?? [DEMO_PARTNER]).map((p) => [p.partnerId, p]));
    this.pushbacks = new Pushbacks({
      fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
      now: () => this.now(),
      ids: this.ids,
      timeoutMs: options.pushbackTimeoutMs ?? 10_000,
      signingKey: (merchantId) => this.merchant(merchantId)?.apiKey,
      hmac: this.hmac,
      isOwn: (url) => this.isOwnUrl(url),
      handle: (request) => this.handle(request),
      ...(options.checkCallbackTarget ? { checkTarget: options.checkCallbackTarget } : {}),
    });
  }

  now(): Date {
    return this.#options.now?.() ?? new Date();
  }

  /** Opens the store once (seeding an empty one); every request waits for it. */
  ready(): Promise<void> {
    this.#loading ??= this.#store.open().then(async (records) => {
      this.#records = records;
      const version = LiveState.storedVersion(records);
      if (version !== undefined && version > STATE_VERSION) throw new Error(`the stored state has version ${version}, newer than this emulator's ${STATE_VERSION}; use a newer payway or another store`);
      if (version === undefined) {
        const { initialState } = this.#options;
        const state = initialState === undefined ? this.freshState() : restoreState(initialState, () => this.freshState());
        await records.commit(recordsOfState(state), { replaceAll: true });
      }
      this.#openLive();
      this.loaded = true;
    });
    return this.#loading;
  }

  #openLive(): void {
    this.#live = new LiveState(this.#records, { readsOnDemand: this.#store.readsOnDemand });
    this.state = this.#live.state;
  }

  freshState(): EmulatorState {
    const state = emptyState({ rateLimits: this.#options.rateLimits ?? true });
    if (this.#options.seed !== false) seedState(state, this);
    return state;
  }

  merchants(): Merchant[] {
    return [...this.#builtIn.values(), ...this.state.merchants.filter((m) => !this.#builtIn.has(m.merchantId)).map((m) => completeMerchant(m, false))];
  }

  merchant(id: string): Merchant | undefined {
    const builtIn = this.#builtIn.get(id);
    if (builtIn) return builtIn;
    const saved = this.state.merchants.find((m) => m.merchantId === id);
    return saved && completeMerchant(saved, false);
  }

  isBuiltIn(id: string): boolean {
    return this.#builtIn.has(id);
  }

  partner(id: string): PartnerCredentials | undefined {
    return this.#partners.get(id);
  }

  partnerList(): PartnerCredentials[] {
    return [...this.#partners.values()];
  }

  /** A stored record to read, not to change (no proxy: see LiveState.peek); `state` hands out the one to change. */
  peek<C extends KeyedCollection>(collection: C, key: string): ReadOnly<KeyedRecord<C>> | undefined {
    return this.#live.peek(collection, key);
  }

  /** Stored records through an index (recordIndexes.ts), in its order, read-only, read as they are asked for. */
  find<C extends KeyedCollection>(collection: C, range: IndexRange): Iterable<ReadOnly<KeyedRecord<C>>> {
    return this.#live.find(collection, range);
  }

  /**
   * Writes the records changed since the last write, as one batch (one SQLite transaction). It settles
   * once the batch is durable; when it fails, the changes are undone and it rejects (see LiveState).
   */
  persist(): Promise<void> {
    return this.#live.persist();
  }

  /** Undoes the changes not yet written: a request that failed half-way leaves nothing behind. */
  discardChanges(): void {
    this.#live?.discard();
  }

  /** Starts `work` without waiting for it; idle() waits for it. Failures are the work's own business. */
  background(work: Promise<unknown>): void {
    const tracked = work.catch(() => {}).finally(() => this.#background.delete(tracked));
    this.#background.add(tracked);
  }

  /** Records a pushback with the state change that caused it; sends it in the background. */
  deliver(request: PushbackRequest): Delivery {
    const delivery = this.pushbacks.record(this.state, request);
    this.background(this.sendDelivery(delivery));
    return delivery;
  }

  /** One attempt of `delivery`, saved afterwards. */
  async sendDelivery(delivery: Delivery): Promise<DeliveryAttempt> {
    const attempt = await this.pushbacks.attempt(delivery);
    // The attempt was added to the delivery as it was recorded, not through the state's proxy.
    this.#live.touch(delivery);
    await this.persist();
    return attempt;
  }

  /** Resolves when no pushback is in flight and the state is saved. */
  async idle(): Promise<void> {
    while (this.#background.size) await Promise.all([...this.#background]);
    if (this.#live) await this.#live.persist().catch(() => {});
  }

  /** Back to the seeded state, keeping the settings. */
  async reset(): Promise<void> {
    await this.idle();
    this.limiter.clear();
    const fresh = this.freshState();
    fresh.settings = { ...this.state.settings };
    await this.#records.commit(recordsOfState(fresh), { replaceAll: true });
    this.#openLive();
  }

  /** Closes the store (the database file); the emulator answers nothing after it. */
  async close(): Promise<void> {
    await this.idle();
    await this.#store.close?.();
  }

  /**
   * Remembers the origin a request arrived at (cheap: one Set lookup per request). Only the first few
   * are kept: the Node servers let through only the Host names they were bound for, and a caller that
   * makes up a Host per request must not grow the set.
   */
  sawOrigin(origin: string): void {
    // Most requests come to the origin the one before came to: a string comparison, not a Set lookup.
    if (origin === this.#lastOrigin) return;
    this.#lastOrigin = origin;
    if (this.#origins.size < MAX_ORIGINS && !this.#origins.has(origin)) this.#origins.add(origin);
  }

  /** Whether `url` is under the emulator's own mount on an origin it is reached at. */
  isOwnUrl(url: string): boolean {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return false;
    }
    const path = parsed.pathname;
    return this.#origins.has(parsed.origin) && (this.basePath === '' || path === this.basePath || path.startsWith(this.basePath + '/'));
  }

  /** Absolute URL of an emulator path on the origin a request came to (for JSON answers; pages use relative URLs). */
  absoluteUrl(origin: string, path: string): string {
    return origin + this.basePath + path;
  }
}
