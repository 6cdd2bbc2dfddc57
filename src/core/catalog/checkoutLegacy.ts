// The v1 lookups PayWay still answers at their old paths, without "-2" [OBS SF §1; reference §2]: many
// public integrations still call them. Same request and recipe as the current endpoints, but an older
// response shape: check-transaction answers `{"status": <number>, "description": …}`, the list answers
// numeric codes with `pw_tran_id` and HTTP 400 where the current one says 403.
import { checkoutEndpoints, wrongHashHint } from './checkout.ts';
import { code, merchantId, reqTime, sha512Base64, tranId } from './common.ts';
import type { BodyTypeRule, CodeSpec, EndpointSpec } from './types.ts';

const PAYMENTS_PATH = '/api/payment-gateway/v1/payments';

const current = (id: string): EndpointSpec => checkoutEndpoints.find((e) => e.id === id)!;

/** Public clients post these lookups as multipart (FormData), urlencoded (asForm, httpx data=) or JSON. */
const anyBody = (own: string): BodyTypeRule[] =>
  (['application/json', 'multipart/form-data', 'application/x-www-form-urlencoded'] as const)
    .filter((type) => type !== own)
    .map((type): BodyTypeRule => ({
      type,
      accepted: true,
      basis: type === 'application/json' ? 'sandbox' : 'inference',
      source: type === 'application/json' ? 'SF §1 (probed with JSON)' : 'public clients (payway-js lineage, Laravel asForm, httpx data=)',
    }));

const numeric = (number: string, message: string, more: Partial<CodeSpec> = {}): CodeSpec => code(number, message, { numeric: true, basis: 'inference', ...more });

/** A payment status the v1 check answers in `status` for a transaction it found. */
const status = (number: string, message: string, more: Partial<CodeSpec> = {}): CodeSpec => numeric(number, message, { paymentStatus: true, ...more });

// The v1 check answers the payment status itself as `status` (0 approved … 4 refunded) and its errors in
// the same member; descriptions as public clients of this path decode them [3P].
const checkCodes: readonly CodeSpec[] = [
  status('0', 'Approved', { hint: 'Paid (or held, for a pre-auth). payment_status says which.' }),
  status('1', 'Created'),
  status('2', 'Pending', { hint: 'Not paid yet.' }),
  status('3', 'Declined'),
  status('4', 'Refunded', { hint: 'Refunded in full or in part; total_amount is what is left.' }),
  numeric('5', 'Wrong Hash', { hint: wrongHashHint }),
  numeric('6', 'tran_id not found', {
    basis: 'sandbox',
    hint: 'Only transactions of the last 7 days. Right after a purchase PayWay may answer this for a few seconds: retry.',
  }),
  status('7', 'Cancelled'),
  numeric('8', 'Invalid merchant profile', { hint: 'Check merchant_id and the host you call.' }),
  numeric('11', 'Other server side error'),
];
const checkCode = (number: string) => checkCodes.find((c) => c.code === number)!;

const listCurrent = current('transaction-list');
const listCodes: readonly CodeSpec[] = listCurrent.codes
  .filter((c) => c.code !== '429')
  .map((c): CodeSpec => ({ ...c, code: c.code === '00' ? '0' : c.code, numeric: true, http: c.code === '00' ? 200 : 400, basis: c.code === '49' ? 'sandbox' : 'inference' }));
const listCode = (number: string) => listCodes.find((c) => c.code === number)!;

export const checkoutLegacyEndpoints: EndpointSpec[] = [
  {
    id: 'check-transaction-v1',
    family: 'checkout',
    name: 'Legacy check-transaction (v1 path)',
    summary: 'The old check-transaction path, still answered: the payment status as a number in `status`.',
    method: 'POST',
    path: `${PAYMENTS_PATH}/check-transaction`,
    contentType: 'multipart/form-data',
    bodyTypes: anyBody('multipart/form-data'),
    // The example asks about the approved payment a fresh emulator holds, so it answers 0 "Approved".
    fields: [reqTime(), merchantId(), { ...tranId('The tran_id of the purchase.'), example: 'DEMO-PAID-0001' }],
    variants: [
      {
        id: 'with-req-time',
        label: 'req_time, merchant_id, tran_id',
        note: 'What every public client of this path hashes; the same recipe as check-transaction-2.',
        sources: ['SF §1', 'public clients (payway-js, Laravel, Python)'],
        basis: 'inference',
        default: true,
        emulator: true,
        hash: sha512Base64(['req_time', 'merchant_id', 'tran_id']),
      },
    ],
    response: {
      kind: 'json',
      envelope: 'flat-status',
      fields: ['status', 'description', 'amount', 'total_amount', 'apv', 'payment_status', 'datetime'],
      example: { status: 0, description: 'Approved', amount: 10, total_amount: 10, apv: '753786', payment_status: 'APPROVED', datetime: '2025-02-13 13:55:25' },
      note:
        'The shape public clients of this path decode (status as a number, description, amount, total_amount, apv, payment_status, datetime); ' +
        'SF saw {"status":6,"description":…} for an unknown tran_id. datetime is gateway time (UTC+7).',
      meanings: {
        status: { description: 'The result code of this path, a JSON number (0 success, 5 wrong hash, 6 not found).' },
        datetime: { description: 'When the transaction was made, in gateway time (UTC+7), as YYYY-MM-DD HH:mm:ss.' },
      },
    },
    outcomes: {
      success: checkCode('0'),
      wrongHash: checkCode('5'),
      validation: checkCode('6'),
      merchantNotFound: checkCode('8'),
      notFound: checkCode('6'),
    },
    codes: checkCodes,
    sources: ['SF §1', 'reference §2', 'public clients (aba_payway_gateway, payway-js, php-payway)'],
    legacy: {
      current: 'check-transaction',
      note: 'PayWay still answers this path, in the old shape. Move to check-transaction-2: same fields and hash, answer in status{code,message} + data.',
    },
    inNav: false,
    notes: [
      'No source documents this path any more; its request, recipe and answer are what public clients send and decode, and what SF observed.',
      'Every answer is HTTP 200 in the emulator (an inference: this older generation put errors in the body).',
    ],
  },
  {
    id: 'transaction-list-v1',
    family: 'checkout',
    name: 'Legacy transaction-list (v1 path)',
    summary: 'The old transaction-list path, still answered: numeric codes, pw_tran_id, HTTP 400 errors.',
    method: 'POST',
    path: `${PAYMENTS_PATH}/transaction-list`,
    contentType: 'multipart/form-data',
    bodyTypes: anyBody('multipart/form-data'),
    fields: listCurrent.fields,
    variants: [
      {
        id: 'documented',
        label: 'Plain concatenation (as transaction-list-2)',
        note:
          'SF probed this path with the nine -2 fields and reached business validation (code 49), so the hash was accepted. Older clients send ' +
          'only req_time … status: with page and pagination empty that is the same string.',
        sources: ['SF §1', 'public clients (payway-js lineage)'],
        basis: 'sandbox',
        default: true,
        emulator: true,
        hash: sha512Base64(['req_time', 'merchant_id', 'from_date', 'to_date', 'from_amount', 'to_amount', 'status', 'page', 'pagination']),
      },
    ],
    response: {
      kind: 'json',
      fields: listCurrent.response.fields.map((f) => (f === 'status.tran_id' ? 'status.pw_tran_id' : f)),
      example: { ...(listCurrent.response.example as Record<string, unknown>), status: { code: 0, message: 'Success!', pw_tran_id: '' } },
      note: 'Rows as transaction-list-2 [INF]; the status block carries a numeric code and pw_tran_id [OBS SF §1].',
    },
    outcomes: {
      success: listCode('0'),
      wrongHash: listCode('1'),
      validation: listCode('48'),
      merchantNotFound: listCode('8'),
    },
    codes: listCodes,
    sources: ['SF §1', 'reference §2', 'public clients (payway-js lineage)'],
    legacy: {
      current: 'transaction-list',
      note: 'PayWay still answers this path, in the old shape. Move to transaction-list-2: same fields and hash, string codes, HTTP 403 errors.',
    },
    inNav: false,
    notes: [
      'SF §1: for the same invalid from_date this path answered HTTP 400 with code 49 as a JSON number and pw_tran_id; -2 answered 403 with "49" and lang/trace_id/tran_id.',
      'The emulator answers every error of this path with HTTP 400 (observed for 49, inferred for the others).',
      'NODE (abapayway/node) hashes amount, payment_type, payment_status and page_size here: none is a field of this endpoint.',
    ],
  },
];
