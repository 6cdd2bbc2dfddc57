// Credentials on File v3: link an account or a card under your own ids (request_id, ctid), charge the
// token, and manage it. One error scheme for the whole family: 400 + "04" with an errors map, 403 otherwise.
import type { EndpointSpec, FieldSpec, Outcomes } from './types.ts';
import { code, merchantId, reqTime, sha512Base64, tranId } from './common.ts';
import {
  amountField,
  base64UrlField,
  currencyField,
  customFieldsField,
  emailField,
  itemsField,
  payoutAccAmtField,
  personNameField,
  phoneField,
  returnDeeplinkField,
  wrongHashHint,
} from './checkout.ts';
import { DEMO_CTID, DEMO_PWT } from './cof.ts';

const V3_TOKEN_PATH = '/api/payment-credential/v3';

/** The request_id the v3 examples link with, so Get token details finds the demo token. */
export const DEMO_REQUEST_ID = 'REQ20250213001';

const requestIdField = (description: string): FieldSpec => ({
  name: 'request_id',
  type: 'string',
  required: true,
  maxLength: 24,
  format: 'alnum-5-24',
  encoding: 'none',
  description,
  example: DEMO_REQUEST_ID,
});

const ctidField = (description = 'Your id for the payer (5\u201324 letters or digits); names whose token is used.'): FieldSpec => ({
  name: 'ctid',
  type: 'string',
  required: true,
  maxLength: 24,
  format: 'alnum-5-24',
  encoding: 'none',
  description,
  example: DEMO_CTID,
});

const pwtField = (more: Partial<FieldSpec> = {}): FieldSpec => ({
  name: 'pwt',
  type: 'string',
  required: true,
  encoding: 'none',
  description: 'Payment token PayWay returned in the linking callback.',
  example: DEMO_PWT,
  ...more,
});

const linkTokenFlagField: FieldSpec = {
  name: 'token_flag',
  type: 'string',
  required: true,
  allowed: ['CITI_FLEX', 'CITO_FLEX'],
  encoding: 'none',
  description: 'What the token is for: later payments started by the payer (CITI_FLEX) or charges you start (CITO_FLEX).',
  example: 'CITI_FLEX',
  note: 'The sandbox binding layer also accepted CITO_FIX and CITR_FLEX [OBS SF §9a].',
};

const callbackUrlField = base64UrlField(
  'callback_url',
  'URL that receives the token (or payment) callback, sent Base64-encoded; default is the profile\u2019s Credential on File URL.',
  { example: 'https://example.com/payway/token-callback' },
);

// v3 codes (OAS): the same for every endpoint of the family.
const v3Success = code('00', 'Success.', { basis: 'doc' });
const v3Invalid = code('04', 'The given data was invalid.', {
  http: 400,
  basis: 'doc',
  hint: 'A field is missing or malformed; the `errors` map in the answer names it.',
});
const v3WrongHash = code('01', 'Wrong Hash', { http: 403, basis: 'doc', hint: wrongHashHint });
const v3MerchantNotFound = code('98', 'Merchant id not found', {
  http: 403,
  basis: 'doc',
  hint: 'Check merchant_id and the host you call: sandbox and production ids differ.',
});
const tokenFlagNotEnabled = (basis: 'doc' | 'sandbox') =>
  code('104', 'Merchant not enabled token flag', {
    http: 403,
    basis,
    hint: 'Token linking is not enabled on this merchant profile; ask ABA to enable it.',
  });
const invalidCredential = (basis: 'doc' | 'sandbox') =>
  code('105', 'Invalid payment credential token', {
    http: 403,
    basis,
    hint: 'ctid/pwt do not name a live token of this merchant: it may be removed, expired or mistyped.',
  });

const v3Outcomes: Outcomes = {
  success: v3Success,
  wrongHash: v3WrongHash,
  validation: v3Invalid,
  merchantNotFound: v3MerchantNotFound,
};

const v3Codes = [v3Success, v3Invalid, v3WrongHash, v3MerchantNotFound] as const;

const successMessageNote = 'The success message "Success." is the one on the Payment page; other v3 pages do not record it.';

const statusFields = ['status.code', 'status.message', 'status.trace_id'] as const;
const statusExample = { code: '00', message: 'Success.', trace_id: '...' };

export const cofV3Endpoints: EndpointSpec[] = [
  {
    id: 'link-account-v3',
    family: 'cof-v3',
    name: 'Link Account',
    summary: 'Get a QR / deeplink (valid 10 minutes) that lets the payer link their ABA account to your ctid.',
    method: 'POST',
    path: `${V3_TOKEN_PATH}/aof/link-account`,
    contentType: 'application/json',
    fields: [
      requestIdField('Your unique id for this linking (5\u201324 letters or digits); later finds the token.'),
      reqTime('request_time'),
      merchantId(),
      ctidField(),
      returnDeeplinkField(),
      linkTokenFlagField,
      currencyField(true),
      callbackUrlField,
    ],
    variants: [
      {
        id: 'documented',
        label: 'Documented',
        note: 'merchant_id, request_time, ctid, return_deeplink, callback_url, request_id, token_flag, currency.',
        sources: ['OAS', 'SF §16'],
        basis: 'doc+sandbox',
        default: true,
        emulator: true,
        hash: sha512Base64(['merchant_id', 'request_time', 'ctid', 'return_deeplink', 'callback_url', 'request_id', 'token_flag', 'currency']),
      },
    ],
    response: {
      kind: 'json',
      fields: [...statusFields, 'data.deeplink', 'data.qr_string', 'data.expire_in'],
      example: {
        status: statusExample,
        data: { deeplink: 'abamobilebank://ababank.com?type=aof&...', qr_string: '...', expire_in: 600 },
      },
      note:
        'The token arrives later at callback_url as {request_id, payment_credential:{ctid, pwt, source_of_fund, type, status, expired_at, token_flag, frequency, subscribed_amount, amount_limit_per_tran, currency}}. Values are illustrative.',
    },
    outcomes: v3Outcomes,
    codes: [...v3Codes, tokenFlagNotEnabled('doc')],
    sources: ['OAS', 'SEAB link-account-19336820e0', 'SF §9a', 'SF §16'],
    inNav: true,
    notes: [
      successMessageNote,
      'The profile needs the feature enabled first (code 104 otherwise).',
    ],
  },
  {
    id: 'link-card-v3',
    family: 'cof-v3',
    name: 'Link Card',
    summary: 'Open PayWay\u2019s card-entry page (in an iframe) so the payer saves a card under your ctid.',
    method: 'POST',
    path: `${V3_TOKEN_PATH}/cof/link-card`,
    contentType: 'multipart/form-data',
    bodyTypes: [
      { type: 'application/json', accepted: false, basis: 'sandbox', source: 'SF §4, §24', note: 'JSON is rejected without being read.' },
      { type: 'application/x-www-form-urlencoded', accepted: true, basis: 'sandbox', source: 'SF §4, §24' },
    ],
    fields: [
      requestIdField('Your unique id for this linking (5\u201324 letters or digits); later finds the token.'),
      reqTime('request_time'),
      merchantId(),
      ctidField(),
      linkTokenFlagField,
      currencyField(true, { note: 'Required flag not recorded for Link Card; taken from Link Account v3.' }),
      callbackUrlField,
      {
        name: 'frequency',
        type: 'string',
        required: 'conditional',
        requiredWhen: 'the card is linked for recurring charges [OBS]',
        allowed: ['1W', '1M', '2M', 'FLEXIBLE'],
        allowedOpen: true,
        encoding: 'none',
        description: 'How often you will charge the card: weekly (1W), monthly (1M), every two months (2M).',
        note: 'Hashed in both orders although the OAS schema has no such field; FLEXIBLE appears only in the OAS component pattern.',
      },
    ],
    variants: [
      {
        id: 'newer-page',
        label: 'Newer portal page (10 fields)',
        note:
          'Adds amount and continue_success_url to the OAS order. With both empty it gives the same string as the 8-field order. ' +
          'Sent urlencoded: the sandbox took form-urlencoded and rejected JSON [OBS SF §24]; the docs say multipart/form-data.',
        sources: ['SEAB', 'OFF link-card-19336819e0', 'SF §24'],
        basis: 'doc',
        default: true,
        emulator: true,
        contentType: 'application/x-www-form-urlencoded',
        hash: sha512Base64([
          'merchant_id',
          'request_time',
          'ctid',
          'callback_url',
          'request_id',
          'token_flag',
          'frequency',
          'amount',
          'currency',
          'continue_success_url',
        ]),
        extraFields: [
          amountField({
            required: false,
            example: undefined,
            description: 'Amount tied to the linked card (the newer page adds it without saying how it is used).',
          }),
          {
            name: 'continue_success_url',
            type: 'string',
            required: false,
            format: 'url',
            encoding: 'none',
            description: 'Where the payer goes after the card is saved.',
          },
        ],
      },
      {
        id: 'oas-8',
        label: 'OAS export (8 fields)',
        note: 'The order in the OAS export, without amount and continue_success_url.',
        sources: ['OAS'],
        basis: 'doc',
        hash: sha512Base64(['merchant_id', 'request_time', 'ctid', 'callback_url', 'request_id', 'token_flag', 'frequency', 'currency']),
      },
    ],
    response: {
      kind: 'html',
      fields: [],
      note:
        'Documented as a text/html card-entry page to show in an iframe. The sandbox actually answered 302 to /add-card/<Base64 JSON>, and errors (e.g. 104, 01 Wrong Hash) rode inside that JSON; a missing hash gave HTTP 400 JSON code 04 [OBS SF §24].',
    },
    outcomes: {
      ...v3Outcomes,
      unsupportedMediaType: code('04', 'The given data was invalid.', {
        http: 400,
        basis: 'sandbox',
        hint: 'Send the form as application/x-www-form-urlencoded or multipart/form-data; the sandbox rejected JSON. (The exact answer is not recorded; 04 is our guess.)',
      }),
    },
    codes: [...v3Codes, tokenFlagNotEnabled('sandbox')],
    sources: ['OAS', 'OFF link-card-19336819e0', 'SEAB', 'SF §4', 'SF §16', 'SF §24'],
    inNav: true,
    notes: [
      'Hash order: 8 fields in the OAS export vs 10 on the newer page; the sandbox enforces a hash but which order was not separately proven [OBS SF §16, §24].',
      'Content type: multipart/form-data per the docs; form-urlencoded works and JSON is rejected [OBS SF §4, §24]. When urlencoding, escape "+" in Base64 values or the hash breaks.',
      'The sandbox puts wrong-hash and other errors in a 302 redirect rather than a 403; the emulator answers 403 as the v3 docs say.',
      successMessageNote,
    ],
  },
  {
    id: 'payment-v3',
    family: 'cof-v3',
    name: 'Payment',
    summary: 'Charge a saved token; the answer only says accepted, the result comes by callback.',
    method: 'POST',
    path: '/api/payment-gateway/v3/purchase/payment-credential',
    contentType: 'application/json',
    bodyTypes: [
      { type: 'application/x-www-form-urlencoded', accepted: false, basis: 'sandbox', source: 'SF §9a', note: 'A form body was answered HTTP 415.' },
      { type: 'multipart/form-data', accepted: false, basis: 'inference', source: 'SF §9a', note: 'A form too; the urlencoded one was answered HTTP 415.' },
    ],
    fields: [
      reqTime('request_time'),
      merchantId(),
      // A new tran_id: the example charges the demo token as a new payment (DEMO-* ids are taken by seeded ones).
      { ...tranId(), example: '17394277694' },
      ctidField(),
      pwtField({ note: 'The reference marks only amount, currency and token_flag as required; a token payment needs ctid and pwt [INF].' }),
      personNameField('first_name', { maxLength: 20 }),
      personNameField('last_name', { maxLength: 20 }),
      emailField(50),
      phoneField(20),
      amountField({
        description: 'Amount to charge, excluding shipping, as decimal text exactly as hashed.',
        note: 'KHR at least 100, USD at least 0.01.',
      }),
      {
        name: 'shipping_fee',
        type: 'number',
        required: false,
        format: 'amount',
        encoding: 'none',
        description: 'Shipping fee, in the transaction currency.',
      },
      currencyField(true),
      {
        name: 'token_flag',
        type: 'string',
        required: true,
        allowed: ['CITU_FLEX', 'MITU_FLEX', 'MITR_FIX'],
        encoding: 'none',
        description:
          'Who starts the charge: the payer (CITU_FLEX, for CITI_FLEX tokens), you on demand (MITU_FLEX, for CITO_FLEX) or your schedule (MITR_FIX, for subscriptions).',
        example: 'CITU_FLEX',
        note: 'The sandbox binding layer also accepted MITU_FIX and MITR_FLEX [OBS SF §9a].',
      },
      {
        name: 'purchase_type',
        type: 'string',
        required: false,
        maxLength: 20,
        allowed: ['purchase', 'pre-auth'],
        default: 'purchase',
        encoding: 'none',
        description: 'Take the money now (purchase) or only hold it (pre-auth).',
        example: 'purchase',
      },
      base64UrlField('callback_url', 'URL that receives the payment result, sent Base64-encoded.', {
        example: 'https://example.com/payway/callback',
      }),
      itemsField(500),
      {
        name: 'return_params',
        type: 'string',
        required: false,
        maxLength: 500,
        encoding: 'none',
        description: 'Any text of yours, sent back with the result.',
        example: 'order-1001',
      },
      payoutAccAmtField({ maxLength: 500 }),
      customFieldsField({ maxLength: 500 }),
    ],
    variants: [
      {
        id: 'documented',
        label: 'Documented',
        note: 'The 19-field order of the Payment page.',
        sources: ['OAS', 'SF §16'],
        basis: 'doc+sandbox',
        default: true,
        emulator: true,
        hash: sha512Base64([
          'request_time',
          'merchant_id',
          'tran_id',
          'amount',
          'currency',
          'items',
          'ctid',
          'pwt',
          'first_name',
          'last_name',
          'email',
          'phone',
          'purchase_type',
          'callback_url',
          'custom_fields',
          'return_params',
          'payout',
          'token_flag',
          'shipping_fee',
        ]),
      },
    ],
    response: {
      kind: 'json',
      fields: [...statusFields],
      example: { status: statusExample },
      note: 'Accepted only; the result is POSTed to callback_url as {"tran_id", "apv", "status":0}, usually within about 3 seconds.',
    },
    outcomes: {
      ...v3Outcomes,
      notFound: invalidCredential('sandbox'),
      unsupportedMediaType: code('415', 'Unsupported Media Type', {
        http: 415,
        basis: 'sandbox',
        hint: 'Send JSON (Content-Type: application/json). The sandbox answered a form body with HTTP 415; the body text is not recorded.',
      }),
    },
    codes: [...v3Codes, invalidCredential('sandbox')],
    sources: ['OAS', 'OFF payment-19336821e0', 'SEAB', 'SF §9a', 'SF §16'],
    inNav: true,
    notes: [
      'Name drift from Purchase: first_name/last_name, purchase_type, callback_url, shipping_fee.',
      'Token flags pair with the linking flag: CITI_FLEX → CITU_FLEX, CITO_FLEX → MITU_FLEX, CITR_FIX → MITR_FIX [SEAB].',
      'A form-encoded body got HTTP 415 [OBS].',
    ],
  },
  {
    id: 'renew-token-v3',
    family: 'cof-v3',
    name: 'Renew Token',
    summary: 'Ask the payer (in ABA Mobile) to renew an expired account token; the new expiry comes by callback.',
    method: 'POST',
    path: `${V3_TOKEN_PATH}/token-management/renew-expired-account-token`,
    contentType: 'application/json',
    fields: [
      reqTime('request_time'),
      merchantId(),
      requestIdField('Your unique id for this renewal (5\u201324 letters or digits); the callback carries it.'),
      ctidField(),
      pwtField(),
    ],
    variants: [
      {
        id: 'documented',
        label: 'Documented',
        note: 'ctid, request_time, pwt, merchant_id, request_id (starts with ctid).',
        sources: ['OAS', 'SF §16'],
        basis: 'doc+sandbox',
        default: true,
        emulator: true,
        hash: sha512Base64(['ctid', 'request_time', 'pwt', 'merchant_id', 'request_id']),
      },
    ],
    response: {
      kind: 'json',
      fields: [...statusFields],
      example: { status: statusExample },
      note: 'The OAS example shows tran_id where the schema has trace_id.',
    },
    outcomes: { ...v3Outcomes, notFound: invalidCredential('doc') },
    codes: [...v3Codes, invalidCredential('doc')],
    sources: ['OAS', 'OFF renew-token-19336823e0', 'SF §16'],
    inNav: true,
    notes: [
      'Account tokens expire 90 days after linking or after the last successful purchase; the payer must approve the renewal, and the callback should come within 3 minutes.',
      'How to verify the renewal callback is not documented (the page has an unfinished placeholder).',
      successMessageNote,
    ],
  },
  {
    id: 'token-details-v3',
    family: 'cof-v3',
    name: 'Get token details',
    summary: 'Look a token up by the request_id you linked it with.',
    method: 'POST',
    path: `${V3_TOKEN_PATH}/token-management/get-token-details`,
    contentType: 'application/json',
    fields: [
      reqTime('request_time'),
      requestIdField('The request_id you sent to Link Account or Link Card.'),
      merchantId(),
    ],
    variants: [
      {
        id: 'documented',
        label: 'Documented',
        note: 'merchant_id, request_time, request_id.',
        sources: ['OAS', 'SF §16'],
        basis: 'doc+sandbox',
        default: true,
        emulator: true,
        hash: sha512Base64(['merchant_id', 'request_time', 'request_id']),
      },
    ],
    response: {
      kind: 'json',
      fields: [
        ...statusFields,
        'data.ctid',
        'data.pwt',
        'data.source_of_fund',
        'data.type',
        'data.status',
        'data.expired_at',
        'data.token_flag',
        'data.frequency',
        'data.subscribed_amount',
        'data.amount_limit_per_tran',
        'data.currency',
      ],
      example: {
        status: statusExample,
        data: {
          ctid: DEMO_CTID,
          pwt: DEMO_PWT,
          source_of_fund: 'xxxx xxxx xxxx 1234',
          type: 'ABA ACCOUNT',
          status: 1,
          expired_at: '2025-05-14T06:55:45Z',
          token_flag: 'CITI_FLEX',
          frequency: null,
          subscribed_amount: null,
          amount_limit_per_tran: null,
          currency: 'USD',
        },
      },
      note: 'type: Visa, MC, CUP, JCB or ABA ACCOUNT. status: 0 removed, 1 active, 2 frozen. expired_at is UTC (Z). Values are illustrative.',
      meanings: { 'data.status': { description: 'Status of the token.', values: { '0': 'removed', '1': 'active', '2': 'frozen' } } },
    },
    outcomes: {
      ...v3Outcomes,
      notFound: code('09', 'Data not found', {
        http: 403,
        basis: 'sandbox',
        hint: 'No token was linked with this request_id (or the linking is not finished).',
      }),
    },
    codes: [
      ...v3Codes,
      code('104', 'Data not found', { http: 403, basis: 'doc', hint: 'No token was linked with this request_id. The sandbox answers 09 instead.' }),
      code('09', 'Data not found', { basis: 'sandbox', hint: 'No token was linked with this request_id (or the linking is not finished).' }),
    ],
    sources: ['OAS', 'OFF get-token-details-19336824e0', 'SF §16'],
    inNav: true,
    notes: [
      'Not found: the docs say 104 "Data not found" (which is "Merchant not enabled token flag" on Link Account), the sandbox answered 09 [OBS SF §16]. The emulator follows the sandbox; the HTTP status of 09 is not recorded and 403 is assumed.',
      successMessageNote,
    ],
  },
  {
    id: 'remove-token-v3',
    family: 'cof-v3',
    name: 'Remove token',
    summary: 'Delete a saved token for good; ABA Mobile users get a notice.',
    method: 'POST',
    path: `${V3_TOKEN_PATH}/token-management/remove-token`,
    contentType: 'application/json',
    // A token of its own, so removing it leaves the one Payment, Renew and Get token details use.
    fields: [reqTime('request_time'), merchantId(), { ...ctidField(), example: 'REMOVEME03' }, pwtField({ example: 'DEMOPWTREMOVE03' })],
    variants: [
      {
        id: 'documented',
        label: 'Documented',
        note: 'merchant_id, ctid, request_time, pwt.',
        sources: ['OAS', 'SF §16'],
        basis: 'doc+sandbox',
        default: true,
        emulator: true,
        hash: sha512Base64(['merchant_id', 'ctid', 'request_time', 'pwt']),
      },
    ],
    response: {
      kind: 'json',
      fields: [...statusFields],
      example: { status: statusExample },
    },
    // No notFound: the sandbox answers 00 for an unknown token too [OBS SF §24].
    outcomes: v3Outcomes,
    codes: [...v3Codes],
    sources: ['OAS', 'SF §16', 'SF §24'],
    inNav: true,
    notes: ['Irreversible. An unknown token also gets 00 [OBS SF §24].', successMessageNote],
  },
];
