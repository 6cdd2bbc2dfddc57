// Partner "online self-activation": a partner onboards merchants and reads their credentials. Signed with
// the partner key, not a merchant's API key. Reference §11; only the OpenAPI export documents these.
import type { CodeSpec, EndpointSpec, FieldSpec, Outcomes, RsaKeySpec, Variant } from './types.ts';
import { code, DEMO_MERCHANT_ID, DEMO_PARTNER_ID, reqTime } from './common.ts';

const PATH = '/api/merchant-portal/online-self-activation';
const PARTNER_HASH_FIELDS = ['partner_id', 'request_data', 'request_time'] as const;

const pretty = (value: unknown): string => JSON.stringify(value, null, 2);

const partnerFields = (requestDataDescription: string, partnerIdMaxLength?: number): FieldSpec[] => [
  reqTime('request_time'),
  {
    name: 'partner_id',
    type: 'string',
    required: true,
    ...(partnerIdMaxLength === undefined ? {} : { maxLength: partnerIdMaxLength }),
    encoding: 'none',
    description: 'Your partner id as ABA issued it (already an encrypted string).',
    example: DEMO_PARTNER_ID,
  },
  {
    name: 'request_data',
    type: 'json',
    required: true,
    encoding: 'rsa',
    description: requestDataDescription,
  },
];

const sampleVariant: Variant = {
  id: 'sample',
  label: 'HMAC-SHA256, hex, partner key (PHP sample)',
  note: "What the PHP sample computes: hash_hmac('sha256', partner_id . request_data . request_time, $partnerKey) without the raw flag, i.e. 64 lowercase hex characters, like the docs' example hash. No sandbox probe is recorded.",
  sources: ['OAS'],
  basis: 'doc',
  default: true,
  emulator: true,
  hash: { fields: PARTNER_HASH_FIELDS, algorithm: 'HMAC-SHA256', output: 'hex', key: 'partner-key' },
};

const PROSE_KEY_NOTE = "The prose says the key is `public_key`; the sample uses the partner key, which is what this variant uses.";

const proseSha512Variant = (onThisPage: boolean): Variant => ({
  id: 'prose-sha512-base64',
  label: 'HMAC-SHA512, Base64 (prose of "Inquiry merchant info")',
  note: onThisPage
    ? `This page's prose: "Base64 encode of hash hmac sha512", while its PHP sample computes hex SHA-256. ${PROSE_KEY_NOTE}`
    : `Not what this page says (its prose says Base64 SHA-256): the sibling page "Inquiry merchant info" says Base64 SHA-512. Kept so the doctor tries it. ${PROSE_KEY_NOTE}`,
  sources: ['OAS'],
  basis: onThisPage ? 'doc' : 'inference',
  hash: { fields: PARTNER_HASH_FIELDS, algorithm: 'HMAC-SHA512', output: 'base64', key: 'partner-key' },
});

const proseSha256Variant: Variant = {
  id: 'prose-sha256-base64',
  label: 'HMAC-SHA256, Base64 (this page\'s prose)',
  note: `This page's prose: "Base64 encode of hash HMAC SHA256", while its PHP sample outputs hex. ${PROSE_KEY_NOTE}`,
  sources: ['OAS'],
  basis: 'doc',
  hash: { fields: PARTNER_HASH_FIELDS, algorithm: 'HMAC-SHA256', output: 'base64', key: 'partner-key' },
};

// Codes. No partner probe is recorded: HTTP statuses follow the other merchant-portal APIs.
const success = code('00', 'Success!');
const wrongHash = code('PTL02', 'Wrong Hash', {
  http: 403,
  hint: "The string-to-sign or the key differs from PayWay's: open the doctor. The key is the partner key, not a merchant's API key.",
});
const validation = code('PTL04', 'Parameter Validation Required', { http: 400 });
const expired = code('PTL06', 'The Request is Expired', { hint: 'request_time must be the current UTC time as YYYYMMDDHHmmss.' });
const partnerNotFound = code('PTL137', 'Partner id not found', { hint: 'Send partner_id exactly as ABA issued it.' });
const domainNotWhitelisted = code('PTL175', 'Requested Domain is not in whitelist.', {
  hint: 'Call from, and send a referer for, the domain whitelisted in your partner profile.',
});
const merchantNotFound = code('PTL46', 'Merchant not found');
const registerRefTaken = code('PTL164', 'The register ref is already exist.', {
  hint: 'Use a new register_ref (and reference_id) for every registration.',
});
const cannotDecrypt = code('PTL171', 'Please verify the key and the encryption method for the request data, as it appears to be invalid.', {
  hint: 'request_data could not be decrypted: use the RSA public key from ABA, PKCS#1 v1.5, 117-byte chunks, Base64 of the joined blocks.',
});

const registerCodes: readonly CodeSpec[] = [
  success,
  wrongHash,
  validation,
  expired,
  code('PTL141', 'The redirect url can not empty.'),
  code('PTL142', 'The pushback url can not empty.'),
  partnerNotFound,
  code('PTL165', 'The register ref can not empty.'),
  code('PTL166', 'The register ref is invalid format, we allow character and number with underscore or minus.'),
  registerRefTaken,
  cannotDecrypt,
  code('PTL170', 'Your profile is deactivated. Please contact integrationteam@ababank.com for more details.'),
  domainNotWhitelisted,
];

// PTL171 is documented only on "Register a merchant"; it is the closest code for undecryptable request_data here.
const lookupCannotDecrypt = {
  ...cannotDecrypt,
  hint: `${cannotDecrypt.hint} Closest code: the docs list PTL171 only on "Register a merchant".`,
};

const lookupCodes: readonly CodeSpec[] = [
  success,
  wrongHash,
  validation,
  expired,
  merchantNotFound,
  partnerNotFound,
  code('PTL170', 'Your profile is deactivated. Please contact integrationteam@ababank.com for more details'),
  domainNotWhitelisted,
  lookupCannotDecrypt,
];

const registerOutcomes: Outcomes = {
  success,
  wrongHash,
  validation,
  merchantNotFound: partnerNotFound,
  duplicate: registerRefTaken,
  cannotDecrypt,
};

const lookupOutcomes: Outcomes = {
  success,
  wrongHash,
  validation,
  merchantNotFound: partnerNotFound,
  notFound: merchantNotFound,
  cannotDecrypt: lookupCannotDecrypt,
};

const registerRef: RsaKeySpec = {
  name: 'register_ref',
  type: 'string',
  required: true,
  description: 'Your reference for the registration, unique per request: letters, digits, underscore or minus.',
};
const EXAMPLE_REGISTER_REF = 'Merchant001';
/** A registration a fresh emulator holds as finished (it registered the demo merchant), so the credentials example succeeds. */
const REGISTERED_EXAMPLE_REF = 'DEMO-REG-0001';

/**
 * hex HMAC-SHA512(DEMO_PARTNER_ID + DEMO_MERCHANT_ID + '20250213065545', 'demo-api-key-not-real'), the
 * reference's demo API key and the example request_time. It matches only that request_time; the emulator
 * also accepts a proof made for the example request_time, so this example works when request_time is now.
 */
const EXAMPLE_PUBLIC_KEY_HASH =
  'a98625e4b8f572299e4599236c51cc2cda4d360d0e0b028d9b61161ab0ed46efc0de2efe6c5cbf968dd51494bad07b196aaef3e828d516a0c1e36a61805b025c';

const PARTNER_NOTES = [
  'Needs partner credentials (partner id, partner key, RSA public key) from ABA; not in the public navigation.',
  'Hash: the PHP samples compute hex HMAC-SHA256 with the partner key; the prose says Base64 (and, on "Inquiry merchant info", sha512) "with public_key". The sample is the default.',
  'No partner probe is recorded: the HTTP statuses are assumed from the other merchant-portal APIs.',
];

export const partnerEndpoints: EndpointSpec[] = [
  {
    id: 'partner-register-merchant',
    family: 'partner',
    name: 'Register a merchant',
    summary: 'Start onboarding a merchant: get the PayWay registration form URL to send them to.',
    method: 'POST',
    path: `${PATH}/new-merchant`,
    contentType: 'application/json',
    fields: [
      ...partnerFields('The registration (pushback and redirect URLs, register_ref, currency, …) as JSON, RSA-encrypted with the RSA public key.', 250),
      {
        name: 'reference_id',
        type: 'string',
        required: false,
        maxLength: 250,
        notHashed: true,
        encoding: 'none',
        description: 'Tracking id for ABA\'s logs: the same value as register_ref inside request_data, unique per request.',
        example: EXAMPLE_REGISTER_REF,
        note: "Not in the schema's required list, although its description asks for it on every request.",
      },
    ],
    variants: [sampleVariant, proseSha256Variant, proseSha512Variant(false)],
    rsa: {
      field: 'request_data',
      shape: 'object',
      keys: [
        { name: 'pushback_url', type: 'string', required: true, description: "Where PayWay sends the merchant's details once they finish registering." },
        {
          name: 'redirect_url',
          type: 'string',
          required: true,
          description: 'Where the button on the success screen leads: a URL for web, or {"ios_scheme", "android_scheme"} as a JSON string for native apps.',
        },
        { name: 'type', type: 'integer', required: false, description: 'Where the merchant registers from: 0 web (default), 1 native app.' },
        registerRef,
        { name: 'merchant_type', type: 'integer', required: false, description: '0 in-store, 1 online (default).' },
        { name: 'currency', type: 'string', required: true, description: "Currency of the merchant's account: KHR or USD." },
      ],
      example: pretty({
        pushback_url: 'https://partner.example.com/payway/pushback',
        redirect_url: 'https://partner.example.com/onboarding/done',
        type: 0,
        register_ref: EXAMPLE_REGISTER_REF,
        merchant_type: 1,
        currency: 'KHR',
      }),
    },
    headers: [
      {
        name: 'referer',
        description: 'Your vendor domain, exactly as whitelisted in your partner profile at PayWay.',
        example: 'https://partner.example.com',
      },
    ],
    response: {
      kind: 'json',
      fields: ['url', 'token', 'status.code', 'status.message', 'status.tran_id'],
      example: {
        url: 'https://merchant-uat.ababank.com/self-register?partner-token=uMLhq9Q9ucXH8bLF6BtVAJmlUcfMFOQS1PnmHVk0BonKJrDXz+uZF7EwCFAfCCAkA7nMGX3lgltRrm++1HTisuizLHwytuvPyDRk0lS/v4E=',
        token: 'uMLhq9Q9ucXH8bLF6BtVAJmlUcfMFOQS1PnmHVk0BonKJrDXz+uZF7EwCFAfCCAkA7nMGX3lgltRrm++1HTisuizLHwytuvPyDRk0lS/v4E=',
        status: { code: '00', message: 'Success!', tran_id: 'osam-aba_test_037' },
      },
      note: 'Send the merchant to url to fill in the registration form. The docs\' example url starts with a stray space.',
    },
    outcomes: registerOutcomes,
    codes: registerCodes,
    sources: ['OAS'],
    inNav: false,
    notes: [...PARTNER_NOTES, 'Requires a referer header; a domain outside the whitelist answers PTL175.'],
  },
  {
    id: 'partner-merchant-credentials',
    family: 'partner',
    name: 'Inquiry merchant info',
    summary: 'After a merchant registered, fetch their details (encrypted) by your register_ref.',
    method: 'POST',
    path: `${PATH}/get-mc-credential-info`,
    contentType: 'application/json',
    fields: partnerFields('{"register_ref"} as JSON, RSA-encrypted with the RSA public key.'),
    variants: [sampleVariant, proseSha512Variant(true)],
    rsa: {
      field: 'request_data',
      shape: 'object',
      keys: [{ ...registerRef, description: 'The register_ref you sent when registering the merchant.' }],
      example: pretty({ register_ref: REGISTERED_EXAMPLE_REF }),
    },
    response: {
      kind: 'json',
      fields: ['data', 'status.code', 'status.message'],
      example: {
        data: 'hmzyUCnkRjleBeyaKPUtCLY69J3lP6HpwintSXDatgnn0tL7Ew4evDSqn5ldkTz4WCtk9hcmURDNDA8+8IT1MKvhc9JJCmrF3ddFI1u9zlhUMVrP2ICrSVepgx9ce8/YqdXgx/lA69MZc2BljjTog2oOQ3HQNVqVzJ2YXoWBugCsMJr6HSh2dV52/pOv8v6YhUbnXiy3xd+/Atb7adrBND3LjJATKim6dVSdky3zOkLycRKKsypayhSWajBlVkWci80rrh7YkfX+tZqMtKjux8iz2TsEsolmlaqJ7pljkG7xw8O7JdU+Qhl68Vz8m9dfo1VvlnADqyfYWZD2shPLdg==',
        status: { code: '00', message: 'Success!' },
      },
      note: 'data is the merchant detail, encrypted; the docs do not say with which key or how to decrypt it.',
    },
    outcomes: lookupOutcomes,
    codes: lookupCodes,
    sources: ['OAS'],
    inNav: false,
    notes: [
      ...PARTNER_NOTES,
      'The portal titles look swapped against the paths: get-mc-credential-info is titled "Inquiry merchant info" and get-mc-info "Get Merchant API".',
    ],
  },
  {
    id: 'partner-merchant-info',
    family: 'partner',
    name: 'Get Merchant API',
    summary: "Read a registered merchant's outlet, ABA accounts and payment methods, proving you hold their keys.",
    method: 'POST',
    path: `${PATH}/get-mc-info`,
    contentType: 'application/json',
    fields: partnerFields(
      "The merchant's key plus proofs made with their API key (and optionally their RSA key), as JSON, RSA-encrypted with the RSA public key.",
    ),
    variants: [sampleVariant, proseSha256Variant, proseSha512Variant(false)],
    rsa: {
      field: 'request_data',
      shape: 'object',
      keys: [
        {
          name: 'merchant_key',
          type: 'string',
          required: true,
          description: "The merchant's merchant_key.",
          note: 'The docs do not say whether this is the merchant id; the example assumes it is.',
        },
        {
          name: 'public_key_hash_encrypt',
          type: 'string',
          required: true,
          description: "Lowercase hex HMAC-SHA512 of partner_id + merchant_key + request_time, keyed with the merchant's API key (public_key).",
          note: 'The example value was computed with the demo API key "demo-api-key-not-real" and request_time 20250213065545, so it matches only that request_time. The emulator accepts a proof made for the request\'s own request_time, and also one made for 20250213065545 (so the example works at any time); any other value is refused as a wrong hash (PTL02).',
        },
        {
          name: 'rsa_public_key_hash_encrypt',
          type: 'string',
          required: false,
          description: "The same partner_id + merchant_key + request_time text, RSA-encrypted (chunked, Base64) with the merchant's RSA public key.",
        },
      ],
      example: pretty({ merchant_key: DEMO_MERCHANT_ID, public_key_hash_encrypt: EXAMPLE_PUBLIC_KEY_HASH }),
    },
    response: {
      kind: 'json',
      fields: [
        'data.outlet_name',
        'data.aba_account_khr',
        'data.aba_account_usd',
        'data.available_payment_methods',
        'data.enabled_payment_methods',
        'data.pending_payment_methods',
        'status.code',
        'status.message',
      ],
      example: {
        data: {
          outlet_name: 'Book Store',
          aba_account_khr: '000***111',
          aba_account_usd: '000***222',
          available_payment_methods: {},
          enabled_payment_methods: {},
          pending_payment_methods: {},
        },
        status: { code: '00', message: 'Success!' },
      },
      note: "Shape from the schema, values illustrative: the docs' own example repeats the encrypted data string of \"Inquiry merchant info\", and the payment-method objects have no documented members.",
    },
    outcomes: lookupOutcomes,
    codes: lookupCodes,
    sources: ['OAS'],
    inNav: false,
    notes: [
      ...PARTNER_NOTES,
      'request_data carries a second HMAC (public_key_hash_encrypt), made with the merchant\'s API key, inside the RSA-encrypted JSON.',
      "The docs' response example (an encrypted string) contradicts the response schema (an object).",
    ],
  },
];
