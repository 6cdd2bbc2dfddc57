// Payout (funds route) and the beneficiary whitelist it depends on. Reference §9, codes §12.5;
// sandbox behaviour from SF §6, §9b, §22.
import type { CodeSpec, EndpointSpec, FieldSpec, HashRecipe, Outcomes, ResponseSpec, RsaKeySpec, Variant } from './types.ts';
import { code, DEMO_MERCHANT_ID, merchantAuth, merchantId, reqTime, sha512Base64, tranId } from './common.ts';

const pretty = (value: unknown): string => JSON.stringify(value, null, 2);
const wrongHashHint = "The string-to-sign or the key differs from PayWay's: open the doctor.";

// ---- Payout ----

const PAYOUT_HASH_FIELDS = ['merchant_id', 'tran_id', 'beneficiaries', 'amount', 'custom_fields', 'currency'] as const;

/** Two beneficiaries from the docs' sample, with amounts that add up to the example amount. */
const EXAMPLE_BENEFICIARIES = [
  { account: '200030000', amount: 6 },
  { account: '012538302', amount: 4 },
];

const payoutFields: readonly FieldSpec[] = [
  merchantId(255),
  tranId('Your unique id for this payout.'),
  {
    name: 'beneficiaries',
    type: 'json',
    required: true,
    maxLength: 1000,
    encoding: 'rsa',
    description: 'Who receives how much, as a JSON array encrypted with your RSA public key.',
  },
  {
    name: 'amount',
    type: 'number',
    required: true,
    format: 'amount',
    encoding: 'none',
    description: 'Total of all beneficiary amounts: at least 100 KHR or 0.01 USD.',
    example: '10.00',
  },
  {
    name: 'currency',
    type: 'string',
    required: true,
    maxLength: 3,
    allowed: ['KHR', 'USD'],
    encoding: 'none',
    description: 'Currency of the payout; every beneficiary must hold this currency.',
    example: 'USD',
  },
  {
    name: 'custom_fields',
    type: 'json',
    required: false,
    maxLength: 255,
    encoding: 'json',
    description: 'Your own key/value pairs kept with the payout, sent as plain JSON text (not Base64).',
    example: '{"invoice_id":"INV-1001","province":"Phnom Penh"}',
    schema: { type: 'object' },
  },
];

const hexRecipe: HashRecipe = { fields: PAYOUT_HASH_FIELDS, algorithm: 'HMAC-SHA512', output: 'hex', key: 'api-key' };

const payoutVariants: readonly Variant[] = [
  {
    id: 'hex',
    label: 'HMAC-SHA512, lowercase hex',
    note: "The PHP sample calls hash_hmac without the raw flag, so the hash is 128 lowercase hex characters. The sandbox accepts this and refuses Base64.",
    sources: ['OAS', 'OFF payout-14530816e0', 'SF §6'],
    basis: 'doc+sandbox',
    default: true,
    emulator: true,
    hash: hexRecipe,
  },
  {
    id: 'base64',
    label: 'HMAC-SHA512, Base64',
    note: 'What the JOS rewrite\'s field table says (its own code uses hex), and what every other endpoint does. The sandbox rejects it with code 1 "Wrong Hash.".',
    sources: ['JOS 20'],
    basis: 'doc',
    hash: sha512Base64(PAYOUT_HASH_FIELDS),
  },
];

const beneficiaryKeys: readonly RsaKeySpec[] = [
  {
    name: 'account',
    type: 'string',
    required: true,
    description: 'ABA account number or merchant id (MID) of the beneficiary; it must be whitelisted first.',
  },
  { name: 'amount', type: 'number', required: true, description: 'Amount for this beneficiary, in the payout currency.' },
];

const payoutSuccess = code('0', 'Success');
const payoutWrongHash = code('1', 'Wrong Hash.', {
  http: 403,
  basis: 'sandbox',
  hint: `${wrongHashHint} Payout wants lowercase hex, not Base64. Not in the documented list; the sandbox answers it.`,
});
const invalidParameters = code('48', 'Something went wrong with requested parameters. Please try again or contact the merchant for help');
const invalidProfile = code('26', 'Invalid Merchant Profile');
const duplicatedTransaction = code('83', 'Transaction is duplicated.', {
  hint: 'Use a new tran_id for every payout. The docs also list 4 "Duplicated Transaction ID"; their example answer uses 83.',
});
const cannotDecrypt = code('24', 'Can not decrypt data', {
  hint: 'beneficiaries could not be decrypted: use the RSA public key from ABA, PKCS#1 v1.5, 117-byte chunks, Base64 of the joined blocks.',
});

const payoutCodes: readonly CodeSpec[] = [
  payoutSuccess,
  payoutWrongHash,
  code('4', 'Duplicated Transaction ID'),
  code('11', 'Something went wrong. Try again or contact the merchant for help'),
  cannotDecrypt,
  code('25', 'Allow maximum 10 beneficiaries per requests'),
  invalidProfile,
  code('36', 'Payout account or amount is invalid'),
  code('37', 'Payout accounts are not in whitelist', {
    http: 403,
    numeric: true,
    hint: 'Whitelist each beneficiary with "Add a beneficiary to whitelist" first. The sandbox sent this code as a JSON number.',
  }),
  code('44', 'Purchase amount has reached transaction limit'),
  invalidParameters,
  code('70', 'Total purchase amount has reached daily limit. Please use difference account'),
  code('79', 'Payment Rejected!'),
  code('80', 'Custom fields invalid', { hint: 'custom_fields must be plain JSON text here, not Base64.' }),
  code('81', 'The total amount must be greater than 0. Please double check and try again.'),
  code('82', 'Invalid transaction currency. We only support USD or KHR. Please double check and try again.'),
  duplicatedTransaction,
  code('84', "Unable to access the merchant's account details. Please verify that your settlement account is still active."),
  code('85', "Transaction currency does not match the merchant's currency. Please review your details."),
  code('86', "Unable to debit the merchant's account."),
  code('87', "Unable to retrieve the beneficiary's account details."),
  code('88', "Unable to retrieve the beneficiary's MID details."),
  code('89', "Unable to retrieve the beneficiary's account details."),
  code('90', 'The currencies for the merchant and beneficiary do not align. Please review your details.'),
  code('91', "Unable to credit the beneficiary's account."),
  code('92', 'The total payout amount does not match the total transaction amount. Please review your details.', {
    hint: 'amount must equal the sum of the beneficiary amounts.',
  }),
  code('93', 'Insufficient balance.'),
  code('400', 'Bad request'),
  code('LAM01', 'Total purchase amount has reached daily limit. Please use difference account'),
  code('LAM02', 'Total purchase amount has reached monthly limit. Please use difference account'),
];

const payoutOutcomes: Outcomes = {
  success: code('0', 'Success!'),
  wrongHash: payoutWrongHash,
  validation: { ...invalidParameters, hint: 'Closest documented code for a missing or malformed field; no probe recorded one.' },
  merchantNotFound: invalidProfile,
  duplicate: duplicatedTransaction,
  cannotDecrypt,
};

// ---- Beneficiary whitelist ----

const WHITELIST_PATH = '/api/merchant-portal/merchant-access/whitelist-account';
const BENEFICIARY_HASH_FIELDS = ['request_time', 'merchant_auth'] as const;
const EXAMPLE_PAYEE = EXAMPLE_BENEFICIARIES[0]!.account;
/** A payee not yet on the demo merchant's whitelist (a fresh emulator whitelists the payout example's accounts). */
const NEW_PAYEE = '200030001';

const beneficiaryFields = (merchantAuthDescription: string): FieldSpec[] => [
  reqTime('request_time'),
  { ...merchantId(20), notHashed: true, note: 'Sent, but not part of the hash on this endpoint.' },
  merchantAuth(merchantAuthDescription),
];

const beneficiaryVariant = (sources: readonly string[]): Variant => ({
  id: 'documented',
  label: 'request_time, merchant_auth',
  note: 'The documented order, without merchant_id; the sandbox accepted it.',
  sources,
  basis: 'doc+sandbox',
  default: true,
  emulator: true,
  hash: sha512Base64(BENEFICIARY_HASH_FIELDS),
});

const mcId: RsaKeySpec = {
  name: 'mc_id',
  type: 'string',
  required: true,
  from: 'merchant_id',
  description: 'Your merchant id, the same value as merchant_id.',
};
const payee: RsaKeySpec = {
  name: 'payee',
  type: 'string',
  required: true,
  description: 'The beneficiary: a merchant id (MID) or an ABA account number.',
};

const beneficiaryResponse = (status: number | string): ResponseSpec => ({
  kind: 'json',
  fields: ['data.name', 'data.payee', 'data.currency', 'data.type', 'data.status', 'data.created_at', 'status.code', 'status.message'],
  example: {
    data: { name: 'INDOCHINE LODGE', payee: '318111358120004', currency: 'USD', type: 'MID', status, created_at: '2022-09-19 07:52:51' },
    status: { code: '00', message: 'Success!' },
  },
  note: 'type is "Merchant" or "ABA Account" per the schema, "MID" in the example. status is 1 (active) or 0 (inactive).',
  meanings: {
    'data.type': { description: 'Kind of beneficiary: Merchant (MID) or ABA Account.' },
    'data.status': { description: 'Whether payouts to the beneficiary are allowed.', values: { '1': 'active', '0': 'inactive' } },
  },
});

const beneficiaryWrongHash = code('PTL02', 'Wrong hash', {
  http: 403,
  hint: `${wrongHashHint} One sandbox probe got code 1 instead of PTL02 here.`,
});
const beneficiaryValidation = code('PTL04', 'Parameter validation required', {
  http: 400,
  hint: 'A missing or malformed value. The sandbox also answers this for a payee it does not know.',
});
const invalidMerchantData = code('96', 'Invalid merchant data', {
  http: 403,
  basis: 'sandbox',
  hint: 'The sandbox answered this to a correctly signed request with dummy merchant_auth: check the RSA key and mc_id.',
});

const beneficiarySandboxCodes: readonly CodeSpec[] = [
  code('1', 'Wrong Hash.', { http: 403, basis: 'sandbox', hint: `${wrongHashHint} Seen on the sandbox instead of PTL02.` }),
  invalidMerchantData,
  code('32', 'Service is not enable', {
    http: 403,
    basis: 'sandbox',
    hint: 'The payout whitelist service is not enabled on this merchant profile; ask ABA.',
  }),
];

const beneficiaryOutcomes = (more: Pick<Outcomes, 'merchantNotFound' | 'notFound' | 'duplicate'>): Outcomes => ({
  success: code('00', 'Success!'),
  wrongHash: beneficiaryWrongHash,
  validation: beneficiaryValidation,
  cannotDecrypt: invalidMerchantData,
  ...more,
});

const unknownPayee = (documented: string): CodeSpec => ({
  ...beneficiaryValidation,
  basis: 'sandbox',
  hint: `The sandbox answers PTL04 (HTTP 400) for a payee it does not know; the docs suggest ${documented}.`,
});

const BENEFICIARY_NOTES = [
  'merchant_id is sent but not hashed: the string-to-sign is request_time then merchant_auth.',
  'A sandbox probe saw a wrong hash answered with code 1 over HTTP 403, where the docs list PTL02.',
];

export const payoutEndpoints: EndpointSpec[] = [
  {
    id: 'payout',
    family: 'payout',
    name: 'Payout',
    summary: 'Send money from your merchant account to whitelisted ABA accounts or merchants, up to 10 at once.',
    method: 'POST',
    path: '/api/payment-gateway/v2/direct-payment/merchant/payout',
    contentType: 'application/json',
    fields: payoutFields,
    variants: payoutVariants,
    rsa: { field: 'beneficiaries', shape: 'array', keys: beneficiaryKeys, example: pretty(EXAMPLE_BENEFICIARIES) },
    response: {
      kind: 'json',
      fields: [
        'transaction_id',
        'transaction_date',
        'external_reference',
        'apv',
        'transaction_amount',
        'transaction_currency',
        'beneficiaries[].payout_id',
        'beneficiaries[].name',
        'beneficiaries[].mid_acccount',
        'beneficiaries[].amount',
        'beneficiaries[].currency',
        'status.code',
        'status.message',
        'status.tran_id',
        'status.trace_id',
      ],
      example: {
        transaction_id: '172595840773178',
        transaction_date: '2024-09-10T15:53:27.2157019+07:00',
        external_reference: '100FT30147412155',
        apv: '328097',
        transaction_amount: 3.44,
        transaction_currency: 'USD',
        beneficiaries: [
          { payout_id: '172595842687056', name: '', mid_acccount: '200030000', amount: 1.72, currency: 'USD' },
          { payout_id: '172595842679750', name: '', mid_acccount: '012538302', amount: 1.72, currency: 'USD' },
        ],
        status: { code: '0', message: 'Success!', tran_id: '172595840773178', trace_id: 'e728bf3e95e32e3c97286fc9f8aef82d' },
      },
      note: 'mid_acccount is spelled with three c\'s. transaction_date is ISO with an explicit +07:00.',
    },
    outcomes: payoutOutcomes,
    codes: payoutCodes,
    sources: ['OAS', 'OFF payout-14530816e0', 'JOS 20', 'SF §6', 'SF §9b'],
    inNav: true,
    notes: [
      'The only request hash in lowercase hex; every other endpoint uses Base64. JOS\'s field table says Base64 while its code uses hex.',
      'No timestamp field at all.',
      'custom_fields is plain JSON text here, not Base64 as on Purchase and the QR API.',
      'beneficiaries uses keys account/amount (Purchase and pre-auth payouts use acc/amt). Each must be whitelisted first and hold the payout currency; at most 10 per request.',
      'A third-party Postman index claims up to 250 beneficiaries; no source backs it, and code 25 says 10.',
      'Success is code "0" here, not "00".',
    ],
  },
  {
    id: 'beneficiary-add',
    family: 'payout',
    name: 'Add a beneficiary to whitelist',
    summary: 'Whitelist an ABA account or merchant id so it can receive payouts and payment splits.',
    method: 'POST',
    path: `${WHITELIST_PATH}/add-whitelist-payout`,
    contentType: 'application/json',
    fields: beneficiaryFields('{"mc_id", "payee"} as JSON, RSA-encrypted with your RSA public key.'),
    variants: [beneficiaryVariant(['OAS', 'OFF add-a-beneficiary-to-whitelist-14530818e0', 'SF §6'])],
    rsa: { field: 'merchant_auth', shape: 'object', keys: [mcId, payee], example: pretty({ mc_id: DEMO_MERCHANT_ID, payee: NEW_PAYEE }) },
    response: beneficiaryResponse('1'),
    outcomes: beneficiaryOutcomes({
      merchantNotFound: code('PTL150', 'Business profile is not found'),
      notFound: unknownPayee('PTL134 "Account not found"'),
      duplicate: code('PTL148', 'Payee already exist'),
    }),
    codes: [
      code('00', 'Success!'),
      beneficiaryWrongHash,
      beneficiaryValidation,
      code('PTL25', 'Invalid account class'),
      code('PTL99', 'Merchant invalid currency'),
      code('PTL134', 'Account not found'),
      code('PTL146', 'Payee is invalid'),
      code('PTL147', 'Currency of the payee does not the same as merchant currency'),
      code('PTL148', 'Payee already exist', { hint: 'Already whitelisted; nothing more to do.' }),
      code('PTL150', 'Business profile is not found'),
      code('PTL151', 'Failed to whitelist account'),
      ...beneficiarySandboxCodes,
    ],
    sources: ['OAS', 'OFF add-a-beneficiary-to-whitelist-14530818e0', 'SF §6', 'SF §9b', 'SF §22'],
    inNav: true,
    notes: [...BENEFICIARY_NOTES, 'data.status is a string ("1") in the example and an integer in the schema.'],
  },
  {
    id: 'beneficiary-status',
    family: 'payout',
    name: 'Update a beneficiary status',
    summary: 'Disable a whitelisted beneficiary, or enable it again.',
    method: 'POST',
    path: `${WHITELIST_PATH}/update-whitelist-status`,
    contentType: 'application/json',
    fields: beneficiaryFields('{"mc_id", "payee", "status"} as JSON, RSA-encrypted with your RSA public key.'),
    variants: [beneficiaryVariant(['OAS', 'SF §6'])],
    rsa: {
      field: 'merchant_auth',
      shape: 'object',
      keys: [mcId, payee, { name: 'status', type: 'integer', required: true, description: '1 to activate the beneficiary, 0 to disable it.' }],
      example: pretty({ mc_id: DEMO_MERCHANT_ID, payee: EXAMPLE_PAYEE, status: 1 }),
    },
    response: beneficiaryResponse(1),
    outcomes: beneficiaryOutcomes({
      merchantNotFound: code('PTL46', 'Merchant not found'),
      notFound: unknownPayee('PTL149 "Invalid whitelist account"'),
    }),
    codes: [
      code('00', 'Success!'),
      beneficiaryWrongHash,
      beneficiaryValidation,
      code('PTL46', 'Merchant not found'),
      code('PTL149', 'Invalid whitelist account', { hint: 'The payee is not on your whitelist.' }),
      code('PTL150', 'Business profile is not found'),
      ...beneficiarySandboxCodes,
    ],
    sources: ['OAS', 'SF §6', 'SF §9b'],
    inNav: true,
    notes: BENEFICIARY_NOTES,
  },
];
