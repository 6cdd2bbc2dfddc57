// KHQR Guideline: look up payments of a merchant-built (offline) KHQR by its merchant reference.
// Reference §10.1.
import type { EndpointSpec } from './types.ts';
import { code, merchantId, reqTime, sha512Base64 } from './common.ts';

const success = code('00', 'Success!');
const wrongHash = code('1', 'Wrong hash', { hint: "The string-to-sign or the key differs from PayWay's: open the doctor." });
const invalidProfile = code('8', 'Invalid merchant profile');
const rateLimited = code('429', 'Rate limit exceeded.', {
  http: 403,
  numeric: true,
  hint: 'At most 10 requests a minute, and the cap cannot be raised. Status and number form assumed from transaction-detail, which has the same cap; never observed here.',
});

// Neither is in this endpoint's code list; the emulator needs an answer for these situations.
const invalidParameters = code('48', 'Something went wrong with requested parameters. Please try again or contact the merchant for help.', {
  hint: "A field is missing or malformed. Closest documented code: this endpoint's list has none, so it is taken from the checkout family.",
});
const transactionNotFound = code('6', 'Transaction not found', {
  hint: "Nothing paid under this merchant_ref. Not in the endpoint's code list; it is the docs' example error answer.",
});

export const khqrEndpoints: EndpointSpec[] = [
  {
    id: 'transactions-by-merchant-ref',
    family: 'khqr',
    name: 'Get transactions',
    summary: 'List the last 50 payments made to a KHQR you built yourself, found by its merchant reference (tag 62.01).',
    method: 'POST',
    path: '/api/payment-gateway/v1/payments/get-transactions-by-mc-ref',
    contentType: 'application/json',
    fields: [
      reqTime(),
      merchantId(20),
      {
        name: 'merchant_ref',
        type: 'string',
        required: true,
        maxLength: 20,
        encoding: 'none',
        description: 'The merchant reference you put in tag 62.01 of the KHQR.',
        example: 'INV-12345678',
        note: 'The KHQR payload allows 25 characters in tag 62.01; this API takes at most 20.',
      },
    ],
    variants: [
      {
        id: 'documented',
        label: 'req_time, merchant_id, merchant_ref',
        note: 'The documented order. Not confirmed live: the endpoint answered 404 on the only probed sandbox profile.',
        sources: ['OAS', 'JOS 23'],
        basis: 'doc',
        default: true,
        emulator: true,
        hash: sha512Base64(['req_time', 'merchant_id', 'merchant_ref']),
      },
    ],
    response: {
      kind: 'json',
      fields: [
        'data[].transaction_id',
        'data[].transaction_date',
        'data[].apv',
        'data[].payment_status',
        'data[].payment_status_code',
        'data[].original_amount',
        'data[].original_currency',
        'data[].total_amount',
        'data[].discount_amount',
        'data[].refund_amount',
        'data[].payment_amount',
        'data[].payment_currency',
        'data[].bank_ref',
        'data[].payment_type',
        'data[].payer_account',
        'data[].bank_name',
        'data[].merchant_ref',
        'status.code',
        'status.message',
        'status.merchant_ref',
      ],
      example: {
        data: [
          {
            transaction_id: '9495966779',
            transaction_date: '2025-10-08 09:55:15',
            bank_ref: '100FT153432232',
            apv: '123456',
            discount_amount: 0,
            payment_status: 'APPROVED',
            payment_amount: 0.01,
            payment_currency: 'USD',
            payment_type: 'ABA Pay',
            payer_account: '*123',
            total_amount: 0.01,
            original_amount: 0.01,
            original_currency: 'USD',
            payment_status_code: 0,
            bank_name: 'ABA Bank',
            refund_amount: 0,
            merchant_ref: 'INV-12345678',
          },
        ],
        status: { code: '00', merchant_ref: 'INV-12345678', message: 'Success!' },
      },
      note: 'payment_status is APPROVED (code 0) or REFUNDED (code 4); payment_type is ABA Pay or KHQR. bank_ref and payment_type appear only when enabled on the profile. transaction_date is gateway time (UTC+7).',
    },
    outcomes: {
      success,
      wrongHash,
      validation: invalidParameters,
      merchantNotFound: invalidProfile,
      notFound: transactionNotFound,
      rateLimited,
    },
    codes: [success, wrongHash, invalidProfile, code('11', 'Internal server error'), rateLimited, invalidParameters, transactionNotFound],
    rateLimit: { requests: 10, per: 'minute', note: 'Documented as a cap that cannot be increased.' },
    sources: ['OAS', 'JOS 23', 'SF §6', 'SF §9e'],
    inNav: true,
    notes: [
      'The only sandbox probe got HTTP 404 for signed and unsigned requests alike: the endpoint was not provisioned on that profile, so nothing here is confirmed live.',
      'The docs\' error example answers code "6" "Transaction not found" with a tran_id, although 6 is not in the code list.',
      'The code field is typed string or integer in the schema.',
    ],
  },
];
