// Test support for the emulator: a deterministic emulator (fixed clock, seeded randomness, recorded
// pushbacks) and signed requests built by the same core the playground uses.
import { getEndpoint } from '../../../src/core/catalog/index.ts';
import { DEMO_MERCHANT } from '../../../src/core/demoMerchant.ts';
import { buildRequest, exampleInputs, type Credentials } from '../../../src/core/signing/buildRequest.ts';
import { formatReqTime } from '../../../src/core/signing/reqTime.ts';
import { createEmulator, DEMO_PARTNER, type Emulator, type EmulatorOptions } from '../../../src/emulator/index.ts';
import { seededRandom } from '../../support/seededRandom.ts';

export const BASE = 'http://emulator.test';

export class TestClock {
  constructor(public time = Date.UTC(2025, 1, 13, 6, 55, 45)) {}
  now = () => new Date(this.time);
  advance(ms: number): void {
    this.time += ms;
  }
}

export interface Pushed {
  url: string;
  headers: Record<string, string>;
  body: Record<string, unknown>;
}

export interface TestEmulator {
  emulator: Emulator;
  clock: TestClock;
  /** Every pushback POST the emulator made. */
  pushed: Pushed[];
  /** Sends the example request of `endpointId` with `inputs` over it; returns status and parsed body. */
  call(endpointId: string, inputs?: Record<string, string>, options?: CallOptions): Promise<Answer>;
  request(endpointId: string, inputs?: Record<string, string>, options?: CallOptions): Promise<Request>;
  get(path: string): Promise<Response>;
  post(path: string, body: string, contentType: string): Promise<Response>;
}

export interface CallOptions {
  credentials?: Credentials;
  variant?: string;
  /** Replace wire values after signing (to break the hash or a field). */
  wire?: Record<string, string>;
  /** Wire values sent verbatim and signed (e.g. a merchant_auth that is not a ciphertext). */
  verbatim?: Record<string, string>;
  /** Start from these inputs instead of the catalog's example. */
  noExample?: boolean;
  /** Send the signed fields in this body type instead of the endpoint's. */
  bodyAs?: 'json' | 'urlencoded';
}

export interface Answer {
  status: number;
  body: Record<string, unknown>;
  headers: Headers;
  text: string;
}

export const demoCredentials: Credentials = { apiKey: DEMO_MERCHANT.apiKey, rsaPublicKeyPem: DEMO_MERCHANT.rsaPublicKeyPem, partnerKey: DEMO_PARTNER.partnerKey };

export function testEmulator(options: EmulatorOptions = {}): TestEmulator {
  const clock = new TestClock();
  const pushed: Pushed[] = [];
  const random = seededRandom(7);
  const emulator = createEmulator({
    now: clock.now,
    random: seededRandom(42),
    runtime: 'test',
    fetch: async (url, init) => {
      pushed.push({ url: String(url), headers: init?.headers as Record<string, string>, body: JSON.parse(String(init?.body)) as Record<string, unknown> });
      return new Response('OK');
    },
    ...options,
  });

  async function request(endpointId: string, inputs: Record<string, string> = {}, options: CallOptions = {}): Promise<Request> {
    const endpoint = getEndpoint(endpointId);
    const time = formatReqTime(clock.now());
    const base = options.noExample ? {} : exampleInputs(endpoint, options.variant);
    for (const name of ['req_time', 'request_time']) if (endpoint.fields.some((f) => f.name === name)) base[name] = time;
    const trace = await buildRequest(endpoint, { ...base, ...inputs }, options.credentials ?? demoCredentials, {
      random,
      now: clock.now(),
      ...(options.variant ? { variant: options.variant } : {}),
      ...(options.verbatim ? { wire: options.verbatim } : {}),
    });
    let text = trace.body.text;
    let type = trace.body.contentTypeHeader;
    if (options.wire || options.bodyAs) {
      const wire = { ...Object.fromEntries(trace.wire), ...options.wire };
      const json = (options.bodyAs ?? (trace.body.contentType === 'application/json' ? 'json' : 'urlencoded')) === 'json';
      text = json ? JSON.stringify(wire) : new URLSearchParams(wire).toString();
      type = json ? 'application/json' : 'application/x-www-form-urlencoded';
    }
    return new Request(BASE + endpoint.path, { method: 'POST', headers: { 'content-type': type }, body: text });
  }

  return {
    emulator,
    clock,
    pushed,
    request,
    async call(endpointId, inputs, options) {
      return answerOf(await emulator.fetch(await request(endpointId, inputs, options)));
    },
    get: (path) => emulator.fetch(new Request(BASE + path)),
    post: (path, body, contentType) => emulator.fetch(new Request(BASE + path, { method: 'POST', headers: { 'content-type': contentType }, body })),
  };
}

export async function answerOf(response: Response): Promise<Answer> {
  const text = await response.text();
  let body: Record<string, unknown> = {};
  if (response.headers.get('content-type')?.includes('json')) body = JSON.parse(text) as Record<string, unknown>;
  return { status: response.status, body, headers: response.headers, text };
}

/** The code of an answer as sent: `status.code`, or `status` itself in the legacy v1 check's flat envelope. */
export const rawCodeOf = (body: Record<string, unknown>): unknown => (typeof body.status === 'number' ? body.status : (body.status as { code?: unknown } | undefined)?.code);

/** `status.code` of an answer (or the legacy `status` number), as text whether it came as a string or a number. */
export const codeOf = (answer: Answer): string => String(rawCodeOf(answer.body));

/** The payer page form of an HTML answer: its action resolved against the page URL. */
export function payerForm(html: string, pageUrl: string): URL {
  const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
  if (!action) throw new Error('the page has no form');
  return new URL(action.replace(/&amp;/g, '&'), pageUrl);
}

/** Plays the payer: posts the page's form with `action` and `option`; returns the result page. */
export async function actOnPage(t: TestEmulator, html: string, pageUrl: string, action: string, option?: string): Promise<string> {
  const target = payerForm(html, pageUrl);
  const body = new URLSearchParams({ action, ...(option ? { option } : {}) }).toString();
  const response = await t.emulator.fetch(new Request(target, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body }));
  return response.text();
}

/** A fresh tran_id per call, so tests do not depend on each other. */
let counter = 0;
export const newTranId = (prefix = 'T') => `${prefix}${Date.UTC(2025, 0, 1) / 1000 + ++counter}`;

/** The RSA plaintext of an endpoint's example with `changes` applied (as pretty JSON, like the catalog's). */
export function authJson(endpointId: string, changes: Record<string, unknown>): string {
  return JSON.stringify({ ...(JSON.parse(getEndpoint(endpointId).rsa!.example) as Record<string, unknown>), ...changes });
}

/** Whether `body` has the dot path ('data.apv', 'data[].apv', 'status.code'); arrays are judged by their first entry. */
export function hasPath(body: unknown, path: string): boolean {
  let value: unknown = body;
  for (const part of path.split('.')) {
    const name = part.replace(/\[\]$/, '');
    if (typeof value !== 'object' || value === null || !(name in value)) return false;
    value = (value as Record<string, unknown>)[name];
    if (part.endsWith('[]')) {
      if (!Array.isArray(value)) return false;
      if (!value.length) return true;
      value = value[0];
    }
  }
  return true;
}

/** The documented response fields of `endpointId` that `body` lacks ([] when it has them all). */
export const missingFields = (endpointId: string, body: unknown): string[] => getEndpoint(endpointId).response.fields.filter((path) => !hasPath(body, path));
