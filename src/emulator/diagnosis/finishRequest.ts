// After the answer is built: say why it was a refusal (header x-payway-emulator-diagnosis) and log the
// request. The answer's status and body are never touched. A wrong hash gets what a few HMACs can settle
// at once; otherwise the doctor searches with the merchant's key, and the answer waits for it only a few
// milliseconds: a longer search finishes after the answer and updates the log entry.
import { isSuccessCode } from '../../core/catalog/index.ts';
import type { EmulatorCore } from '../emulatorCore.ts';
import type { Trail } from '../refusal.ts';
import type { RequestLogEntry } from '../requestLog.ts';
import { describeRefusal, unknownFieldsNote } from './describeRefusal.ts';
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
  /** How long the doctor last took to find a mistake, per endpoint: where it takes long, the answer does not wait. */
  readonly lastMs = new Map<string, number>();
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

const SILENCE = Symbol('still searching');
const after = (ms: number) => new Promise<typeof SILENCE>((done) => setTimeout(() => done(SILENCE), ms));

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

export function finishRequest(core: EmulatorCore, trail: Trail, response: Response): Response | Promise<Response> {
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

async function diagnoseRefusal(core: EmulatorCore, trail: Trail, response: Response, code: string | undefined, endpoint: Trail['endpoint']): Promise<Response> {
  const base: Omit<RequestLogEntry, 'id'> = { at: (trail.call?.now ?? core.now()).toISOString(), method: trail.method, path: trail.path, status: response.status, outcome: 'refused', ms: 0 };
  if (endpoint) base.endpoint = endpoint.id;
  if (code !== undefined) base.code = code;
  trail.contentType = trail.request.headers.get('content-type') ?? '';
  // A refused request keeps what it sent (for "open in the doctor"), with any key the emulator knows redacted.
  const secrets = secretsOf(core);
  const clean = (line: string) => headerValue(redact(line, secrets));
  if (trail.body) base.request = core.requests.keepRequest(trail.contentType, Object.entries(trail.body.fields).map(([n, v]) => [n, redact(v, secrets)] as [string, string]));

  let line: string | undefined;
  let pending: Promise<string> | undefined;
  if (trail.cause?.kind === 'wrong-hash' && trail.call && trail.body && endpoint && trail.variant) {
    const ctx: WrongHashContext = { core, endpoint, variant: trail.variant, body: trail.body, merchant: trail.call.merchant, partner: trail.call.partner !== undefined };
    const stray = unknownFieldsNote(endpoint, trail.variant, Object.keys(trail.body.fields));
    const quick = await quickWrongHash(ctx);
    if (quick) line = `wrong hash: ${quick}${stray}`;
    else {
      // Where the doctor took long last time, the answer does not wait: its search starts once the answer
      // is out (its setup alone would hold the answer longer than the few milliseconds allowed).
      const { waitMs } = core.diagnosis;
      const inline = (core.diagnoses.lastMs.get(endpoint.id) ?? 0) <= 2 * waitMs;
      const search = core.diagnoses.run(async () => {
        if (!inline) await after(0);
        const started = performance.now();
        const diagnosis = await doctorWrongHash(ctx, core.diagnosis.searchMs);
        // Only a search that found something says how long finding takes; a fruitless one always uses its budget.
        if (diagnosis.reproduced) core.diagnoses.lastMs.set(endpoint.id, performance.now() - started);
        return lineFromDoctor(ctx, diagnosis);
      });
      if (!search) line = `wrong hash: not searched (${core.diagnoses.maxQueued} searches already wait); the doctor at #/doctor finds the mistake with your key${stray}`;
      else {
        const raced = performance.now();
        const found = inline ? await Promise.race([search, after(waitMs)]) : SILENCE;
        // The search's own work held the answer well past the wait: next time, answer first.
        const held = performance.now() - raced;
        if (inline && found === SILENCE && held > 2 * waitMs) core.diagnoses.lastMs.set(endpoint.id, held);
        if (found !== SILENCE) line = `wrong hash: ${found}${stray}`;
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
    if (core.diagnosis.header) response.headers.set(DIAGNOSIS_HEADER, withId);
    return response;
  }
  if (core.diagnosis.header) response.headers.set(DIAGNOSIS_HEADER, header);
  return response;
}

const round = (ms: number) => Math.round(ms * 100) / 100;
