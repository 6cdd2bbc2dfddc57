// Seeded fuzzing: random and mutated bodies to every endpoint. The emulator never throws or answers 500,
// every answer is well-formed JSON (or a page) with a code the catalog documents for that endpoint, and
// the state stays consistent. Most mutations keep a valid hash, so they reach the business checks.
import { describe, expect, it } from 'vitest';
import { catalog } from '../../../src/core/catalog/index.ts';
import type { EndpointSpec } from '../../../src/core/catalog/types.ts';
import { buildRequest, exampleInputs } from '../../../src/core/signing/buildRequest.ts';
import { bytesToBase64 } from '../../../src/core/signing/bytes.ts';
import { formatReqTime } from '../../../src/core/signing/reqTime.ts';
import { restoreState, type EmulatorState } from '../../../src/emulator/index.ts';
import { SeededRng } from '../../support/seededRandom.ts';
import { BASE, demoCredentials, testEmulator } from './support.ts';

const BODIES_PER_ENDPOINT = 300;

class Rng extends SeededRng {
  constructor() {
    super(20250213, ['a', 'Z', '0', '9', '.', '-', '+', '/', '=', ' ', '"', '\\', '{', '}', '%', '&', '\u00a0', 'ក', '\u200b', '😀', '\n']);
  }
}

const SPECIAL_VALUES = ['', '0', '-1', '0.001', '1e309', 'NaN', '99999999999999999999', 'null', 'true', '[]', '{}', 'KHR', 'USD', 'usd', 'pre-auth', '20250213065545', '2025-02-13 13:55:45', 'AAAA', '%%%'];
const CONTENT_TYPES = ['application/json', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=xyz', 'text/plain', ''];

interface Sample {
  body: string;
  contentType: string;
}

/** A body for `endpoint`: pure noise, a mutated signed request, or a re-signed request with odd values. */
async function sample(endpoint: EndpointSpec, rng: Rng, now: Date): Promise<Sample> {
  const kind = rng.int(10);
  if (kind === 0) return { body: bytesToBase64(rng.bytes(rng.int(200))), contentType: rng.pick(CONTENT_TYPES) };
  const inputs: Record<string, string> = exampleInputs(endpoint);
  for (const name of ['req_time', 'request_time']) if (endpoint.fields.some((f) => f.name === name)) inputs[name] = formatReqTime(now);
  const names = endpoint.fields.map((f) => f.name);
  const wire: Record<string, string> = {};
  // Re-signed mutations: odd wire values that still carry a valid hash. RSA fields keep their ciphertext
  // most of the time, so only a few bodies pay for a failed decryption.
  const changes = 1 + rng.int(3);
  for (let i = 0; i < changes; i++) {
    const name = rng.pick(names);
    const spec = endpoint.fields.find((f) => f.name === name)!;
    if (spec.encoding === 'rsa' && rng.int(4) > 0) {
      inputs[name] = JSON.stringify({ ...JSON.parse(endpoint.rsa!.example), [rng.pick(endpoint.rsa!.keys).name]: rng.pick<unknown>([rng.text(10), -5, 0, 1e9, null, [], {}]) });
    } else {
      wire[name] = rng.int(2) ? rng.pick(SPECIAL_VALUES) : rng.text(rng.int(3) ? 30 : 400);
    }
  }
  const trace = await buildRequest(endpoint, inputs, demoCredentials, { wire, random: rng.bytes, now });
  const pairs = Object.fromEntries(trace.wire);
  if (kind === 1) pairs[rng.text(8) || 'extra'] = rng.text(20);
  if (kind === 2) delete pairs[rng.pick(Object.keys(pairs))];
  if (kind === 3) pairs.hash = rng.text(88);
  if (kind === 4) return { body: trace.body.text.slice(0, rng.int(trace.body.text.length)), contentType: trace.body.contentTypeHeader };
  if (kind === 5) return { body: trace.body.text, contentType: rng.pick(CONTENT_TYPES) };
  const json = rng.int(2) === 0;
  if (kind === 6 && json) {
    // Non-text JSON values in a random field.
    return { body: JSON.stringify({ ...pairs, [rng.pick(Object.keys(pairs))]: rng.pick<unknown>([1.5, true, null, [1], { a: 1 }]) }), contentType: 'application/json' };
  }
  return json
    ? { body: JSON.stringify(pairs), contentType: 'application/json' }
    : { body: new URLSearchParams(pairs).toString(), contentType: 'application/x-www-form-urlencoded' };
}

function expectConsistent(state: EmulatorState): void {
  for (const tx of Object.values(state.transactions)) {
    const total = tx.completedAmount ?? tx.amount;
    expect(tx.refunded).toBeGreaterThanOrEqual(0);
    expect(tx.refunded).toBeLessThanOrEqual(total);
    const refunds = tx.operations.filter((o) => o.status === 'Refunded').reduce((sum, o) => sum + o.amount, 0);
    expect(refunds).toBe(tx.refunded);
    if (tx.refunded > 0) expect(tx.status).toBe('REFUNDED');
    if (tx.status === 'APPROVED' || tx.status === 'PRE-AUTH') expect(tx.apv).toMatch(/^\d{6}$/);
    expect(tx.operations.filter((o) => o.status === 'Completed Pre-Auth').length).toBeLessThanOrEqual(1);
  }
  for (const link of Object.values(state.links)) {
    if (link.paymentLimit !== null) expect(link.totalTrxn).toBeLessThanOrEqual(link.paymentLimit);
  }
  for (const payout of state.payouts) expect(payout.beneficiaries.reduce((sum, b) => sum + b.amount, 0)).toBe(payout.amount);
  // What is saved comes back the same.
  expect(restoreState(JSON.parse(JSON.stringify(state)), () => {
    throw new Error('the saved state was not recognised');
  })).toEqual(JSON.parse(JSON.stringify(state)));
}

describe('fuzzing every endpoint', () => {
  it(`stays well-formed and consistent over ${BODIES_PER_ENDPOINT * catalog.length} random and mutated bodies`, async () => {
    const t = testEmulator();
    const rng = new Rng();
    const seen = new Map<string, number>();
    for (const endpoint of catalog) {
      const documented = new Set([...endpoint.codes, ...Object.values(endpoint.outcomes)].map((c) => c.code));
      for (let i = 0; i < BODIES_PER_ENDPOINT; i++) {
        const { body, contentType } = await sample(endpoint, rng, t.clock.now());
        const response = await t.emulator.fetch(new Request(BASE + endpoint.path, { method: 'POST', body, headers: contentType ? { 'content-type': contentType } : {} }));
        const type = response.headers.get('content-type') ?? '';
        const text = await response.text();
        expect(response.status, text).not.toBe(500);
        if (type.startsWith('text/html')) {
          expect(response.status).toBe(200);
          expect(text).toMatch(/^<!doctype html>/);
          continue;
        }
        expect(type).toMatch(/^application\/json/);
        const answer = JSON.parse(text) as { status?: { code: unknown; message: unknown } | number; description?: unknown; payment_status?: { code: string } };
        // The legacy v1 check answers {"status": <number>, "description": …}.
        const flat = typeof answer.status === 'number';
        const status = flat ? undefined : (answer.status as { code: unknown; message: unknown } | undefined);
        const code = String(flat ? answer.status : (status?.code ?? answer.payment_status?.code));
        expect(typeof (flat ? answer.description : (status?.message ?? answer.payment_status?.code))).toBe('string');
        if (response.status !== 413) expect(documented, `${endpoint.id} answered ${code}`).toContain(code);
        seen.set(`${endpoint.id} ${code}`, (seen.get(`${endpoint.id} ${code}`) ?? 0) + 1);
      }
      t.clock.advance(61_000); // past every rate-limit window
    }
    if (process.env.FUZZ_REPORT) console.log([...seen].sort().map(([k, n]) => `${k}: ${n}`).join('\n'));
    await t.emulator.idle();
    expectConsistent(await t.emulator.state());
    // The mutations reached past the hash check on every endpoint, not only its wrong-hash answer.
    for (const endpoint of catalog) {
      const past = [...seen.keys()].filter((k) => k.startsWith(endpoint.id + ' ') && !k.endsWith(' ' + endpoint.outcomes.wrongHash.code));
      expect(past.length, endpoint.id).toBeGreaterThan(0);
    }
  }, 60_000);
});
