// ABA QR API: generate-qr (in the portal) and request-qr (the Soundbox variant, only in the OpenAPI export).
// Reference §6, codes §12.2.
import type { CodeSpec, EndpointSpec, FieldSpec, Outcomes, Variant } from './types.ts';
import { code, merchantId, reqTime, sha512Base64, tranId } from './common.ts';

/** The 19-field order both QR pages give in their hash prose. */
const QR_HASH_FIELDS = [
  'req_time',
  'merchant_id',
  'tran_id',
  'amount',
  'items',
  'first_name',
  'last_name',
  'email',
  'phone',
  'purchase_type',
  'payment_option',
  'callback_url',
  'return_deeplink',
  'currency',
  'custom_fields',
  'return_params',
  'payout',
  'lifetime',
  'qr_image_template',
] as const;

const QR_TEMPLATES = [
  'template1',
  'template1_color',
  'template2',
  'template2_color',
  'template3_color',
  'template4',
  'template4_color',
  'template5',
  'template5_color',
  'template6_color',
] as const;

const amount: FieldSpec = {
  name: 'amount',
  type: 'number',
  required: true,
  format: 'amount',
  encoding: 'none',
  description: 'Amount to collect: at least 100 KHR or 0.01 USD.',
  example: '10.00',
  note: 'Documented as a number; the sandbox also takes it as a string. Either way the hash covers the text as sent.',
};

const currency: FieldSpec = {
  name: 'currency',
  type: 'string',
  required: true,
  maxLength: 3,
  allowed: ['KHR', 'USD'],
  encoding: 'none',
  description: 'Currency of the amount.',
  example: 'USD',
  note: 'The docs say the value is not case-sensitive.',
};

const purchaseType: FieldSpec = {
  name: 'purchase_type',
  type: 'string',
  required: false,
  maxLength: 20,
  allowed: ['purchase', 'pre-auth'],
  default: 'purchase',
  encoding: 'none',
  description: "'pre-auth' holds the money for a later completion; Alipay and WeChat cannot do pre-auth.",
  example: 'purchase',
};

const callbackUrl = (required: boolean): FieldSpec => ({
  name: 'callback_url',
  type: 'string',
  required,
  maxLength: 255,
  format: 'url',
  encoding: 'base64',
  description: 'Where PayWay posts the payment result; sent Base64-encoded.',
  example: 'https://merchant.example.com/payway/callback',
});

const lifetime = (required: boolean): FieldSpec => ({
  name: 'lifetime',
  type: 'integer',
  required,
  encoding: 'none',
  description: 'Minutes the QR can be paid: at least 3, at most 30 days (43200).',
  default: '43200',
  example: '6',
  note: 'Below 3 minutes the sandbox answers HTTP 400 code 04.',
});

const firstName: FieldSpec = {
  name: 'first_name',
  type: 'string',
  required: false,
  maxLength: 20,
  format: 'name',
  encoding: 'none',
  description: "Payer's first name; no digits or symbols.",
  example: 'Sokha',
};

const lastName: FieldSpec = {
  name: 'last_name',
  type: 'string',
  required: false,
  maxLength: 20,
  format: 'name',
  encoding: 'none',
  description: "Payer's last name; no digits or symbols.",
  example: 'Chan',
};

const email: FieldSpec = {
  name: 'email',
  type: 'string',
  required: false,
  maxLength: 50,
  format: 'email',
  encoding: 'none',
  description: "Payer's e-mail address.",
  example: 'sokha.chan@example.com',
};

const phone: FieldSpec = {
  name: 'phone',
  type: 'string',
  required: false,
  maxLength: 20,
  format: 'phone',
  encoding: 'none',
  description: "Payer's phone number.",
  example: '012345678',
};

const items: FieldSpec = {
  name: 'items',
  type: 'json',
  required: false,
  maxLength: 500,
  encoding: 'base64-json',
  description: 'What is being bought, at most 10 lines; shown to the payer, never used to compute the amount.',
  example: '[{"name":"កាហ្វេ ទឹកដោះគោ","quantity":2,"price":2.5},{"name":"Croissant","quantity":2,"price":2.5}]',
  schema: {
    type: 'array',
    maxItems: 10,
    items: {
      type: 'object',
      properties: {
        name: { type: 'string' },
        quantity: { type: 'number' },
        price: { type: 'number' },
      },
      required: ['name', 'quantity', 'price'],
    },
  },
};

const returnDeeplink: FieldSpec = {
  name: 'return_deeplink',
  type: 'json',
  required: false,
  maxLength: 255,
  encoding: 'base64-json',
  description: 'App links ABA Mobile opens after payment, one per platform.',
  example: '{"ios_scheme":"myshop://payway/return","android_scheme":"myshop://payway/return"}',
  schema: {
    type: 'object',
    properties: {
      ios_scheme: { type: 'string' },
      android_scheme: { type: 'string' },
    },
    required: ['ios_scheme', 'android_scheme'],
  },
};

const customFields: FieldSpec = {
  name: 'custom_fields',
  type: 'json',
  required: false,
  maxLength: 255,
  encoding: 'base64-json',
  description: 'Your own key/value pairs kept with the transaction.',
  example: '{"order_ref":"INV-1001"}',
  schema: { type: 'object' },
};

const returnParams: FieldSpec = {
  name: 'return_params',
  type: 'json',
  required: false,
  encoding: 'json',
  description: 'Data echoed back to you in the payment callback; sent as plain JSON text, not Base64.',
  example: '{"order_ref":"INV-1001"}',
  schema: { type: 'object' },
};

const payout: FieldSpec = {
  name: 'payout',
  type: 'json',
  required: false,
  maxLength: 255,
  encoding: 'base64-json',
  description: 'Split of the payment to whitelisted ABA accounts or merchant ids.',
  schema: {
    type: 'array',
    items: {
      type: 'object',
      properties: {
        account: { type: 'string', description: 'ABA account number or merchant id' },
        amount: { type: 'number' },
      },
      required: ['account', 'amount'],
      additionalProperties: false,
    },
  },
  note: 'Keys are account/amount here, while Purchase and pre-auth use acc/amt.',
};

const qrImageTemplate = (required: boolean): FieldSpec => ({
  name: 'qr_image_template',
  type: 'string',
  required,
  maxLength: 20,
  allowed: QR_TEMPLATES,
  default: 'template1',
  encoding: 'none',
  description: 'Frame and colours of the returned QR image.',
  example: 'template3_color',
  note: 'Documented as required yet with a default of template1. The allowed list is the set the sandbox accepted; other values got HTTP 400.',
});

const generateQrFields: readonly FieldSpec[] = [
  reqTime(),
  merchantId(30),
  tranId(),
  firstName,
  lastName,
  email,
  phone,
  amount,
  currency,
  purchaseType,
  {
    name: 'payment_option',
    type: 'string',
    required: true,
    maxLength: 20,
    allowed: ['abapay_khqr', 'wechat', 'alipay', 'abapay'],
    allowedOpen: true,
    encoding: 'none',
    description: 'Which QR to produce: KHQR (any Cambodian bank app), WeChat or Alipay (USD only), or an ABA-only QR.',
    example: 'abapay_khqr',
    note: "'abapay' (ABA Mobile only) appears on the newer portal page but not in the OpenAPI export.",
  },
  items,
  callbackUrl(false),
  returnDeeplink,
  customFields,
  returnParams,
  payout,
  lifetime(true),
  qrImageTemplate(true),
];

const NOT_IN_REQUEST_QR_SCHEMA =
  "Not in request-qr's schema; listed because its hash prose names it. Leave it empty unless you are testing that.";

const offSchema = (field: FieldSpec): FieldSpec => {
  const { example: _example, ...rest } = field;
  return { ...rest, required: false, note: field.note ? `${NOT_IN_REQUEST_QR_SCHEMA} ${field.note}` : NOT_IN_REQUEST_QR_SCHEMA };
};

const requestQrFields: readonly FieldSpec[] = [
  reqTime(),
  merchantId(30),
  tranId(),
  { ...amount, note: `${amount.note} The schema leaves it out of the required list (number or null), yet says it cannot be null.` },
  currency,
  purchaseType,
  {
    name: 'payment_option',
    type: 'string',
    required: true,
    maxLength: 20,
    allowed: ['abapay', 'abapay_khqr', 'wechat', 'alipay'],
    encoding: 'none',
    description: 'Which QR to produce: ABA-only, KHQR, or WeChat / Alipay (USD only).',
    example: 'abapay_khqr',
  },
  callbackUrl(true),
  { ...lifetime(false), note: 'Integer or null in the schema. Below 3 minutes is refused.' },
  ...[items, firstName, lastName, email, phone, returnDeeplink, customFields, returnParams, payout, qrImageTemplate(false)].map(offSchema),
];

const documentedVariant = (note: string, basis: Variant['basis'], sources: readonly string[]): Variant => ({
  id: 'documented',
  label: 'Documented order (19 fields)',
  note,
  sources,
  basis,
  default: true,
  emulator: true,
  hash: sha512Base64(QR_HASH_FIELDS),
});

// §12.2: one list for both QR endpoints, messages as the OpenAPI export prints them.
const qrSuccess = code('0', 'Success.');
const qrWrongHash = code('1', 'Wrong Hash.', {
  http: 403,
  hint: "The string-to-sign or the key differs from PayWay's: open the doctor.",
});
const qrValidation = code('04', 'The given data was invalid.', {
  http: 400,
  basis: 'sandbox',
  hint: 'A field is missing or out of range (e.g. lifetime under 3, unknown qr_image_template). Not in the documented list; the sandbox answers it.',
});
const qrInvalidMerchant = code('96', 'Invalid merchant data', {
  hint: 'The merchant_id is unknown to this environment (sandbox and production ids differ).',
});
const qrDuplicate = code('403', 'Duplicated Transaction ID', {
  hint: 'Use a new tran_id for every QR. The sandbox does not send this: it silently accepts a repeated tran_id and issues a new QR.',
});
const qrRateLimited = code('429', "You've reached the maximum attempt limit. Please try again in (min)", {
  hint: 'Too many requests; wait and retry.',
});

const qrCodes: readonly CodeSpec[] = [
  qrSuccess,
  qrWrongHash,
  qrValidation,
  code('6', 'Requested Domain is not in whitelist.', { hint: 'Ask ABA to whitelist the domain or IP you call from.' }),
  code('8', 'Something went wrong. Please reach out to our digital support team for assistance'),
  code('12', 'Payment currency is not allowed.'),
  code('16', 'Invalid First Name. It must not contain numbers or special characters or not more than 100 characters.'),
  code('17', 'Invalid Last Name. It must not contain numbers or special characters or not more than 100 characters.'),
  code('18', 'Invalid Phone Number.'),
  code('19', 'Invalid Email.'),
  code('21', 'End of API lifetime.'),
  code('23', 'Selected Payment Option is not enabled for this Merchant Profile.', {
    hint: 'Ask ABA to enable this payment option on the profile, or pick another.',
  }),
  code('32', 'Service is not enable.', { hint: 'The QR API is not enabled on this merchant profile.' }),
  code('35', 'Payout Info is invalid.', { hint: 'Check the payout JSON: keys account/amount, whitelisted accounts.' }),
  code('44', 'Purchase amount has reached transaction limit.'),
  code('47', 'KHR Amount must be greater than 100 KHR.'),
  code('48', 'Something went wrong with requested parameters. Please try again or contact the merchant for help.'),
  qrInvalidMerchant,
  code('102', 'The URL is not in the whitelist.', { hint: 'The callback_url domain must be whitelisted by ABA.' }),
  qrDuplicate,
  qrRateLimited,
];

const qrOutcomes: Outcomes = {
  success: qrSuccess,
  wrongHash: qrWrongHash,
  validation: qrValidation,
  merchantNotFound: { ...qrInvalidMerchant, hint: `${qrInvalidMerchant.hint} Closest documented code; no probe recorded an unknown merchant.` },
  duplicate: qrDuplicate,
  rateLimited: qrRateLimited,
};

const CORRUPTED_PHP_SAMPLE =
  "The official PHP sample is corrupted: it reads `$last_name+ email` followed by a line break, which does not run. The prose list is the intended order; concatenate with '.' only.";

export const qrEndpoints: EndpointSpec[] = [
  {
    id: 'generate-qr',
    family: 'qr',
    name: 'QR API',
    summary: 'Get a KHQR, ABA, WeChat or Alipay QR (string and PNG) for an amount, to show on your own screen.',
    method: 'POST',
    path: '/api/payment-gateway/v1/payments/generate-qr',
    contentType: 'application/json',
    fields: generateQrFields,
    variants: [
      documentedVariant(
        `The order in the page's hash prose. The sandbox accepted it for the subset req_time, merchant_id, tran_id, amount, purchase_type, payment_option, callback_url, currency, qr_image_template (empty fields add nothing). ${CORRUPTED_PHP_SAMPLE}`,
        'doc+sandbox',
        ['OAS', 'OFF qr-api-14530840e0', 'SF §5'],
      ),
    ],
    response: {
      kind: 'json',
      fields: ['qrString', 'qrImage', 'abapay_deeplink', 'app_store', 'play_store', 'amount', 'currency', 'status.code', 'status.message', 'status.trace_id'],
      example: {
        qrString:
          '00020101021230510016abaakhppxxx@abaa01151250212145328460208ABA Bank52048249530384054040.015802KH5925OLD ME 25 CHAR WINNER IP',
        qrImage: 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAKAAAACgCAYAAACLz2ctAAAACXBIWXMAAA7EAAAOxAGVKw4bAAAOC0lEQVR4nO2deahV1RfHl6ZlaaZ',
        abapay_deeplink: 'abamobilebank://ababank.com?type=payway&qrcode=00020101021230510016abaakhppxxx%40abaa01151250212145328460208ABA+Bank5',
        app_store: 'https://itunes.apple.com/al/app/aba-mobile-bank/id968860649?mt=8',
        play_store: 'https://play.google.com/store/apps/details?id=com.paygo24.ibank',
        amount: 0.01,
        currency: 'USD',
        status: { code: '0', message: 'Success.', trace_id: 'b9f93f45b49f08e26dfcfb8c2da396c6' },
      },
      note: 'camelCase qrString/qrImage as the API page and the sandbox have them; the QR guide page shows snake_case qr_string/qr_image.',
    },
    outcomes: qrOutcomes,
    codes: qrCodes,
    sources: ['OAS', 'OFF qr-api-14530840e0', 'JOS 14', 'DER', 'SF §5', 'SF §7a', 'SF §13'],
    inNav: true,
    notes: [
      'Success is code "0" here, not "00" as on most other endpoints.',
      'Response keys: camelCase (API page, sandbox) vs snake_case (QR guide page).',
      CORRUPTED_PHP_SAMPLE,
      'The sandbox accepts a repeated tran_id without complaint and returns a new QR with the new amount; whichever QR is paid first wins.',
      'Currencies: KHR supports ABA PAY and KHQR; USD also WeChat and Alipay.',
    ],
  },
  {
    id: 'request-qr',
    family: 'qr',
    name: 'QR API for Soundbox',
    summary: 'A lighter QR request for Soundbox devices: amount, option and a required callback URL; answers the QR string only.',
    method: 'POST',
    path: '/api/payment-gateway/v1/payments/request-qr',
    contentType: 'application/json',
    fields: requestQrFields,
    variants: [
      documentedVariant(
        `The hash prose repeats the QR API's 19 fields although most of them are not in this endpoint's schema; those not sent add nothing. No probe of this endpoint is recorded. ${CORRUPTED_PHP_SAMPLE}`,
        'doc',
        ['OAS'],
      ),
    ],
    response: {
      kind: 'json',
      fields: ['tran_id', 'qr_string', 'amount', 'currency', 'status.code', 'status.message', 'status.trace_id'],
      example: {
        trace_id: 'b9f93f45b49f08e26dfcfb8c2da396c6',
        qrString:
          '00020101021230510016abaakhppxxx@abaa01151250212145328460208ABA Bank52048249530384054040.015802KH5925OLD ME 25 CHAR WINNER IP',
        amount: 0.01,
        currency: 'USD',
        status: { code: '0', message: 'Success.', tran_id: '20250311033231' },
      },
      note: 'The schema has tran_id and qr_string at the top and trace_id in status; its example has qrString, trace_id at the top and tran_id in status.',
    },
    outcomes: qrOutcomes,
    codes: qrCodes,
    sources: ['OAS'],
    inNav: false,
    notes: [
      'Not in the portal navigation; known only from the OpenAPI export.',
      'Most of the 19 hashed fields are not in the request schema; they are listed here as optional, without examples.',
      'Response keys disagree between the schema (qr_string) and its example (qrString).',
    ],
  },
];
