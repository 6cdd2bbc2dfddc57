// Runs a collection's flows in order, each step signed by the same buildRequest() the playground and the
// emulator use, sent with a fetch-shaped function: the in-process emulator, a local server or PayWay,
// from the command line or from the app. Pure: the caller decides where requests go and what a key is.
import { getEndpoint } from '../catalog/index.ts';
import type { EndpointSpec } from '../catalog/types.ts';
import { findCode } from '../explainResponse.ts';
import { buildRequest, type Credentials, type RequestTrace } from '../signing/buildRequest.ts';
import { secureRandomBytes, type RandomBytes } from '../signing/rsa.ts';
import { ACTION_PAST, ActionError, finishedDiagnosis, payerAction, scanKhqr, waitForPushback, type ActionResult, type FetchLike } from './emulatorActions.ts';
import { asText, judge, readSubject, type ExpectationResult, type SubjectContext } from './expectations.ts';
import type { Collection, CollectionEnvironment, Expectation, Flow, Step } from './schema.ts';
import { lookup, StepBuiltIns, substitute, substituteAll, UndefinedVariableError, type VariableSources } from './variables.ts';

export type { FetchLike } from './emulatorActions.ts';

/** The response header in which the emulator explains why it refused a request (one line). */
export const DIAGNOSIS_HEADER = 'x-payway-emulator-diagnosis';

export interface RunTarget {
  /** Where PayWay's paths are served, without a final slash: https://checkout-sandbox.payway.com.kh, http://127.0.0.1:4010, …/mock. */
  baseUrl: string;
  /** For reports: mock, sandbox, production or the URL. */
  name: string;
  /** The PayWay Playground emulator answers there: actions and {{$inboxUrl}} work, and a missing key is its merchant's. */
  emulator: boolean;
}

export type StepEvent = { type: 'start'; flow: string; step: Step; index: number } | { type: 'end'; result: StepResult };

export interface RunOptions {
  fetch: FetchLike;
  target: RunTarget;
  environment?: CollectionEnvironment;
  credentials?: Credentials;
  /** Variables above all others (the command line's --var). */
  overrides?: Record<string, string>;
  /** Runs the steps whose "flow/name" or file contains this (case-insensitive). */
  filter?: string;
  /** Runs one flow, or one step of it (the app's Run buttons). */
  only?: { flow: string; file?: string };
  /** Stops at the first step that fails. */
  bail?: boolean;
  /** Sent with every PayWay request (the app's routing header). */
  headers?: Record<string, string>;
  requestTimeoutMs?: number;
  now?: () => Date;
  random?: RandomBytes;
  /** Monotonic milliseconds for durations. */
  clock?: () => number;
  onEvent?: (event: StepEvent) => void;
  signal?: AbortSignal;
}

export interface SentRequest {
  method: string;
  url: string;
  headers: [string, string][];
  body: string;
}

export interface ReceivedResponse {
  status: number;
  statusText: string;
  headers: [string, string][];
  body: string;
  /** The body as JSON, when it is JSON. */
  json?: unknown;
  code?: string;
  message?: string;
}

export type StepStatus = 'passed' | 'failed' | 'error' | 'skipped';

export interface StepResult {
  flow: string;
  name: string;
  file: string;
  kind: Step['kind'];
  /** The endpoint id or the action. */
  what: string;
  status: StepStatus;
  /** Why it errored or was skipped. */
  message?: string;
  request?: SentRequest;
  trace?: RequestTrace;
  response?: ReceivedResponse;
  action?: Pick<ActionResult, 'outcome' | 'title' | 'message' | 'signature'>;
  diagnosis?: string;
  expectations: ExpectationResult[];
  captured: Record<string, string>;
  durationMs: number;
}

export interface FlowResult {
  name: string;
  steps: StepResult[];
}

export interface RunCounts {
  steps: number;
  passed: number;
  failed: number;
  errors: number;
  skipped: number;
  expectations: number;
  expectationsFailed: number;
}

export interface RunResult {
  collection: string;
  environment?: string;
  target: string;
  startedAt: string;
  durationMs: number;
  flows: FlowResult[];
  counts: RunCounts;
  /** Stopped early by --bail. */
  bailed: boolean;
  /** Every step ran and every expectation held. */
  ok: boolean;
}

const REQUEST_TIMEOUT_MS = 30_000;
const PUSHBACK_TIMEOUT_MS = 5_000;

/** What a step checks when its file says nothing: that PayWay said yes. */
export function defaultExpectations(step: Step): Expectation[] {
  if (step.kind === 'action') {
    if (step.action === 'pushback') return [{ subject: 'signature', expected: 'oneOf valid|unsigned' }];
    return [{ subject: 'outcome', expected: step.action === 'scan-khqr' ? 'paid' : ACTION_PAST[step.action] }];
  }
  const endpoint = getEndpoint(step.endpoint);
  // A page (Purchase's checkout) has no code; an error would come back as JSON with one.
  if (endpoint.response.kind === 'html') return [{ subject: 'status', expected: 200 }, { subject: 'code', expected: 'absent' }];
  return [{ subject: 'code', expected: endpoint.outcomes.success.code }];
}

export function stepMatches(flow: Flow, step: Step, filter: string | undefined): boolean {
  if (!filter) return true;
  const needle = filter.toLowerCase();
  return `${flow.name}/${step.name}`.toLowerCase().includes(needle) || step.file.toLowerCase().includes(needle);
}

export function countResults(flows: readonly FlowResult[]): RunCounts {
  const counts: RunCounts = { steps: 0, passed: 0, failed: 0, errors: 0, skipped: 0, expectations: 0, expectationsFailed: 0 };
  for (const flow of flows)
    for (const step of flow.steps) {
      counts.steps++;
      if (step.status === 'passed') counts.passed++;
      else if (step.status === 'failed') counts.failed++;
      else if (step.status === 'error') counts.errors++;
      else counts.skipped++;
      counts.expectations += step.expectations.length;
      counts.expectationsFailed += step.expectations.filter((e) => !e.ok).length;
    }
  return counts;
}

/** Merchant id → its keys, read once from the emulator's admin API (the demo merchant's are public). */
async function emulatorMerchants(fetch: FetchLike, baseUrl: string): Promise<Map<string, Credentials>> {
  const response = await fetch(`${baseUrl}/_emulator/merchants`);
  const answer = (await response.json().catch(() => ({}))) as { merchants?: { merchantId: string; apiKey: string; rsaPublicKeyPem: string }[] };
  return new Map((answer.merchants ?? []).map((m) => [m.merchantId, { apiKey: m.apiKey, rsaPublicKeyPem: m.rsaPublicKeyPem }]));
}

export async function runCollection(collection: Collection, options: RunOptions): Promise<RunResult> {
  const now = options.now ?? (() => new Date());
  const clock = options.clock ?? (() => performance.now());
  const random = options.random ?? secureRandomBytes;
  const { target } = options;
  const baseUrl = target.baseUrl.replace(/\/+$/, '');
  const started = clock();
  const startedAt = now().toISOString();
  const takenPushbacks = new Set<string>();
  let merchants: Promise<Map<string, Credentials>> | undefined;
  const result: RunResult = {
    collection: collection.name,
    ...(options.environment ? { environment: options.environment.name } : {}),
    target: target.name,
    startedAt,
    durationMs: 0,
    flows: [],
    counts: countResults([]),
    bailed: false,
    ok: true,
  };

  /** The keys for a merchant: the environment's, else (on the emulator) the emulator's merchant's. */
  async function credentialsFor(merchantId: string | undefined): Promise<Credentials> {
    const given = options.credentials ?? {};
    if ((given.apiKey && given.rsaPublicKeyPem) || !target.emulator || !merchantId) return given;
    merchants ??= emulatorMerchants(options.fetch, baseUrl);
    const found = (await merchants).get(merchantId);
    return { ...found, ...Object.fromEntries(Object.entries(given).filter(([, v]) => v)) };
  }

  const flows = collection.flows.filter((f) => !options.only || f.name === options.only.flow);
  outer: for (const flow of flows) {
    const steps = flow.steps.filter((s) => stepMatches(flow, s, options.filter) && (!options.only?.file || s.file === options.only.file));
    if (!steps.length) continue;
    const flowResult: FlowResult = { name: flow.name, steps: [] };
    result.flows.push(flowResult);
    const captured = new Map<string, string>();
    const sources: VariableSources = {
      flow: captured,
      environment: options.environment?.variables ?? {},
      collection: collection.variables,
      ...(options.overrides ? { overrides: options.overrides } : {}),
    };
    // "tranId was to be captured by Purchase": named when a later step finds it missing.
    const capturedBy = (name: string) => flow.steps.find((s) => name in s.capture)?.name;
    for (const [index, step] of steps.entries()) {
      if (options.signal?.aborted) break outer;
      options.onEvent?.({ type: 'start', flow: flow.name, step, index });
      const stepStarted = clock();
      const stepResult = await runStep(step);
      stepResult.durationMs = clock() - stepStarted;
      flowResult.steps.push(stepResult);
      options.onEvent?.({ type: 'end', result: stepResult });
      if (options.bail && (stepResult.status === 'failed' || stepResult.status === 'error')) {
        result.bailed = true;
        break outer;
      }
    }

    async function runStep(step: Step): Promise<StepResult> {
      const base: StepResult = {
        flow: flow.name,
        name: step.name,
        file: step.file,
        kind: step.kind,
        what: step.kind === 'request' ? step.endpoint : step.action,
        status: 'passed',
        expectations: [],
        captured: {},
        durationMs: 0,
      };
      const builtIns = new StepBuiltIns({ now, random, baseUrl, ...(target.emulator ? { inboxUrl: `${baseUrl}/_emulator/inbox` } : {}) });
      const scope: StepScope = { sources, text: (value) => substitute(value, sources, builtIns, capturedBy), all: (map) => substituteAll(map, sources, builtIns, capturedBy) };
      const { text } = scope;
      let ctx: SubjectContext;
      try {
        if (step.kind === 'request') ctx = await sendRequest(step, base, scope);
        else {
          if (!target.emulator) return { ...base, status: 'skipped', message: `"${step.action}" plays the payer or reads pushbacks on the emulator; ${target.name} is not one` };
          ctx = await playAction(step, base, scope);
        }
      } catch (error) {
        if (error instanceof UndefinedVariableError || error instanceof ActionError || error instanceof StepError) return { ...base, status: 'error', message: error.message };
        if (options.signal?.aborted) return { ...base, status: 'error', message: 'stopped' };
        return { ...base, status: 'error', message: `${error instanceof Error ? error.message : String(error)}` };
      }

      for (const expectation of step.expect.length ? step.expect : defaultExpectations(step)) {
        let expected = expectation.expected;
        try {
          if (typeof expected === 'string') expected = text(expected);
        } catch (error) {
          base.expectations.push({ subject: expectation.subject, expected: String(expectation.expected), actual: '(not compared)', ok: false, message: (error as Error).message });
          continue;
        }
        base.expectations.push(judge(expectation.subject, expected, readSubject(expectation.subject, ctx)));
      }
      for (const [name, subject] of Object.entries(step.capture)) {
        const read = readSubject(subject, ctx);
        if (read.found && read.value !== undefined && read.value !== null) {
          captured.set(name, asText(read.value));
          base.captured[name] = asText(read.value);
        } else base.expectations.push({ subject, expected: `capture into {{${name}}}`, actual: '(absent)', ok: false, message: `nothing to capture into {{${name}}}: ${read.found ? `${subject} is null` : read.why}` });
      }
      if (base.expectations.some((e) => !e.ok)) base.status = 'failed';
      return base;
    }
  }

  async function sendRequest(step: Extract<Step, { kind: 'request' }>, out: StepResult, scope: StepScope): Promise<SubjectContext> {
    const endpoint: EndpointSpec = getEndpoint(step.endpoint);
    const inputs = scope.all(step.inputs);
    const wire = step.wire ? scope.all(step.wire) : undefined;
    const headers = step.headers ? scope.all(step.headers) : {};
    const merchantId = wire?.merchant_id ?? inputs.merchant_id ?? lookup('merchant_id', scope.sources);
    const credentials = await credentialsFor(merchantId);
    const variant = endpoint.variants.find((v) => v.id === step.variant) ?? endpoint.variants.find((v) => v.default) ?? endpoint.variants[0]!;
    const keyName = variant.hash.key === 'partner-key' ? 'partnerKey' : 'apiKey';
    if (!credentials[keyName]) {
      throw new StepError(
        `no ${variant.hash.key === 'partner-key' ? 'partner key' : 'API key'} to sign with: name it in the environment's secretsFrom (${variant.hash.key}) and set that variable in the process environment or environments/<name>.secret`,
      );
    }
    const trace = await buildRequest(endpoint, inputs, credentials, { ...(step.variant ? { variant: step.variant } : {}), ...(wire ? { wire } : {}), now: now(), random });
    out.trace = trace;
    const url = baseUrl + endpoint.path;
    const sentHeaders: [string, string][] = [['content-type', trace.body.contentTypeHeader], ...Object.entries(headers), ...Object.entries(options.headers ?? {})];
    out.request = { method: 'POST', url, headers: sentHeaders, body: trace.body.text };
    const signal = options.signal ? AbortSignal.any([options.signal, AbortSignal.timeout(options.requestTimeoutMs ?? REQUEST_TIMEOUT_MS)]) : AbortSignal.timeout(options.requestTimeoutMs ?? REQUEST_TIMEOUT_MS);
    let response: Response;
    try {
      response = await options.fetch(url, { method: 'POST', headers: sentHeaders, body: trace.body.text, signal });
    } catch (error) {
      const reason = error instanceof Error && error.name === 'TimeoutError' ? `no answer within ${(options.requestTimeoutMs ?? REQUEST_TIMEOUT_MS) / 1000} s` : error instanceof Error ? error.message : String(error);
      throw new StepError(`${new URL(url).host} could not be reached: ${reason}`);
    }
    const body = await response.text();
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      json = undefined;
    }
    const found = json === undefined ? undefined : findCode(json);
    const header = response.headers.get(DIAGNOSIS_HEADER) ?? undefined;
    const diagnosis = header && target.emulator ? await finishedDiagnosis(options.fetch, baseUrl, header) : header;
    out.response = {
      status: response.status,
      statusText: response.statusText,
      headers: [...response.headers.entries()],
      body,
      ...(json !== undefined ? { json } : {}),
      ...(found ? { code: found.code, ...(found.message !== undefined ? { message: found.message } : {}) } : {}),
    };
    if (diagnosis) out.diagnosis = diagnosis;
    return {
      status: response.status,
      headers: out.response.headers,
      body: json ?? body,
      ...(found ? { code: found.code, message: found.message } : {}),
      ...(diagnosis ? { diagnosis } : {}),
      request: inputs,
      trace,
    };
  }

  async function playAction(step: Extract<Step, { kind: 'action' }>, out: StepResult, { text, sources }: StepScope): Promise<SubjectContext> {
    let answer: ActionResult;
    if (step.action === 'scan-khqr') answer = await scanKhqr(options.fetch, baseUrl, text(step.qr ?? ''), step.amount !== undefined ? text(step.amount) : undefined);
    else if (step.action === 'pushback') {
      const merchantId = lookup('merchant_id', sources);
      answer = await waitForPushback(options.fetch, baseUrl, {
        match: text(step.match ?? ''),
        timeoutMs: step.timeoutMs ?? PUSHBACK_TIMEOUT_MS,
        taken: takenPushbacks,
        apiKey: (await credentialsFor(merchantId)).apiKey,
        ...(options.signal ? { signal: options.signal } : {}),
      });
    } else answer = await payerAction(options.fetch, baseUrl, step.action, text(step.ref ?? ''), step.option !== undefined ? text(step.option) : undefined);
    out.request = { method: answer.request.method, url: answer.request.url, headers: [], body: answer.request.body ?? '' };
    if (answer.status !== undefined) {
      const body = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
      out.response = { status: answer.status, statusText: '', headers: answer.headers ?? [], body, ...(typeof answer.body === 'object' ? { json: answer.body } : {}) };
    } else out.response = { status: 0, statusText: 'pushback', headers: answer.headers ?? [], body: JSON.stringify(answer.body), json: answer.body };
    out.action = { outcome: answer.outcome, ...(answer.title ? { title: answer.title } : {}), ...(answer.message ? { message: answer.message } : {}), ...(answer.signature ? { signature: answer.signature } : {}) };
    return {
      ...(answer.status !== undefined ? { status: answer.status } : {}),
      headers: answer.headers ?? [],
      body: answer.body,
      outcome: answer.outcome,
      ...(answer.title ? { title: answer.title } : {}),
      ...(answer.message ? { message: answer.message } : {}),
      ...(answer.signature ? { signature: answer.signature } : {}),
    };
  }

  result.durationMs = clock() - started;
  result.counts = countResults(result.flows);
  result.ok = !result.bailed && result.counts.failed === 0 && result.counts.errors === 0;
  return result;
}

/** Variables as one step sees them. */
interface StepScope {
  sources: VariableSources;
  text: (value: string) => string;
  all: (map: Readonly<Record<string, string>>) => Record<string, string>;
}

/** A step that could not be sent (no key, target unreachable): reported as an error, not a failed expectation. */
export class StepError extends Error {
  override name = 'StepError';
}
