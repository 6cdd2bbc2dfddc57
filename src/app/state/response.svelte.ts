// The last request sent and what came back (or why nothing did).
import { getEndpoint } from '../../core/catalog/index.ts';
import type { EndpointId, EndpointSpec } from '../../core/catalog/types.ts';
import type { RequestTrace } from '../../core/signing/index.ts';
import type { TargetKind } from '../../core/presets/draft.ts';
import { explainFields, explainResponse } from '../explainResponse.ts';
import { LOCAL_SERVER_HEADER, SendError, sendRequest, submitForm, targetUrl, type SendResult } from '../send.ts';

export interface SentRequest {
  endpoint: EndpointId;
  variant: string;
  target: TargetKind;
  url: string;
  /** The wire values sent, `hash` included: what the doctor needs (no key is among them). */
  wire: [string, string][];
  /** True when it went out as a form POST into a new tab. */
  form: boolean;
}

/** Who answered, in the doctor's words: our emulator (in the page or on the local server), or PayWay. */
const refuserOf = (target: TargetKind) =>
  target === 'emulator' || target === 'local-server' ? 'emulator' : target === 'sandbox' || target === 'sandbox-proxy' ? 'sandbox' : target === 'production' ? 'production' : 'other';

/** Bodies larger than this are shown as plain text: an editor on megabytes of JSON would freeze the page. */
export const PRETTY_LIMIT = 1_000_000;

export interface SendDeps {
  baseURI: string;
  origin: string;
  fetch?: typeof fetch;
  submitForm?: typeof submitForm;
  /** Makes sure the in-page emulator is running before a request goes to it (false: it cannot run). */
  startEmulator?: () => Promise<boolean>;
  /** Name of a tab opened during the click, for form POSTs (a tab opened later may be blocked as a popup). */
  formTarget?: string;
}

export class ResponseState {
  pending = $state(false);
  request = $state.raw<SentRequest | undefined>();
  result = $state.raw<SendResult | undefined>();
  failure = $state.raw<SendError | undefined>();
  /** False when the in-page emulator could not start, so a request "to the emulator" went to the server. */
  emulatorRunning = $state<boolean | undefined>();

  explanation = $derived(this.request && this.result ? explainResponse(getEndpoint(this.request.endpoint), this.result.text) : undefined);
  /** Each documented field of the answer with its meaning from the catalog. */
  fields = $derived(this.request && this.result && this.result.text.length <= PRETTY_LIMIT ? explainFields(getEndpoint(this.request.endpoint), this.result.text) : []);
  /** The request went through: PayWay's success code came back, or a form POST went out (its answer is
   *  a page in another tab that this page cannot read, so going out is all there is to know). */
  succeeded = $derived(!this.pending && !this.failure && !!this.request && (this.request.form || !!this.explanation?.success));
  /** The body as shown: pretty JSON when it parses and is small enough, else the text as received. */
  display = $derived(this.result ? prettyBody(this.result.text) : undefined);

  /** What the doctor page is opened with: the request that failed and what the target answered (the
   *  doctor never calls a refused request correct), never a credential. */
  doctorState = $derived(
    this.request
      ? {
          endpoint: this.request.endpoint,
          variant: this.request.variant,
          wire: Object.fromEntries(this.request.wire),
          ...(this.explanation && !this.explanation.success ? { refused: { by: refuserOf(this.request.target), code: this.explanation.code, ...(this.explanation.message ? { message: this.explanation.message } : {}), target: this.request.target } } : {}),
        }
      : undefined,
  );

  /**
   * Whether the answer shown is older than the request on screen: `trace` (what the form would send now)
   * is for another endpoint, another target, or other bytes (an edit, another key, another merchant id).
   */
  outdatedFor(trace: RequestTrace | undefined, env: { target: TargetKind; customUrl: string }): 'endpoint' | 'edited' | undefined {
    const sent = this.request;
    if (!sent || !trace || this.pending) return undefined;
    if (sent.endpoint !== trace.endpoint) return 'endpoint';
    if (sent.target !== env.target || !sameWire(sent.wire, trace.wire)) return 'edited';
    if (env.target === 'custom' && sent.url !== customUrlOf(env.customUrl, getEndpoint(sent.endpoint).path)) return 'edited';
    return undefined;
  }

  async send(trace: RequestTrace, endpoint: EndpointSpec, env: { target: TargetKind; customUrl: string }, deps: SendDeps): Promise<void> {
    this.pending = true;
    this.result = undefined;
    this.failure = undefined;
    this.request = undefined;
    try {
      const url = targetUrl(env.target, endpoint.path, { customUrl: env.customUrl, baseURI: deps.baseURI });
      const form = endpoint.response.kind === 'html';
      this.request = { endpoint: endpoint.id, variant: trace.variant, target: env.target, url, wire: trace.wire, form };
      if (env.target === 'emulator' && deps.startEmulator) this.emulatorRunning = await deps.startEmulator();
      if (form) {
        (deps.submitForm ?? submitForm)(url, trace.wire, trace.body.contentType, deps.formTarget);
        return;
      }
      const headers: Record<string, string> = env.target === 'local-server' ? { [LOCAL_SERVER_HEADER]: 'local-server' } : {};
      this.result = await sendRequest(url, trace.body, { fetch: deps.fetch, origin: deps.origin, headers });
    } catch (error) {
      this.failure = error instanceof SendError ? error : new SendError('network', error instanceof Error ? error.message : String(error), '', this.request?.url ?? '');
    } finally {
      this.pending = false;
    }
  }
}

function customUrlOf(customUrl: string, path: string): string | undefined {
  try {
    return targetUrl('custom', path, { customUrl, baseURI: 'http://unused.invalid/' });
  } catch {
    return undefined;
  }
}

const sameWire = (a: readonly (readonly [string, string])[], b: readonly (readonly [string, string])[]) =>
  a.length === b.length && a.every(([name, value], i) => b[i]![0] === name && b[i]![1] === value);

export function prettyBody(text: string): { kind: 'json' | 'text'; text: string; tooLarge: boolean } {
  if (text.length > PRETTY_LIMIT) return { kind: 'text', text, tooLarge: true };
  try {
    return { kind: 'json', text: JSON.stringify(JSON.parse(text), null, 2), tooLarge: false };
  } catch {
    return { kind: 'text', text, tooLarge: false };
  }
}
