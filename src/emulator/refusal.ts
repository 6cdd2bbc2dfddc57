// Why the emulator refused a request, as the checks found it: payWayCall.ts fills a Trail while it
// checks, createEmulator.ts turns it into the diagnosis header and the request log entry. The answer
// itself (status and body) never depends on any of this.
import type { ContentType, EndpointSpec, Variant } from '../core/catalog/types.ts';
import type { Problem } from '../core/signing/fieldChecks.ts';
import type { Call } from './call.ts';
import type { BodyKind, PlainRequest, RequestBody } from './requestBody.ts';

export type Cause =
  | { kind: 'unknown-path' }
  | { kind: 'method'; method: string }
  | { kind: 'too-large'; limit: number }
  | { kind: 'content-type'; got: BodyKind; contentType: string; expected: readonly ContentType[] }
  | { kind: 'malformed'; message: string }
  | { kind: 'fields'; problems: readonly Problem[] }
  | { kind: 'merchant'; field: 'merchant_id' | 'partner_id' | 'mc_id'; value: string }
  | { kind: 'rate-limit' }
  | { kind: 'wrong-hash' }
  | { kind: 'rsa'; field: string; reason: 'cannot-decrypt' | 'not-json' | 'plaintext'; message: string };

/** What one request went through, filled as it is checked. */
export interface Trail {
  method: string;
  /** The PayWay path (without the emulator's mount). */
  path: string;
  startedAt: number;
  request: PlainRequest;
  endpoint?: EndpointSpec;
  variant?: Variant;
  body?: RequestBody;
  call?: Call;
  /** Set by a generic check that refused the request; a handler's refusal leaves it unset. */
  cause?: Cause;
}
