// After the answer is built: say why it was a refusal (header x-payway-emulator-diagnosis) and log the
// request. The answer's status and body are never touched. A wrong hash gets what a few HMACs can settle
// at once; otherwise the doctor searches with the merchant's key within the few milliseconds the answer may
// wait, and what it did not finish goes on after the answer (between other requests) and updates the log entry.
import { isSuccessCode } from '../../core/catalog/index.ts';
import type { EmulatorCore } from '../emulatorCore.ts';
import type { Trail } from '../refusal.ts';
import type { RequestLogEntry } from '../requestLog.ts';
import type { PlainAnswer } from '../respond.ts';
import { describeRefusal, unknownFieldsNote } from './describeRefusal.ts';
import type { Diagnosis } from '../../core/doctor/index.ts';
import { doctorWrongHash, lineFromDoctor, quickWrongHash, type WrongHashContext } from './diagnoseWrongHash.ts';
import { headerValue, redact } from './headerValue.ts';

export const DIAGNOSIS_HEADER = 'x-payway-emulator-diagnosis';

export interface DiagnosisOptions {
  /** Work out why a request was refused (default true). Off, the log records refusals without a line. */
  diagnose: boolean;
  /** Add the header (default true). The log is kept either way. */
  header: boolean;
  /** How long an answer may wait for the doctor (default 5 ms). */
  waitMs: number;
  /** The doctor's whole budget per refused hash, after the answer if need be (default 300 ms). */
  searchMs: number;
  /** Doctor searches waiting their turn; more are not searched (their line says so). */
  maxQueued: number;
}

export const DEFAULT_DIAGNOSIS: DiagnosisOptions = { diagnose: true, header: true, waitMs: 5, searchMs: 300, maxQueued: 8 };

/** Doctor searches one at a time, so a flood of bad hashes cannot take the emulator's time. */
export class DiagnosisQueue {
  #running: Promise<unknown> = Promise.resolve();
  #waiting = 0;
  /**
   * Per endpoint, until when (performance.now()) its refusals are searched only after the answer: set when a
   * warm search held an answer too long, for a while, since a busy moment or a slow endpoint both look alike.
   */
  readonly answerFirstUntil = new Map<string, number>();
  readonly #slowInARow = new Map<string, number>();

  /**
   * Notes whether a search held an answer too long. Two in a row send the endpoint's refusals to after the
   * answer for a while: one alone is the doctor's first setup for a kind of mistake, or a busy moment.
   */
  held(endpointId: string, tooLong: boolean): void {
    const slow = tooLong ? (this.#slowInARow.get(endpointId) ?? 0) + 1 : 0;
    this.#slowInARow.set(endpointId, slow >= 2 ? 0 : slow);
    if (slow >= 2) this.answerFirstUntil.set(endpointId, performance.now() + ANSWER_FIRST_MS);
  }
  constructor(readonly maxQueued: number) {}

  /** Runs `job` after the ones before it, or returns undefined when too many wait. */
  run<T>(job: () => Promise<T>): Promise<T> | undefined {
    if (this.#waiting >= this.maxQueued) return undefined;
    this.#waiting++;
    const result = this.#running.then(job).finally(() => this.#waiting--);
    this.#running = result.catch(() => {});
    return result;
  }

  get waiting(): number {
    return this.#waiting;
  }
}

/** How long an endpoint whose search held an answer too long has its refusals searched after the answer. */
const ANSWER_FIRST_MS = 10_000;

/** A macrotask: the background search lets requests in between its batches (setTimeout: Node and the service worker). */
const nextTurn = () => new Promise<void>((done) => setTimeout(done, 0));

type Secrets = { value: string; label: string }[];
const secretsCache = new WeakMap<EmulatorCore, { merchants: unknown; count: number; secrets: Secrets }>();

/** Every key the emulator holds, by what it is; worked out again only when the merchants change. */
export function secretsOf(core: EmulatorCore): Secrets {
  const cached = secretsCache.get(core);
  const saved = core.state.merchants;
  if (cached && cached.merchants === saved && cached.count === saved.length) return cached.secrets;
  const secrets: Secrets = [];
  for (const m of core.merchants()) {
    secrets.push({ value: m.apiKey, label: `${m.merchantId} API key` }, { value: m.rsaPrivateKeyPem, label: `${m.merchantId} RSA private key` });
  }
  for (const p of core.partnerList()) secrets.push({ value: p.partnerKey, label: `partner ${p.partnerId} key` }, { value: p.rsaPrivateKeyPem, label: `partner ${p.partnerId} RSA private key` });
  secretsCache.set(core, { merchants: saved, count: saved.length, secrets });
  return secrets;
}

export function finishRequest(core: EmulatorCore, trail: Trail, response: PlainAnswer): PlainAnswer | Promise<PlainAnswer> {
  // PayWay's code, as the handler answered it (an emulator error or a page has none).
  const code = trail.call?.answeredCode?.code;
  const endpoint = trail.call?.endpoint ?? trail.endpoint;
  const refused = trail.cause !== undefined || response.status >= 400 || (code !== undefined && endpoint !== undefined && !isSuccessCode(endpoint, code));
  if (!refused || !core.diagnosis.diagnose) {
    // The hot path: a plain log entry, nothing awaited. A PayWay path's text is the catalog's own string.
    core.requests.addPlain({
      atMs: (trail.call?.now ?? core.now()).getTime(),
      method: trail.method,
      path: endpoint && trail.path === endpoint.path ? endpoint.path : trail.path,
      endpoint: endpoint?.id,
      status: response.status,
      code,
      outcome: refused ? 'refused' : 'accepted',
      ms: round(performance.now() - trail.startedAt),
    });
    return response;
  }
  return diagnoseRefusal(core, trail, response, code, endpoint);
}

async function diagnoseRefusal(core: EmulatorCore, trail: Trail, response: PlainAnswer, code: string | undefined, endpoint: Trail['endpoint']): Promise<PlainAnswer> {
  const base: Omit<RequestLogEntry, 'id'> = { at: (trail.call?.now ?? core.now()).toISOString(), method: trail.method, path: trail.path, status: response.status, outcome: 'refused', ms: 0 };
  if (endpoint) base.endpoint = endpoint.id;
  if (code !== undefined) base.code = code;
  // A refused request keeps what it sent (for "open in the doctor"), with any key the emulator knows redacted.
  const secrets = secretsOf(core);
  const clean = (line: string) => headerValue(redact(line, secrets));
  if (trail.body) base.request = core.requests.keepRequest(trail.request.contentType ?? '', Object.entries(trail.body.fields).map(([n, v]) => [n, redact(v, secrets)] as [string, string]));

  let line: string | undefined;
  let pending: Promise<string> | undefined;
  if (trail.cause?.kind === 'wrong-hash' && trail.call && trail.body && endpoint && trail.variant) {
    const ctx: WrongHashContext = { core, endpoint, variant: trail.variant, body: trail.body, merchant: trail.call.merchant, partner: trail.call.partner !== undefined };
    const stray = unknownFieldsNote(endpoint, trail.variant, Object.keys(trail.body.fields));
    const quick = await quickWrongHash(ctx);
    if (quick) line = `wrong hash: ${quick}${stray}`;
    else {
      const { waitMs, searchMs } = core.diagnosis;
      // First the doctor within the few milliseconds the answer may wait (its search is synchronous, so its
      // own budget is the bound); where its setup alone held an answer too long before, straight to after.
      const inline = core.diagnoses.waiting === 0 && (core.diagnoses.answerFirstUntil.get(endpoint.id) ?? 0) <= performance.now();
      let quickLook: Diagnosis | undefined;
      if (inline) {
        const started = performance.now();
        quickLook = await doctorWrongHash(ctx, waitMs);
        const held = performance.now() - started;
        core.diagnoses.held(endpoint.id, held > 2 * waitMs);
      }
      // Found, or nothing left to try (a key the doctor cannot explain): the answer carries it.
      if (quickLook && (quickLook.reproduced || quickLook.exhaustive)) line = `wrong hash: ${await lineFromDoctor(ctx, quickLook)}${stray}`;
      else {
        const search = core.diagnoses.run(async () => lineFromDoctor(ctx, await doctorWrongHash(ctx, searchMs, nextTurn)));
        if (!search) line = `wrong hash: not searched (${core.diagnoses.maxQueued} searches already wait); the doctor at #/doctor finds the mistake with your key${stray}`;
        else {
          line = `wrong hash: the doctor is still searching; GET _emulator/requests?id=<this entry> will hold its finding${stray}`;
          pending = search.then((finding) => `wrong hash: ${finding}${stray}`, () => `wrong hash: the doctor failed${stray}`);
        }
      }
    }
  } else {
    line = describeRefusal(trail, core) ?? `refused with HTTP ${response.status}`;
  }

  const header = clean(line!);
  const entry = core.requests.add({
    ...base,
    diagnosis: header,
    diagnosisState: pending ? 'pending' : 'final',
    ms: round(performance.now() - trail.startedAt),
    diagnosisMs: round(performance.now() - trail.startedAt),
  });
  if (pending) {
    const id = entry.id;
    const started = trail.startedAt;
    core.background(pending.then((final) => core.requests.update(id, { diagnosis: clean(final), diagnosisState: 'final', diagnosisMs: round(performance.now() - started) })));
    // The line in the header names the entry it will be in.
    const withId = clean(line!.replace('<this entry>', String(id)));
    core.requests.update(id, { diagnosis: withId });
    if (core.diagnosis.header) response.headers[DIAGNOSIS_HEADER] = withId;
    return response;
  }
  if (core.diagnosis.header) response.headers[DIAGNOSIS_HEADER] = header;
  return response;
}

const round = (ms: number) => Math.round(ms * 100) / 100;
