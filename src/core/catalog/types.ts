// The endpoint catalog's types. Every feature (form, trace, emulator, snippets, exports, doctor) reads
// endpoints through these shapes, so anything about a PayWay endpoint is written once, as data.

export type FamilyId =
  | 'checkout'
  | 'cof'
  | 'cof-v3'
  | 'qr'
  | 'payment-link'
  | 'pre-auth'
  | 'payout'
  | 'khqr'
  | 'partner';

export type EndpointId =
  | 'purchase'
  | 'transaction-detail'
  | 'close-transaction'
  | 'check-transaction'
  | 'check-transaction-v1'
  | 'refund'
  | 'transaction-list'
  | 'transaction-list-v1'
  | 'exchange-rate'
  | 'link-account'
  | 'link-card'
  | 'purchase-with-token'
  | 'remove-account-token'
  | 'remove-card-token'
  | 'linked-account-details'
  | 'renew-account-token'
  | 'subscription'
  | 'link-account-v3'
  | 'link-card-v3'
  | 'payment-v3'
  | 'renew-token-v3'
  | 'token-details-v3'
  | 'remove-token-v3'
  | 'generate-qr'
  | 'request-qr'
  | 'payment-link-create'
  | 'payment-link-detail'
  | 'payment-link-void'
  | 'pre-auth-complete'
  | 'pre-auth-complete-payout'
  | 'pre-auth-cancel'
  | 'payout'
  | 'beneficiary-add'
  | 'beneficiary-status'
  | 'transactions-by-merchant-ref'
  | 'partner-register-merchant'
  | 'partner-merchant-credentials'
  | 'partner-merchant-info';

export type ContentType = 'application/json' | 'multipart/form-data' | 'application/x-www-form-urlencoded';

/** What a source says about a body type other than the endpoint's own `contentType`. */
export interface BodyTypeRule {
  type: ContentType;
  accepted: boolean;
  basis: 'doc' | 'sandbox' | 'inference';
  source: string;
  note?: string;
}

/** Value type as PayWay documents it. Every wire value is text; this says what the text should look like. */
export type FieldType = 'string' | 'number' | 'integer' | 'json' | 'file';

/**
 * What the builder does to the user's input to get the wire value (the value that is sent and hashed).
 * - none:        sent as typed.
 * - base64:      Base64 of the UTF-8 text (URLs such as return_url, callback_url).
 * - base64-json: the input is JSON text; it is parsed, re-serialised compactly, then Base64-encoded.
 * - json:        the input is JSON text, parsed and re-serialised compactly, sent as plain text.
 * - rsa:         the input is the JSON plaintext of the endpoint's `rsa` spec; RSA PKCS#1 v1.5 in
 *                k−11 byte chunks with the merchant's RSA public key, blocks joined, Base64 once.
 */
export type Encoding = 'none' | 'base64' | 'base64-json' | 'json' | 'rsa';

/** Formats the checker knows; each produces warnings (never rewrites) when a value does not fit. */
export type FieldFormat =
  | 'req-time' // UTC YYYYMMDDHHmmss, 14 digits
  | 'amount' // a payment amount: decimal text, not zero, KHR ≥ 100 without decimals, USD ≥ 0.01
  | 'money' // shipping, fees, amount-range filters: a non-negative decimal, zero allowed
  | 'json' // plain text the docs fill with JSON (no encoding applied)
  | 'email'
  | 'phone'
  | 'url'
  | 'date-time' // YYYY-MM-DD HH:mm:ss (gateway-local UTC+7 for list filters)
  | 'alnum-5-24' // ^[a-zA-Z0-9]{5,24}$ (v3 request_id / ctid)
  | 'tran-id' // [A-Za-z0-9-] as probes found
  | 'name' // letters only (codes 16/17)
  | 'unix-seconds';

export interface FieldSpec {
  /** Wire name, exactly as sent. */
  name: string;
  type: FieldType;
  /** true, false, or 'conditional' (required in some situations; `requiredWhen` says which). */
  required: boolean | 'conditional';
  requiredWhen?: string;
  maxLength?: number;
  /** Allowed values, when the docs enumerate them. */
  allowed?: readonly string[];
  /** True when `allowed` lists values seen in only some sources; the checker then warns more softly. */
  allowedOpen?: boolean;
  format?: FieldFormat;
  /** Default the gateway applies when the field is omitted (documentation only; never sent by us). */
  default?: string;
  encoding: Encoding;
  /** One line in our own words. */
  description: string;
  /** A demo input (pre-encoding) that the playground fills in and the emulator accepts. */
  example?: string;
  /** JSON Schema (draft 2020-12 subset) of the input for JSON-valued fields: Monaco validates with it. */
  schema?: JsonSchema;
  /** True when the field is sent but never part of the string-to-sign (e.g. view_type). */
  notHashed?: boolean;
  /** Anything the reference could not pin down, or where sources disagree. */
  note?: string;
}

export type JsonSchema = { [key: string]: unknown };

export type HmacAlgorithm = 'HMAC-SHA512' | 'HMAC-SHA256';
export type HashOutput = 'base64' | 'hex';

/**
 * One part of a string-to-sign: a wire field name, or PHP's arithmetic `$a + $b`, which one official
 * sample has by mistake (transaction-list). Kept as data so the trace and the doctor can show what it does.
 */
export type HashPart = string | { readonly phpSum: readonly [string, string] };

export interface HashRecipe {
  /** Parts concatenated in this order, with no separators. */
  fields: readonly HashPart[];
  algorithm: HmacAlgorithm;
  output: HashOutput;
  /** Which credential is the HMAC key. */
  key: 'api-key' | 'partner-key';
}

/**
 * A named version of an endpoint where sources disagree. Each variant carries a full recipe (no
 * partial overrides to reason about). Exactly one variant per endpoint has `default: true`.
 */
export interface Variant {
  id: string;
  label: string;
  /** Why this variant exists, and which source says so. */
  note: string;
  sources: readonly string[];
  /** 'doc' = what the documentation says; 'sandbox' = what a probe saw the sandbox accept. */
  basis: 'doc' | 'sandbox' | 'doc+sandbox' | 'inference';
  default?: boolean;
  /** The variant the emulator enforces (follows the sandbox where known). Exactly one per endpoint. */
  emulator?: boolean;
  hash: HashRecipe;
  /** Content type when the variant differs from the endpoint's (e.g. link-card-v3 urlencoded). */
  contentType?: ContentType;
  /** Fields added to the endpoint's field list by this variant (e.g. ctid for subscription). */
  extraFields?: readonly FieldSpec[];
}

/** One key of an RSA-encrypted JSON plaintext (merchant_auth, beneficiaries, request_data). */
export interface RsaKeySpec {
  name: string;
  type: 'string' | 'number' | 'integer' | 'array' | 'object';
  required: boolean;
  description: string;
  /** 'merchant_id' = filled from the merchant id when the user leaves it out. */
  from?: 'merchant_id';
  /** Encoding applied to this value inside the JSON before encryption (payment-link return_url). */
  encoding?: 'base64';
  note?: string;
}

export interface RsaSpec {
  /** The wire field that carries the ciphertext. */
  field: 'merchant_auth' | 'beneficiaries' | 'request_data';
  /** 'object' → a JSON object with `keys`; 'array' → a JSON array of objects with `keys` (payout). */
  shape: 'object' | 'array';
  keys: readonly RsaKeySpec[];
  /** Demo plaintext JSON (pretty-printed) for the playground and the emulator tests. */
  example: string;
}

/** What the emulator answers in a given situation, and what the UI explains for a received code. */
export interface CodeSpec {
  code: string;
  message: string;
  /** HTTP status PayWay uses with this code (200 when not recorded otherwise). */
  http?: number;
  /** Our explanation, in plain words, of what to do. */
  hint?: string;
  /** Where the code comes from: a 'doc' list, a 'sandbox' observation, or 'inference' when the reference
   *  gives no code for the situation and the closest documented one is borrowed (the hint says so). */
  basis?: 'doc' | 'sandbox' | 'inference';
  /** When the code is sent as a JSON number rather than a string (e.g. 429, purchase errors). */
  numeric?: boolean;
  /** A successful answer that reports a payment status in the code itself (the legacy v1 check: 0–4, 7). */
  paymentStatus?: boolean;
}

/** The codes the emulator needs for each situation. Keys missing = the situation cannot occur. */
export interface Outcomes {
  success: CodeSpec;
  wrongHash: CodeSpec;
  /** Missing or malformed field. */
  validation: CodeSpec;
  merchantNotFound: CodeSpec;
  notFound?: CodeSpec;
  duplicate?: CodeSpec;
  rateLimited?: CodeSpec;
  cannotDecrypt?: CodeSpec;
  /** Wrong content type. */
  unsupportedMediaType?: CodeSpec;
}

export interface RateLimit {
  requests: number;
  per: 'second' | 'minute';
  note?: string;
}

/** What a response field means; `values` explains coded values (payment_status_code 2 → PENDING). */
export interface ResponseFieldMeaning {
  description: string;
  values?: Readonly<Record<string, string>>;
}

export interface ResponseSpec {
  /** 'html' = PayWay answers with a page: the app submits a real form POST into a new tab. */
  kind: 'json' | 'html';
  /**
   * Where the code goes: 'status-object' (default) = `status: {code, message, …}`; 'flat-status' = the
   * legacy `{"status": <number>, "description": …}` of the v1 lookups [OBS SF §1].
   */
  envelope?: 'status-object' | 'flat-status';
  /** Dot paths of the documented success response fields, e.g. 'status.code', 'data.payment_status';
   *  `[]` marks an array element: 'data[].transaction_id'. */
  fields: readonly string[];
  /** A documented success example (shape only; values are illustrative). */
  example?: unknown;
  note?: string;
  /** Meanings that differ here from the shared ones by name (responseFields.ts), keyed by path. */
  meanings?: Readonly<Record<string, ResponseFieldMeaning>>;
}

export interface EndpointSpec {
  id: EndpointId;
  family: FamilyId;
  /** Name as the portal shows it. */
  name: string;
  /** One line in our own words. */
  summary: string;
  method: 'POST';
  path: string;
  contentType: ContentType;
  /**
   * What the sources say about the other body types (JSON, multipart, urlencoded). A type not listed is
   * accepted by the emulator as an inference, a named behaviour (see bodyTypeRules()).
   */
  bodyTypes?: readonly BodyTypeRule[];
  /** Every request field except `hash` (the builder adds it). In form order. */
  fields: readonly FieldSpec[];
  variants: readonly Variant[];
  rsa?: RsaSpec;
  response: ResponseSpec;
  outcomes: Outcomes;
  /** Every code the sources list for this endpoint, for explaining responses. */
  codes: readonly CodeSpec[];
  rateLimit?: RateLimit;
  /** Reference keys and portal slugs, e.g. 'OAS', 'OFF purchase-14530820e0', 'SF §17'. */
  sources: readonly string[];
  /** Extra request headers PayWay expects (partner `referer`). */
  headers?: readonly { name: string; description: string; example?: string }[];
  deprecated?: boolean;
  /** An older path PayWay still answers, with its own response shape; `current` is the endpoint to move to. */
  legacy?: { current: EndpointId; note: string };
  /** False for endpoints not in the portal navigation (request-qr, payment-link-void, partner). */
  inNav: boolean;
  notes?: readonly string[];
}

export interface Family {
  id: FamilyId;
  name: string;
  endpoints: readonly EndpointId[];
}
