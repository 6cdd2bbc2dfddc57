// One received PayWay request after the generic checks, as the endpoint handlers see it, with the
// answers they build from the catalog's outcomes and codes.
import type { CodeSpec, EndpointSpec, Outcomes, Variant } from '../core/catalog/types.ts';
import type { Problem } from '../core/signing/fieldChecks.ts';
import type { EmulatorCore } from './emulatorCore.ts';
import type { Merchant, PartnerCredentials } from './merchants.ts';
import type { BodyKind, UploadedFile } from './requestBody.ts';
import { jsonAnswer, statusBlock, type PlainAnswer } from './respond.ts';
import type { AuthPlaintext } from './rsaAuth.ts';
import { codeForProblem, errorsMap } from './validation.ts';

const NO_AUTH: Readonly<Record<string, unknown>> = Object.freeze({});

export interface CallInit {
  core: EmulatorCore;
  endpoint: EndpointSpec;
  variant: Variant;
  fields: Readonly<Record<string, string>>;
  files: Readonly<Record<string, UploadedFile>>;
  bodyKind: BodyKind;
  /** The origin the request came to (`http://127.0.0.1:8787`). */
  origin: string;
  path: string;
  now: Date;
}

export class Call {
  readonly core: EmulatorCore;
  endpoint: EndpointSpec;
  readonly variant: Variant;
  readonly fields: Readonly<Record<string, string>>;
  readonly files: Readonly<Record<string, UploadedFile>>;
  readonly bodyKind: BodyKind;
  /** The origin the request came to, for the absolute URLs some answers carry. */
  readonly origin: string;
  /** The PayWay path (without the emulator's mount point). */
  readonly path: string;
  readonly now: Date;
  /** Set once the principal is known; for partner endpoints a merchant-shaped view of the partner. */
  merchant!: Merchant;
  partner?: PartnerCredentials;
  /** The decrypted merchant_auth / beneficiaries / request_data. */
  auth?: AuthPlaintext;
  /** True when the handler changed the state, so the emulator saves it before answering. */
  changed = false;
  /** The code of the last answer built (for the request log), and the field problems it named. */
  answeredCode?: CodeSpec;
  problems?: readonly Problem[];

  constructor(init: CallInit) {
    this.core = init.core;
    this.endpoint = init.endpoint;
    this.variant = init.variant;
    this.fields = init.fields;
    this.files = init.files;
    this.bodyKind = init.bodyKind;
    this.origin = init.origin;
    this.path = init.path;
    this.now = init.now;
  }

  get state() {
    return this.core.state;
  }

  /** A wire field, '' when not sent. */
  field(name: string): string {
    return this.fields[name] ?? '';
  }

  /** The decrypted plaintext as an object (an empty one for the payout array, or when there is none). */
  get authObject(): Readonly<Record<string, unknown>> {
    return this.auth && !Array.isArray(this.auth) ? this.auth : NO_AUTH;
  }

  /** The status block context: the request's own id (tran_id, or register_ref in request_data). */
  #status(code: CodeSpec) {
    const fromAuth = this.authObject.tran_id ?? this.authObject.register_ref;
    const tranId = this.fields.tran_id ?? (typeof fromAuth === 'string' ? fromAuth : undefined);
    return statusBlock(this.endpoint, code, { tranId, traceId: this.core.ids.traceId, merchantRef: this.fields.merchant_ref });
  }

  /** The answer with `code`, its HTTP status, and `body` beside the status block. */
  answer(code: CodeSpec, body: Record<string, unknown> = {}, headers?: Record<string, string>): PlainAnswer {
    this.answeredCode = code;
    // The legacy v1 check puts the code itself in `status`, its message in `description` [OBS SF §1].
    if (this.endpoint.response.envelope === 'flat-status') return jsonAnswer({ status: Number(code.code), description: code.message, ...body }, code.http ?? 200, headers);
    return jsonAnswer({ ...body, status: this.#status(code) }, code.http ?? 200, headers);
  }

  ok(body: Record<string, unknown> = {}, headers?: Record<string, string>): PlainAnswer {
    return this.answer(this.endpoint.outcomes.success, body, headers);
  }

  /** The endpoint's code for a situation; falls back to its validation code when the catalog has none. */
  outcome(situation: keyof Outcomes, body: Record<string, unknown> = {}): PlainAnswer {
    return this.answer(this.endpoint.outcomes[situation] ?? this.endpoint.outcomes.validation, body);
  }

  /** A code of the endpoint's own list by number (e.g. close-transaction's "2"). */
  code(number: string, body: Record<string, unknown> = {}): PlainAnswer {
    const spec = this.endpoint.codes.find((c) => c.code === number);
    if (!spec) throw new Error(`catalog: ${this.endpoint.id} has no code ${number}`);
    return this.answer(spec, body);
  }

  /** The validation answer for the first problem (with a Laravel `errors` map where the code is "04"). */
  invalid(problems: readonly Problem[]): PlainAnswer {
    this.problems = problems;
    const code = codeForProblem(this.endpoint, problems[0]!, this.fields.currency);
    const errors = code === this.endpoint.outcomes.validation && code.code === '04' ? { errors: errorsMap(problems) } : {};
    return this.answer(code, errors);
  }

  /** Shorthand for one problem found by a handler (a value out of range, an unknown token). */
  invalidField(field: string, message: string): PlainAnswer {
    return this.invalid([{ field, severity: 'warning', message: `${field} ${message}`, rule: 'format' }]);
  }
}

/**
 * Answers one endpoint. A handler that awaits must change the state only after its last await, so that
 * concurrent requests never act on what they read before another one changed it.
 */
export type EndpointHandler = (call: Call) => PlainAnswer | Promise<PlainAnswer>;
