// The doctor benchmark's work, the same in Node and in Chromium (no Node imports): diagnose every corpus
// case, then searches that find nothing (the slowest kind: every single mistake and every pair), cold
// and warm. Returns figures; the runners print them.
import { diagnose, type DiagnoseInput } from '../src/core/doctor/index.ts';
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

export interface WorkloadResult {
  rows: WorkloadRow[];
  corpus: { cases: number; diagnosed: number; medianMs: number; maxMs: number; slowest: string; hypotheses: number; perSecond: number };
}

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

export async function runWorkload(cases: readonly CorpusCase[], runs = 5): Promise<WorkloadResult> {
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
  // Cold: the first search of the process or page (JIT not warm, keys not imported).
  rows.push(await timed('no match, purchase (12 fields) — cold, first call', { endpointId: 'purchase', wire: purchase.wire, key: purchase.key, theirHash: NO_MATCH }, 1));
  rows.push(await timed('no match, purchase (12 fields)', { endpointId: 'purchase', wire: purchase.wire, key: purchase.key, theirHash: NO_MATCH }, runs));
  rows.push(await timed('no match, purchase (all 22 hashed fields + view_type)', { endpointId: 'purchase', wire: full, key: purchase.key, theirHash: NO_MATCH }, runs));
  rows.push(await timed('no match, subscription (15 fields)', { endpointId: 'subscription', wire: subscription.wire, key: subscription.key, theirHash: NO_MATCH }, runs));
  rows.push(await timed('no match, check-transaction (3 fields)', { endpointId: 'check-transaction', wire: byName('check-sorted').wire, key: purchase.key, theirHash: NO_MATCH }, runs));
  rows.push(await timed('no match, string to sign, purchase (no crypto)', { endpointId: 'purchase', wire: purchase.wire, theirString: 'nothing like it' }, runs));
  rows.push(await timed('found: sorted keys + amount (a pair)', corpusInput(byName('purchase-sorted-and-amount')), runs));

  const corpusMs: number[] = [];
  let hypotheses = 0;
  let diagnosed = 0;
  let slowest = '';
  let slowestMs = 0;
  for (const c of cases) {
    const started = performance.now();
    const d = await diagnose(corpusInput(c));
    const elapsed = performance.now() - started;
    corpusMs.push(elapsed);
    hypotheses += d.hypothesesTried;
    if (d.verdict === c.expect.verdict) diagnosed++;
    if (elapsed > slowestMs) {
      slowestMs = elapsed;
      slowest = c.name;
    }
  }
  const total = corpusMs.reduce((a, b) => a + b, 0);
  return {
    rows,
    corpus: { cases: cases.length, diagnosed, medianMs: median(corpusMs), maxMs: slowestMs, slowest, hypotheses, perSecond: Math.round((hypotheses / total) * 1000) },
  };
}

export function formatWorkload(title: string, result: WorkloadResult): string {
  const lines = [title, `  ${'case'.padEnd(56)} ${'hypotheses'.padStart(10)} ${'median'.padStart(10)} ${'max'.padStart(10)} ${'hyp/s'.padStart(9)} runs`];
  for (const r of result.rows) {
    lines.push(`  ${r.name.padEnd(56)} ${String(r.hypotheses).padStart(10)} ${`${r.medianMs.toFixed(1)} ms`.padStart(10)} ${`${r.maxMs.toFixed(1)} ms`.padStart(10)} ${String(r.perSecond).padStart(9)} ${r.runs}`);
  }
  const c = result.corpus;
  lines.push(
    `  corpus: ${c.diagnosed}/${c.cases} with the expected verdict; per case median ${c.medianMs.toFixed(1)} ms, slowest ${c.maxMs.toFixed(1)} ms (${c.slowest}); ${c.hypotheses} hypotheses, ${c.perSecond}/s overall`,
  );
  return lines.join('\n');
}
