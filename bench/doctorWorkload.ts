// The doctor benchmark's work, the same in Node and in Chromium (no Node imports): diagnose every corpus
// case, then searches that find nothing (the slowest kind: every single mistake and every plausible
// pair), and beside the worst of them a bare loop doing the same number of HMAC-SHA512s over messages of
// the same length, measured in turns with it so that a busy machine slows both alike.
import { hmac } from '@noble/hashes/hmac.js';
import { sha512 } from '@noble/hashes/sha2.js';
import { diagnose as diagnoseWith, type DiagnoseInput, type HashEngine } from '../src/core/doctor/index.ts';
import type { CorpusCase } from '../tests/doctor/buildCorpus.ts';
import { corpusInput } from '../tests/doctor/corpusInput.ts';

export interface WorkloadRow {
  name: string;
  runs: number;
  hypotheses: number;
  medianMs: number;
  maxMs: number;
  perSecond: number;
}

export interface BareLoop {
  name: string;
  medianMs: number;
}

export interface WorkloadResult {
  rows: WorkloadRow[];
  /** The worst case (22-field Purchase, no match) and the bare loops doing as many HMAC-SHA512s. */
  worst: { row: WorkloadRow; messageBytes: number; bare: BareLoop[] };
  corpus: { cases: number; diagnosed: number; medianMs: number; coldMedianMs: number; maxMs: number; slowest: string; hypotheses: number; perSecond: number };
}

/** A synchronous HMAC-SHA512 the runner may bring (node:crypto in Node): key, message → digest. */
export type NativeHmac = (key: Uint8Array, message: Uint8Array) => unknown;

/** The engine the runner chose for the search (undefined: @noble/hashes, as in the page's worker). */
let engine: HashEngine | undefined;
const diagnose = (input: DiagnoseInput) => diagnoseWith(engine ? { ...input, search: { ...input.search, engine } } : input);

const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** A hash nobody's code produced: the search has to rule out everything. */
const NO_MATCH = btoa(String.fromCharCode(...Array.from({ length: 64 }, (_, i) => (i * 37 + 11) % 256)));

async function timed(name: string, input: DiagnoseInput, runs: number): Promise<WorkloadRow> {
  const ms: number[] = [];
  let hypotheses = 0;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const d = await diagnose(input);
    ms.push(performance.now() - started);
    hypotheses = d.hypothesesTried;
  }
  const med = median(ms);
  return { name, runs, hypotheses, medianMs: med, maxMs: Math.max(...ms), perSecond: Math.round((hypotheses / med) * 1000) };
}

/** `count` distinct messages of `length` bytes (the first bytes count up). */
function messages(count: number, length: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 0; i < count; i++) {
    const m = new Uint8Array(length).fill(0x61);
    m[0] = i & 0xff;
    m[1] = (i >> 8) & 0xff;
    m[2] = (i >> 16) & 0xff;
    out.push(m);
  }
  return out;
}

async function bareWebCrypto(key: Uint8Array, all: readonly Uint8Array[]): Promise<number> {
  const started = performance.now();
  const cryptoKey = await crypto.subtle.importKey('raw', key as Uint8Array<ArrayBuffer>, { name: 'HMAC', hash: 'SHA-512' }, false, ['sign']);
  for (let i = 0; i < all.length; i += 256) await Promise.all(all.slice(i, i + 256).map((m) => crypto.subtle.sign('HMAC', cryptoKey, m as Uint8Array<ArrayBuffer>)));
  return performance.now() - started;
}

function bareNoble(key: Uint8Array, all: readonly Uint8Array[]): number {
  const started = performance.now();
  const keyed = hmac.create(sha512, key);
  const work = keyed.clone();
  const out = new Uint8Array(64);
  for (const m of all) {
    keyed._cloneInto(work);
    work.update(m).digestInto(out);
  }
  return performance.now() - started;
}

function bareNative(native: NativeHmac, key: Uint8Array, all: readonly Uint8Array[]): number {
  const started = performance.now();
  for (const m of all) native(key, m);
  return performance.now() - started;
}

export async function runWorkload(cases: readonly CorpusCase[], runs = 5, native?: { name: string; hmac: NativeHmac }, searchEngine?: HashEngine): Promise<WorkloadResult> {
  engine = searchEngine;
  const rows: WorkloadRow[] = [];
  const byName = (name: string) => cases.find((c) => c.name === name)!;
  const purchase = byName('purchase-correct');
  const subscription = byName('subscription-correct-sandbox');
  const full: Record<string, string> = {
    ...purchase.wire,
    shipping: '1.50',
    type: 'purchase',
    cancel_url: 'https://merchant.example.com/cancel',
    continue_success_url: 'https://merchant.example.com/thanks',
    return_deeplink: 'eyJpb3Nfc2NoZW1lIjoic2hvcDovL29rIiwiYW5kcm9pZF9zY2hlbWUiOiJzaG9wOi8vb2sifQ==',
    custom_fields: 'eyJvcmRlciI6IkEtMTAwMSJ9',
    return_params: 'order=A-1001',
    payout: 'W3siYWNjIjoiMDAwMTMzODc5IiwiYW10IjoxfV0=',
    lifetime: '30',
    skip_success_page: '0',
    view_type: 'hosted_view',
  };
  const worstInput: DiagnoseInput = { endpointId: 'purchase', wire: full, key: purchase.key, theirHash: NO_MATCH };
  // Cold: the first search of the process or page (JIT not warm, key states not prepared).
  rows.push(await timed('no match, purchase (12 fields) — cold, first call', { endpointId: 'purchase', wire: purchase.wire, key: purchase.key, theirHash: NO_MATCH }, 1));
  rows.push(await timed('no match, purchase (12 fields)', { endpointId: 'purchase', wire: purchase.wire, key: purchase.key, theirHash: NO_MATCH }, runs));
  rows.push(await timed('no match, subscription (15 fields)', { endpointId: 'subscription', wire: subscription.wire, key: subscription.key, theirHash: NO_MATCH }, runs));
  rows.push(await timed('no match, check-transaction (3 fields)', { endpointId: 'check-transaction', wire: byName('check-sorted').wire, key: purchase.key, theirHash: NO_MATCH }, runs));
  rows.push(await timed('no match, string to sign, purchase (no crypto)', { endpointId: 'purchase', wire: purchase.wire, theirString: 'nothing like it' }, runs));
  rows.push(await timed('found: sorted keys + amount (a pair)', corpusInput(byName('purchase-sorted-and-amount')), runs));

  // The worst case and the bare loops, in turns.
  const probe = await diagnose(worstInput);
  const messageBytes = new TextEncoder().encode(probe.expected.stringToSign).length;
  const all = messages(probe.hypothesesTried, messageBytes);
  const key = new TextEncoder().encode(purchase.key!);
  const doctorMs: number[] = [];
  const bare: Record<string, number[]> = { 'WebCrypto sign, batches of 256': [], '@noble/hashes, key state prepared once': [] };
  if (native) bare[native.name] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await diagnose(worstInput);
    doctorMs.push(performance.now() - started);
    bare['WebCrypto sign, batches of 256']!.push(await bareWebCrypto(key, all));
    bare['@noble/hashes, key state prepared once']!.push(bareNoble(key, all));
    if (native) bare[native.name]!.push(bareNative(native.hmac, key, all));
  }
  const med = median(doctorMs);
  const row: WorkloadRow = { name: 'no match, purchase (22 hashed fields + view_type)', runs, hypotheses: probe.hypothesesTried, medianMs: med, maxMs: Math.max(...doctorMs), perSecond: Math.round((probe.hypothesesTried / med) * 1000) };
  rows.push(row);

  // Matching cases: every corpus case, once cold and once warm.
  const pass = async () => {
    const ms: number[] = [];
    let hypotheses = 0;
    let diagnosed = 0;
    let slowest = '';
    let slowestMs = 0;
    for (const c of cases) {
      const started = performance.now();
      const d = await diagnose({ now: new Date(Date.UTC(2025, 6, 28, 2, 21, 0)), ...corpusInput(c) });
      const elapsed = performance.now() - started;
      ms.push(elapsed);
      hypotheses += d.hypothesesTried;
      if (d.verdict === c.expect.verdict) diagnosed++;
      if (elapsed > slowestMs) {
        slowestMs = elapsed;
        slowest = c.name;
      }
    }
    return { ms, hypotheses, diagnosed, slowest, slowestMs };
  };
  const cold = await pass();
  const warm = await pass();
  const total = warm.ms.reduce((a, b) => a + b, 0);
  return {
    rows,
    worst: { row, messageBytes, bare: Object.entries(bare).map(([name, ms]) => ({ name, medianMs: median(ms) })) },
    corpus: {
      cases: cases.length,
      diagnosed: warm.diagnosed,
      medianMs: median(warm.ms),
      coldMedianMs: median(cold.ms),
      maxMs: warm.slowestMs,
      slowest: warm.slowest,
      hypotheses: warm.hypotheses,
      perSecond: Math.round((warm.hypotheses / total) * 1000),
    },
  };
}

/** `ratioTarget`: the bar "within 3× of a bare loop" applies (Chromium's); Node's bar is time alone. */
export function formatWorkload(title: string, result: WorkloadResult, budgetMs: number, ratioTarget = true): string {
  const lines = [title, `  ${'case'.padEnd(56)} ${'hypotheses'.padStart(10)} ${'median'.padStart(10)} ${'max'.padStart(10)} ${'hyp/s'.padStart(9)} runs`];
  for (const r of result.rows) {
    lines.push(`  ${r.name.padEnd(56)} ${String(r.hypotheses).padStart(10)} ${`${r.medianMs.toFixed(1)} ms`.padStart(10)} ${`${r.maxMs.toFixed(1)} ms`.padStart(10)} ${String(r.perSecond).padStart(9)} ${r.runs}`);
  }
  const { row, bare, messageBytes } = result.worst;
  lines.push('', `  worst case beside a bare loop of ${row.hypotheses} HMAC-SHA512s over ${messageBytes}-byte messages (same run, in turns):`);
  const fastest = bare.reduce((a, b) => (b.medianMs < a.medianMs ? b : a));
  lines.push(`    doctor                                       ${`${row.medianMs.toFixed(1)} ms`.padStart(10)}   (target ≤ ${budgetMs} ms)`);
  for (const b of bare) lines.push(`    bare: ${b.name.padEnd(38)} ${`${b.medianMs.toFixed(1)} ms`.padStart(10)}   doctor / bare = ${(row.medianMs / b.medianMs).toFixed(2)}×${b === fastest ? `  ← fastest bare loop${ratioTarget ? ' (target ≤ 3×)' : ''}` : ''}`);
  const c = result.corpus;
  lines.push(
    '',
    `  corpus: ${c.diagnosed}/${c.cases} with the expected verdict; per matching case median ${c.medianMs.toFixed(2)} ms warm (target ≤ 3 ms), ${c.coldMedianMs.toFixed(2)} ms on the first pass; slowest ${c.maxMs.toFixed(1)} ms (${c.slowest}); ${c.hypotheses} hypotheses, ${c.perSecond}/s overall`,
  );
  return lines.join('\n');
}
