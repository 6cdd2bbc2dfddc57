// Sends a built request to the chosen target, or explains in plain words why it could not. The body is
// the RequestTrace's body, byte for byte what was hashed; nothing here re-encodes a value.
import { HOSTS } from '../core/catalog/index.ts';
import type { RequestBody } from '../core/signing/index.ts';
import type { TargetKind } from '../core/presets/draft.ts';

export interface SendResult {
  url: string;
  status: number;
  statusText: string;
  headers: [string, string][];
  text: string;
  /** Milliseconds from sending to the whole body read. */
  ms: number;
}

export type SendFailureKind = 'cors' | 'network' | 'timeout' | 'config';

/** A request that got no readable answer: what happened and what to do about it. */
export class SendError extends Error {
  constructor(
    readonly kind: SendFailureKind,
    message: string,
    readonly advice: string,
    readonly url: string,
  ) {
    super(message);
    this.name = 'SendError';
  }
}

export interface TargetOptions {
  customUrl?: string;
  /** document.baseURI in the page: the emulator lives under <base>/mock/. */
  baseURI: string;
}

/** Header that tells the service worker to let a /mock/ request through to the Node server. */
export const LOCAL_SERVER_HEADER = 'x-payway-target';

/** The URL a target serves `path` at. Throws SendError('config') for an unusable custom URL. */
export function targetUrl(target: TargetKind, path: string, { customUrl = '', baseURI }: TargetOptions): string {
  switch (target) {
    case 'emulator':
      return new URL('mock' + path, baseURI).href;
    case 'local-server':
      return new URL('/mock' + path, baseURI).href;
    case 'sandbox-proxy':
      return new URL('/proxy/sandbox' + path, baseURI).href;
    case 'sandbox':
      return HOSTS.sandbox + path;
    case 'production':
      return HOSTS.production + path;
    case 'custom': {
      let base: URL;
      try {
        base = new URL(customUrl.trim());
      } catch {
        throw new SendError('config', `"${customUrl}" is not a URL`, 'Enter the base URL of your server, e.g. http://127.0.0.1:8080.', customUrl);
      }
      if (base.protocol !== 'http:' && base.protocol !== 'https:') {
        throw new SendError('config', `${base.protocol} URLs cannot be sent to`, 'Use an http:// or https:// base URL.', customUrl);
      }
      return base.href.replace(/\/+$/, '') + path;
    }
  }
}

export interface SendOptions {
  fetch?: typeof fetch;
  /** The page's origin: failures of cross-origin URLs are probed for CORS. */
  origin: string;
  headers?: Record<string, string>;
  timeoutMs?: number;
  now?: () => number;
}

/** POSTs the body and reads the whole answer as text. Failures become a SendError that says why. */
export async function sendRequest(url: string, body: RequestBody, options: SendOptions): Promise<SendResult> {
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const now = options.now ?? (() => performance.now());
  const timeoutMs = options.timeoutMs ?? 30_000;
  const started = now();
  let response: Response;
  try {
    response = await doFetch(url, {
      method: 'POST',
      headers: { 'content-type': body.contentTypeHeader, ...options.headers },
      body: body.text,
      signal: AbortSignal.timeout(timeoutMs),
      cache: 'no-store',
      credentials: 'omit',
    });
  } catch (error) {
    throw await explainFailure(url, error, doFetch, options.origin, timeoutMs);
  }
  const text = await response.text();
  return { url, status: response.status, statusText: response.statusText, headers: [...response.headers.entries()], text, ms: now() - started };
}

async function explainFailure(url: string, error: unknown, doFetch: typeof fetch, origin: string, timeoutMs: number): Promise<SendError> {
  const target = new URL(url);
  const host = target.host;
  if (error instanceof DOMException && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return new SendError('timeout', `${host} did not answer within ${Math.round(timeoutMs / 1000)} s`, 'The server may be down or very slow; try again, or check the target.', url);
  }
  if (target.origin === origin) {
    return new SendError(
      'network',
      `This page's own server did not answer at ${target.pathname}`,
      'The local server may have stopped: run `npx payway start` again and reload.',
      url,
    );
  }
  if (new URL(origin).protocol === 'https:' && target.protocol === 'http:') {
    return new SendError('network', `The browser blocked a plain-http request from an https page (mixed content)`, 'Use an https URL, or open the playground over http://127.0.0.1.', url);
  }
  // The browser hides why a fetch failed. An opaque no-cors GET tells the cases apart without sending the
  // request again: it succeeds when the host answered (so CORS refused us) and fails when nothing did.
  let answered = false;
  try {
    await doFetch(url, { method: 'GET', mode: 'no-cors', cache: 'no-store', credentials: 'omit', signal: AbortSignal.timeout(10_000) });
    answered = true;
  } catch {
    answered = false;
  }
  if (answered) {
    return new SendError(
      'cors',
      `${host} answered, but without CORS headers, so the browser will not let this page read the answer (and may not have sent the request)`,
      'PayWay does not accept calls from browsers. Run `npx payway start` and choose "PayWay sandbox through the local proxy": the local server sends the request for you.',
      url,
    );
  }
  return new SendError(
    'network',
    `No answer from ${host}: the name did not resolve, the connection was refused, or you are offline`,
    'Check the URL and your connection. For PayWay\'s sandbox, the local proxy (`npx payway start`) also avoids CORS.',
    url,
  );
}

/**
 * Endpoints that answer with a page (purchase, link card, subscription) are a real form POST into a new
 * tab, as a merchant's checkout does. The browser encodes the form itself; the values are the wire values.
 */
export function submitForm(url: string, pairs: readonly (readonly [string, string])[], enctype: string, target = '_blank', doc: Document = document): void {
  const form = doc.createElement('form');
  form.method = 'POST';
  form.action = url;
  form.target = target;
  form.enctype = enctype === 'application/x-www-form-urlencoded' ? enctype : 'multipart/form-data';
  form.hidden = true;
  for (const [name, value] of pairs) {
    const input = doc.createElement('input');
    input.type = 'hidden';
    input.name = name;
    input.value = value;
    form.append(input);
  }
  doc.body.append(form);
  form.submit();
  form.remove();
}
