// Reads a request body the way the gateway would: at most 1 MB, then as JSON, urlencoded or multipart
// according to Content-Type. Every value becomes the wire text the hash is computed over.
import { concatBytes, utf8Decode } from '../core/signing/bytes.ts';
import { jsonWireValue, topLevelLiterals } from '../core/signing/jsonWireValue.ts';
import { whenReady, type MaybePromise } from './maybePromise.ts';

export type BodyKind = 'json' | 'urlencoded' | 'multipart' | 'other';

export interface UploadedFile {
  name: string;
  size: number;
  type: string;
}

export interface RequestBody {
  kind: BodyKind;
  /** Field name → wire value. */
  fields: Record<string, string>;
  files: Record<string, UploadedFile>;
  /** Why the body could not be read as its Content-Type says; the fields are then empty. */
  malformed?: string;
  /** JSON numbers in the body: as written, and the text PayWay hashes for them. */
  numbers?: { field: string; written: string; read: string }[];
}

export const MAX_BODY_BYTES = 1024 * 1024;

/**
 * A request as the emulator reads a PayWay call: the few parts it looks at, from a Request (fetch()) or
 * straight from node:http (the Node server's fast path), so that both are answered by the same code.
 */
export interface PlainRequest {
  readonly method: string;
  /** The URL's origin (`http://127.0.0.1:8787`), and its path without the query. */
  readonly origin: string;
  readonly pathname: string;
  readonly contentType: string | null;
  /** The body's bytes, or undefined when more than `limit` were declared or sent; at once when already read. */
  bytes(limit: number): MaybePromise<Uint8Array | undefined>;
  /** The body as UTF-8 text, or undefined when more than `limit` bytes were declared or sent; at once when already read. */
  text(limit: number): MaybePromise<string | undefined>;
}

/**
 * The origin and path of a Request's URL. A Request's URL is always absolute and already normalised
 * (by the browser, by undici, by the Node adapter), so two string searches give what new URL() would,
 * at a fraction of its cost on every request.
 */
export function originAndPath(href: string): [origin: string, path: string] {
  const pathStart = href.indexOf('/', href.indexOf('//') + 2);
  if (pathStart < 0) return [href, '/'];
  let pathEnd = href.length;
  for (const mark of ['?', '#']) {
    const at = href.indexOf(mark, pathStart);
    if (at >= 0 && at < pathEnd) pathEnd = at;
  }
  return [href.slice(0, pathStart), href.slice(pathStart, pathEnd)];
}

export function plainRequestOf(request: Request): PlainRequest {
  const [origin, pathname] = originAndPath(request.url);
  return {
    method: request.method,
    origin,
    pathname,
    contentType: request.headers.get('content-type'),
    bytes: (limit) => readLimited(request, limit),
    text: (limit) => readTextLimited(request, limit),
  };
}

export function bodyKindOf(contentType: string | null): BodyKind {
  // What nearly every client sends, without the parse below (it runs on every request).
  if (contentType === 'application/json') return 'json';
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'application/json' || type.endsWith('+json')) return 'json';
  if (type === 'application/x-www-form-urlencoded') return 'urlencoded';
  if (type === 'multipart/form-data') return 'multipart';
  return 'other';
}

/** The body bytes, or undefined when there are more than `limit` of them (declared or actually sent). */
export async function readLimited(request: Request, limit: number): Promise<Uint8Array | undefined> {
  const length = request.headers.get('content-length');
  const declared = Number(length ?? 0);
  if (declared > limit) return undefined;
  // With a declared length the body is read in one go: HTTP framing holds it to that length, and a
  // Web stream per request costs the Node server most of its throughput.
  if (length !== null) {
    const bytes = new Uint8Array(await request.arrayBuffer());
    return bytes.length > limit ? undefined : bytes;
  }
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => {});
      return undefined;
    }
    chunks.push(value);
  }
  return chunks.length === 1 ? chunks[0]! : concatBytes(chunks);
}

/** The body as UTF-8 text, or undefined when it is larger than `limit` bytes. */
export function readTextLimited(request: Request, limit: number): Promise<string | undefined> {
  const length = request.headers.get('content-length');
  // A declared length within the limit holds the body to it (HTTP framing), so the text is read in one
  // go; on the Node server that also skips copying the bytes into an ArrayBuffer first.
  if (length !== null && Number(length) <= limit) return request.text();
  return readLimited(request, limit).then((bytes) => bytes && utf8Decode(bytes));
}

function parseJsonFields(text: string): Pick<RequestBody, 'fields' | 'malformed' | 'numbers'> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { fields: {}, malformed: `the body is not valid JSON (${(error as Error).message})` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { fields: {}, malformed: 'the JSON body is not an object' };
  // Values are mostly strings already: the object JSON.parse made becomes the fields as it is, and only
  // numbers, booleans and nulls are rewritten, as PayWay (PHP) reads them (core/signing/jsonWireValue).
  const fields = value as Record<string, unknown>;
  let literals: Map<string, string> | undefined;
  let numbers: RequestBody['numbers'];
  for (const name in fields) {
    const raw = fields[name];
    if (typeof raw === 'string') continue;
    let literal: string | undefined;
    if (typeof raw === 'number') {
      literals ??= topLevelLiterals(text);
      literal = literals.get(name);
    }
    const wire = jsonWireValue(raw, literal);
    if (wire === undefined) return { fields: {}, malformed: `the JSON value of "${name}" is not text or a number` };
    if (literal !== undefined) (numbers ??= []).push({ field: name, written: literal, read: wire });
    fields[name] = wire;
  }
  return { fields: fields as Record<string, string>, ...(numbers ? { numbers } : {}) };
}

async function parseMultipart(bytes: Uint8Array, contentType: string): Promise<Pick<RequestBody, 'fields' | 'files' | 'malformed'>> {
  let form: FormData;
  try {
    // Bytes read from a request body are always backed by a plain ArrayBuffer.
    form = await new Response(bytes as Uint8Array<ArrayBuffer>, { headers: { 'content-type': contentType } }).formData();
  } catch {
    return { fields: {}, files: {}, malformed: 'the multipart body cannot be parsed (check the boundary)' };
  }
  const fields: Record<string, string> = {};
  const files: Record<string, UploadedFile> = {};
  form.forEach((value, name) => {
    if (typeof value === 'string') fields[name] = value;
    else files[name] = { name: value.name, size: value.size, type: value.type };
  });
  return { fields, files };
}

/** A JSON or urlencoded body, from its text. */
export function parseTextBody(kind: 'json' | 'urlencoded', text: string): RequestBody {
  if (kind === 'json') return { kind, files: {}, ...parseJsonFields(text) };
  const fields: Record<string, string> = {};
  // Like PHP, the last of repeated names wins; "+" means space, so Base64 values must be %2B-escaped.
  new URLSearchParams(text).forEach((value, name) => (fields[name] = value));
  return { kind, fields, files: {} };
}

/** Parses `bytes` by the request's Content-Type. An unknown type reads as no fields at all. */
async function parseBody(bytes: Uint8Array, contentType: string | null): Promise<RequestBody> {
  const kind = bodyKindOf(contentType);
  if (kind === 'json' || kind === 'urlencoded') return parseTextBody(kind, utf8Decode(bytes));
  if (kind === 'multipart') return { kind, ...(await parseMultipart(bytes, contentType ?? '')) };
  return { kind, fields: {}, files: {}, ...(bytes.length ? { malformed: `the Content-Type "${contentType ?? ''}" is not JSON or a form` } : {}) };
}

/** Reads and parses a request's body; undefined when it is larger than `limit` bytes. JSON and form
 *  bodies are read as text, which is all they need; a body already read is parsed at once. */
export function readBody(request: PlainRequest, limit: number): MaybePromise<RequestBody | undefined> {
  const { contentType } = request;
  const kind = bodyKindOf(contentType);
  if (kind === 'json' || kind === 'urlencoded') return whenReady(request.text(limit), (text) => (text === undefined ? undefined : parseTextBody(kind, text)));
  return whenReady(request.bytes(limit), (bytes) => bytes && parseBody(bytes, contentType));
}
