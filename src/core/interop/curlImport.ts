// Import from a command: a pasted cURL command (browsers' "Copy as cURL" for bash and for cmd, with
// --data-raw, -F, --data-urlencode), PowerShell command ("Copy as PowerShell": Invoke-WebRequest) or
// fetch() call ("Copy as fetch", also for Node.js) becomes a RequestDraft for the form, plus a report of
// everything that was not used, so nothing is dropped without a word.
//
// Wire values that are already encoded are decoded back into inputs only when re-encoding the decoded
// text gives the exact same wire value (so the form shows readable JSON and URLs, and the hash stays
// what the command sent). Otherwise — odd spacing in the JSON, PHP-style escapes, RSA ciphertext that
// cannot be decrypted without the private key — the value is kept verbatim as a `wire` override.
import { fieldsOf, getEndpoint } from '../catalog/index.ts';
import type { EndpointSpec, FieldSpec } from '../catalog/types.ts';
import type { RequestDraft } from '../presets/draft.ts';
import { base64Encode, base64ToBytes, utf8Decode } from '../signing/bytes.ts';
import { parseJsonInput } from '../signing/jsonInput.ts';
import { parseCommand } from './parseCommand.ts';
import { parseRequestText } from './parseRequestText.ts';
import { recogniseEndpoint, type EndpointRecognition } from './recogniseEndpoint.ts';

export interface ImportNote {
  severity: 'info' | 'warning';
  /** The field, header or option concerned, when there is one. */
  subject?: string;
  message: string;
}

export interface CurlImport {
  /** Undefined when no endpoint could be recognised (the report says why). */
  draft?: RequestDraft;
  recognition: EndpointRecognition;
  /** The `hash` the command sent, for the doctor to compare with ours. */
  sentHash?: string;
  url?: string;
  notes: ImportNote[];
}

/** Headers every browser or curl adds that say nothing about the PayWay request. */
const NOISE_HEADERS = new Set(['accept', 'accept-language', 'accept-encoding', 'user-agent', 'origin', 'referer', 'connection', 'cache-control', 'pragma', 'priority', 'dnt', 'content-length', 'host']);

function decodeBase64Text(wire: string): string | undefined {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(wire) || wire.length % 4 !== 0) return undefined;
  try {
    const text = utf8Decode(base64ToBytes(wire));
    return base64Encode(text) === wire ? text : undefined;
  } catch {
    return undefined;
  }
}

const compactJson = (text: string): string | undefined => {
  const parsed = parseJsonInput(text);
  return parsed.ok ? JSON.stringify(parsed.value) : undefined;
};

/** The input that reproduces `wire` exactly through the field's encoding, or undefined. */
function inputFor(spec: FieldSpec, wire: string): string | undefined {
  switch (spec.encoding) {
    case 'none':
      return wire;
    case 'base64':
      return decodeBase64Text(wire);
    case 'base64-json': {
      const text = decodeBase64Text(wire);
      return text !== undefined && compactJson(text) === text ? text : undefined;
    }
    case 'json':
      return compactJson(wire) === wire ? wire : undefined;
    case 'rsa':
      return undefined;
  }
}

function toDraft(endpoint: EndpointSpec, fields: [string, string][], notes: ImportNote[]): RequestDraft {
  const specs = new Map(endpoint.variants.flatMap((v) => fieldsOf(endpoint, v)).map((f) => [f.name, f]));
  const inputs: Record<string, string> = {};
  const wire: Record<string, string> = {};
  const seen = new Set<string>();
  for (const [name, value] of fields) {
    if (name === 'hash') continue;
    if (seen.has(name)) notes.push({ severity: 'warning', subject: name, message: `${name} is sent more than once; the last value is used` });
    seen.add(name);
    const spec = specs.get(name);
    if (!spec) {
      inputs[name] = value;
      notes.push({ severity: 'warning', subject: name, message: `${name} is not a field of ${endpoint.name}; kept, it is sent but not hashed` });
      continue;
    }
    const input = inputFor(spec, value);
    if (input !== undefined) {
      inputs[name] = input;
      if (spec.encoding !== 'none' && spec.encoding !== 'json') notes.push({ severity: 'info', subject: name, message: `${name} was decoded from Base64 for the form; it re-encodes to the same value` });
    } else {
      wire[name] = value;
      notes.push({
        severity: 'info',
        subject: name,
        message:
          spec.encoding === 'rsa'
            ? `${name} is RSA ciphertext and cannot be decrypted here; it is kept as sent. Replace it with the plaintext JSON to edit it.`
            : `${name} is kept exactly as sent (it does not re-encode to the same text, e.g. spacing or escapes in its JSON)`,
      });
    }
  }
  const draft: RequestDraft = { endpoint: endpoint.id, inputs };
  if (Object.keys(wire).length) draft.wire = wire;
  return draft;
}

/** Reads a cURL, PowerShell or fetch command (leading comment lines aside); the name is from when it read cURL only. */
export function importCurl(pasted: string): CurlImport {
  const notes: ImportNote[] = [];
  let command;
  let parsed;
  try {
    command = parseCommand(pasted);
    parsed = parseRequestText(pasted);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { recognition: { by: 'none', candidates: [], ties: [], notes: [] }, notes: [{ severity: 'warning', message: `The command cannot be read: ${message}` }] };
  }
  for (const warning of parsed.warnings) notes.push({ severity: 'warning', message: warning });
  for (const option of command.unknownOptions) notes.push({ severity: 'warning', subject: option, message: `${option} is not an option this import understands; it was not applied` });
  if (command.method !== 'POST') notes.push({ severity: 'warning', message: `The command uses ${command.method}; PayWay accepts POST only` });
  if (command.url && /\?/.test(command.url)) notes.push({ severity: 'warning', message: 'The URL has a query string; PayWay reads fields from the body only, so it was not imported' });
  for (const name of parsed.files) notes.push({ severity: 'info', subject: name, message: `${name} is a file upload; files are never hashed and are not imported` });

  const recognition = recogniseEndpoint(command.url ?? parsed.path, parsed.fields.map(([name]) => name));
  for (const note of recognition.notes) notes.push({ severity: 'info', message: note });
  const sentHash = parsed.fields.findLast(([name]) => name === 'hash')?.[1];
  if (!recognition.endpoint) {
    notes.push({ severity: 'warning', message: 'No PayWay endpoint matches this command; choose one and paste again' });
    return { recognition, sentHash, url: command.url, notes };
  }
  const endpoint = getEndpoint(recognition.endpoint);
  if (recognition.ties.length > 1) notes.push({ severity: 'info', message: `Chosen ${endpoint.name}; ${recognition.ties.filter((id) => id !== endpoint.id).join(', ')} fit as well` });

  for (const [name, value] of command.headers) {
    const lower = name.toLowerCase();
    if (lower === 'content-type') {
      const expected = endpoint.variants.map((v) => v.contentType ?? endpoint.contentType);
      if (!expected.some((type) => value.toLowerCase().startsWith(type))) notes.push({ severity: 'warning', subject: name, message: `Content-Type ${value}: ${endpoint.name} expects ${endpoint.contentType}` });
    } else if (endpoint.headers?.some((h) => h.name.toLowerCase() === lower)) {
      notes.push({ severity: 'info', subject: name, message: `${name} header noted (${endpoint.name} sends it); headers are not part of a preset` });
    } else if (!NOISE_HEADERS.has(lower) && !lower.startsWith('sec-')) {
      notes.push({ severity: 'info', subject: name, message: `${name} header not imported (not part of a PayWay request)` });
    }
  }
  const missing = recognition.candidates.find((c) => c.id === endpoint.id)?.missing ?? [];
  if (missing.length) notes.push({ severity: 'warning', message: `Required by ${endpoint.name} but not in the command: ${missing.join(', ')}` });
  const draft = toDraft(endpoint, parsed.fields, notes);
  if (sentHash !== undefined) notes.push({ severity: 'info', subject: 'hash', message: 'The hash it sent is not a field of the form: the playground computes its own; the doctor can compare the two' });
  return { draft, recognition, sentHash, url: command.url, notes };
}
