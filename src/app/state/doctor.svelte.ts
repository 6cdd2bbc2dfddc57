// The doctor page: what was pasted, which endpoint it is for, the key (in memory only), and the last
// diagnosis. The search itself runs elsewhere (a worker in the page): this class only asks and shows.
import { defaultVariant, getEndpoint, isEndpointId } from '../../core/catalog/index.ts';
import type { EndpointId } from '../../core/catalog/types.ts';
import type { DiagnoseInput, Diagnosis, PushbackDiagnosis, PushbackInput, Refusal } from '../../core/doctor/index.ts';
import { keyFingerprint } from '../../core/signing/inspectKey.ts';
import { parseRequestText, type RequestFormat } from '../../core/interop/parseRequestText.ts';
import { recogniseEndpoint, type EndpointRecognition } from '../../core/interop/recogniseEndpoint.ts';
import type { Credentials } from '../../core/presets/draft.ts';
import { DoctorJobError, type DoctorRunner } from '../workers/doctorProtocol.ts';

/** The page's budget: any diagnosis answers within a second, even on a slow machine. */
export const DOCTOR_SEARCH = { maxMs: 900 } as const;

export type DoctorTab = 'request' | 'callback';

/** Who refused a request: the page's own emulator, PayWay's sandbox or production, or another server. */
export type Refuser = 'emulator' | 'sandbox' | 'production' | 'other';
export const REFUSERS: readonly Refuser[] = ['emulator', 'sandbox', 'production', 'other'];

/** What the target answered, as the response panel passes it on (code and message; never a key). */
export interface ArrivedRefusal {
  by: Refuser;
  code?: string;
  message?: string;
  /** The target kind it went to ('emulator' or 'local-server' say where the emulator is). */
  target?: string;
}

/** What the page may be opened with (history state). Only these fields are read: never a key. */
export type DoctorArrival =
  | { kind: 'request'; endpoint?: EndpointId; variant?: string; wire: [string, string][]; refused?: ArrivedRefusal }
  | { kind: 'pushback'; body: string; header: string };

/** The emulator's merchants (id and API key), read from the emulator the request went to. */
export type EmulatorMerchants = (target: string | undefined) => Promise<readonly { merchantId: string; apiKey: string }[]>;

function readRefused(value: unknown): ArrivedRefusal | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const r = value as Record<string, unknown>;
  const by = REFUSERS.find((x) => x === r.by);
  if (!by) return undefined;
  return { by, ...(isText(r.code) ? { code: r.code } : {}), ...(isText(r.message) ? { message: r.message } : {}), ...(isText(r.target) ? { target: r.target } : {}) };
}

const isText = (value: unknown): value is string => typeof value === 'string';

/** Normalises a history state from outside (a response, the emulator panel, a stale entry) or gives undefined. */
export function readArrival(state: unknown): DoctorArrival | undefined {
  if (!state || typeof state !== 'object') return undefined;
  const s = state as Record<string, unknown>;
  const pushback = s.pushback as Record<string, unknown> | undefined;
  if (pushback && typeof pushback === 'object' && isText(pushback.body)) {
    return { kind: 'pushback', body: pushback.body, header: isText(pushback.header) ? pushback.header : '' };
  }
  const raw = s.wire;
  const pairs = Array.isArray(raw) ? raw : raw && typeof raw === 'object' ? Object.entries(raw) : undefined;
  if (!pairs) return undefined;
  const wire = pairs.filter((p): p is [string, string] => Array.isArray(p) && isText(p[0]) && isText(p[1])).map(([n, v]) => [n, v] as [string, string]);
  if (!wire.length) return undefined;
  const endpoint = isText(s.endpoint) && isEndpointId(s.endpoint) ? s.endpoint : undefined;
  const refused = readRefused(s.refused);
  return { kind: 'request', ...(endpoint ? { endpoint } : {}), ...(isText(s.variant) ? { variant: s.variant } : {}), wire, ...(refused ? { refused } : {}) };
}

export interface Recognition {
  format?: RequestFormat;
  fieldCount: number;
  /** The request carries its own `hash` field. */
  sentHash?: string;
  endpoint?: EndpointId;
  by: EndpointRecognition['by'];
  /** Other endpoints that fit (best first), to offer in the selector. */
  candidates: EndpointId[];
  notes: string[];
  /** Why the text cannot be read, in words. */
  error?: string;
}

/** Which endpoint a pasted request is for, as the doctor will see it (cheap enough to run per keystroke). */
export function recogniseRequest(text: string): Recognition {
  if (!text.trim()) return { fieldCount: 0, by: 'none', candidates: [], notes: [] };
  let parsed;
  try {
    parsed = parseRequestText(text);
  } catch (error) {
    return { fieldCount: 0, by: 'none', candidates: [], notes: [], error: error instanceof Error ? error.message : String(error) };
  }
  const names = parsed.fields.map(([n]) => n);
  const recognition = recogniseEndpoint(parsed.path, names);
  const sentHash = parsed.fields.findLast(([n]) => n === 'hash')?.[1];
  return {
    format: parsed.format,
    fieldCount: parsed.fields.filter(([n]) => n !== 'hash').length,
    ...(sentHash !== undefined ? { sentHash } : {}),
    ...(recognition.endpoint ? { endpoint: recognition.endpoint } : {}),
    by: recognition.by,
    candidates: recognition.candidates.map((c) => c.id).filter((id) => id !== recognition.endpoint),
    notes: recognition.notes,
  };
}

/** The wire values of a diagnosis input (its request text read as the doctor reads it, then `wire`). */
function recogniseWire(input: DiagnoseInput): Map<string, string> {
  const values = new Map<string, string>();
  try {
    if (input.requestText?.trim()) for (const [n, v] of parseRequestText(input.requestText).fields) values.set(n, v);
  } catch {
    // unreadable: the doctor will say so
  }
  const wire = input.wire ? (Array.isArray(input.wire) ? input.wire : Object.entries(input.wire)) : [];
  for (const [n, v] of wire as [string, string][]) values.set(n, v);
  return values;
}

/** The wire values as the text the doctor reads (JSON keeps their order and every character). */
export const wireAsText = (wire: readonly (readonly [string, string])[]): string => JSON.stringify(Object.fromEntries(wire), null, 2);

const keyFor = (endpoint: EndpointId | undefined, credentials: Credentials): string =>
  endpoint && defaultVariant(getEndpoint(endpoint)).hash.key === 'partner-key' ? (credentials.partnerKey ?? '') : (credentials.apiKey ?? '');

interface Job<R> {
  running: boolean;
  result: R | undefined;
  error: string | undefined;
  /** The inputs the result (or error) is for: when they differ from the current ones, it is out of date. */
  inputs: string;
}

export class DoctorState {
  #credentials: () => Credentials;
  #run: DoctorRunner;
  #emulatorMerchants: EmulatorMerchants | undefined;
  #arrived = '';
  #sequence = { request: 0, pushback: 0 };

  tab = $state<DoctorTab>('request');

  requestText = $state('');
  /** '' follows the recognised endpoint; an id overrides it. */
  endpointChoice = $state<EndpointId | ''>('');
  theirHash = $state('');
  theirString = $state('');
  /** undefined follows the environment's key; a string is what was typed here. */
  keyOverride = $state<string | undefined>();
  /** Where the request came from, when it came from the playground. */
  arrival = $state.raw<Extract<DoctorArrival, { kind: 'request' }> | undefined>();
  /** '' : no answer given; otherwise the target refused the request (set on arrival, or by hand). */
  refusedBy = $state<Refuser | ''>('');

  pushbackBody = $state('');
  pushbackHeader = $state('');
  pushbackKeyOverride = $state<string | undefined>();

  request = $state<Job<Diagnosis>>({ running: false, result: undefined, error: undefined, inputs: '' });
  pushback = $state<Job<PushbackDiagnosis>>({ running: false, result: undefined, error: undefined, inputs: '' });

  recognition = $derived(recogniseRequest(this.requestText));
  endpointId = $derived<EndpointId | undefined>(this.endpointChoice || this.recognition.endpoint);
  key = $derived(this.keyOverride ?? keyFor(this.endpointId, this.#env()));
  keyFromEnvironment = $derived(this.keyOverride === undefined);
  keyName = $derived(this.endpointId && defaultVariant(getEndpoint(this.endpointId)).hash.key === 'partner-key' ? 'Partner key' : 'API key');
  pushbackKey = $derived(this.pushbackKeyOverride ?? this.#env().apiKey ?? '');

  /** The refusal the diagnosis is told about (the answer's code only while the request is the one that got it). */
  refusal = $derived.by((): (Refusal & { target?: string }) | undefined => {
    if (!this.refusedBy) return undefined;
    const arrived = this.arrival?.refused;
    const same = arrived && arrived.by === this.refusedBy && this.arrival && this.requestText === wireAsText(this.arrival.wire);
    return {
      by: this.refusedBy === 'other' ? 'the server' : this.refusedBy,
      ...(same && arrived.code !== undefined ? { code: arrived.code } : {}),
      ...(same && arrived.message !== undefined ? { message: arrived.message } : {}),
      ...(same && arrived.target !== undefined ? { target: arrived.target } : {}),
    };
  });

  diagnoseInput = $derived.by((): DiagnoseInput => {
    const hash = this.theirHash.trim();
    const refusal = this.refusal;
    return {
      requestText: this.requestText,
      ...(this.endpointChoice ? { endpointId: this.endpointChoice } : {}),
      ...(hash ? { theirHash: hash } : {}),
      // Their string is compared byte for byte: nothing is trimmed.
      ...(this.theirString !== '' ? { theirString: this.theirString } : {}),
      ...(this.key ? { key: this.key } : {}),
      ...(this.#env().rsaPublicKeyPem ? { rsaPublicKeyPem: this.#env().rsaPublicKeyPem } : {}),
      ...(refusal ? { refused: { by: refusal.by, ...(refusal.code !== undefined ? { code: refusal.code } : {}), ...(refusal.message !== undefined ? { message: refusal.message } : {}) } } : {}),
      search: DOCTOR_SEARCH,
    };
  });
  pushbackInput = $derived.by(
    (): PushbackInput => ({
      body: this.pushbackBody,
      ...(this.pushbackHeader.trim() ? { header: this.pushbackHeader.trim() } : {}),
      ...(this.pushbackKey ? { key: this.pushbackKey } : {}),
      search: DOCTOR_SEARCH,
    }),
  );
  /** The shown result no longer matches the inputs (the key is part of them, but never shown). */
  requestStale = $derived(this.request.result !== undefined && this.request.inputs !== JSON.stringify(this.diagnoseInput));
  pushbackStale = $derived(this.pushback.result !== undefined && this.pushback.inputs !== JSON.stringify(this.pushbackInput));

  constructor(credentials: () => Credentials, run: DoctorRunner, emulatorMerchants?: EmulatorMerchants) {
    this.#credentials = credentials;
    this.#run = run;
    this.#emulatorMerchants = emulatorMerchants;
  }

  /**
   * For a refusal by the emulator, the fingerprints of the keys it holds: the doctor can then tell a key
   * that is not the merchant's. Only fingerprints go to the worker; the keys stay in this page.
   */
  async #withFingerprints(input: DiagnoseInput): Promise<DiagnoseInput> {
    const refused = input.refused;
    if (!refused || refused.by !== 'emulator' || !this.#emulatorMerchants) return input;
    let merchants: readonly { merchantId: string; apiKey: string }[];
    try {
      merchants = await this.#emulatorMerchants(this.refusal?.target);
    } catch {
      return input; // the emulator does not answer: the doctor asks the person to compare instead
    }
    const merchantId = recogniseWire(input).get('merchant_id');
    const prints = await Promise.all(merchants.map(async (m) => ({ merchantId: m.merchantId, keyFingerprint: await keyFingerprint(m.apiKey) })));
    const own = prints.find((p) => p.merchantId === merchantId);
    return {
      ...input,
      refused: {
        ...refused,
        ...(own ? { merchantId: own.merchantId, merchantKeyFingerprint: own.keyFingerprint } : {}),
        otherMerchants: prints.filter((p) => p !== own),
      },
    };
  }

  #env(): Credentials {
    return this.#credentials();
  }

  /** Fills the page from a history state; true when something new was applied (the caller then runs it).
   *  The same state again (back, forward, reload) leaves the person's edits alone. */
  arrive(state: unknown): boolean {
    const arrival = readArrival(state);
    if (!arrival) return false;
    const signature = JSON.stringify(arrival);
    if (signature === this.#arrived) return false;
    this.#arrived = signature;
    if (arrival.kind === 'pushback') {
      this.tab = 'callback';
      this.pushbackBody = arrival.body;
      this.pushbackHeader = arrival.header;
      this.pushback = { running: false, result: undefined, error: undefined, inputs: '' };
    } else {
      this.tab = 'request';
      this.arrival = arrival;
      this.refusedBy = arrival.refused?.by ?? '';
      this.requestText = wireAsText(arrival.wire);
      this.endpointChoice = arrival.endpoint ?? '';
      this.theirHash = '';
      this.theirString = '';
      this.request = { running: false, result: undefined, error: undefined, inputs: '' };
    }
    return true;
  }

  setKey(value: string): void {
    this.keyOverride = value;
  }

  /** Back to the environment's key (the one the playground signs with). */
  useEnvironmentKey(): void {
    this.keyOverride = undefined;
  }

  setPushbackKey(value: string | undefined): void {
    this.pushbackKeyOverride = value;
  }

  diagnose(): Promise<void> {
    const input = this.diagnoseInput;
    return this.#start('request', { kind: 'diagnose', input }, () => this.#withFingerprints(input));
  }

  verifyPushback(): Promise<void> {
    return this.#start('pushback', { kind: 'pushback', input: this.pushbackInput });
  }

  /** `complete` adds what only comes asynchronously (fingerprints) to the job; `inputs` stay what the page shows. */
  async #start(which: 'request' | 'pushback', job: Parameters<DoctorRunner>[0], complete?: () => Promise<DiagnoseInput>): Promise<void> {
    const sequence = ++this.#sequence[which];
    const current = () => sequence === this.#sequence[which];
    const inputs = JSON.stringify(job.input);
    this[which].running = true;
    try {
      const full = complete && job.kind === 'diagnose' ? { ...job, input: await complete() } : job;
      const result = await this.#run(full);
      if (!current()) return;
      if (which === 'request') this.request = { running: false, result: result as Diagnosis, error: undefined, inputs };
      else this.pushback = { running: false, result: result as PushbackDiagnosis, error: undefined, inputs };
    } catch (error) {
      if (!current()) return;
      // The other tab's job took the worker: this one simply stops, keeping what was shown.
      if (error instanceof DoctorJobError && error.failure === 'superseded') {
        this[which].running = false;
        return;
      }
      const message = error instanceof DoctorJobError && error.failure === 'input' ? error.message : `the doctor failed: ${error instanceof Error ? error.message : String(error)}`;
      this[which] = { running: false, result: undefined, error: message, inputs };
    }
  }
}
