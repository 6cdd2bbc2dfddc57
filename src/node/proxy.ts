// `payway start`'s /proxy/<target>/<path>: lets the page reach PayWay despite CORS. <target> is
// `sandbox`, `production` or one of their host names; nothing else is forwarded. Cookies are stripped
// both ways and only the headers a PayWay call needs are sent.
import { HOSTS } from '../core/catalog/index.ts';
import { readLimited } from '../emulator/requestBody.ts';

export interface ProxyOptions {
  /** Mount point of the proxy. */
  prefix?: string;
  /** Allowed target names (sandbox, production, their host names) → the origin to send to. */
  targets?: Readonly<Record<string, string>>;
  fetch?: typeof fetch;
  timeoutMs?: number;
  maxBodyBytes?: number;
}

/** The catalog's PayWay hosts, by name (`sandbox`, `production`) and by host name. */
export const PAYWAY_TARGETS: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(HOSTS).flatMap(([name, origin]) => [
    [name, origin],
    [new URL(origin).host, origin],
  ]),
);

/** Request headers passed on; everything else (cookie, authorization, origin, …) stays here. */
const FORWARDED_REQUEST_HEADERS = ['content-type', 'accept', 'accept-language', 'language', 'user-agent'];
/** PayWay's partner API wants a referer, which a page cannot set; it sends X-PayWay-Referer instead. */
const REFERER_HEADER = 'x-payway-referer';
const FORWARDED_RESPONSE_HEADERS = ['content-type', 'cache-control', 'retry-after'];
/**
 * PayWay's answers come back on the playground's own origin. A sandbox without allow-same-origin gives a
 * page (PayWay's checkout HTML) an opaque origin of its own: its scripts still run, but cannot reach the
 * app's storage, its service worker or the emulator's admin API.
 */
export const PROXIED_CONTENT_POLICY = 'sandbox allow-scripts allow-forms allow-popups';

const refuse = (status: number, message: string) =>
  new Response(JSON.stringify({ status: { code: String(status), message } }), { status, headers: { 'content-type': 'application/json; charset=utf-8' } });

export function createProxy(options: ProxyOptions = {}): (request: Request) => Promise<Response> {
  const prefix = options.prefix ?? '/proxy';
  const targets = options.targets ?? PAYWAY_TARGETS;
  const send = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const timeoutMs = options.timeoutMs ?? 30_000;
  const maxBodyBytes = options.maxBodyBytes ?? 10 * 1024 * 1024;

  /** A redirect to an allowed host (or to a path on the same one) stays behind the proxy. */
  function proxiedLocation(location: string, name: string, origin: string): string {
    const target = new URL(location, origin + '/');
    const known = target.origin === new URL(origin).origin ? name : Object.keys(targets).find((n) => new URL(targets[n]!).origin === target.origin);
    return known ? `${prefix}/${known}${target.pathname}${target.search}` : location;
  }

  return async (request) => {
    const url = new URL(request.url);
    const rest = url.pathname.slice(prefix.length + 1);
    const slash = rest.indexOf('/');
    const name = (slash < 0 ? rest : rest.slice(0, slash)).toLowerCase();
    const origin = Object.hasOwn(targets, name) ? targets[name] : undefined;
    if (!origin) return refuse(403, `The proxy forwards only to PayWay (${Object.keys(targets).join(', ')}), not to "${name}".`);
    const path = slash < 0 ? '/' : rest.slice(slash);

    const headers = new Headers();
    for (const name of FORWARDED_REQUEST_HEADERS) {
      const value = request.headers.get(name);
      if (value !== null) headers.set(name, value);
    }
    const referer = request.headers.get(REFERER_HEADER);
    if (referer) headers.set('referer', referer);

    let body: Uint8Array | undefined;
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      body = await readLimited(request, maxBodyBytes);
      if (!body) return refuse(413, `The request body is larger than ${maxBodyBytes} bytes.`);
    }

    let upstream: Response;
    try {
      upstream = await send(origin + path + url.search, {
        method: request.method,
        headers,
        ...(body ? { body: body as Uint8Array<ArrayBuffer> } : {}),
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      return refuse(502, `PayWay could not be reached: ${error instanceof Error ? error.message : String(error)}`);
    }
    const answer = new Headers({ 'content-security-policy': PROXIED_CONTENT_POLICY, 'x-content-type-options': 'nosniff' });
    for (const name of FORWARDED_RESPONSE_HEADERS) {
      const value = upstream.headers.get(name);
      if (value !== null) answer.set(name, value);
    }
    const location = upstream.headers.get('location');
    if (location) answer.set('location', proxiedLocation(location, name, origin));
    return new Response(upstream.body, { status: upstream.status, statusText: upstream.statusText, headers: answer });
  };
}
