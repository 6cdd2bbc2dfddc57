// The hash orders of reference §3 ("Hash-order master table"), transcribed by hand here, separately from
// the catalog, so a slip in either shows up as a difference.
import { describe, expect, it } from 'vitest';
import { catalog, getEndpoint } from '../../src/core/catalog/index.ts';
import { partLabel } from '../../src/core/signing/stringToSign.ts';

const PURCHASE = 'req_time merchant_id tran_id amount items shipping firstname lastname email phone type payment_option return_url cancel_url continue_success_url return_deeplink currency custom_fields return_params payout lifetime additional_params google_pay_token skip_success_page';
const QR = 'req_time merchant_id tran_id amount items first_name last_name email phone purchase_type payment_option callback_url return_deeplink currency custom_fields return_params payout lifetime qr_image_template';

const REFERENCE: Record<string, Record<string, string>> = {
  purchase: { documented: PURCHASE },
  subscription: {
    documented: 'req_time merchant_id tran_id amount items shipping firstname lastname email phone type payment_option return_url cancel_url continue_success_url return_deeplink currency custom_fields return_params payout lifetime additional_params skip_success_page token_flag frequency',
    sandbox: 'req_time merchant_id tran_id amount items ctid shipping firstname lastname email phone type payment_option return_url cancel_url continue_success_url return_deeplink currency custom_fields return_params payout lifetime additional_params google_pay_token skip_success_page token_flag frequency',
  },
  'purchase-with-token': { documented: 'req_time merchant_id tran_id amount items shipping ctid pwt firstname lastname email phone type return_url currency custom_fields return_params payout' },
  'transaction-detail': { documented: 'req_time merchant_id tran_id' },
  'close-transaction': { documented: 'req_time merchant_id tran_id' },
  'check-transaction': { 'with-req-time': 'req_time merchant_id tran_id', prose: 'merchant_id tran_id' },
  refund: { documented: 'request_time merchant_id merchant_auth' },
  'transaction-list': { documented: 'req_time merchant_id from_date to_date from_amount to_amount status page pagination', 'php-sample-plus': 'req_time merchant_id from_date to_date+from_amount to_amount status page pagination' },
  'exchange-rate': { documented: 'req_time merchant_id' },
  'link-account': { oas: 'merchant_id req_time return_deeplink', legacy: 'merchant_id req_time' },
  'link-card': { documented: 'merchant_id ctid return_param' },
  'remove-account-token': { documented: 'merchant_id req_time ctid pwt' },
  'remove-card-token': { documented: 'merchant_id ctid pwt' },
  'linked-account-details': { documented: 'merchant_id req_time return_param' },
  'renew-account-token': { documented: 'merchant_id ctid pwt req_time' },
  'link-account-v3': { documented: 'merchant_id request_time ctid return_deeplink callback_url request_id token_flag currency' },
  'link-card-v3': {
    'oas-8': 'merchant_id request_time ctid callback_url request_id token_flag frequency currency',
    'newer-page': 'merchant_id request_time ctid callback_url request_id token_flag frequency amount currency continue_success_url',
  },
  'payment-v3': { documented: 'request_time merchant_id tran_id amount currency items ctid pwt first_name last_name email phone purchase_type callback_url custom_fields return_params payout token_flag shipping_fee' },
  'renew-token-v3': { documented: 'ctid request_time pwt merchant_id request_id' },
  'token-details-v3': { documented: 'merchant_id request_time request_id' },
  'remove-token-v3': { documented: 'merchant_id ctid request_time pwt' },
  'generate-qr': { documented: QR },
  'request-qr': { documented: QR },
  'payment-link-create': { documented: 'request_time merchant_id merchant_auth' },
  'payment-link-detail': { documented: 'request_time merchant_id merchant_auth' },
  'payment-link-void': { documented: 'request_time merchant_id merchant_auth' },
  'pre-auth-complete': { documented: 'merchant_auth request_time merchant_id' },
  'pre-auth-complete-payout': { documented: 'merchant_auth request_time merchant_id' },
  'pre-auth-cancel': { documented: 'merchant_id merchant_auth request_time' },
  payout: { hex: 'merchant_id tran_id beneficiaries amount custom_fields currency', base64: 'merchant_id tran_id beneficiaries amount custom_fields currency' },
  'beneficiary-status': { documented: 'request_time merchant_auth' },
  'beneficiary-add': { documented: 'request_time merchant_auth' },
  'transactions-by-merchant-ref': { documented: 'req_time merchant_id merchant_ref' },
  'partner-register-merchant': { sample: 'partner_id request_data request_time' },
  'partner-merchant-credentials': { sample: 'partner_id request_data request_time' },
  'partner-merchant-info': { sample: 'partner_id request_data request_time' },
  // The legacy v1 paths are not in §3: their orders are transcribed from what public clients hash there
  // (payway-js: req_time, merchant_id, then the filters in order; Laravel/Python: req_time . merchant_id .
  // tran_id) and from SF §1, whose -2 order reached business validation on the old list path.
  'check-transaction-v1': { 'with-req-time': 'req_time merchant_id tran_id' },
  'transaction-list-v1': { documented: 'req_time merchant_id from_date to_date from_amount to_amount status page pagination' },
};

describe('hash orders match reference §3', () => {
  it.each(Object.entries(REFERENCE).flatMap(([id, variants]) => Object.entries(variants).map(([variant, order]) => [id, variant, order] as const)))(
    '%s / %s',
    (id, variantId, order) => {
      const variant = getEndpoint(id).variants.find((v) => v.id === variantId);
      expect(variant, `${id} has no variant ${variantId}`).toBeDefined();
      expect(variant!.hash.fields.map(partLabel).join(' ')).toBe(order);
    },
  );

  it('covers every endpoint', () => {
    expect(Object.keys(REFERENCE)).toHaveLength(38);
    expect(Object.keys(REFERENCE).sort()).toEqual(catalog.map((e) => e.id).sort());
  });
});
