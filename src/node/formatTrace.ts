// The trace as terminal text: each field's encoding, the string-to-sign by segment, the digest, the hash.
// Secrets never appear: the key is shown by length and fingerprint only.
import { HOSTS, getEndpoint } from '../core/catalog/index.ts';
import type { RequestTrace } from '../core/signing/buildRequest.ts';
import { byteRange } from '../core/signing/bytePositions.ts';
import { visibleTokens, inspectChars } from '../core/signing/inspectChars.ts';

const visible = (text: string) => visibleTokens(text, inspectChars(text)).map((t) => t.text).join('');
const clip = (text: string, max = 96) => (text.length > max ? `${text.slice(0, max)}… (${text.length} chars)` : text);

export function formatTrace(trace: RequestTrace): string {
  const endpoint = getEndpoint(trace.endpoint);
  const lines: string[] = [];
  lines.push(`${endpoint.id} — ${endpoint.name}  [variant ${trace.variant}]`);
  lines.push(`${endpoint.method} ${HOSTS.sandbox}${endpoint.path}  (${trace.body.contentType})`, '');
  lines.push('Fields (input → wire value):');
  for (const step of trace.steps) {
    if (!step.sent && step.input === '') continue;
    const mark = step.hashIndex >= 0 ? `#${step.hashIndex + 1}`.padStart(3) : '  -';
    lines.push(`  ${mark} ${step.field.padEnd(22)} ${clip(visible(step.input))}`);
    for (const t of step.transforms) lines.push(`      ${''.padEnd(22)} → ${t.label}: ${clip(t.value)}`);
    if (step.encoding === 'verbatim') lines.push(`      ${''.padEnd(22)} (set verbatim)`);
  }
  if (trace.rsa) {
    const r = trace.rsa;
    lines.push('', `RSA: ${r.plaintextBytes} plaintext bytes, ${r.keyBits}-bit key, ${r.chunks.length} chunk(s) of ≤${r.chunkSize} bytes`);
    for (const c of r.chunks) lines.push(`  chunk ${c.index + 1}: ${c.length} bytes → block ${clip(c.ciphertextHex, 64)}`);
  }
  lines.push('', `String to sign (${trace.byteLength} UTF-8 bytes, ${trace.recipe.fields.length} parts, no separators):`);
  for (const s of trace.segments) lines.push(`  ${s.field.padEnd(24)} ${byteRange(s).padEnd(16)} ${s.empty ? '' : clip(visible(s.value))}`.trimEnd());
  lines.push(`  = ${clip(visible(trace.stringToSign), 400)}`);
  lines.push('', `Key: ${trace.key.length} characters, SHA-256 fingerprint ${trace.key.fingerprint}`);
  lines.push(`${trace.signature.algorithm} digest (hex): ${trace.signature.digestHex}`);
  lines.push(`hash (${trace.signature.output}): ${trace.signature.hash}`);
  if (trace.problems.length) {
    lines.push('', 'Problems:');
    for (const p of trace.problems) lines.push(`  ${p.severity === 'error' ? 'error  ' : 'warning'} ${p.message}`);
  }
  return lines.join('\n');
}
