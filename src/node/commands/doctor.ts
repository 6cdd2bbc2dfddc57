import { readFile } from 'node:fs/promises';
import { isEndpointId } from '../../core/catalog/index.ts';
import { diagnose, diagnosePushback, DoctorInputError, type Diagnosis, type Finding, type PushbackDiagnosis, type Refusal } from '../../core/doctor/index.ts';
import { inspectChars, visibleTokens } from '../../core/signing/inspectChars.ts';
import type { Segment } from '../../core/signing/stringToSign.ts';
import type { Command } from '../cli.ts';
import { nodeHashEngine } from '../nodeHashEngine.ts';
import { parsePairs, UsageError } from '../usage.ts';

const usage = [
  'payway doctor [<endpoint-id>] [--key <key>] [--wire name=value]... [--request <text | @file | @->] [--path <url>]',
  '                 (--hash <theirs> | --string <theirs | @file>) [--rsa-public-key <pem-file>] [--json]',
  '                 [--refused [--refused-by emulator|sandbox|production] [--merchant-key-fingerprint <hex>]] [--response <json | @file>]',
  '       payway doctor --callback <json | @file> --signature <header> --key <key> [--json]',
].join('\n');

/** An argument that may be "@file" or "@-" (standard input). */
async function readArgument(option: string, value: string): Promise<string> {
  if (!value.startsWith('@')) return value;
  const path = value.slice(1);
  try {
    if (path === '-') {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    }
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError(`--${option}: cannot read "${path}" (${(error as NodeJS.ErrnoException).code ?? error})`, usage);
  }
}

/** Input the doctor cannot use is a usage error here (exit code 2). */
async function orUsage<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof DoctorInputError) throw new UsageError(error.message, usage);
    throw error;
  }
}

const findingJson = ({ id, kind, field, variant, endpoint, mistake, explanation, fix }: Finding) => ({ id, kind, field, variant, endpoint, mistake, explanation, fix });

const CHECK_STATUS = { found: 'FOUND', possible: 'possible', ask: 'compare', 'ruled-out': 'ruled out' } as const;

const visible = (text: string) => visibleTokens(text, inspectChars(text)).map((t) => t.text).join('');
const clip = (text: string, max = 100) => (text.length > max ? `${text.slice(0, max)}… (${text.length} chars)` : text);

function findingLines(findings: readonly Finding[], lines: string[]): void {
  findings.forEach((f, i) => {
    lines.push(`${findings.length > 1 ? `${i + 1}. ` : ''}${f.mistake}${f.field ? `  [${f.field}]` : ''}`);
    lines.push(`   What happens: ${f.explanation}`);
    lines.push(`   Fix: ${f.fix}`);
  });
}

function segmentLines(title: string, segments: readonly Segment[], whole: string, lines: string[], skipEmpty = false): void {
  lines.push('', title);
  for (const s of segments) if (!(skipEmpty && s.empty)) lines.push(`  ${s.field.padEnd(24)} ${s.empty ? '(empty)' : clip(visible(s.value))}`);
  lines.push(`  = ${clip(visible(whole), 400)}`);
}

function formatDiagnosis(d: Diagnosis): string {
  const lines = [`${d.endpoint.id} — ${d.endpoint.name}  [variant ${d.variant.id}]${d.endpoint.recognisedBy !== 'given' ? `  (recognised by ${d.endpoint.recognisedBy})` : ''}`];
  for (const note of d.endpoint.notes) lines.push(`  note: ${note}`);
  lines.push(`Verdict: ${d.verdict.toUpperCase()} — ${d.hypothesesTried} hypotheses, ${Math.round(d.elapsedMs)} ms`, '', d.summary);
  if (d.mistakes.length) {
    lines.push('');
    findingLines(d.mistakes, lines);
  }
  for (const alternative of d.alternatives.slice(0, 3)) lines.push(`   Equally explained by: ${alternative.map((f) => f.mistake).join(' + ')}`);
  if (d.refusal?.checks.length) {
    const by = { emulator: 'the emulator', sandbox: "PayWay's sandbox", production: 'PayWay (production)' }[d.refusal.by ?? ''] ?? d.refusal.by ?? 'the target';
    lines.push('', `Checked, because ${by} refused it${d.refusal.code !== undefined ? ` (code ${d.refusal.code})` : ''}:`);
    for (const c of d.refusal.checks) lines.push(`  ${CHECK_STATUS[c.status].padEnd(9)} ${c.checked}`);
  }
  segmentLines(`Expected string to sign (${d.expected.byteLength} bytes):`, d.expected.segments, d.expected.stringToSign, lines);
  const theirs = d.theirs.string ?? d.theirs.reproducedString;
  if (theirs !== undefined && theirs !== d.expected.stringToSign) {
    if (d.theirs.segments?.length) segmentLines(`Their string to sign${d.theirs.string === undefined ? ' (reproduced)' : ''}, non-empty parts:`, d.theirs.segments, theirs, lines, true);
    else lines.push('', `Their string to sign${d.theirs.string === undefined ? ' (reproduced)' : ''}: ${clip(visible(theirs), 400)}`);
  }
  if (d.difference && !d.difference.identical) lines.push(`First difference: ${d.difference.summary}${d.difference.kind ? ` (${d.difference.kind})` : ''}`);
  lines.push('');
  if (d.expected.hash) lines.push(`Expected hash (${d.expected.algorithm}, ${d.expected.output}): ${d.expected.hash}`);
  if (d.theirs.hash !== undefined) lines.push(`Their hash: ${d.theirs.hash}`);
  for (const reading of d.theirs.hashReadings) lines.push(`  ${reading}`);
  if (d.warnings.length) {
    lines.push('', 'About the request:');
    for (const w of d.warnings) lines.push(`  ${w.severity.padEnd(7)} ${w.message}`);
  }
  if (d.leftToCheck.length) {
    lines.push('', 'Left to check:');
    for (const item of d.leftToCheck) lines.push(`  - ${item}`);
  }
  return lines.join('\n');
}

function formatPushback(d: PushbackDiagnosis): string {
  const lines = [`Pushback signature: ${d.verdict.toUpperCase()} — ${d.hypothesesTried} hypotheses, ${Math.round(d.elapsedMs)} ms`, '', d.summary];
  if (d.mistakes.length) {
    lines.push('');
    findingLines(d.mistakes, lines);
  }
  segmentLines(`Sorted-key string (${d.segments.reduce((n, s) => n + s.byteEnd - s.byteStart, 0)} bytes):`, d.segments, d.stringToSign, lines);
  if (d.reproducedString !== undefined && d.reproducedString !== d.stringToSign) lines.push(`Reproduced string: ${clip(visible(d.reproducedString), 400)}`);
  if (d.expectedHash) lines.push('', `Expected: ${d.expectedHash}`);
  if (d.received !== undefined) lines.push(`Received: ${d.received}`);
  for (const item of d.leftToCheck) lines.push(`  - ${item}`);
  return lines.join('\n');
}

const BY = ['emulator', 'sandbox', 'production'];

/** --refused, --refused-by and --merchant-key-fingerprint: what the caller says the target did. */
function refusalFrom(values: Record<string, unknown>): Refusal | undefined {
  const by = values['refused-by'] as string | undefined;
  if (by !== undefined && !BY.includes(by)) throw new UsageError(`--refused-by: "${by}" is not one of ${BY.join(', ')}`, usage);
  const fingerprint = values['merchant-key-fingerprint'] as string | undefined;
  if (fingerprint !== undefined && !/^[0-9a-fA-F]{16}$/.test(fingerprint)) throw new UsageError('--merchant-key-fingerprint: 16 hex digits (the first 8 bytes of SHA-256 of the key, as the trace shows)', usage);
  if (!values.refused && by === undefined && fingerprint === undefined) return undefined;
  return { ...(by ? { by } : {}), ...(fingerprint ? { merchantKeyFingerprint: fingerprint.toLowerCase() } : {}) };
}

export const doctorCommand: Command = {
  summary: 'Find the mistake behind a "Wrong hash": paste the request and your hash or string to sign.',
  usage,
  examples: [
    'payway doctor check-transaction --key "$PAYWAY_API_KEY" --wire req_time=20250213065545 --wire merchant_id=ec000002 --wire tran_id=17394277693 --hash "<the hash your code sent>"',
    'payway doctor --request @failing-request.txt --key "$PAYWAY_API_KEY" --string @my-string-to-sign.txt',
    'payway doctor --callback @pushback.json --signature "<X-PayWay-HMAC-SHA512>" --key "$PAYWAY_API_KEY" --json',
  ],
  options: {
    key: { type: 'string' },
    wire: { type: 'string', multiple: true },
    request: { type: 'string' },
    path: { type: 'string' },
    hash: { type: 'string' },
    string: { type: 'string' },
    'rsa-public-key': { type: 'string' },
    callback: { type: 'string' },
    signature: { type: 'string' },
    json: { type: 'boolean' },
    refused: { type: 'boolean' },
    'refused-by': { type: 'string' },
    'merchant-key-fingerprint': { type: 'string' },
    response: { type: 'string' },
  },
  async run({ positionals, values }, io) {
    const [id, ...extra] = positionals;
    if (extra.length) throw new UsageError(`unexpected argument "${extra[0]}"`, usage);
    const key = values.key as string | undefined;

    if (values.callback !== undefined) {
      if (typeof values.signature !== 'string') throw new UsageError('missing --signature <X-PayWay-HMAC-SHA512 header>', usage);
      if (key === undefined) throw new UsageError('missing --key <key>', usage);
      const body = await readArgument('callback', values.callback as string);
      const header = values.signature;
      const result = await orUsage(() => diagnosePushback({ body, header, key }));
      if (values.json) {
        io.out(
          JSON.stringify({
            match: result.valid,
            verdict: result.verdict,
            diagnosis: result.mistakes.map(findingJson),
            expectedHash: result.expectedHash,
            stringToSign: result.stringToSign,
            reproducedString: result.reproducedString,
            hypothesesTried: result.hypothesesTried,
            summary: result.summary,
          }),
        );
      } else io.out(formatPushback(result));
      return result.valid ? 0 : 1;
    }

    if (id !== undefined && !isEndpointId(id)) throw new UsageError(`unknown endpoint "${id}" (see "payway endpoints")`, usage);
    const requestText = values.request !== undefined ? await readArgument('request', values.request as string) : undefined;
    const wire = parsePairs('wire', values.wire as string[] | undefined, usage);
    if (id === undefined && requestText === undefined) throw new UsageError('give <endpoint-id> with --wire values, or --request with the request as you have it', usage);
    if (values.hash === undefined && values.string === undefined && requestText === undefined && wire.hash === undefined) {
      throw new UsageError('give --hash <their hash> or --string <their string to sign>', usage);
    }
    const stringArgument = values.string as string | undefined;
    let theirString = stringArgument !== undefined ? await readArgument('string', stringArgument) : undefined;
    // A file's final line break belongs to the file, not to the logged string.
    if (stringArgument?.startsWith('@')) theirString = theirString?.replace(/\r?\n$/, '');
    const pemPath = values['rsa-public-key'] as string | undefined;
    const rsaPublicKeyPem = pemPath !== undefined ? await readArgument('rsa-public-key', '@' + pemPath) : undefined;
    const refused = refusalFrom(values);
    const responseText = values.response !== undefined ? await readArgument('response', values.response as string) : undefined;
    const result = await orUsage(() =>
      diagnose({
        endpointId: id,
        requestText,
        wire,
        path: values.path as string | undefined,
        theirHash: values.hash as string | undefined,
        theirString,
        key,
        rsaPublicKeyPem,
        ...(refused ? { refused } : {}),
        ...(responseText !== undefined ? { responseText } : {}),
        search: { engine: nodeHashEngine },
      }),
    );
    if (values.json) {
      io.out(
        JSON.stringify({
          match: result.match,
          verdict: result.verdict,
          reproduced: result.reproduced,
          endpoint: result.endpoint.id,
          variant: result.variant.id,
          diagnosis: result.mistakes.map(findingJson),
          alternatives: result.alternatives.map((a) => a.map((f) => f.mistake)),
          expectedHash: result.expected.hash,
          expectedString: result.expected.stringToSign,
          theirString: result.theirs.string ?? result.theirs.reproducedString,
          firstDifference: result.difference && !result.difference.identical ? { byteIndex: result.difference.byteIndex, field: result.difference.segment?.field, kind: result.difference.kind, summary: result.difference.summary } : undefined,
          hypothesesTried: result.hypothesesTried,
          exhaustive: result.exhaustive,
          elapsedMs: Math.round(result.elapsedMs),
          warnings: result.warnings,
          leftToCheck: result.leftToCheck,
          refusal: result.refusal,
          language: result.language,
          summary: result.summary,
        }),
      );
    } else io.out(formatDiagnosis(result));
    return result.match ? 0 : 1;
  },
};
