// Credentials on File, older generation (link an ABA account or a card, pay with the saved token,
// remove it), plus Subscription, which is Purchase with a recurring token registration.
import type { EndpointSpec, FieldSpec } from './types.ts';
import { code, merchantId, reqTime, sha512Base64, tranId } from './common.ts';
import {
  base64UrlField,
  checkoutCode,
  checkoutCodes,
  emailField,
  insertAfter,
  nameLengthNote,
  personNameField,
  phoneField,
  purchaseField,
  purchaseFields,
  purchaseHashOrder,
  purchaseOutcomes,
  purchaseSuccess,
  returnDeeplinkField,
  wrongHashHint,
} from './checkout.ts';

/** Demo token pair the examples use; the emulator's demo merchant should hold a token with these values. */
/** Marks fields the docs have the merchant send without hashing them, saying which fields are hashed. */
const sentNotHashed =
  (hashed: string) =>
  (field: FieldSpec): FieldSpec => ({ ...field, notHashed: true, note: `Sent but not hashed: the documented hash covers only ${hashed}.` });

export const DEMO_CTID = 'CUST0001';
export const DEMO_PWT = 'DEMOPWT0001';
/** A saved card (not the account above) a fresh emulator holds, so that Remove card token succeeds. */
const DEMO_CARD_CTID = 'CARD0001';
const DEMO_CARD_PWT = 'DEMOCARDPWT0001';
/** An account token of its own for Remove account token, so removing it leaves the one the charges use. */
const REMOVABLE_CTID = 'REMOVEME01';
const REMOVABLE_PWT = 'DEMOPWTREMOVE01';

const ctidField = (more: Partial<FieldSpec> = {}): FieldSpec => ({
  name: 'ctid',
  type: 'string',
  required: true,
  encoding: 'none',
  description: 'Customer token id: names the payer whose saved account or card is used.',
  example: DEMO_CTID,
  ...more,
});

const pwtField = (more: Partial<FieldSpec> = {}): FieldSpec => ({
  name: 'pwt',
  type: 'string',
  required: true,
  encoding: 'none',
  description: 'Payment token PayWay issued when the account or card was linked.',
  example: DEMO_PWT,
  ...more,
});

const returnParamField = (more: Partial<FieldSpec> = {}): FieldSpec => ({
  name: 'return_param',
  type: 'string',
  required: true,
  encoding: 'none',
  description: 'Your reference for this linking; it comes back in the callback and finds the result later.',
  example: 'LINK0001',
  ...more,
});

const accountSuccess = code('00', 'Success', { basis: 'doc' });

// The old /api/aof/* pages document no wrong-hash or unknown-merchant code; the emulator borrows the
// nearest ones of the same generation (remove-card-token's "1", linked-account-details' "PW59").
const borrowedWrongHash = code('1', 'Invalid hash value', {
  basis: 'inference',
  hint: `${wrongHashHint} (Not documented for this endpoint: the code is the one Remove card token uses.)`,
});
const borrowedMerchantNotFound = code('PW59', 'Invalid Merchant Profile', {
  basis: 'inference',
  hint: 'Check merchant_id and the host you call. (Documented on Get linked account details; borrowed here.)',
});
const invalidToken = code('29', 'Invalid ctid or pwt', {
  basis: 'doc',
  hint: 'The ctid/pwt pair does not name a saved token of this merchant (removed, expired or mistyped).',
});
const serverError500 = code('500', 'Internal server error', {
  basis: 'doc',
  hint: 'The reference gives only the number 500; the message text here is ours.',
});

const borrowedCodesNote =
  'The reference documents no wrong-hash or unknown-merchant code for this endpoint; the emulator answers "1" (from Remove card token) and "PW59" (from Get linked account details).';

// Subscription: Purchase plus the recurring-token trio.
const subscriptionCtid = ctidField({
  description: 'Customer token id under which PayWay saves the subscriber\u2019s payment method.',
});
const subscriptionTokenFlag: FieldSpec = {
  name: 'token_flag',
  type: 'string',
  required: true,
  allowed: ['CITR_FIX'],
  encoding: 'none',
  description: 'CITR_FIX: the payer registers a fixed-amount recurring payment.',
  example: 'CITR_FIX',
};
const subscriptionFrequency: FieldSpec = {
  name: 'frequency',
  type: 'string',
  required: true,
  allowed: ['1W', '1M', '2M'],
  encoding: 'none',
  description: 'How often you will charge: every week (1W), month (1M) or two months (2M).',
  example: '1M',
  note: 'Required when token_flag is CITR_FIX, which is the only value Subscription takes.',
};
const subscriptionPaymentOption: FieldSpec = {
  ...purchaseField('payment_option'),
  allowed: ['cards', 'abapay', 'abapay_deeplink'],
  allowedOpen: true,
  note: "OAS lists cards, abapay and abapay_deeplink for Subscription; the Purchase page's longer list may also apply.",
};

const subscriptionFields: readonly FieldSpec[] = insertAfter(
  insertAfter(
    purchaseFields.map((f) => (f.name === 'payment_option' ? subscriptionPaymentOption : f)),
    'items',
    subscriptionCtid,
  ),
  'skip_success_page',
  subscriptionTokenFlag,
  subscriptionFrequency,
);

const purchaseWithoutGooglePay = purchaseHashOrder.filter((name) => name !== 'google_pay_token');

export const cofEndpoints: EndpointSpec[] = [
  {
    id: 'link-account',
    family: 'cof',
    name: 'Link Account',
    summary: 'Get a QR / deeplink that lets the payer link their ABA account for later token payments.',
    method: 'POST',
    path: '/api/aof/request-qr',
    contentType: 'application/json',
    fields: [
      reqTime(),
      merchantId(),
      returnParamField({ notHashed: true, note: 'Required but not part of the hash.' }),
      base64UrlField('return_url', 'URL that receives the linking result, sent Base64-encoded.', {
        default: "the profile's pushback_url",
        example: 'https://example.com/payway/link-callback',
        notHashed: true,
        note: 'Sent but in neither documented hash order; PayWay hashes only merchant_id, req_time, return_deeplink here.',
      }),
      returnDeeplinkField(),
    ],
    variants: [
      {
        id: 'oas',
        label: 'merchant_id, req_time, return_deeplink',
        note: 'The current portal (OAS export). Gives the same string as the legacy order when return_deeplink is empty.',
        sources: ['OAS'],
        basis: 'doc',
        default: true,
        emulator: true,
        hash: sha512Base64(['merchant_id', 'req_time', 'return_deeplink']),
      },
      {
        id: 'legacy',
        label: 'merchant_id, req_time (old docs)',
        note: 'The legacy developer site hashes only merchant_id and req_time.',
        sources: ['OLD'],
        basis: 'doc',
        hash: sha512Base64(['merchant_id', 'req_time']),
      },
    ],
    response: {
      kind: 'json',
      fields: ['status.code', 'status.message', 'deeplink', 'qr_string', 'qr_image', 'expire_in'],
      example: {
        status: { code: '00', message: 'QR generated successfully' },
        deeplink: 'abamobilebank://ababank.com?type=aof&...',
        qr_string: '...',
        qr_image: 'data:image/png;base64,...',
        expire_in: 600,
      },
      note:
        'The linking result is POSTed to return_url as JSON {tran_id:"aof-rq-…", apv, status:0, return_params:{ctid, payment_status, card_status:{status:"00", pwt, mask_account, expired_in}, return_param}}. Values other than the message are illustrative.',
    },
    outcomes: {
      success: code('00', 'QR generated successfully', { basis: 'doc' }),
      wrongHash: borrowedWrongHash,
      validation: code('04', 'Request parameter required', { basis: 'doc' }),
      merchantNotFound: borrowedMerchantNotFound,
    },
    codes: [
      code('00', 'QR generated successfully', { basis: 'doc' }),
      code('04', 'Request parameter required', { basis: 'doc', hint: 'A required field (req_time, merchant_id, return_param) is missing.' }),
      code('11', 'Internal server error', { basis: 'doc', hint: 'The reference says only "server error"; the exact text is not recorded.' }),
      borrowedWrongHash,
      borrowedMerchantNotFound,
    ],
    sources: ['OAS', 'JOS 08', 'OFF link-account-14530828e0', 'OLD', 'OFF credentials-on-file-3158155f0'],
    inNav: true,
    notes: [borrowedCodesNote],
  },
  {
    id: 'link-card',
    family: 'cof',
    name: 'Link Card',
    summary: 'Open PayWay\u2019s card-entry page so the payer saves a card for later token payments.',
    method: 'POST',
    path: '/api/payment-gateway/v1/cof/initial',
    contentType: 'multipart/form-data',
    fields: [
      merchantId(),
      ctidField({ required: false, note: 'OAS marks it optional; the old docs require it.' }),
      returnParamField(),
      ...([
        personNameField('firstname'),
        personNameField('lastname'),
        emailField(),
        phoneField(),
        base64UrlField('return_url', 'URL that receives the linking result, sent Base64-encoded.', {
          example: 'https://example.com/payway/link-callback',
        }),
        {
          name: 'continue_add_card_success_url',
          type: 'string',
          required: false,
          format: 'url',
          encoding: 'none',
          description: 'Where the payer goes after the card is saved.',
          example: 'https://example.com/account/cards',
        },
      ] satisfies FieldSpec[]).map(sentNotHashed('merchant_id, ctid, return_param')),
    ],
    variants: [
      {
        id: 'documented',
        label: 'Documented',
        note: 'merchant_id, ctid, return_param (no timestamp).',
        sources: ['OAS', 'OLD'],
        basis: 'doc',
        default: true,
        emulator: true,
        hash: sha512Base64(['merchant_id', 'ctid', 'return_param']),
      },
    ],
    response: {
      kind: 'html',
      fields: [],
      note: 'A card-entry page, posted from a browser form (target "aba_webservice"; the popup plugin calls AbaPayway.addCard()).',
    },
    outcomes: {
      success: purchaseSuccess,
      wrongHash: checkoutCode('1'),
      validation: checkoutCode('48'),
      merchantNotFound: checkoutCode('26'),
    },
    codes: [purchaseSuccess, ...checkoutCodes],
    sources: ['OAS', 'OFF link-card-14530829e0', 'OLD'],
    inNav: true,
    notes: [
      'No codes are documented for this endpoint; the emulator and the explanations use the Purchase list of the same gateway.',
      'The OAS sample opens the form with `?lang=en` to pick the page language.',
      'Field lengths are not documented for this endpoint.',
      'Only merchant_id, ctid and return_param are hashed; the payer fields and URLs are sent outside the hash.',
    ],
  },
  {
    id: 'purchase-with-token',
    family: 'cof',
    name: 'Purchase using token',
    summary: 'Charge a linked account or card by its token, server to server, without the payer.',
    method: 'POST',
    path: '/api/payment-gateway/v1/payments/purchase',
    contentType: 'application/json',
    fields: [
      reqTime(),
      merchantId(),
      // A new tran_id: the charge is paid at once, and on the shared demo tran_id it would turn the pending
      // transaction the Purchase and QR examples replace into a paid one (they would then answer "duplicate").
      { ...tranId(), example: '17394277695' },
      ctidField({ maxLength: 255 }),
      pwtField({ maxLength: 255, note: 'The reference gives no required flag; a token purchase needs it [INF].' }),
      personNameField('firstname'),
      personNameField('lastname'),
      emailField(),
      phoneField(),
      purchaseField('type'),
      purchaseField('items'),
      purchaseField('shipping'),
      { ...purchaseField('amount'), description: 'Amount to charge, excluding shipping, as decimal text exactly as hashed.' },
      base64UrlField('return_url', 'URL that receives the payment callback, sent Base64-encoded.', {
        example: 'https://example.com/payway/callback',
      }),
      purchaseField('custom_fields'),
      purchaseField('return_params'),
      purchaseField('payout'),
      {
        ...purchaseField('currency'),
        note: 'Hashed, but missing from the documented field list; placed here so it can be sent.',
      },
    ],
    variants: [
      {
        id: 'documented',
        label: 'Documented (18 fields)',
        note: 'The order of the official Purchase-using-token page.',
        sources: ['OFF purchase-using-token-14530833e0', 'JOS 10'],
        basis: 'doc',
        default: true,
        emulator: true,
        hash: sha512Base64([
          'req_time',
          'merchant_id',
          'tran_id',
          'amount',
          'items',
          'shipping',
          'ctid',
          'pwt',
          'firstname',
          'lastname',
          'email',
          'phone',
          'type',
          'return_url',
          'currency',
          'custom_fields',
          'return_params',
          'payout',
        ]),
      },
    ],
    response: {
      kind: 'json',
      fields: ['tran_id', 'payment_status.status', 'payment_status.code', 'payment_status.description', 'payment_status.pw_tran_id'],
      example: {
        tran_id: '17394277693',
        payment_status: { status: '0', code: 'CDA00', description: 'OK', pw_tran_id: '...' },
      },
      note: 'Errors come as {status:{code, message}}, e.g. {"status":{"code":26,"message":"Invalid Merchant Profile."}}.',
      meanings: {
        'payment_status.status': { description: 'Status of the token payment.', values: { '0': 'approved' } },
        'payment_status.code': { description: 'Result code of the token payment (CDA00: OK).' },
      },
    },
    outcomes: {
      success: code('CDA00', 'OK', { basis: 'doc', hint: 'Success answers carry payment_status, not status.' }),
      wrongHash: checkoutCode('1'),
      validation: checkoutCode('48'),
      merchantNotFound: code('26', 'Invalid Merchant Profile.', { numeric: true, basis: 'doc' }),
      notFound: checkoutCode('29'),
      duplicate: checkoutCode('4'),
      rateLimited: checkoutCode('429'),
    },
    codes: [
      code('CDA00', 'OK', { basis: 'doc', hint: 'The token charge went through (payment_status.code).' }),
      ...checkoutCodes.map((c) => (c.code === '26' ? { ...c, message: 'Invalid Merchant Profile.' } : c)),
    ],
    sources: ['OFF purchase-using-token-14530833e0', 'JOS 10'],
    inNav: true,
    notes: [
      'Same path as Purchase, but a JSON body.',
      'currency is part of the documented hash but not of the documented field list.',
      "The code list is the Purchase page's; JOS's copy for this page numbers the messages one lower from \"Cannot identify cardOrigin\" (32) onward.",
      'Code 26 also came as HTTP 403 with the code as a string.',
    ],
  },
  {
    id: 'remove-account-token',
    family: 'cof',
    name: 'Remove account token',
    summary: 'Delete a linked ABA account token.',
    method: 'POST',
    path: '/api/aof/remove-account',
    contentType: 'application/json',
    fields: [reqTime(), merchantId(), ctidField({ maxLength: 250, example: REMOVABLE_CTID }), pwtField({ maxLength: 250, example: REMOVABLE_PWT })],
    variants: [
      {
        id: 'documented',
        label: 'Documented',
        note: 'merchant_id, req_time, ctid, pwt.',
        sources: ['OAS'],
        basis: 'doc',
        default: true,
        emulator: true,
        hash: sha512Base64(['merchant_id', 'req_time', 'ctid', 'pwt']),
      },
    ],
    response: {
      kind: 'json',
      fields: ['status.code', 'status.message'],
      example: { status: { code: '00', message: 'Success' } },
      note: 'The success message text is not recorded.',
    },
    outcomes: {
      success: accountSuccess,
      wrongHash: borrowedWrongHash,
      validation: code('04', 'Missing required parameter', { basis: 'doc' }),
      merchantNotFound: borrowedMerchantNotFound,
      notFound: invalidToken,
    },
    codes: [
      accountSuccess,
      code('04', 'Missing required parameter', { basis: 'doc' }),
      invalidToken,
      serverError500,
      borrowedWrongHash,
      borrowedMerchantNotFound,
    ],
    sources: ['OAS'],
    inNav: true,
    notes: [borrowedCodesNote],
  },
  {
    id: 'remove-card-token',
    family: 'cof',
    name: 'Remove card token',
    summary: 'Delete a saved card token.',
    method: 'POST',
    path: '/api/payment-gateway/v1/cof/remove',
    contentType: 'application/json',
    fields: [merchantId(), ctidField({ example: DEMO_CARD_CTID }), pwtField({ example: DEMO_CARD_PWT })],
    variants: [
      {
        id: 'documented',
        label: 'Documented',
        note: 'merchant_id, ctid, pwt (no timestamp).',
        sources: ['OAS'],
        basis: 'doc',
        default: true,
        emulator: true,
        hash: sha512Base64(['merchant_id', 'ctid', 'pwt']),
      },
    ],
    response: {
      kind: 'json',
      fields: ['status.code', 'status.message'],
      example: { status: { code: '00', message: 'Success' } },
      note: 'The success message text is not recorded.',
    },
    outcomes: {
      success: accountSuccess,
      wrongHash: code('1', 'Invalid hash value', { basis: 'doc', hint: wrongHashHint }),
      validation: code('29', 'Invalid ctid or pwt', {
        basis: 'doc',
        hint: 'No validation code is documented; the emulator answers 29 when ctid or pwt is missing or malformed.',
      }),
      merchantNotFound: code('26', 'Merchant profile is invalid', { basis: 'doc' }),
      notFound: invalidToken,
    },
    codes: [
      accountSuccess,
      code('1', 'Invalid hash value', { basis: 'doc', hint: wrongHashHint }),
      code('11', 'Something went wrong. Try again or contact the merchant for help.', {
        basis: 'doc',
        hint: 'The reference gives only the number; the text is the Purchase list\u2019s code 11.',
      }),
      code('26', 'Merchant profile is invalid', { basis: 'doc', hint: 'Check merchant_id and the host you call.' }),
      invalidToken,
    ],
    sources: ['OAS'],
    inNav: true,
    notes: ['The reference names code 29 without its text; "Invalid ctid or pwt" is the text of Remove account token.'],
  },
  {
    id: 'linked-account-details',
    family: 'cof',
    name: 'Get linked account details',
    summary: 'Fetch the token of an account linked through Link Account, by your return_param.',
    method: 'POST',
    path: '/api/aof/pushback-status',
    contentType: 'application/json',
    fields: [
      reqTime(),
      merchantId(),
      returnParamField({ maxLength: 255, description: 'The return_param you sent to Link Account.' }),
    ],
    variants: [
      {
        id: 'documented',
        label: 'Documented',
        note: 'merchant_id, req_time, return_param.',
        sources: ['OAS'],
        basis: 'doc',
        default: true,
        emulator: true,
        hash: sha512Base64(['merchant_id', 'req_time', 'return_param']),
      },
    ],
    response: {
      kind: 'json',
      fields: ['data.ctid', 'data.pwt', 'data.mask_account', 'data.expired_in', 'status.code', 'status.message', 'status.tran_id'],
      example: {
        data: { ctid: DEMO_CTID, pwt: DEMO_PWT, mask_account: '000 *** 789', expired_in: 7776000 },
        status: { code: '00', message: 'Success', tran_id: 'aof-rq-...' },
      },
      note: 'Account tokens only. Values are illustrative; the success message text is not recorded.',
    },
    outcomes: {
      success: accountSuccess,
      wrongHash: borrowedWrongHash,
      validation: code('04', 'Parameter Validation Required', { basis: 'doc' }),
      merchantNotFound: code('PW59', 'Invalid Merchant Profile', { basis: 'doc' }),
      notFound: code('403', 'Not Found', { basis: 'doc', hint: 'No linking with this return_param (yet): the payer may not have approved it.' }),
    },
    codes: [
      accountSuccess,
      code('403', 'Not Found', { basis: 'doc', hint: 'No linking with this return_param (yet): the payer may not have approved it.' }),
      code('PW59', 'Invalid Merchant Profile', { basis: 'doc', hint: 'Check merchant_id and the host you call.' }),
      code('04', 'Parameter Validation Required', { basis: 'doc' }),
      borrowedWrongHash,
    ],
    sources: ['OAS'],
    inNav: true,
    notes: [
      'No wrong-hash code is documented; the emulator answers "1" as Remove card token does. The HTTP status of code 403 is not recorded.',
      'The reference does not list a success code; 00 is assumed.',
    ],
  },
  {
    id: 'renew-account-token',
    family: 'cof',
    name: 'Renew account token',
    summary: 'Extend an expired ABA account token (deprecated; replaced by Renew Token v3).',
    method: 'POST',
    path: '/api/aof/renew-expired-account',
    contentType: 'application/json',
    fields: [reqTime(), merchantId(), ctidField(), pwtField()],
    variants: [
      {
        id: 'documented',
        label: 'Documented',
        note: 'merchant_id, ctid, pwt, req_time.',
        sources: ['OAS'],
        basis: 'doc',
        default: true,
        emulator: true,
        hash: sha512Base64(['merchant_id', 'ctid', 'pwt', 'req_time']),
      },
    ],
    response: {
      kind: 'json',
      fields: ['status.code', 'status.message', 'expired_in'],
      example: { status: { code: '00', message: 'Success' }, expired_in: 7776000 },
      note: 'Values are illustrative; the success message text is not recorded.',
    },
    outcomes: {
      success: accountSuccess,
      wrongHash: borrowedWrongHash,
      validation: code('04', 'Missing required parameter', { basis: 'doc' }),
      merchantNotFound: borrowedMerchantNotFound,
      notFound: invalidToken,
    },
    codes: [
      accountSuccess,
      code('04', 'Missing required parameter', { basis: 'doc', hint: 'The text is Remove account token\u2019s; this page gives only the number.' }),
      invalidToken,
      serverError500,
      borrowedWrongHash,
      borrowedMerchantNotFound,
    ],
    sources: ['OAS'],
    deprecated: true,
    inNav: false,
    notes: [
      'Marked deprecated in the OAS export and absent from both navigation sets.',
      borrowedCodesNote,
    ],
  },
  {
    id: 'subscription',
    family: 'cof',
    name: 'Subscription',
    summary: 'A Purchase that also registers the payer\u2019s method for fixed recurring charges (CITR_FIX).',
    method: 'POST',
    path: '/api/payment-gateway/v1/payments/purchase',
    contentType: 'multipart/form-data',
    fields: subscriptionFields,
    variants: [
      {
        id: 'sandbox',
        label: 'Sandbox (27 fields, ctid after items)',
        note:
          'What the sandbox accepted: the Purchase order with ctid right after items, then token_flag and frequency. It rejected the documented order and ctid before items.',
        sources: ['SF §17'],
        basis: 'sandbox',
        default: true,
        emulator: true,
        hash: sha512Base64([...insertAfter(purchaseHashOrder, 'items', 'ctid'), 'token_flag', 'frequency']),
      },
      {
        id: 'documented',
        label: 'Documented (25 fields)',
        note: 'The Subscription page: Purchase\u2019s order without google_pay_token, plus token_flag and frequency; ctid is not hashed at all.',
        sources: ['OAS', 'SEAB subscription-21402227e0'],
        basis: 'doc',
        hash: sha512Base64([...purchaseWithoutGooglePay, 'token_flag', 'frequency']),
      },
      {
        id: 'ctid-after-shipping',
        label: 'ctid, pwt after shipping',
        note:
          'Another project places ctid and pwt after shipping, as in the old Purchase-using-token order. With shipping and pwt empty it gives the same string as the sandbox order.',
        sources: ['JOS 10', 'OFF purchase-using-token-14530833e0'],
        basis: 'inference',
        hash: sha512Base64([...insertAfter(purchaseHashOrder, 'shipping', 'ctid', 'pwt'), 'token_flag', 'frequency']),
        extraFields: [pwtField({ required: false, example: undefined, note: 'Only in this variant; not in any official Subscription text.' })],
      },
    ],
    response: {
      kind: 'html',
      fields: ['status.code', 'status.message', 'status.tran_id', 'qr_string', 'abapay_deeplink', 'checkout_qr_url'],
      example: {
        status: { code: '00', message: 'Success!', tran_id: '17394277693' },
        qr_string: '...',
        abapay_deeplink: 'abamobilebank://ababank.com?type=payway&qrcode=...',
        checkout_qr_url: 'https://checkout-sandbox.payway.com.kh/...',
      },
      note: 'As Purchase: the checkout page, or JSON for the deeplink payment option.',
    },
    outcomes: purchaseOutcomes,
    codes: [
      purchaseSuccess,
      ...checkoutCodes,
      code('104', 'Merchant not enabled token flag', {
        basis: 'sandbox',
        hint: 'The profile is not enabled for subscriptions; ask ABA to enable it. (Text as on the v3 APIs.)',
      }),
    ],
    sources: ['OAS', 'SEAB subscription-21402227e0', 'SF §17'],
    inNav: true,
    notes: [
      'Doc hash (25 fields, no ctid, no google_pay_token) vs sandbox-accepted (27 fields, ctid after items). The gateway\u2019s wrong-hash hint prints the doc list, not the one it enforces [OBS SF §17].',
      nameLengthNote,
      'Charges later use v3 Payment with token_flag MITR_FIX.',
    ],
  },
];
