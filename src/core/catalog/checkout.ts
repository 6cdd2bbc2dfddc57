// Ecommerce Checkout: Purchase and the endpoints that look up, close, refund and list its transactions.
// Also home of the pieces the Credentials-on-File files reuse (Purchase's fields and hash order, the
// Purchase code list, the JSON-field factories), so that they are written once.
import type { CodeSpec, EndpointSpec, FieldSpec, JsonSchema, Outcomes } from './types.ts';
import { DEMO_MERCHANT_ID, code, merchantAuth, merchantId, reqTime, sha512Base64, tranId } from './common.ts';

const PAYMENTS_PATH = '/api/payment-gateway/v1/payments';

export const wrongHashHint = "The string-to-sign or the key differs from PayWay's: open the doctor.";

// ---------------------------------------------------------------------------------------------------
// Helpers shared with cof.ts and cofV3.ts
// ---------------------------------------------------------------------------------------------------

/** `list` with `added` placed right after the entry named `anchor` (a hash part or a field). */
export function insertAfter<T extends string | { readonly name: string }>(list: readonly T[], anchor: string, ...added: T[]): T[] {
  const at = list.findIndex((item) => (typeof item === 'string' ? item : item.name) === anchor);
  if (at < 0) throw new Error(`"${anchor}" is not in the list`);
  return [...list.slice(0, at + 1), ...added, ...list.slice(at + 1)];
}

export const itemsSchema: JsonSchema = {
  type: 'array',
  description: 'Line items, shown to the payer; PayWay does not check them against the amount.',
  items: {
    type: 'object',
    properties: {
      name: { type: 'string' },
      quantity: { type: 'integer' },
      price: { type: 'number' },
    },
    required: ['name', 'quantity', 'price'],
  },
};

export const returnDeeplinkSchema: JsonSchema = {
  type: 'object',
  properties: {
    ios_scheme: { type: 'string', description: 'URL scheme that reopens your iOS app.' },
    android_scheme: { type: 'string', description: 'URL scheme that reopens your Android app.' },
  },
  examples: [{ ios_scheme: 'myshop://payment-done', android_scheme: 'myshop://payment-done' }],
};

export const customFieldsSchema: JsonSchema = {
  type: 'object',
  description: 'Free-form key/value pairs of your own.',
  examples: [{ order_ref: 'INV-2025-0001' }],
};

/** Purchase / v3 Payment split payments: keys `acc` and `amt` (the QR and Payout APIs use other keys). */
export const payoutAccAmtSchema: JsonSchema = {
  type: 'array',
  maxItems: 10,
  items: {
    type: 'object',
    properties: {
      acc: { type: 'string', description: 'ABA account number or merchant id that receives the share.' },
      amt: { type: 'number', description: 'Share of the amount, in the transaction currency.' },
    },
    required: ['acc', 'amt'],
  },
  examples: [[{ acc: '000133879', amt: 1 }]],
};

const itemsExample = '[{"name":"កាហ្វេ","quantity":1,"price":1.5},{"name":"Croissant","quantity":2,"price":4.25}]';

export const itemsField = (maxLength = 500): FieldSpec => ({
  name: 'items',
  type: 'json',
  required: false,
  maxLength,
  encoding: 'base64-json',
  description: 'Line items as a JSON array of {name, quantity, price}, sent Base64-encoded.',
  example: itemsExample,
  schema: itemsSchema,
});

export const base64UrlField = (
  name: 'return_url' | 'callback_url',
  description: string,
  more: Partial<FieldSpec> = {},
): FieldSpec => ({
  name,
  type: 'string',
  required: false,
  format: 'url',
  encoding: 'base64',
  description,
  ...more,
});

export const returnDeeplinkField = (more: Partial<FieldSpec> = {}): FieldSpec => ({
  name: 'return_deeplink',
  type: 'json',
  required: false,
  encoding: 'base64-json',
  description: 'App schemes to return to after paying in ABA Mobile, as Base64 JSON {ios_scheme, android_scheme}.',
  schema: returnDeeplinkSchema,
  ...more,
});

export const customFieldsField = (more: Partial<FieldSpec> = {}): FieldSpec => ({
  name: 'custom_fields',
  type: 'json',
  required: false,
  encoding: 'base64-json',
  description: 'Your own key/value data as Base64 JSON; shown again in transaction details and exports.',
  example: '{"order_ref":"INV-2025-0001"}',
  schema: customFieldsSchema,
  ...more,
});

export const payoutAccAmtField = (more: Partial<FieldSpec> = {}): FieldSpec => ({
  name: 'payout',
  type: 'json',
  required: false,
  encoding: 'base64-json',
  description: 'Split of the payment to other accounts, as Base64 JSON [{acc, amt}] (at most 10).',
  schema: payoutAccAmtSchema,
  ...more,
});

export const amountField = (more: Partial<FieldSpec> = {}): FieldSpec => ({
  name: 'amount',
  type: 'number',
  required: true,
  format: 'amount',
  encoding: 'none',
  description: 'Amount to charge, as decimal text exactly as hashed (USD "10.00"; KHR whole numbers).',
  example: '10.00',
  ...more,
});

export const currencyField = (required: boolean, more: Partial<FieldSpec> = {}): FieldSpec => ({
  name: 'currency',
  type: 'string',
  required,
  allowed: ['KHR', 'USD'],
  encoding: 'none',
  description: 'Currency of the amount.',
  example: 'USD',
  ...more,
});

export const emailField = (maxLength?: number): FieldSpec => ({
  name: 'email',
  type: 'string',
  required: false,
  ...(maxLength === undefined ? {} : { maxLength }),
  format: 'email',
  encoding: 'none',
  description: "Payer's e-mail address.",
  example: 'sokha@example.com',
});

export const phoneField = (maxLength?: number, note?: string): FieldSpec => ({
  name: 'phone',
  type: 'string',
  required: false,
  ...(maxLength === undefined ? {} : { maxLength }),
  format: 'phone',
  encoding: 'none',
  description: "Payer's phone number.",
  example: '093939399',
  ...(note ? { note } : {}),
});

export const personNameField = (
  name: 'firstname' | 'lastname' | 'first_name' | 'last_name',
  more: Partial<FieldSpec> = {},
): FieldSpec => {
  const first = name.startsWith('first');
  return {
    name,
    type: 'string',
    required: false,
    format: 'name',
    encoding: 'none',
    description: first ? "Payer's first name (letters only)." : "Payer's last name (letters only).",
    example: first ? 'Sokha' : 'Chan',
    ...more,
  };
};

// ---------------------------------------------------------------------------------------------------
// Purchase
// ---------------------------------------------------------------------------------------------------

export const nameLengthNote =
  'Max length 20 on the stored official page, OAS and DER; 100 in JOS and SEAB (and in the text of codes 16/17).';

/** Purchase's request fields in form order (the order of the official table). */
export const purchaseFields: readonly FieldSpec[] = [
  reqTime(),
  merchantId(30),
  tranId(),
  amountField({
    note: 'OLD docs: decimal(10,2). KHR may not have decimals (code 46) and must be at least 100 (47); zero is refused (45).',
  }),
  itemsField(),
  {
    name: 'shipping',
    type: 'number',
    required: false,
    format: 'amount',
    encoding: 'none',
    description: 'Shipping fee, in the transaction currency.',
  },
  personNameField('firstname', { maxLength: 20, note: nameLengthNote }),
  personNameField('lastname', { maxLength: 20, note: nameLengthNote }),
  emailField(50),
  phoneField(20, 'OLD docs: 8 to 20 characters.'),
  {
    name: 'type',
    type: 'string',
    required: false,
    maxLength: 20,
    allowed: ['purchase', 'pre-auth'],
    default: 'purchase',
    encoding: 'none',
    description: 'Take the money now (purchase) or only hold it (pre-auth, for ABA PAY, KHQR and cards).',
    example: 'purchase',
  },
  {
    name: 'payment_option',
    type: 'string',
    required: false,
    maxLength: 20,
    allowed: ['cards', 'abapay', 'abapay_khqr', 'abapay_khqr_deeplink', 'alipay', 'wechat', 'google_pay', 'abapay_deeplink', 'bakong'],
    allowedOpen: true,
    encoding: 'none',
    description: 'Preselects one payment method; empty shows every method enabled on the profile.',
    note:
      '`abapay` is on the stored official page but not in JOS/DER; `abapay_deeplink` and `bakong` appear only in guide pages. ' +
      '`abapay_khqr_deeplink` makes PayWay answer with JSON instead of the checkout page.',
  },
  base64UrlField('return_url', 'URL that receives the payment callback, sent Base64-encoded; its domain must be whitelisted.', {
    example: 'https://example.com/payway/callback',
  }),
  {
    name: 'cancel_url',
    type: 'string',
    required: false,
    format: 'url',
    encoding: 'none',
    description: 'Where the payer goes after closing or cancelling the payment page.',
    example: 'https://example.com/checkout/cancel',
  },
  {
    name: 'continue_success_url',
    type: 'string',
    required: false,
    format: 'url',
    encoding: 'none',
    description: 'Where the payer goes after a successful payment.',
    example: 'https://example.com/checkout/done',
    note: 'A probe found this is what moves the browser on after paying; return_url alone does not [OBS SF §21].',
  },
  returnDeeplinkField({ note: 'Needed when the purchase starts from a mobile app.' }),
  currencyField(false, { note: "When omitted, PayWay uses the first account currency of the merchant profile." }),
  customFieldsField(),
  {
    name: 'return_params',
    type: 'string',
    required: false,
    encoding: 'none',
    description: 'Any text of yours; PayWay sends it back in the callback to return_url.',
    example: 'order-1001',
  },
  payoutAccAmtField({ note: 'More than 10 entries gives code 25.' }),
  {
    name: 'lifetime',
    type: 'integer',
    required: false,
    default: '43200',
    encoding: 'none',
    description: 'Minutes the payment stays payable: at least 3, at most 30 days (43200).',
  },
  {
    name: 'additional_params',
    type: 'json',
    required: false,
    encoding: 'base64-json',
    description: 'Extra parameters for WeChat Pay as Base64 JSON {wechat_sub_appid, wechat_sub_openid}.',
    schema: {
      type: 'object',
      properties: { wechat_sub_appid: { type: 'string' }, wechat_sub_openid: { type: 'string' } },
    },
  },
  {
    name: 'google_pay_token',
    type: 'string',
    required: 'conditional',
    requiredWhen: 'payment_option is google_pay and your site handles the payment-method choice',
    encoding: 'none',
    description: 'Payment token from Google Pay.',
  },
  {
    name: 'skip_success_page',
    type: 'integer',
    required: false,
    allowed: ['0', '1'],
    encoding: 'none',
    description: "1 skips PayWay's success page, 0 shows it; omitted follows the profile setting.",
  },
  {
    name: 'view_type',
    type: 'string',
    required: false,
    allowed: ['hosted_view', 'popup'],
    encoding: 'none',
    notHashed: true,
    description: 'Open the checkout in a new tab (hosted_view) or as a bottom sheet / modal (popup).',
  },
  {
    name: 'payment_gate',
    type: 'integer',
    required: false,
    encoding: 'none',
    notHashed: true,
    description: '0 forces the Checkout flow when the profile also has the QR Payment API.',
  },
];

export function purchaseField(name: string): FieldSpec {
  const field = purchaseFields.find((f) => f.name === name);
  if (!field) throw new Error(`Purchase has no field "${name}"`);
  return field;
}

/** The 24-field Purchase string-to-sign order (JOS 01, DER, SEAB: three copies of the official page). */
export const purchaseHashOrder: readonly string[] = [
  'req_time',
  'merchant_id',
  'tran_id',
  'amount',
  'items',
  'shipping',
  'firstname',
  'lastname',
  'email',
  'phone',
  'type',
  'payment_option',
  'return_url',
  'cancel_url',
  'continue_success_url',
  'return_deeplink',
  'currency',
  'custom_fields',
  'return_params',
  'payout',
  'lifetime',
  'additional_params',
  'google_pay_token',
  'skip_success_page',
];

const legacyCofFields: readonly FieldSpec[] = [
  {
    name: 'ctid',
    type: 'string',
    required: false,
    maxLength: 255,
    encoding: 'none',
    description: 'Customer token id of a saved payment method (legacy card-on-file).',
  },
  {
    name: 'pwt',
    type: 'string',
    required: false,
    maxLength: 255,
    encoding: 'none',
    description: 'Payment token of a saved payment method (legacy card-on-file).',
  },
];

// ---------------------------------------------------------------------------------------------------
// Code lists
// ---------------------------------------------------------------------------------------------------

const checkoutCodeRows: readonly (readonly [string, string, string?])[] = [
  ['1', 'Wrong hash', wrongHashHint],
  ['2', 'Invalid transaction ID', 'tran_id must be at most 20 characters of letters, digits and "-".'],
  ['3', 'Invalid transaction amount', 'Send the amount as plain decimal text, e.g. 10.00.'],
  ['4', 'Duplicated transaction ID', 'Every purchase needs a new tran_id.'],
  ['5', 'Transaction not found'],
  ['6', 'Requested domain is not in whitelist', 'Ask ABA to whitelist the domain or IP you call from.'],
  ['7', 'Wrong return param'],
  ['8', 'Something went wrong while saving data. Please try again later or contact merchant for help.'],
  ['10', 'Wrong shipping price'],
  ['11', 'Something went wrong. Try again or contact the merchant for help.'],
  ['12', 'Payment currency is not allowed', 'The profile has no account in this currency.'],
  ['13', 'Invalid items', 'items must be Base64 of a JSON array of {name, quantity, price}.'],
  ['14', 'Invalid credit multi acc'],
  ['15', 'Invalid or missing channel values from smart merchant'],
  ['16', 'Invalid first name. It must not contain numbers or special characters or not more than 100 characters.', 'Use letters only in firstname.'],
  ['17', 'Invalid last name. It must not contain numbers or special characters or not more than 100 characters.', 'Use letters only in lastname.'],
  ['18', 'Invalid phone number'],
  ['19', 'Invalid email'],
  ['20', 'Something went wrong. Please contact merchant.'],
  ['21', 'End of API lifetime'],
  ['22', 'Pre-auth transaction is not enabled', 'Ask ABA to enable pre-auth on the profile, or send type=purchase.'],
  ['23', 'Selected payment option is not enabled for this merchant profile', 'Pick another payment_option or leave it empty.'],
  ['24', 'Cannot decrypt data'],
  ['25', 'Allow maximum 10 payout per requests', 'Send at most 10 entries in payout.'],
  ['26', 'Invalid merchant profile', 'Check merchant_id and that you call the host (sandbox or production) it belongs to.'],
  ['27', 'Invalid ctid'],
  ['28', 'Invalid pwt'],
  ['29', 'Invalid pwt or ctid', 'The token pair does not name a saved payment method of this merchant.'],
  ['30', 'Merchant is not enabled COF'],
  ['31', 'Unsecure 3Ds page'],
  ['33', 'Cannot identify cardOrigin'],
  ['34', 'Exchange rate data is invalid'],
  ['35', 'Payout info is invalid'],
  ['36', 'Payout account or amount is invalid'],
  ['37', 'Payout accounts are not in whitelist', 'Whitelist every payout account (Add a beneficiary) first.'],
  ['38', 'Payout contain invalid transaction ID'],
  ['39', 'Payout contain duplicated account'],
  ['40', 'Payout contain duplicated transaction ID'],
  ['41', 'Payout info contain mid not link with any merchant profile'],
  ['42', 'Payout info contain account invalid status'],
  ['43', "Merchant profile's MID is missing. Please try again or contact merchant for help."],
  ['44', 'Purchase amount has reached transaction limit'],
  ['45', 'Purchase with zero amount is not allowed'],
  ['46', 'Purchase amount for KHR currency could not contain decimal place', 'KHR amounts are whole numbers: send 10000, not 10000.00.'],
  ['47', 'KHR amount must be greater than 100 KHR'],
  ['48', 'Something went wrong with requested parameters. Please try again or contact merchant for help.', 'A field is missing or malformed.'],
  ['49', 'Invalid start date', 'from_date must be YYYY-MM-DD HH:mm:ss.'],
  ['50', 'Invalid end date', 'to_date must be YYYY-MM-DD HH:mm:ss.'],
  ['51', 'Invalid date range'],
  ['52', 'Maximum date range is allowed only 3 days', 'Keep from_date..to_date within 3 days including today.'],
  ['53', 'Invalid amount range'],
  ['54', 'Transaction is expired. Please try again or contact the merchant for help.'],
  ['55', 'We are unable to request QR from Wechat system. Please try again or contact merchant for help.'],
  ['56', 'We are unable to validate your transaction with Wechat system. Please try again or contact merchant for help.'],
  ['57', 'We are unable to validate your card source. Please try again or contact merchant for help.'],
  ['58', 'Provide invalid card number'],
  ['59', 'Payout info can not be fixed with MID and ABA account'],
  ['60', 'Something went wrong with QR String. Please try again or contact merchant for help.'],
  ['61', 'Something went wrong. Please try again or contact merchant for help.'],
  ['62', 'QR is already in used'],
  ['63', 'Transaction is already exist in core banking. Please perform new transaction or contact merchant for help.'],
  ['64', "Payer's account is same as merchant profile's account. Please choose different account."],
  ['65', "Merchant profile's MID is not found in core banking. Please try again or contact merchant for help."],
  ['66', 'Something went wrong. Please try again or contact merchant for help.'],
  ['67', 'QR on invoice is currently not available for this merchant profile.'],
  ['68', 'Transaction is expired. Please re-initiate the transaction.'],
  ['69', 'Transaction lifetime can not be less than 3 minutes.', 'lifetime is in minutes; use 3 or more.'],
  ['70', 'Total purchase amount has reached daily limit. Please use difference account.'],
  ['71', 'Payout for card payment is not allowed to ABA account.'],
  ['72', 'The merchant profile cannot accept payment because its settlement account is closed.'],
  ['73', 'Invalid transaction status'],
  ['74', 'Invalid tran_id or merchant_id'],
  ['75', 'tran_id not found'],
  ['76', 'Invalid additional parameters'],
  ['77', 'Merchant transactions do not support transaction fees'],
  ['78', 'Card payout transactions are not compatible with the discount program.'],
  ['79', 'Payment token missing in Google Pay'],
  ['80', 'Failed to decrypt the payment token provided by Google Pay'],
  ['81', 'The return URL is not in the whitelist', "Ask ABA to whitelist return_url's domain."],
  ['82', 'The payout has exceeded the maximum allowable amount per transaction'],
  ['83', 'Payment credential is disabled'],
  ['84', 'Payment credential is expired'],
  ['85', 'Purchase reach limit amount per transaction'],
  ['86', 'Unsupported merchant purchase mode'],
  ['87', 'Payment credential is removed'],
  ['200', 'Payment was canceled'],
  ['201', 'Payment was declined'],
  ['401', 'Unauthorized access'],
  ['403', 'Something went wrong. Try again or contact the merchant for help.'],
  ['429', 'Too many request, please try again in 1min.', 'Wait a minute before retrying.'],
  ['503', 'System under maintenance'],
];

/**
 * The Purchase page's code list (§12.1), also used by Subscription and Purchase using token. Error codes
 * arrive as JSON numbers in Purchase's JSON errors (JOS 01: `{"status":{"code":1,"message":"Wrong hash"}}`).
 */
export const checkoutCodes: readonly CodeSpec[] = [
  code('0', 'Success', { basis: 'doc' }),
  ...checkoutCodeRows.map(([number, message, hint]) => code(number, message, { basis: 'doc', numeric: true, ...(hint ? { hint } : {}) })),
];

export function checkoutCode(number: string): CodeSpec {
  const found = checkoutCodes.find((c) => c.code === number);
  if (!found) throw new Error(`No checkout code ${number}`);
  return found;
}

export const purchaseSuccess = code('00', 'Success!', { basis: 'doc' });

/** What the emulator answers on Purchase-shaped requests (Purchase, Subscription). */
export const purchaseOutcomes: Outcomes = {
  success: purchaseSuccess,
  wrongHash: checkoutCode('1'),
  validation: checkoutCode('48'),
  merchantNotFound: checkoutCode('26'),
  duplicate: checkoutCode('4'),
  rateLimited: checkoutCode('429'),
};

// ---------------------------------------------------------------------------------------------------
// Lookups of one transaction: shared request shape
// ---------------------------------------------------------------------------------------------------

const lookupFields: readonly FieldSpec[] = [reqTime(), merchantId(), tranId('The tran_id of the purchase.')];

const lookupHashOrder = ['req_time', 'merchant_id', 'tran_id'] as const;

/** An approved 10.00 USD payment a fresh emulator holds, so the example refund succeeds (DEMO-* ids name seeded state). */
const REFUND_EXAMPLE_TRAN_ID = 'DEMO-PAID-0001';
const refundAuthExample = JSON.stringify({ mc_id: DEMO_MERCHANT_ID, tran_id: REFUND_EXAMPLE_TRAN_ID, refund_amount: 1 }, null, 2);

const rateLimit403Note = 'HTTP 403 with a numeric 429 was observed on transaction-detail [OBS SF §11c]; assumed here too.';

export const checkoutEndpoints: EndpointSpec[] = [
  {
    id: 'purchase',
    family: 'checkout',
    name: 'Purchase',
    summary: 'Start a payment: PayWay answers with its checkout page (or JSON for the KHQR deeplink option).',
    method: 'POST',
    path: `${PAYMENTS_PATH}/purchase`,
    contentType: 'multipart/form-data',
    bodyTypes: [{ type: 'application/json', accepted: true, basis: 'sandbox', source: 'SF §10b, §12', note: 'A server-to-server JSON POST is answered with JSON.' }],
    fields: purchaseFields,
    variants: [
      {
        id: 'documented',
        label: 'Documented (24 fields)',
        note: 'The order of the official Purchase page; accepted by the sandbox for plain purchases.',
        sources: ['JOS 01', 'DER', 'SEAB', 'OFF purchase-14530820e0'],
        basis: 'doc+sandbox',
        default: true,
        emulator: true,
        hash: sha512Base64(purchaseHashOrder),
      },
      {
        id: 'legacy-cof',
        label: 'Legacy card-on-file (ctid, pwt after shipping)',
        note: 'The old docs let Purchase carry ctid and pwt, hashed right after shipping as in the old Purchase-using-token order.',
        sources: ['OLD create-transaction', 'OFF purchase-using-token-14530833e0', 'JOS 10'],
        basis: 'doc',
        hash: sha512Base64(insertAfter(purchaseHashOrder, 'shipping', 'ctid', 'pwt')),
        extraFields: legacyCofFields,
      },
    ],
    response: {
      kind: 'html',
      fields: ['status.code', 'status.message', 'status.tran_id', 'qr_string', 'abapay_deeplink', 'checkout_qr_url'],
      example: {
        status: { code: '00', message: 'Success!', tran_id: '17394277693' },
        qr_string: '00020101021230510016abaakhppxxx@abaa...',
        abapay_deeplink: 'abamobilebank://ababank.com?type=payway&qrcode=...',
        checkout_qr_url: 'https://checkout-sandbox.payway.com.kh/...',
      },
      note:
        'Normally an HTML checkout page (title "PayWay - Checkout") to show as the result of a browser form POST. ' +
        'The JSON fields are for payment_option=abapay_khqr_deeplink. Errors come as JSON {status:{code:<number>, message}}.',
    },
    outcomes: purchaseOutcomes,
    codes: [purchaseSuccess, ...checkoutCodes],
    sources: ['OFF purchase-14530820e0', 'JOS 01', 'DER', 'SEAB', 'OLD create-transaction', 'SF §10b', 'SF §12', 'SF §21'],
    inNav: true,
    notes: [
      nameLengthNote,
      'A server-to-server JSON POST without payment_gate was answered with JSON using camelCase qrString/qrImage and abapay_deeplink; with view_type=hosted_view and payment_gate=0 the JSON also had checkout_qr_url; a form POST with payment_gate=0 got the HTML page [OBS SF §10b, §12].',
      'The sandbox silently accepted a duplicate tran_id on the JSON path (the QR could not be paid) [OBS SF §8b, §21]; the docs list code 4 for duplicates.',
      'The legacy docs pick the page language with a request header `language: en` or `language: km`.',
      'No request rate is documented; code 429 says to wait a minute.',
    ],
  },
  {
    id: 'transaction-detail',
    family: 'checkout',
    name: 'Get a transaction details',
    summary: 'Full details and operation history of one transaction, of any age (not for polling).',
    method: 'POST',
    path: `${PAYMENTS_PATH}/transaction-detail`,
    contentType: 'application/json',
    fields: lookupFields,
    variants: [
      {
        id: 'documented',
        label: 'Documented',
        note: 'req_time, merchant_id, tran_id.',
        sources: ['OAS'],
        basis: 'doc',
        default: true,
        emulator: true,
        hash: sha512Base64(lookupHashOrder),
      },
    ],
    response: {
      kind: 'json',
      fields: [
        'status.code',
        'status.message',
        'status.tran_id',
        'data.transaction_id',
        'data.payment_status_code',
        'data.payment_status',
        'data.original_amount',
        'data.original_currency',
        'data.payment_amount',
        'data.payment_currency',
        'data.total_amount',
        'data.refund_amount',
        'data.discount_amount',
        'data.apv',
        'data.transaction_date',
        'data.first_name',
        'data.last_name',
        'data.email',
        'data.phone',
        'data.bank_ref',
        'data.payment_type',
        'data.payer_account',
        'data.bank_name',
        'data.card_source',
        'data.transaction_operations[].status',
        'data.transaction_operations[].amount',
        'data.transaction_operations[].transaction_date',
        'data.transaction_operations[].bank_ref',
      ],
      example: {
        data: {
          transaction_id: '17394277693',
          payment_status_code: 0,
          payment_status: 'APPROVED',
          original_amount: 10,
          original_currency: 'USD',
          payment_amount: 10,
          payment_currency: 'USD',
          total_amount: 10,
          refund_amount: 0,
          discount_amount: 0,
          apv: '753786',
          transaction_date: '2025-02-13 13:55:25',
          first_name: 'Sokha',
          last_name: 'Chan',
          email: 'sokha@example.com',
          phone: '093939399',
          bank_ref: '100FT33957222',
          payment_type: 'ABA Pay',
          payer_account: '000***789',
          bank_name: 'ABA Bank',
          card_source: '',
          transaction_operations: [
            { status: 'Completed', amount: 10, transaction_date: '2025-02-13 13:55:25', bank_ref: '100FT33957222' },
          ],
        },
        status: { code: '00', message: 'Success!', tran_id: '17394277693' },
      },
      note:
        'payment_status_code → payment_status: 0 APPROVED or PRE-AUTH, 2 PENDING, 3 DECLINED, 4 REFUNDED, 7 CANCELLED. ' +
        'payment_type: ABA Pay, Alipay, Wechat, KHQR, VISA, MC, JCB, CUP. card_source: ONUS, OFFUS_DOMESTIC, OFFUS_INTERNATIONAL. ' +
        'transaction_date is gateway time (UTC+7). Values in the example are illustrative.',
    },
    outcomes: {
      success: code('00', 'Success!', { basis: 'doc' }),
      wrongHash: code('5', 'Wrong hash', { http: 403, basis: 'doc', hint: wrongHashHint }),
      validation: code('6', 'Transaction not found', {
        basis: 'inference',
        hint: 'No validation code is documented for this endpoint; the emulator answers "not found" for a missing or malformed field.',
      }),
      merchantNotFound: code('8', 'Invalid merchant profile', { basis: 'doc' }),
      notFound: code('6', 'Transaction not found', { basis: 'doc' }),
      rateLimited: code('429', 'Rate limit exceeded', { http: 403, numeric: true, basis: 'sandbox', hint: 'At most 10 requests a minute; wait before retrying.' }),
    },
    codes: [
      code('00', 'Success!', { basis: 'doc' }),
      code('5', 'Wrong hash', { http: 403, basis: 'doc', hint: wrongHashHint }),
      code('6', 'Transaction not found', { basis: 'doc', hint: 'No transaction with this tran_id for this merchant.' }),
      code('8', 'Invalid merchant profile', { basis: 'doc', hint: 'Check merchant_id and the host you call.' }),
      code('11', 'Internal server error', { basis: 'doc' }),
      code('429', 'Rate limit exceeded', {
        http: 403,
        numeric: true,
        basis: 'doc',
        hint: 'At most 10 requests a minute, and ABA will not raise it. Use check-transaction for polling.',
      }),
    ],
    rateLimit: { requests: 10, per: 'minute', note: 'Cannot be increased (OAS). Over the cap: HTTP 403, numeric code 429, no Retry-After [OBS SF §11c].' },
    sources: ['OAS', 'JOS 03', 'SF §11c'],
    inNav: true,
    notes: [
      'The OAS schema nests `status` inside `data`; the example and the live sandbox put it at the top level. The catalog follows the example.',
      'Wrong-hash code is 5 here (generic 1 elsewhere). Its HTTP status is not recorded for this endpoint; 403 is assumed from check-transaction [OBS SF §3].',
    ],
  },
  {
    id: 'close-transaction',
    family: 'checkout',
    name: 'Close transaction',
    summary: 'Cancel a pending transaction so it can no longer be paid.',
    method: 'POST',
    path: `${PAYMENTS_PATH}/close-transaction`,
    contentType: 'application/json',
    fields: lookupFields,
    variants: [
      {
        id: 'documented',
        label: 'Documented',
        note: 'req_time, merchant_id, tran_id.',
        sources: ['OAS'],
        basis: 'doc',
        default: true,
        emulator: true,
        hash: sha512Base64(lookupHashOrder),
      },
    ],
    response: {
      kind: 'json',
      fields: ['status.code', 'status.message', 'status.tran_id'],
      example: { status: { code: '00', message: 'Success!', tran_id: '1729573626' } },
    },
    outcomes: {
      success: code('00', 'Success!', { basis: 'doc' }),
      wrongHash: code('1', 'Wrong Hash', { http: 403, basis: 'doc', hint: wrongHashHint }),
      validation: code('5', 'Transaction not found', {
        http: 403,
        basis: 'inference',
        hint: 'No validation code is documented for this endpoint; the emulator answers "not found" for a missing or malformed field.',
      }),
      merchantNotFound: code('26', 'Invalid merchant profile', { basis: 'doc' }),
      notFound: code('5', 'Transaction not found', { http: 403, basis: 'doc' }),
    },
    codes: [
      code('00', 'Success!', { basis: 'doc' }),
      code('1', 'Wrong Hash', { http: 403, basis: 'doc', hint: wrongHashHint }),
      code('2', 'This transaction has already been approved and cannot be cancelled.', {
        http: 403,
        basis: 'sandbox',
        hint: 'The payer already paid; refund it instead.',
      }),
      code('5', 'Transaction not found', { http: 403, basis: 'doc' }),
      code('26', 'Invalid merchant profile', { basis: 'doc', hint: 'Check merchant_id and the host you call.' }),
    ],
    sources: ['OAS', 'JOS 05', 'SF §12', 'SF §19', 'SF §21'],
    inNav: true,
    notes: [
      'Docs: a closed transaction becomes CANCELLED, payment is rejected or reversed, and no callback is sent. Sandbox: the status stayed PENDING; closing was enforced when a KHQR was scanned, but a closed card session could still be paid [OBS SF §12, §19, §21].',
      'A nonexistent tran_id got code 00 on one date and HTTP 403 code 5 on another [OBS]; the emulator answers 5.',
    ],
  },
  {
    id: 'check-transaction',
    family: 'checkout',
    name: 'Check transaction',
    summary: 'Current status of a transaction created within the last 7 days; the one to poll.',
    method: 'POST',
    path: `${PAYMENTS_PATH}/check-transaction-2`,
    contentType: 'application/json',
    fields: lookupFields,
    variants: [
      {
        id: 'with-req-time',
        label: 'req_time, merchant_id, tran_id',
        note: 'What the official PHP sample computes and the sandbox accepts.',
        sources: ['OAS', 'SF §3'],
        basis: 'doc+sandbox',
        default: true,
        emulator: true,
        hash: sha512Base64(lookupHashOrder),
      },
      {
        id: 'prose',
        label: 'merchant_id, tran_id (prose)',
        note: "The hash field's description names only merchant_id and tran_id; the sandbox rejects a hash made that way.",
        sources: ['OAS'],
        basis: 'doc',
        hash: sha512Base64(['merchant_id', 'tran_id']),
      },
    ],
    response: {
      kind: 'json',
      fields: [
        'status.code',
        'status.message',
        'status.tran_id',
        'data.payment_status_code',
        'data.payment_status',
        'data.total_amount',
        'data.original_amount',
        'data.refund_amount',
        'data.discount_amount',
        'data.payment_amount',
        'data.payment_currency',
        'data.apv',
        'data.transaction_date',
      ],
      example: {
        data: {
          payment_status_code: 0,
          total_amount: 0.1,
          original_amount: 0.1,
          refund_amount: 0,
          discount_amount: 0,
          payment_amount: 0.1,
          payment_currency: 'USD',
          apv: '753786',
          payment_status: 'APPROVED',
          transaction_date: '2025-02-13 13:55:25',
        },
        status: { code: '00', message: 'Success!', tran_id: '17394277693' },
      },
      note: 'payment_currency is "" while PENDING [JOS]. transaction_date is gateway time (UTC+7).',
    },
    outcomes: {
      success: code('00', 'Success!', { basis: 'doc' }),
      wrongHash: code('5', 'Invalid hash', { http: 403, basis: 'doc', hint: wrongHashHint }),
      validation: code('6', 'Transaction not found', {
        numeric: true,
        basis: 'inference',
        hint: 'No validation code is documented for this endpoint; the emulator answers "not found" for a missing or malformed field.',
      }),
      merchantNotFound: code('8', 'Invalid merchant profile', { basis: 'doc' }),
      notFound: code('6', 'Transaction not found', { numeric: true, basis: 'doc' }),
      rateLimited: code('429', 'Reach request limit', { http: 403, numeric: true, basis: 'doc', hint: 'At most 600 requests a second.' }),
    },
    codes: [
      code('00', 'Success!', { basis: 'doc' }),
      code('5', 'Invalid hash', { http: 403, basis: 'doc', hint: wrongHashHint }),
      code('6', 'Transaction not found', {
        numeric: true,
        basis: 'doc',
        hint: 'Only transactions from the last 7 days (use transaction-detail for older ones). Right after a purchase the sandbox may say "tran_id not found" for a few seconds: retry.',
      }),
      code('8', 'Invalid merchant profile', { basis: 'doc', hint: 'Check merchant_id and the host you call.' }),
      code('11', 'Internal server error', { basis: 'doc' }),
      code('429', 'Reach request limit', { http: 403, numeric: true, basis: 'doc', hint: 'At most 600 requests a second.' }),
    ],
    rateLimit: { requests: 600, per: 'second' },
    sources: ['OAS', 'JOS 02', 'SF §3'],
    inNav: true,
    notes: [
      'Hash prose vs sample: the prose omits req_time, the PHP sample and the sandbox include it.',
      'Wrong-hash code is 5 "Invalid hash" here (1 elsewhere); the sandbox answers it with HTTP 403 [OBS].',
      rateLimit403Note,
    ],
  },
  {
    id: 'refund',
    family: 'checkout',
    name: 'Refund API',
    summary: 'Refund a completed transaction in full or in part (several partial refunds allowed).',
    method: 'POST',
    path: '/api/merchant-portal/merchant-access/online-transaction/refund',
    contentType: 'application/json',
    fields: [
      reqTime('request_time'),
      merchantId(),
      { ...merchantAuth('RSA-encrypted JSON naming the transaction and the amount to refund.'), example: refundAuthExample },
    ],
    variants: [
      {
        id: 'documented',
        label: 'Documented',
        note: 'request_time, merchant_id, merchant_auth (the Base64 ciphertext, so the hash is computed after encryption).',
        sources: ['OAS'],
        basis: 'doc',
        default: true,
        emulator: true,
        hash: sha512Base64(['request_time', 'merchant_id', 'merchant_auth']),
      },
    ],
    rsa: {
      field: 'merchant_auth',
      shape: 'object',
      keys: [
        { name: 'mc_id', type: 'string', required: true, from: 'merchant_id', description: 'Your merchant id.' },
        { name: 'tran_id', type: 'string', required: true, description: 'The tran_id of the purchase to refund.' },
        {
          name: 'refund_amount',
          type: 'number',
          required: true,
          description: 'Amount to give back; at most what is left of the original amount.',
        },
      ],
      example: refundAuthExample,
    },
    response: {
      kind: 'json',
      fields: ['grand_total', 'total_refunded', 'currency', 'transaction_status', 'status.code', 'status.message'],
      example: {
        grand_total: 10,
        total_refunded: 1,
        currency: 'USD',
        transaction_status: 'REFUNDED',
        status: { code: '00', message: 'Success' },
      },
      note: 'transaction_status is REFUNDED after a partial refund too. The success message text is not recorded.',
    },
    outcomes: {
      success: code('00', 'Success', { basis: 'doc' }),
      wrongHash: code('PTL02', 'Invalid hash', { http: 403, basis: 'doc', hint: wrongHashHint }),
      validation: code('PTL04', 'Parameter validation required', { http: 400, basis: 'doc' }),
      merchantNotFound: code('PTL62', 'Invalid merchant information', { http: 403, basis: 'doc' }),
      notFound: code('PTL36', 'Transaction not found or is invalid', { http: 403, basis: 'sandbox' }),
      cannotDecrypt: code('PTL05', 'Parameter invalid format', {
        http: 400,
        basis: 'inference',
        hint: 'No decryption-failure code is documented for refund; the emulator answers PTL05 when merchant_auth cannot be decrypted.',
      }),
    },
    codes: [
      code('00', 'Success', { basis: 'doc' }),
      code('PTL02', 'Invalid hash', { http: 403, basis: 'doc', hint: wrongHashHint }),
      code('PTL04', 'Parameter validation required', { http: 400, basis: 'doc', hint: 'A field is missing.' }),
      code('PTL05', 'Parameter invalid format', {
        http: 400,
        basis: 'doc',
        hint: 'Check merchant_auth: PKCS#1 v1.5, 117-byte chunks, raw blocks joined and Base64-encoded once.',
      }),
      code('PTL06', 'request_time missing or incorrectly formatted', { basis: 'doc', hint: 'request_time is UTC YYYYMMDDHHmmss and must be current.' }),
      code('PTL36', 'Transaction not found or is invalid', { http: 403, basis: 'sandbox' }),
      code('PTL37', 'Refund amount cannot exceed the original purchase amount', { basis: 'doc' }),
      code('PTL57', 'Unable to refund', { basis: 'doc' }),
      code('PTL58', 'Fail to refund', { basis: 'doc' }),
      code('PTL62', 'Invalid merchant information', { basis: 'doc', hint: 'Check merchant_id and mc_id inside merchant_auth.' }),
      code('PTL63', 'Merchant have no security config file', { basis: 'doc', hint: 'The profile has no RSA key set up; ask ABA.' }),
      code('PTL168', 'Concurrent requests are not allowed', { basis: 'doc' }),
      code('PTL169', 'Settlement account is closed', { basis: 'doc' }),
      code('PTL181', 'The available balance is not enough to refund the customer', { basis: 'doc' }),
      code('PTL186', 'Invalid amount format', { basis: 'doc' }),
      code('PTL187', 'Amount is below the minimum allowed', { basis: 'doc' }),
    ],
    rateLimit: { requests: 500, per: 'second' },
    sources: ['OAS', 'JOS 06'],
    inNav: true,
    notes: [
      'Within 30 days of the purchase. The doc says only COMPLETED transactions can be refunded, while the status values elsewhere say APPROVED.',
      'ABA PAY and KHQR refunds are immediate. After a partial refund payment_status shows REFUNDED; refund_amount is the running total [OBS].',
      'The reference abbreviates the messages of PTL168 and PTL169 ("…"); the texts here are shortened and may differ from the gateway.',
      'HTTP statuses other than PTL02/PTL36 (403) are not recorded per code; merchant-portal errors come as 400 or 403 [OBS SF §6].',
    ],
  },
  {
    id: 'transaction-list',
    family: 'checkout',
    name: 'Get transaction list',
    summary: "One outlet's transactions over a window of up to 3 days, filtered by amount and status.",
    method: 'POST',
    path: `${PAYMENTS_PATH}/transaction-list-2`,
    contentType: 'application/json',
    fields: [
      reqTime(),
      merchantId(),
      {
        name: 'from_date',
        type: 'string',
        required: false,
        format: 'date-time',
        default: 'today 00:00:00',
        encoding: 'none',
        description: 'Start of the window, YYYY-MM-DD HH:mm:ss in gateway time (UTC+7).',
        note: 'A UTC window silently returns no rows; other formats give code 49 [OBS].',
      },
      {
        name: 'to_date',
        type: 'string',
        required: false,
        format: 'date-time',
        default: 'today 23:59:59',
        encoding: 'none',
        description: 'End of the window, YYYY-MM-DD HH:mm:ss in gateway time (UTC+7).',
      },
      {
        name: 'from_amount',
        type: 'number',
        required: false,
        format: 'amount',
        encoding: 'none',
        description: 'Lowest transaction amount to include.',
        note: 'Number in the doc, string in its example; both accepted [JOS].',
      },
      {
        name: 'to_amount',
        type: 'number',
        required: false,
        format: 'amount',
        encoding: 'none',
        description: 'Highest transaction amount to include.',
      },
      {
        name: 'status',
        type: 'string',
        required: false,
        encoding: 'none',
        description: 'Comma-separated statuses to include: APPROVED, PRE-AUTH, REFUNDED, PENDING, DECLINDED, CANCELLED.',
        note: 'DECLINDED is spelled so by PayWay. Case-insensitive; numeric status codes do not work [OBS].',
      },
      {
        name: 'page',
        type: 'integer',
        required: false,
        default: '1',
        encoding: 'none',
        description: 'Page number, from 1.',
        example: '1',
      },
      {
        name: 'pagination',
        type: 'integer',
        required: false,
        default: '40',
        encoding: 'none',
        description: 'Rows per page, at most 1000.',
        example: '40',
      },
    ],
    variants: [
      {
        id: 'documented',
        label: 'Documented (plain concatenation)',
        note: 'The nine fields concatenated as text, in the documented sequence.',
        sources: ['OAS', 'SF §2'],
        basis: 'doc+sandbox',
        default: true,
        emulator: true,
        hash: sha512Base64(['req_time', 'merchant_id', 'from_date', 'to_date', 'from_amount', 'to_amount', 'status', 'page', 'pagination']),
      },
      {
        id: 'php-sample-plus',
        label: 'Official PHP sample (to_date + from_amount)',
        note:
          'The official PHP sample writes `$to_date + $from_amount`, which PHP evaluates as arithmetic, not concatenation. ' +
          'This is what that sample computes; the sandbox rejects it.',
        sources: ['OAS', 'SF §2'],
        basis: 'doc',
        hash: sha512Base64(['req_time', 'merchant_id', 'from_date', { phpSum: ['to_date', 'from_amount'] }, 'to_amount', 'status', 'page', 'pagination']),
      },
    ],
    response: {
      kind: 'json',
      fields: [
        'status.code',
        'status.message',
        'status.tran_id',
        'page',
        'pagination',
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
        'data[].first_name',
        'data[].last_name',
        'data[].email',
        'data[].phone',
        'data[].bank_ref',
        'data[].payer_account',
        'data[].bank_name',
        'data[].payment_type',
      ],
      example: {
        data: [
          {
            transaction_id: '17394277693',
            transaction_date: '2025-02-13 13:55:25',
            apv: '753786',
            payment_status: 'APPROVED',
            payment_status_code: 0,
            original_amount: 10,
            original_currency: 'USD',
            total_amount: 10,
            discount_amount: 0,
            refund_amount: 0,
            payment_amount: 10,
            payment_currency: 'USD',
            first_name: 'Sokha',
            last_name: 'Chan',
            email: 'sokha@example.com',
            phone: '093939399',
            bank_ref: '100FT33957222',
            payer_account: '000***789',
            bank_name: 'ABA Bank',
            payment_type: 'ABA Pay',
          },
        ],
        page: '1',
        pagination: '40',
        status: { code: '00', message: 'Success!', tran_id: '' },
      },
      note:
        'Rows have the same fields as transaction-detail; first_name … payment_type only when configured on the profile. ' +
        'Unpaid QR-only transactions never appear, and a row is dated by its payment time [OBS]. Values are illustrative.',
    },
    outcomes: {
      success: code('00', 'Success!', { basis: 'doc' }),
      wrongHash: code('1', 'Wrong hash', { http: 403, basis: 'doc', hint: wrongHashHint }),
      validation: { ...checkoutCode('48'), http: 400 },
      merchantNotFound: code('8', 'Invalid merchant profile', { basis: 'doc' }),
      rateLimited: code('429', 'Too many request, please try again in 1min.', { http: 403, numeric: true, basis: 'doc', hint: 'At most 50 requests a minute.' }),
    },
    codes: [
      code('00', 'Success!', { basis: 'doc' }),
      code('1', 'Wrong hash', { http: 403, basis: 'doc', hint: wrongHashHint }),
      code('8', 'Invalid merchant profile', { basis: 'doc', hint: 'Check merchant_id and the host you call.' }),
      code('11', 'Something went wrong. Try again or contact the merchant for help.', { basis: 'doc' }),
      { ...checkoutCode('48'), http: 400 },
      { ...checkoutCode('49'), http: 400 },
      { ...checkoutCode('50'), http: 400 },
      { ...checkoutCode('51'), http: 400 },
      {
        ...checkoutCode('52'),
        http: 400,
        hint: 'Keep from_date..to_date within 3 days including today. The sandbox spells it "Maximum date rang is allowed only 3 days".',
      },
      { ...checkoutCode('53'), http: 400 },
      code('429', 'Too many request, please try again in 1min.', { http: 403, numeric: true, basis: 'doc', hint: 'At most 50 requests a minute.' }),
    ],
    rateLimit: { requests: 50, per: 'minute' },
    sources: ['OAS', 'JOS 04', 'SF §2'],
    inNav: true,
    notes: [
      'The official PHP sample has a stray `+` between to_date and from_amount (arithmetic in PHP); plain concatenation is what the sandbox accepts [OBS SF §2].',
      'Per outlet only. Filters are in gateway time (UTC+7) while req_time is UTC.',
      rateLimit403Note,
      'Messages of codes 00, 8, 11 and 429 are not given for this endpoint; 8 is from transaction-detail, 11 and 429 from the Purchase list. Validation errors come as HTTP 400 or 403 [OBS]; which code gets which status is not recorded.',
    ],
  },
  {
    id: 'exchange-rate',
    family: 'checkout',
    name: 'Exchange rate',
    summary: "ABA's buy and sell rates in KHR for 12 foreign currencies.",
    method: 'POST',
    path: '/api/payment-gateway/v1/exchange-rate',
    contentType: 'application/json',
    fields: [reqTime(), merchantId()],
    variants: [
      {
        id: 'documented',
        label: 'Documented',
        note: 'req_time, merchant_id.',
        sources: ['OAS'],
        basis: 'doc',
        default: true,
        emulator: true,
        hash: sha512Base64(['req_time', 'merchant_id']),
      },
    ],
    response: {
      kind: 'json',
      fields: [
        'status.code',
        'status.message',
        ...['aud', 'sgd', 'eur', 'gbp', 'myr', 'thb', 'hkd', 'cny', 'cad', 'krw', 'jpy', 'vnd'].flatMap((c) => [
          `exchange_rates.${c}.sell`,
          `exchange_rates.${c}.buy`,
        ]),
      ],
      example: {
        status: { code: '00', message: 'Success!' },
        exchange_rates: {
          aud: { sell: '2719.38', buy: '2500.00' },
          sgd: { sell: '3050.00', buy: '2950.00' },
          eur: { sell: '4400.00', buy: '4250.00' },
          gbp: { sell: '5200.00', buy: '5000.00' },
          myr: { sell: '940.00', buy: '880.00' },
          thb: { sell: '122.00', buy: '115.00' },
          hkd: { sell: '530.00', buy: '505.00' },
          cny: { sell: '570.00', buy: '545.00' },
          cad: { sell: '2950.00', buy: '2850.00' },
          krw: { sell: '3.10', buy: '2.80' },
          jpy: { sell: '27.50', buy: '26.00' },
          vnd: { sell: '0.17', buy: '0.15' },
        },
      },
      note: 'KHR per unit, as strings. Only aud.sell "2719.38" comes from the doc example; the other values are illustrative.',
    },
    outcomes: {
      success: code('00', 'Success!', { basis: 'doc' }),
      wrongHash: code('1', 'Wrong hash', { basis: 'doc', hint: wrongHashHint }),
      validation: code('1', 'Wrong hash', {
        basis: 'inference',
        hint: 'No validation code is documented for this endpoint; a missing or malformed req_time can only show up as a hash mismatch.',
      }),
      merchantNotFound: code('26', 'Invalid merchant profile', { basis: 'doc' }),
    },
    codes: [
      code('00', 'Success!', { basis: 'doc' }),
      code('1', 'Wrong hash', { basis: 'doc', hint: wrongHashHint }),
      code('26', 'Invalid merchant profile', { basis: 'doc', hint: 'Check merchant_id and the host you call.' }),
    ],
    sources: ['OAS', 'JOS 07'],
    inNav: true,
    notes: [
      'The OAS schema puts 10 of the 12 currencies at the top level; the example and the live answer nest all 12 under exchange_rates.',
      'HTTP status of errors and the success message text are not recorded for this endpoint.',
    ],
  },
];
