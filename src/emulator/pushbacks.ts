// Pushbacks: the JSON the gateway POSTs to the merchant when something completes. Each is recorded as a
// delivery with every attempt (time, status or the reason it failed) so the UI can show and resend it.
// A failure never throws: in a service worker most cross-origin POSTs fail on CORS, and that is recorded.
// Pushbacks to the reserved example domains (what the catalog's examples use) are recorded, never sent.
import { PUSHBACK_SIGNATURE_HEADER, signPushback } from '../core/callbacks/pushbackSignature.ts';
import type { HmacSigner } from '../core/signing/hmac.ts';
import type { IdSource } from './ids.ts';
import { MAX_DELIVERIES, type Delivery, type DeliveryAttempt, type EmulatorState } from './state.ts';

export interface PushbackRequest {
  merchantId: string;
  event: string;
  ref: string;
  url: string;
  body: Record<string, unknown>;
  /** Sign with the merchant's API key in X-PayWay-HMAC-SHA512 (payment-link pushbacks are not signed). */
  signed: boolean;
  userAgent?: string;
}

export interface PushbackDeps {
  fetch: typeof fetch;
  now: () => Date;
  ids: IdSource;
  timeoutMs: number;
  /** The HMAC key of a merchant, or undefined when the merchant is gone. */
  signingKey: (merchantId: string) => string | undefined;
  hmac: HmacSigner;
  /** Whether a URL is the emulator itself (its inbox): such a pushback is handed to `handle`, not fetched. */
  isOwn: (url: string) => boolean;
  handle: (request: Request) => Promise<Response>;
  /** Why a URL that passed the built-in checks must not be fetched after all (`--no-private-callbacks`). */
  checkTarget?: (url: URL) => Promise<string | undefined>;
}

export const EXAMPLE_DOMAIN_REASON = 'not sent: example domain; use a URL of your own backend or the emulator inbox';

/**
 * Names reserved for examples and tests (RFC 2606, RFC 6761): example.com/.net/.org and their subdomains,
 * and anything under .example, .test or .invalid. localhost is not among them: it is the tester's machine.
 */
export function isExampleHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  return /(^|\.)example\.(com|net|org)$/.test(host) || /(^|\.)(example|test|invalid)$/.test(host);
}

/** Why `url` must not be fetched, or undefined when it may be. */
function refusal(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `not sent: "${url}" is not a URL`;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return `not sent: ${parsed.protocol} is not http or https`;
  return isExampleHost(parsed.hostname) ? EXAMPLE_DOMAIN_REASON : undefined;
}

const RESPONSE_EXCERPT = 500;

function failureReason(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return `no answer within ${timeoutMs} ms`;
  const message = error instanceof Error ? error.message : String(error);
  // fetch() reports network errors and CORS refusals alike, on purpose; say both.
  return `${message} (network error, or the target refused a cross-origin request)`;
}

export class Pushbacks {
  constructor(private readonly deps: PushbackDeps) {}

  /** Adds the delivery to the state (synchronously, with the state change that caused it). */
  record(state: EmulatorState, request: PushbackRequest): Delivery {
    const delivery: Delivery = {
      id: this.deps.ids.hex(8),
      merchantId: request.merchantId,
      event: request.event,
      ref: request.ref,
      url: request.url,
      headers: {
        'Content-Type': 'application/json',
        'User-Agent': request.userAgent ?? 'PayWay-Playground-Emulator',
        ...(request.signed ? { [PUSHBACK_SIGNATURE_HEADER]: '' } : {}),
      },
      body: request.body,
      createdAt: this.deps.now().toISOString(),
      attempts: [],
    };
    state.deliveries.push(delivery);
    if (state.deliveries.length > MAX_DELIVERIES) state.deliveries.splice(0, state.deliveries.length - MAX_DELIVERIES);
    return delivery;
  }

  /** One POST of the delivery; the attempt is appended to it and returned. */
  async attempt(delivery: Delivery): Promise<DeliveryAttempt> {
    const at = this.deps.now().toISOString();
    let attempt: DeliveryAttempt;
    try {
      if (delivery.headers[PUSHBACK_SIGNATURE_HEADER] === '') {
        const key = this.deps.signingKey(delivery.merchantId);
        if (key === undefined) throw new Error(`merchant ${delivery.merchantId} no longer exists, so the pushback cannot be signed`);
        delivery.headers[PUSHBACK_SIGNATURE_HEADER] = (await signPushback(delivery.body, key, this.deps.hmac)).hash;
      }
      const own = this.deps.isOwn(delivery.url);
      const refused = own ? undefined : (refusal(delivery.url) ?? (await this.deps.checkTarget?.(new URL(delivery.url))));
      if (refused) {
        const skipped: DeliveryAttempt = { at, ok: false, error: refused, notSent: true };
        delivery.attempts.push(skipped);
        return skipped;
      }
      const init = { method: 'POST', headers: delivery.headers, body: JSON.stringify(delivery.body) };
      // Inside a service worker a fetch to its own origin skips the worker: the emulator calls itself.
      const response = own
        ? await this.deps.handle(new Request(delivery.url, init))
        : await this.deps.fetch(delivery.url, { ...init, signal: AbortSignal.timeout(this.deps.timeoutMs) });
      const text = await response.text().catch(() => '');
      attempt = { at, ok: response.ok, status: response.status, response: text.slice(0, RESPONSE_EXCERPT) };
    } catch (error) {
      attempt = { at, ok: false, error: failureReason(error, this.deps.timeoutMs) };
    }
    delivery.attempts.push(attempt);
    return attempt;
  }
}
