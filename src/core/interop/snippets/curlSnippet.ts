// cURL (bash): the exact request the playground built, with its computed hash. A shell cannot compute
// RSA, so the values are the ones from the trace; the comment says which key made the hash.
import { getEndpoint } from '../../catalog/index.ts';
import type { RequestTrace } from '../../signing/buildRequest.ts';
import { ENV, DEFAULT_BASE_URL } from './snippetPlan.ts';

/** A single-quoted bash word: ' becomes '\''. */
export const shellQuoted = (text: string): string => `'${text.replace(/'/g, `'\\''`)}'`;

/** `trace` must come from buildRequest; only its wire values, hash and key fingerprint are used. */
export function curlSnippet(trace: RequestTrace): string {
  const endpoint = getEndpoint(trace.endpoint);
  const variant = endpoint.variants.find((v) => v.id === trace.variant);
  const keyName = trace.recipe.key === 'partner-key' ? 'partner key' : 'API key';
  const rsaField = endpoint.rsa?.field;
  const lines = [
    `# ${endpoint.name} (${endpoint.id}): POST ${endpoint.path}${variant && !variant.default ? `, variant "${variant.label}"` : ''}`,
    `# The hash below was computed by PayWay Playground with the ${keyName} you had in the form`,
    `# (fingerprint ${trace.key.fingerprint}): ${trace.recipe.algorithm}, ${trace.recipe.output === 'hex' ? 'hex' : 'Base64'}, over ${trace.segments.map((s) => s.field).join(' + ')}.`,
    '# It is valid only for these exact values: change one and the gateway answers "Wrong hash".',
  ];
  if (rsaField && trace.wire.some(([name]) => name === rsaField)) {
    lines.push(`# ${rsaField} was RSA-encrypted with your RSA public key; a shell cannot redo that, so it is fixed here.`);
  }
  const reqTime = trace.wire.find(([name]) => name === 'req_time' || name === 'request_time');
  if (reqTime) lines.push(`# ${reqTime[0]} is ${reqTime[1]} (UTC); PayWay may refuse a request time too far in the past.`);

  const contentType = trace.body.contentType;
  const args = [`curl -sS -X POST "\${${ENV.baseUrl}:-${DEFAULT_BASE_URL}}${endpoint.path}"`];
  for (const header of endpoint.headers ?? []) if (header.example) args.push(`-H ${shellQuoted(`${header.name}: ${header.example}`)}`);
  if (contentType === 'application/json') {
    args.push(`-H 'Content-Type: application/json'`, `--data-raw ${shellQuoted(trace.body.text)}`);
  } else if (contentType === 'application/x-www-form-urlencoded') {
    for (const [name, value] of trace.wire) args.push(`--data-urlencode ${shellQuoted(`${name}=${value}`)}`);
  } else {
    // --form-string, not -F: a value starting with @ or < would make curl read a file.
    for (const [name, value] of trace.wire) args.push(`--form-string ${shellQuoted(`${name}=${value}`)}`);
  }
  return `${lines.join('\n')}\n${args.join(' \\\n  ')}\n`;
}
