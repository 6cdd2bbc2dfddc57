// What every request to `payway start` / `payway mock` passes before a handler sees it:
// - the Host it names must be one the server was bound for (127.0.0.1, localhost, [::1], --host,
//   --allow-host), so a web page whose name is rebound to 127.0.0.1 (DNS rebinding) gets nothing;
// - a state-changing request to the emulator's admin API (`…/_emulator/…`) that comes from a page must
//   come from the server's own origin (a cross-site form or fetch cannot reset it or add merchants);
// - the request target is read once, here: an absolute-form target is checked like a Host, and the path
//   is normalised (`..`, `%2e%2e`) the way WHATWG URL does it, so every route (the static files, the
//   emulator, the proxy) reads the same path; `req.url` is rewritten to it.
// Every answer also says nosniff and no-referrer, and refuses to be framed: not added here but by
// GuardedResponse, the ServerResponse a server behind this guard must be created with (startHttpServer).
import { ServerResponse, type IncomingMessage, type OutgoingHttpHeader, type OutgoingHttpHeaders } from 'node:http';

export type Listener = (req: IncomingMessage, res: ServerResponse) => void;

export interface RequestGuardOptions {
  /** The address the server is bound to (`--host`); answered as a Host name too. */
  host?: string;
  /** More names the server answers to (`--allow-host`), e.g. a container's service name; `*` answers any. */
  allowHosts?: readonly string[];
  /** Where the emulator's admin API is mounted ('/_emulator/', '/mock/_emulator/'); none when absent. */
  adminPrefixes?: readonly string[];
}

export const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'] as const;

/** A Host value's name, lower-case, IPv6 in brackets, without the port or a trailing dot; undefined when malformed. */
export function hostName(value: string): string | undefined {
  const text = value.trim().toLowerCase();
  if (text.startsWith('[')) return /^(\[[0-9a-f:.]+\])(?::\d{1,5})?$/.exec(text)?.[1];
  return /^([a-z0-9_-]+(?:\.[a-z0-9_-]+)*)\.?(?::\d{1,5})?$/.exec(text)?.[1];
}

/** The names a server bound to `host` answers to (a bare IPv6 address, as `--host ::1` takes it, gets its brackets). */
export function allowedHostNames(host = '127.0.0.1', allowHosts: readonly string[] = []): ReadonlySet<string> {
  const names = new Set<string>(LOOPBACK_NAMES);
  for (const given of [host, ...allowHosts]) {
    const name = given === '*' ? '*' : hostName(/^[0-9a-f]*:[0-9a-f:.]*$/i.test(given) ? `[${given}]` : given);
    if (name) names.add(name);
  }
  return names;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** What WHATWG URL would change in a path: a dot segment, a percent-escape, a backslash, a fragment. */
const NEEDS_NORMALISING = /[%\\#]|\/\./;

function refuse(res: ServerResponse, status: number, message: string): void {
  const body = JSON.stringify({ error: message });
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body), 'cache-control': 'no-store' });
  res.end(body);
}

export function guardRequests(listener: Listener, options: RequestGuardOptions = {}): Listener {
  const allowed = allowedHostNames(options.host, options.allowHosts);
  const anyHost = allowed.has('*');
  const adminPrefixes = options.adminPrefixes ?? [];
  const shown = [...allowed].join(', ');
  /** Host header values already judged allowed (only allowed ones are kept, so the map stays small). */
  const allowedValues = new Set<string>();

  const hostAllowed = (value: string): boolean => {
    if (anyHost || allowedValues.has(value)) return true;
    const name = hostName(value);
    if (name === undefined || !allowed.has(name)) return false;
    allowedValues.add(value);
    return true;
  };

  return (req, res) => {
    let target = req.url ?? '/';
    const host = req.headers.host;
    if (!target.startsWith('/')) {
      // Absolute form (`GET http://name/path`): the name in it counts as the Host.
      let url: URL;
      try {
        url = new URL(target);
      } catch {
        return refuse(res, 400, 'The request target is not a path.');
      }
      if ((url.protocol !== 'http:' && url.protocol !== 'https:') || !hostAllowed(url.host)) {
        return refuse(res, 403, `This server answers only for ${shown}, not "${url.host}" (start it with --allow-host <name> to add one).`);
      }
      target = url.pathname + url.search;
    }
    if (host === undefined || !hostAllowed(host)) {
      return refuse(res, 403, `This server answers only for ${shown}, not "${host ?? ''}" (start it with --allow-host <name> to add one).`);
    }
    const query = target.indexOf('?');
    if (NEEDS_NORMALISING.test(query < 0 ? target : target.slice(0, query))) {
      try {
        const url = new URL(target, 'http://x');
        target = url.pathname + url.search;
      } catch {
        return refuse(res, 400, 'The request target is not a valid path.');
      }
    }
    req.url = target;
    const origin = req.headers.origin;
    if (origin !== undefined && !SAFE_METHODS.has(req.method ?? 'GET') && adminPrefixes.some((prefix) => target.startsWith(prefix))) {
      if (origin.toLowerCase() !== `http://${host.toLowerCase()}` && origin.toLowerCase() !== `https://${host.toLowerCase()}`) {
        return refuse(res, 403, `The emulator's admin API takes changes only from pages of its own origin, not from ${origin}.`);
      }
    }
    listener(req, res);
  };
}

/** What every answer says, unless its handler set its own value for the name. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};
const SECURITY_NAMES = Object.keys(SECURITY_HEADERS);

/** Whether `headers` (as given to writeHead) names `name` (lower-case), in any case. */
function names(headers: OutgoingHttpHeaders | undefined, name: string): boolean {
  if (!headers) return false;
  if (name in headers) return true;
  for (const key in headers) if (key.length === name.length && key.toLowerCase() === name) return true;
  return false;
}

/**
 * Adds SECURITY_HEADERS to a headers object its caller owns and is about to give to writeHead, keeping
 * any value it already has under the same lower-case name (the emulator's answers use only lower-case
 * names): the head is then written on node:http's fast path, as it is.
 */
export function addSecurityHeaders(headers: OutgoingHttpHeaders): OutgoingHttpHeaders {
  for (const name of SECURITY_NAMES) headers[name] ??= SECURITY_HEADERS[name];
  return headers;
}

type HeaderEntries = readonly (readonly [string, OutgoingHttpHeader])[];
type HeadersGiven = OutgoingHttpHeaders | OutgoingHttpHeader[] | HeaderEntries;

const isList = (given: HeadersGiven): given is OutgoingHttpHeader[] | HeaderEntries => Array.isArray(given);
const isEntries = (given: OutgoingHttpHeader[] | HeaderEntries): given is HeaderEntries => Array.isArray(given[0]);

/** The headers given to writeHead plus SECURITY_HEADERS, less any the handler set itself (by name or in them). */
function withSecurityHeaders(res: ServerResponse, given: HeadersGiven | undefined): HeadersGiven {
  const missing = (named: (name: string) => boolean) => SECURITY_NAMES.filter((name) => !named(name) && !res.hasHeader(name));
  if (given !== undefined && isList(given)) {
    // Flat pairs ['name', 'value', …] or entries [['name', 'value'], …]: node:http takes both.
    if (isEntries(given)) {
      const named = new Set(given.map(([name]) => String(name).toLowerCase()));
      return [...given, ...missing((name) => named.has(name)).map((name) => [name, SECURITY_HEADERS[name]!] as const)];
    }
    const named = new Set<string>();
    for (let i = 0; i < given.length; i += 2) named.add(String(given[i]).toLowerCase());
    return [...given, ...missing((name) => named.has(name)).flatMap((name) => [name, SECURITY_HEADERS[name]!])];
  }
  const headers = given;
  // Already there (addSecurityHeaders): given as it is. Copying it costs more than the rest of this function.
  if (headers && SECURITY_NAMES.every((name) => headers[name] !== undefined)) return headers;
  const merged: OutgoingHttpHeaders = { ...headers };
  for (const name of missing((name) => names(headers, name))) merged[name] = SECURITY_HEADERS[name];
  return merged;
}

/**
 * The ServerResponse of every server behind guardRequests() (startHttpServer passes it to
 * createServer): each head it writes (writeHead or its alias writeHeader, setHeader then writeHead, or
 * implicitly at the first write) carries SECURITY_HEADERS. They are added to the headers given to
 * writeHead rather than set by name up front: a head written only by writeHead(status, headers) is then
 * node:http's fast path, where one set by name first makes node:http set every header by name,
 * validating each (about 2 µs a request on this machine, `npm run bench:emulator`).
 */
export class GuardedResponse<Request extends IncomingMessage = IncomingMessage> extends ServerResponse<Request> {
  override writeHead(statusCode: number, reason?: string | HeadersGiven, headers?: HeadersGiven): this {
    // As node:http reads its arguments: a reason only when it is a string, the headers after it or in its place.
    const given = typeof reason === 'string' ? headers : (reason ?? headers);
    const withOurs = withSecurityHeaders(this, given) as OutgoingHttpHeaders | OutgoingHttpHeader[];
    return typeof reason === 'string' ? super.writeHead(statusCode, reason, withOurs) : super.writeHead(statusCode, withOurs);
  }

  /** node:http's old alias, which points at ServerResponse's own writeHead rather than this one. */
  writeHeader(statusCode: number, reason?: string | HeadersGiven, headers?: HeadersGiven): this {
    return this.writeHead(statusCode, reason, headers);
  }
}
