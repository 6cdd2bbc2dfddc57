// Payment Link: create, detail and the unlisted void. All three sign request_time, merchant_id and the
// RSA-encrypted merchant_auth. Reference §7; sandbox behaviour from SF §9d, §15, §22, §23.
import type { CodeSpec, EndpointSpec, FieldSpec, RsaKeySpec, Variant } from './types.ts';
import { code, DEMO_MERCHANT_ID, merchantAuth, merchantId, reqTime, sha512Base64 } from './common.ts';

// The payment-link pages give no length limit for merchant_id.
const { maxLength: _noDocumentedMax, ...merchantIdField } = merchantId();

const linkFields = (merchantAuthDescription: string): FieldSpec[] => [
  reqTime('request_time'),
  merchantIdField,
  merchantAuth(merchantAuthDescription),
];

const linkVariants = (sources: readonly string[]): readonly Variant[] => [
  {
    id: 'documented',
    label: 'request_time, merchant_id, merchant_auth',
    note: 'The documented order; the sandbox accepted it. merchant_auth is hashed as the final Base64 ciphertext.',
    sources,
    basis: 'doc+sandbox',
    default: true,
    emulator: true,
    hash: sha512Base64(['request_time', 'merchant_id', 'merchant_auth']),
  },
];

const mcId: RsaKeySpec = {
  name: 'mc_id',
  type: 'string',
  required: true,
  from: 'merchant_id',
  description: 'Your merchant id, the same value as merchant_id.',
};

const linkId: RsaKeySpec = {
  name: 'id',
  type: 'string',
  required: true,
  description: "The link's id, as returned in data.id by create.",
  note: 'Not the URL slug of payment_link and not tran_id.',
};

const pretty = (value: unknown): string => JSON.stringify(value, null, 2);

/** The id in the docs' detail example; a fresh emulator holds an open link with this id. */
const EXAMPLE_LINK_ID = 'iN4sbkzbwOCx5VzdXTYsCw==';
/** Another open link a fresh emulator holds, for the void example (so voiding it leaves the detail example intact). */
const EXAMPLE_VOID_LINK_ID = 'UGF5V2F5RGVtb1ZvaWQwMQ==';

// Codes. HTTP statuses are the sandbox's where a probe recorded them.
const wrongHashHint = "The string-to-sign or the key differs from PayWay's: open the doctor.";
const wrongHash = code('PTL02', 'Wrong Hash', { http: 403, hint: wrongHashHint });
const parameterValidation = code('PTL04', 'Parameter validation required', {
  http: 400,
  basis: 'sandbox',
  hint: 'The sandbox answers this for nearly every bad create: a missing key in merchant_auth, a currency other than KHR/USD, a non-numeric amount, or expired_date in the past or under about 5 minutes ahead.',
});
const invalidMerchantData = code('96', 'Invalid merchant data', {
  http: 403,
  basis: 'sandbox',
  hint: 'The sandbox answers this for a link id it does not know (the docs say PTL132).',
});
const alreadyVoided = code('PTL188', 'The payment link is already voided.', {
  http: 403,
  basis: 'sandbox',
  hint: 'The link is already VOIDED; nothing more to do.',
});

const createCodes: readonly CodeSpec[] = [
  code('00', 'Success.'),
  wrongHash,
  parameterValidation,
  code('PTL05', 'Parameter Invalid Format', { hint: 'Documented; the sandbox answered PTL04 instead.' }),
  code('PTL99', 'Merchant invalid currency.', { hint: 'Documented; the sandbox answered PTL04 instead.' }),
  code('PTL132', 'Invalid payment link.'),
  invalidMerchantData,
];

const detailCodes: readonly CodeSpec[] = [
  code('00', 'Success!'),
  code('PTL02', 'Wrong hash', { http: 403, hint: wrongHashHint }),
  code('PTL132', 'Invalid payment link', { hint: 'Documented for an unknown id; the sandbox answers 96 instead.' }),
  invalidMerchantData,
  parameterValidation,
];

const voidCodes: readonly CodeSpec[] = [code('00', 'Success.'), wrongHash, alreadyVoided, invalidMerchantData, parameterValidation];

// No probe recorded an unknown merchant or undecryptable merchant_auth on these endpoints; 96 is what the
// sibling merchant-portal APIs (beneficiaries) answered to a request with dummy merchant_auth.
const closestMerchantError = {
  ...invalidMerchantData,
  hint: 'Closest recorded code: the merchant or the decrypted merchant_auth does not match a merchant the gateway knows. Check the RSA key and mc_id.',
};

const LINK_PATH = '/api/merchant-portal/merchant-access/payment-link';

const linkDataExample = {
  id: EXAMPLE_LINK_ID,
  title: 'Test curl 001',
  image: { image: '', filename: '', size: 0 },
  amount: 0.02,
  currency: 'USD',
  status: 'OPEN',
  description: 'Payment link created from curl',
  payment_limit: 5,
  total_amount: 0,
  total_trxn: 0,
  created_at: '2022-08-17 11:31:43',
  updated_at: '2022-08-17 11:31:43',
  expired_date: 1660710702,
  pushback_url: 'https://domain.com',
  payment_link: 'https://dpayment-euat.payway.com.kh/UA10736',
};

export const paymentLinkEndpoints: EndpointSpec[] = [
  {
    id: 'payment-link-create',
    family: 'payment-link',
    name: 'Create payment link',
    summary: 'Create a shareable payment page for a fixed amount, with an optional picture.',
    method: 'POST',
    path: `${LINK_PATH}/create`,
    contentType: 'multipart/form-data',
    bodyTypes: [{ type: 'application/x-www-form-urlencoded', accepted: true, basis: 'sandbox', source: 'SF §23 (reference §2 #24)', note: 'urlencoded also works.' }],
    fields: [
      ...linkFields('The link (title, amount, currency, expiry, return URL, …) as JSON, RSA-encrypted with your RSA public key.'),
      {
        name: 'image',
        type: 'file',
        required: false,
        notHashed: true,
        encoding: 'none',
        description: 'Optional picture for the payment page: JPG, JPEG or PNG, at most 3 MB.',
        note: 'Never hashed. The sandbox renames the file (payment_link_image_<ms>.<ext>) and reports size 0.',
      },
    ],
    variants: linkVariants(['OAS', 'OFF create-payment-link-14530837e0', 'SF §15']),
    rsa: {
      field: 'merchant_auth',
      shape: 'object',
      keys: [
        mcId,
        { name: 'title', type: 'string', required: true, description: 'Title shown on the payment page, up to 250 characters.' },
        {
          name: 'amount',
          type: 'number',
          required: true,
          description: 'Amount per payment: at least 100 KHR or 0.01 USD, never 0.',
          note: "Typed 'string' in the docs; their PHP sample sends a number.",
        },
        { name: 'currency', type: 'string', required: true, description: 'KHR or USD.' },
        { name: 'description', type: 'string', required: false, description: 'Text under the title, up to 250 characters.' },
        {
          name: 'payment_limit',
          type: 'integer',
          required: false,
          description: 'How many payments the link accepts; leave it out for no limit.',
          note: "Typed 'string' in the docs; their PHP sample sends a number.",
        },
        {
          name: 'expired_date',
          type: 'integer',
          required: true,
          description: 'Unix time in seconds after which the link should stop taking payments.',
          note: "Mandatory and typed 'string' in the docs, which also say null means no expiry; the sample sends time(). The sandbox takes a number or a string, refuses anything under about 5 minutes ahead (PTL04), and still shows OPEN after expiry.",
        },
        {
          name: 'return_url',
          type: 'string',
          required: true,
          encoding: 'base64',
          description: 'Where PayWay posts each payment result; Base64-encoded inside the JSON.',
        },
        {
          name: 'merchant_ref_no',
          type: 'string',
          required: false,
          description: 'Your reference for the link, up to 50 characters; echoed in the callback.',
          note: 'PayWay does not check it for duplicates.',
        },
        {
          name: 'payout',
          type: 'string',
          required: false,
          description: 'Split of each payment, as a JSON string of [{"acc": …, "amt": …}] whose amounts add up to amount.',
          note: 'A JSON string inside the JSON object (the PHP sample passes a string literal), unlike pre-auth where payout is a real array. Accounts must be whitelisted for payout.',
        },
      ],
      example: pretty({
        mc_id: DEMO_MERCHANT_ID,
        title: 'កាហ្វេ ១ កែវ',
        amount: 10,
        currency: 'USD',
        description: 'Payment link from PayWay Playground',
        payment_limit: 5,
        expired_date: 1893456000,
        return_url: 'https://merchant.example.com/payway/payment-link',
        merchant_ref_no: 'INV-1001',
      }),
    },
    response: {
      kind: 'json',
      fields: [
        'data.id',
        'data.title',
        'data.image.image',
        'data.image.filename',
        'data.image.size',
        'data.amount',
        'data.currency',
        'data.status',
        'data.description',
        'data.payment_limit',
        'data.total_amount_org',
        'data.total_refund',
        'data.total_amount',
        'data.total_trxn',
        'data.created_at',
        'data.updated_at',
        'data.expired_date',
        'data.return_url',
        'data.merchant_ref_no',
        'data.outlet_id',
        'data.outlet_name',
        'data.payment_link',
        'payout',
        'status.code',
        'status.message',
        'tran_id',
      ],
      example: {
        data: {
          id: 'UD/8Hl***Ht1xQdhlw==',
          title: 'Test curl 001',
          image: { image: '', filename: '', size: 0 },
          amount: '0.03',
          currency: 'USD',
          status: 'OPEN',
          description: 'Payment link created from curl',
          payment_limit: 5,
          total_amount_org: 0,
          total_refund: 0,
          total_amount: 0,
          total_trxn: 0,
          created_at: '2023-04-13 03:43:30',
          updated_at: '2023-04-13 03:43:30',
          expired_date: 1681357409,
          return_url: 'https://domain.com',
          merchant_ref_no: 'ref00001',
          outlet_id: 'xknY***QfbOCJA==',
          outlet_name: 'Book Store',
          payout: [
            { acc: '000***222', amt: '0.01', acc_name: 'Red cafe online' },
            { acc: '122***425', amt: '0.02', acc_name: 'Red Cafe 02 by K.S' },
          ],
          payment_link: 'https://dpayment-euat.payway.com.kh/JT4630l',
        },
        status: { code: '00', message: 'Success!' },
        tran_id: 1681357410,
      },
      note: 'The schema puts payout at the top level, the example inside data. tran_id is a string in the schema, a number in the example and on the sandbox. The sandbox answers "Success." rather than "Success!".',
      meanings: {
        'data.status': { description: 'State of the link: OPEN (takes payments), PAID (payment_limit reached) or VOIDED.' },
        tran_id: { description: "PayWay's log id of this call (a number), not a transaction id." },
      },
    },
    outcomes: {
      success: code('00', 'Success.'),
      wrongHash,
      validation: parameterValidation,
      merchantNotFound: closestMerchantError,
      cannotDecrypt: closestMerchantError,
    },
    codes: createCodes,
    sources: ['OAS', 'OFF create-payment-link-14530837e0', 'SF §9d', 'SF §15', 'SF §22'],
    inNav: true,
    notes: [
      'The sandbox also accepts application/x-www-form-urlencoded (without the image).',
      'Response: payout at the top level (schema) or inside data (example); tran_id a string (schema) or a number (example, sandbox).',
      'Status is OPEN until payment_limit payments are made (then PAID); there is no EXPIRED status.',
      'The sandbox answered PTL04 where the docs list PTL05 or PTL99.',
    ],
  },
  {
    id: 'payment-link-detail',
    family: 'payment-link',
    name: 'Get payment link details',
    summary: 'Read a payment link: its status, amounts collected and refunded, and its URL.',
    method: 'POST',
    path: `${LINK_PATH}/detail`,
    contentType: 'application/json',
    fields: linkFields('{"mc_id", "id"} as JSON, RSA-encrypted with your RSA public key.'),
    variants: linkVariants(['OAS', 'OFF get-payment-link-details-14530838e0', 'SF §9d']),
    rsa: { field: 'merchant_auth', shape: 'object', keys: [mcId, linkId], example: pretty({ mc_id: DEMO_MERCHANT_ID, id: EXAMPLE_LINK_ID }) },
    response: {
      kind: 'json',
      fields: [
        'data.id',
        'data.title',
        'data.image.image',
        'data.image.filename',
        'data.image.size',
        'data.amount',
        'data.currency',
        'data.status',
        'data.description',
        'data.payment_limit',
        'data.total_amount_org',
        'data.total_refund',
        'data.total_amount',
        'data.total_trxn',
        'data.created_at',
        'data.updated_at',
        'data.expired_date',
        'data.pushback_url',
        'data.payment_link',
        'status.code',
        'status.message',
        'tran_id',
      ],
      example: { data: linkDataExample, status: { code: '00', message: 'Success!' }, tran_id: '20220817063142' },
      note: 'On the sandbox pushback_url was absent, expired_date came back as a string ("0" when unset) and tran_id as a number. created_at/updated_at are gateway time (UTC+7).',
      meanings: {
        'data.status': { description: 'State of the link: OPEN (takes payments), PAID (payment_limit reached) or VOIDED.' },
        tran_id: { description: "PayWay's log id of this call (a number), not a transaction id." },
      },
    },
    outcomes: {
      success: code('00', 'Success!'),
      wrongHash,
      validation: parameterValidation,
      merchantNotFound: closestMerchantError,
      notFound: invalidMerchantData,
      cannotDecrypt: closestMerchantError,
    },
    codes: detailCodes,
    sources: ['OAS', 'OFF get-payment-link-details-14530838e0', 'SF §22'],
    inNav: true,
    notes: [
      'Unknown link id: PTL132 in the docs, HTTP 403 code 96 on the sandbox (the emulator follows the sandbox).',
      'Status values: OPEN, PAID (documented) and VOIDED (seen after void). An expired link still reads OPEN.',
    ],
  },
  {
    id: 'payment-link-void',
    family: 'payment-link',
    name: 'Void payment link',
    summary: 'Cancel an unpaid payment link so it can no longer be paid.',
    method: 'POST',
    path: `${LINK_PATH}/void`,
    contentType: 'application/json',
    bodyTypes: [{ type: 'application/x-www-form-urlencoded', accepted: true, basis: 'sandbox', source: 'SF §23', note: 'JSON and urlencoded both worked on void.' }],
    fields: linkFields('{"mc_id", "id"} as JSON, RSA-encrypted with your RSA public key.'),
    variants: linkVariants(['OAS', 'SF §23']),
    rsa: { field: 'merchant_auth', shape: 'object', keys: [mcId, linkId], example: pretty({ mc_id: DEMO_MERCHANT_ID, id: EXAMPLE_VOID_LINK_ID }) },
    response: {
      kind: 'json',
      fields: ['status.code', 'status.message', 'status.lang', 'status.trace_id', 'tran_id'],
      example: { status: { code: '00', message: 'Success.', trace_id: 'e728bf3e95e32e3c97286fc9f8aef82d' }, tran_id: 178865342966685 },
      note: "From a sandbox probe; the OpenAPI export only copies the detail page's response. tran_id is a log id, sent as a number.",
      meanings: { tran_id: { description: "PayWay's log id of this call (a number), not a transaction id." } },
    },
    outcomes: {
      success: code('00', 'Success.'),
      wrongHash,
      validation: parameterValidation,
      merchantNotFound: closestMerchantError,
      notFound: invalidMerchantData,
      duplicate: alreadyVoided,
      cannotDecrypt: closestMerchantError,
    },
    codes: voidCodes,
    sources: ['OAS', 'SF §23'],
    inNav: false,
    notes: [
      'Not in the portal navigation and without a docs page of its own; the contract comes from the OpenAPI export and a sandbox probe.',
      'After a void, detail reports status VOIDED and the hosted page no longer takes payments. A second void answers HTTP 403 PTL188.',
      'The sandbox also accepts application/x-www-form-urlencoded.',
      'Not recorded: whether a paid or partly paid link can be voided.',
    ],
  },
];
