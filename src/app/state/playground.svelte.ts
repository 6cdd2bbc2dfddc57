// The request being edited and its trace. Inputs are immutable records ($state.raw): every edit makes a
// new one, which is cheap and lets the trace recompute from one consistent snapshot per keystroke.
import { exampleInputs, buildRequest, formatReqTime, type FieldStep, type Problem, type RequestTrace, type RsaTrace } from '../../core/signing/index.ts';
import type { HmacSigner } from '../../core/signing/hmac.ts';
import { fieldsOf, getEndpoint, getVariant, defaultVariant } from '../../core/catalog/index.ts';
import type { EndpointId, EndpointSpec, FieldSpec } from '../../core/catalog/types.ts';
import type { Credentials, RequestDraft } from '../../core/presets/draft.ts';
import { CARRIED_FIELDS, idsOfTrace, replaceJsonMember, suggestIds, type CarriedField, type IdSuggestion, type SentIds } from '../idSuggestions.ts';

/** What the environment lends the request: the merchant id is shown in both the bar and the form. */
export interface RequestContext {
  credentials: Credentials;
  merchantId: string;
}

/** Performance entry name of one trace recompute (read by `npm run bench:ui`). */
export const TRACE_MEASURE = 'payway:trace';

const RSA_CACHE_LIMIT = 32;

export const isTimeField = (field: FieldSpec): boolean => field.format === 'req-time';

/** A fresh tran_id: digits only (every PayWay tran_id rule accepts them), 13 long, unique enough to demo. */
export function newTranId(now = Date.now(), random = Math.random): string {
  return String(now).slice(-10) + String(Math.floor(random() * 1000)).padStart(3, '0');
}

/** A draft kept from before a reload (see sessionDrafts.ts). */
export interface RestoredDraft {
  draft: RequestDraft;
  autoTime: boolean;
}

export interface PlaygroundOptions {
  endpoint?: EndpointId;
  now?: () => Date;
  build?: typeof buildRequest;
  /** The draft kept for an endpoint before a reload; asked when an endpoint is opened with no draft in memory. */
  restoreDraft?: (id: EndpointId) => RestoredDraft | undefined;
}

interface Draft {
  variant: string;
  inputs: Record<string, string>;
  wire: Record<string, string>;
  /** Time fields follow the clock until the user types in them. */
  autoTime: boolean;
}

export class Playground {
  endpoint = $state.raw<EndpointSpec>(getEndpoint('purchase'));
  variantId = $state('');
  inputs = $state.raw<Record<string, string>>({});
  /** Wire values the user set verbatim (no encoding applied). */
  wire = $state.raw<Record<string, string>>({});
  autoTime = $state(true);
  trace = $state.raw<RequestTrace | undefined>();
  traceError = $state<string | undefined>();
  /** The field under the pointer or focus, highlighted in both the form and the string-to-sign. */
  highlighted = $state<string | undefined>();

  variant = $derived(getVariant(this.endpoint, this.variantId || undefined));
  fields = $derived(fieldsOf(this.endpoint, this.variant));
  hasMerchantId = $derived(this.fields.some((f) => f.name === 'merchant_id'));
  /** The ids of the last requests that went through (in memory only: they are not worth a database). */
  sentIds = $state.raw<SentIds>({});
  /** Those ids where this request holds another value, offered beside the field that would take them. */
  idSuggestions = $derived(suggestIds(this.endpoint, this.fields, this.inputs, this.wire, this.sentIds));

  #context: () => RequestContext;
  #now: () => Date;
  #build: typeof buildRequest;
  #restoreDraft: ((id: EndpointId) => RestoredDraft | undefined) | undefined;
  #drafts = new Map<EndpointId, Draft>();
  /** The last id typed or sent, per name: what a fresh draft starts with. */
  #carried: Partial<Record<CarriedField, string>> = {};
  // RSA padding is random: without this cache merchant_auth (and so the hash) would change on every keystroke.
  #rsaCache = new Map<string, RsaTrace>();
  #signer: HmacSigner | undefined;
  // Each field's part of the trace, for fields another keystroke does not touch (bounded by buildRequest).
  #stepCache = new Map<string, { step: FieldStep; problems: Problem[] }>();
  #sequence = 0;

  constructor(context: () => RequestContext, options: PlaygroundOptions = {}) {
    this.#context = context;
    this.#now = options.now ?? (() => new Date());
    this.#build = options.build ?? buildRequest;
    this.#restoreDraft = options.restoreDraft;
    this.open(options.endpoint ?? 'purchase');
  }

  /** Switches endpoint, keeping each endpoint's edits in memory so back/forward returns to them. */
  open(id: EndpointId): void {
    if (this.endpoint.id === id && this.variantId) return;
    if (this.variantId) this.#drafts.set(this.endpoint.id, this.#draft());
    const endpoint = getEndpoint(id);
    const draft = this.#drafts.get(id) ?? this.#restoredDraft(endpoint) ?? this.#freshDraft(endpoint);
    this.endpoint = endpoint;
    this.variantId = draft.variant;
    this.inputs = draft.inputs;
    this.wire = draft.wire;
    this.autoTime = draft.autoTime;
    this.trace = undefined;
    this.highlighted = undefined;
    if (this.autoTime) this.refreshTime();
  }

  /** Loads a request from outside (presets, history); secrets never come with it. */
  load(draft: RequestDraft): void {
    this.open(draft.endpoint);
    this.variantId = getVariant(this.endpoint, draft.variant).id;
    this.inputs = { ...draft.inputs };
    this.wire = { ...(draft.wire ?? {}) };
    this.autoTime = false;
  }

  /** The request as presets and links carry it (no credentials; merchant_id comes from the environment). */
  toDraft(): RequestDraft {
    const draft: RequestDraft = { endpoint: this.endpoint.id, variant: this.variant.id, inputs: { ...this.inputs } };
    if (Object.keys(this.wire).length) draft.wire = { ...this.wire };
    return draft;
  }

  /** Lights `field` up (on) or turns it off, unless something else has been lit since. */
  highlight(field: string, on: boolean): void {
    if (on) this.highlighted = field;
    else if (this.highlighted === field) this.highlighted = undefined;
  }

  setInput(name: string, value: string): void {
    this.inputs = { ...this.inputs, [name]: value };
    if (this.fields.some((f) => f.name === name && isTimeField(f))) this.autoTime = false;
    if ((CARRIED_FIELDS as readonly string[]).includes(name)) this.#carried[name as CarriedField] = value;
  }

  /** Remembers the ids a request sent. Call it only for a send that went through (the caller knows). */
  rememberSent(trace: RequestTrace): void {
    const ids = idsOfTrace(getEndpoint(trace.endpoint), trace);
    if (!Object.keys(ids).length) return;
    const next = { ...this.sentIds };
    for (const [name, value] of Object.entries(ids) as [CarriedField, string][]) {
      next[name] = { value, from: trace.endpoint };
      this.#carried[name] = value;
    }
    this.sentIds = next;
  }

  /** Puts a suggested id in: its own field, or the member of the JSON field that holds it. */
  applySuggestion(suggestion: IdSuggestion): void {
    if (suggestion.field === suggestion.name) return this.setInput(suggestion.name, suggestion.value);
    const json = replaceJsonMember(this.inputs[suggestion.field] ?? '', suggestion.name, suggestion.value);
    if (json !== undefined) this.setInput(suggestion.field, json);
  }

  /** Sends `value` as the wire value of `name` verbatim, or (undefined) goes back to encoding the input. */
  setWire(name: string, value: string | undefined): void {
    const next = { ...this.wire };
    if (value === undefined) delete next[name];
    else next[name] = value;
    this.wire = next;
  }

  setVariant(id: string): void {
    const variant = getVariant(this.endpoint, id);
    this.variantId = variant.id;
    // Fields that only this variant has start with their demo values.
    const examples = exampleInputs(this.endpoint, variant.id);
    const added: Record<string, string> = {};
    for (const field of variant.extraFields ?? []) {
      if (this.inputs[field.name] === undefined && examples[field.name] !== undefined) added[field.name] = examples[field.name]!;
    }
    if (Object.keys(added).length) this.inputs = { ...this.inputs, ...added };
  }

  /** Back to the catalog's demo values, with the time set to now and a fresh tran_id. */
  fillExamples(): void {
    const draft = this.#freshDraft(this.endpoint, this.variant.id, false);
    this.inputs = draft.inputs;
    this.wire = {};
    this.autoTime = true;
    this.refreshTime();
  }

  /** Sets the time fields to now (UTC). */
  refreshTime(): void {
    const now = formatReqTime(this.#now());
    const next = { ...this.inputs };
    for (const field of this.fields) if (isTimeField(field)) next[field.name] = now;
    this.inputs = next;
  }

  setNow(name: string): void {
    this.inputs = { ...this.inputs, [name]: formatReqTime(this.#now()) };
    this.autoTime = true;
  }

  newTranId(): void {
    this.setInput('tran_id', newTranId(this.#now().getTime()));
  }

  /** What buildRequest gets: the form's inputs with the environment's merchant id. */
  requestInputs(merchantId: string): Record<string, string> {
    return this.hasMerchantId ? { ...this.inputs, merchant_id: merchantId } : this.inputs;
  }

  /**
   * Rebuilds the trace. Called from an $effect, so everything read before the first await is tracked.
   * A later call overtakes an earlier one still waiting for WebCrypto: only the newest result is shown.
   */
  async recompute(): Promise<RequestTrace | undefined> {
    const sequence = ++this.#sequence;
    // Everything is read (and so tracked) now; the rebuild itself waits until the update that called it
    // has been applied, so it neither holds that update back nor is timed with it.
    const { credentials, merchantId } = this.#context();
    const endpoint = this.endpoint;
    const inputs = this.requestInputs(merchantId);
    const options = { variant: this.variant.id, wire: this.wire, rsaCache: this.#rsaCache, now: this.#now(), signer: this.#signer, stepCache: this.#stepCache };
    await Promise.resolve();
    const start = performance.now();
    try {
      const trace = await this.#build(endpoint, inputs, credentials, options);
      if (this.#rsaCache.size > RSA_CACHE_LIMIT) this.#rsaCache.delete(this.#rsaCache.keys().next().value!);
      if (sequence === this.#sequence) {
        this.trace = trace;
        this.traceError = undefined;
        performance.measure(TRACE_MEASURE, { start, end: performance.now() });
      }
      // The caller gets the trace of the inputs it saw, even when a newer one already replaced it on screen.
      return trace;
    } catch (error) {
      if (sequence === this.#sequence) this.traceError = error instanceof Error ? error.message : String(error);
      return undefined;
    }
  }

  /** A synchronous HMAC for the trace (syncHmac.ts, a lazy chunk); until one is given, WebCrypto signs. */
  useSigner(signer: HmacSigner): void {
    this.#signer = signer;
  }

  #draft(): Draft {
    return { variant: this.variant.id, inputs: this.inputs, wire: this.wire, autoTime: this.autoTime };
  }

  /** The draft this tab kept for `endpoint` before a reload, if any. */
  #restoredDraft(endpoint: EndpointSpec): Draft | undefined {
    const restored = this.#restoreDraft?.(endpoint.id);
    if (!restored) return undefined;
    const { draft, autoTime } = restored;
    return { variant: getVariant(endpoint, draft.variant).id, inputs: { ...draft.inputs }, wire: { ...(draft.wire ?? {}) }, autoTime };
  }

  #freshDraft(endpoint: EndpointSpec, variantId = defaultVariant(endpoint).id, carry = true): Draft {
    const inputs = exampleInputs(endpoint, variantId);
    delete inputs.merchant_id; // the environment's merchant id fills it
    const names = new Set(fieldsOf(endpoint, getVariant(endpoint, variantId)).map((f) => f.name));
    if (carry) {
      for (const name of CARRIED_FIELDS) {
        const value = this.#carried[name];
        if (value !== undefined && names.has(name)) inputs[name] = value;
      }
    }
    // Endpoints that refuse a reused tran_id (purchase, QR, payment) start with a new one.
    if (names.has('tran_id') && (endpoint.outcomes.duplicate || !carry)) inputs.tran_id = newTranId(this.#now().getTime());
    return { variant: variantId, inputs, wire: {}, autoTime: true };
  }
}
