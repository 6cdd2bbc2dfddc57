// What every request to `payway start` / `payway mock` passes before a handler sees it:
// - the Host it names must be one the server was bound for (127.0.0.1, localhost, [::1], --host,
//   --allow-host), so a web page whose name is rebound to 127.0.0.1 (DNS rebinding) gets nothing;
// - a state-changing request to the emulator's admin API (`…/_emulator/…`) that comes from a page must
//   come from the server's own origin (a cross-site form or fetch cannot reset it or add merchants);
// - the request target is read once, here: an absolute-form target is checked like a Host, and the path
//   is normalised (`..`, `%2e%2e`) the way WHATWG URL does it, so every route (the static files, the
//   emulator, the proxy) reads the same path; `req.url` is rewritten to it.
// Every answer also says nosniff and no-referrer, and refuses to be framed.
import type { IncomingMessage, ServerResponse } from 'node:http';

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
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('referrer-policy', 'no-referrer');
    res.setHeader('x-frame-options', 'DENY');
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
