// Pre-auth: capture (with or without a payout split) or cancel a hold made by Purchase / QR API with
// type or purchase_type 'pre-auth'. Reference §8, codes §12.4; sandbox behaviour from SF §6, §9c.
import type { CodeSpec, EndpointSpec, FieldSpec, Outcomes, ResponseSpec, RsaKeySpec, Variant } from './types.ts';
import { code, DEMO_MERCHANT_ID, merchantAuth, merchantId, reqTime, sha512Base64 } from './common.ts';

const PATH = '/api/merchant-portal/merchant-access/online-transaction';

const preAuthFields = (merchantAuthDescription: string): FieldSpec[] => [
  reqTime('request_time'),
  merchantId(20),
  merchantAuth(merchantAuthDescription),
];

const documentedVariant = (fields: readonly string[], sources: readonly string[]): Variant => ({
  id: 'documented',
  label: fields.join(', '),
  note: 'The documented order, which the sandbox accepted (a wrong hash got PTL02, a right one reached the business checks).',
  sources,
  basis: 'doc+sandbox',
  default: true,
  emulator: true,
  hash: sha512Base64(fields),
});

const COMPLETE_HASH_FIELDS = ['merchant_auth', 'request_time', 'merchant_id'] as const;
const CANCEL_HASH_FIELDS = ['merchant_id', 'merchant_auth', 'request_time'] as const;

const mcId: RsaKeySpec = {
  name: 'mc_id',
  type: 'string',
  required: true,
  from: 'merchant_id',
  description: 'Your merchant id, the same value as merchant_id.',
};
const tranId: RsaKeySpec = { name: 'tran_id', type: 'string', required: true, description: "The tran_id of the pre-auth purchase." };
const completeAmount: RsaKeySpec = {
  name: 'complete_amount',
  type: 'number',
  required: true,
  description: 'Amount to capture; card holds may be captured up to 10% above the held amount.',
};
const payout: RsaKeySpec = {
  name: 'payout',
  type: 'array',
  required: true,
  description: 'Split of the captured amount: [{"acc": ABA account or merchant id, "amt": amount}, …].',
  note: "Labelled 'string' in the docs, but the sample puts a real JSON array inside the object (a payment link's payout, by contrast, is a JSON string). Keys are acc/amt.",
};

const pretty = (value: unknown): string => JSON.stringify(value, null, 2);
/** Holds of 10.00 USD, authorised by card, that a fresh emulator keeps: one per example, so each succeeds on its own. */
const HOLD_TO_COMPLETE = 'DEMO-HOLD-0001';
const HOLD_TO_COMPLETE_WITH_PAYOUT = 'DEMO-HOLD-0002';
const HOLD_TO_CANCEL = 'DEMO-HOLD-0003';

// §12.4, messages as the "complete" page of the OpenAPI export words them.
const wrongHashHint = "The string-to-sign or the key differs from PayWay's: open the doctor.";
const invalidMerchant = code('PTL62', 'Merchant information is invalid.', {
  http: 403,
  basis: 'sandbox',
  hint: 'The sandbox answers this to a correctly signed request whose merchant_auth it cannot use, and to complete-with-payout on a profile without payout. Check the RSA key and mc_id.',
});
const invalidTransaction = code('PTL36', 'Invalid transaction.', {
  http: 403,
  hint: 'No pre-auth with this tran_id for this merchant (the sandbox words it "Transaction not found or is invalid").',
});
const cannotCompleteOrCancel = code('PTL59', 'Unable to complete or cancel the pre-authorization.', {
  http: 403,
  hint: 'The hold is not in a state that allows this: not yet authorised by the payer, already completed, cancelled or expired.',
});
const cannotCancel = code('PTL170', 'Unable to cancel pre-authorization: transaction status is invalid', {
  http: 403,
  basis: 'sandbox',
  hint: 'Seen on cancel when the hold was never authorised or is no longer pending. Not in the documented list.',
});

const sharedCodes: readonly CodeSpec[] = [
  code('00', 'Success!'),
  code('PTL02', 'Invalid hash value.', { http: 403, hint: wrongHashHint }),
  code('PTL04', 'Parameter validation failed.', { http: 400 }),
  code('PTL06', 'The request has expired.', { hint: 'request_time must be the current UTC time as YYYYMMDDHHmmss.' }),
  invalidTransaction,
  invalidMerchant,
  code('PTL63', 'The merchant does not have a security configuration file.', { hint: 'No RSA key is set up for this profile; ask ABA.' }),
  cannotCompleteOrCancel,
  code('PTL60', 'Pre-authorization completion amount exceeds the authorized limit.'),
  code('PTL61', 'Invalid action type.'),
  code('PTL157', 'An unexpected error occurred. Please try again later or contact our digital support team.'),
  code('PTL168', 'Concurrent requests are not allowed for this operation. Please try again in a few seconds.'),
  code('PTL169', 'The merchant profile cannot accept payments because the settlement account is closed.'),
  code('USD-NOT-ALLOW', 'The requested amount is not allowed for USD transactions.'),
  code('KHR-LESS-100', 'The transaction amount in KHR must be at least 100 KHR.'),
  code('KHR-CONTAIN-DECIMAL', 'KHR transaction amounts cannot contain decimal places.'),
];

const completeCodes: readonly CodeSpec[] = [
  ...sharedCodes,
  code('PTL153', 'Completing pre-authorization fees for a merchant with multiple settlement accounts is not allowed.'),
];
const cancelCodes: readonly CodeSpec[] = [...sharedCodes, cannotCancel];

const outcomes = (success: CodeSpec, duplicate: CodeSpec): Outcomes => ({
  success,
  wrongHash: code('PTL02', 'Wrong Hash', { http: 403, hint: wrongHashHint }),
  validation: code('PTL04', 'Parameter validation failed.', { http: 400 }),
  merchantNotFound: invalidMerchant,
  notFound: invalidTransaction,
  duplicate,
  cannotDecrypt: invalidMerchant,
});

const completeOutcomes = outcomes(code('00', 'Success!'), {
  ...cannotCompleteOrCancel,
  hint: 'A hold can be completed once only. Closest documented code for a second completion.',
});

const response = (transactionStatus: 'COMPLETED' | 'CANCELLED', message: string): ResponseSpec => ({
  kind: 'json',
  fields: ['grand_total', 'currency', 'transaction_status', 'status.code', 'status.message'],
  example: { grand_total: 1.5, currency: 'USD', transaction_status: transactionStatus, status: { code: '00', message } },
});

const COMPLETE_RULES =
  'A hold can be completed once, not after it expired or was cancelled; card holds may be captured up to 10% above the held amount.';
const SHARED_PATH_NOTE =
  'Completion with and without payout share one path; the OpenAPI export kept only the payout page. One unofficial SDK lists a separate …/pre-auth-completion-with-payout path that no official source has.';

export const preAuthEndpoints: EndpointSpec[] = [
  {
    id: 'pre-auth-complete',
    family: 'pre-auth',
    name: 'Complete pre-auth transactions',
    summary: 'Capture money held by a pre-auth purchase, in full or in part.',
    method: 'POST',
    path: `${PATH}/pre-auth-completion`,
    contentType: 'application/json',
    fields: preAuthFields('{"mc_id", "tran_id", "complete_amount"} as JSON, RSA-encrypted with your RSA public key.'),
    variants: [documentedVariant(COMPLETE_HASH_FIELDS, ['OFF complete-pre-auth-transactions-14530835e0', 'JOS 17', 'SF §6'])],
    rsa: {
      field: 'merchant_auth',
      shape: 'object',
      keys: [mcId, tranId, completeAmount],
      example: pretty({ mc_id: DEMO_MERCHANT_ID, tran_id: HOLD_TO_COMPLETE, complete_amount: 10 }),
    },
    response: response('COMPLETED', 'Success!'),
    outcomes: completeOutcomes,
    codes: completeCodes,
    sources: ['OFF complete-pre-auth-transactions-14530835e0', 'JOS 17', 'SF §6', 'SF §9c'],
    inNav: true,
    notes: [
      COMPLETE_RULES,
      SHARED_PATH_NOTE,
      'Facts for this page come from a portal excerpt and the JOS copy, since the OpenAPI export lost it.',
    ],
  },
  {
    id: 'pre-auth-complete-payout',
    family: 'pre-auth',
    name: 'Complete pre-auth transaction with payout',
    summary: 'Capture a pre-auth hold and split the captured amount between whitelisted accounts.',
    method: 'POST',
    path: `${PATH}/pre-auth-completion`,
    contentType: 'application/json',
    fields: preAuthFields('{"mc_id", "tran_id", "complete_amount", "payout"} as JSON, RSA-encrypted with your RSA public key.'),
    variants: [documentedVariant(COMPLETE_HASH_FIELDS, ['OAS', 'OFF complete-pre-auh-transaction-with-payout-14666701e0', 'SF §6'])],
    rsa: {
      field: 'merchant_auth',
      shape: 'object',
      keys: [mcId, tranId, completeAmount, payout],
      example: pretty({
        mc_id: DEMO_MERCHANT_ID,
        tran_id: HOLD_TO_COMPLETE_WITH_PAYOUT,
        complete_amount: 10,
        payout: [
          { acc: '000133879', amt: 6 },
          { acc: '000133880', amt: 4 },
        ],
      }),
    },
    response: response('COMPLETED', 'Success!'),
    outcomes: completeOutcomes,
    codes: completeCodes,
    sources: ['OAS', 'OFF complete-pre-auh-transaction-with-payout-14666701e0', 'SF §6', 'SF §9c'],
    inNav: true,
    notes: [
      COMPLETE_RULES,
      SHARED_PATH_NOTE,
      'The portal spells this page "Complete pre-auh transaction with payout".',
      'On a sandbox profile without payout permission this answered HTTP 403 PTL62.',
    ],
  },
  {
    id: 'pre-auth-cancel',
    family: 'pre-auth',
    name: 'Cancel pre-purchase transaction',
    summary: 'Release a pre-auth hold without capturing it.',
    method: 'POST',
    path: `${PATH}/pre-auth-cancellation`,
    contentType: 'application/json',
    fields: preAuthFields('{"mc_id", "tran_id"} as JSON, RSA-encrypted with your RSA public key.'),
    variants: [documentedVariant(CANCEL_HASH_FIELDS, ['OAS', 'SF §6'])],
    rsa: {
      field: 'merchant_auth',
      shape: 'object',
      keys: [mcId, tranId],
      example: pretty({ mc_id: DEMO_MERCHANT_ID, tran_id: HOLD_TO_CANCEL }),
    },
    response: response('CANCELLED', 'Success'),
    outcomes: outcomes(code('00', 'Success'), {
      ...cannotCancel,
      hint: 'A hold can be cancelled once, and only while pending. The sandbox answered this code for a hold in the wrong state.',
    }),
    codes: cancelCodes,
    sources: ['OAS', 'SF §6', 'SF §9c'],
    inNav: true,
    notes: [
      'Only a pending hold can be cancelled, once. ABA PAY and card holds are released at once; KHQR holds are refunded.',
      'Note the hash order differs from completion: merchant_id, merchant_auth, request_time.',
      'The sandbox answered HTTP 403 PTL170 (not in the documented list) for a hold that was never authorised, and PTL36 for an unknown tran_id.',
    ],
  },
];
