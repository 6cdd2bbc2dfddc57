// What each field of PayWay's answers means, by field name: most names mean the same on every endpoint
// that sends them (payment_status_code, apv, trace_id, …). An endpoint whose field means something else
// says so in its own `response.meanings` (keyed by path), which wins. Read by the app's response panel
// through describeResponseField(); a catalog test keeps every documented response field described.
import { statusesByCode } from './paymentStatus.ts';
import type { EndpointSpec, ResponseFieldMeaning } from './types.ts';

const GATEWAY_TIME = 'gateway time (UTC+7)';

export const RESPONSE_FIELDS: Readonly<Record<string, ResponseFieldMeaning>> = {
  code: { description: "PayWay's result code for the request; the code list of this endpoint explains it." },
  message: { description: 'The text PayWay sends with the code.' },
  description: { description: 'The text PayWay sends with the code.' },
  lang: { description: 'Language of the message.' },
  tran_id: { description: 'The merchant transaction id the answer is about (the tran_id you sent).' },
  trace_id: { description: "PayWay's id for this call: quote it when asking ABA support about a request." },
  merchant_ref: { description: 'The merchant reference the transactions were looked up by.' },

  transaction_id: { description: 'The transaction id (the tran_id the merchant gave the purchase).' },
  payment_status_code: { description: 'Status of the payment as a number.', values: statusesByCode() },
  payment_status: { description: 'Status of the payment in words: APPROVED, PRE-AUTH, PENDING, DECLINED, REFUNDED or CANCELLED.' },
  transaction_status: { description: 'Status of the transaction after this operation (REFUNDED after a partial refund too).' },
  original_amount: { description: 'The amount of the purchase, in original_currency, before discounts and refunds.' },
  original_currency: { description: 'Currency of the purchase as requested: KHR or USD.' },
  payment_amount: { description: 'The amount the payer paid, in payment_currency.' },
  payment_currency: { description: 'Currency the payer paid in (empty while the payment is PENDING).' },
  total_amount: { description: 'Amount of the transaction including shipping and fees.' },
  refund_amount: { description: 'How much of the transaction has been refunded so far.' },
  discount_amount: { description: 'Discount applied to the payment (e.g. a promotion of the payment method).' },
  apv: { description: "The approval code of the payer's bank (empty until the payment is approved)." },
  transaction_date: { description: `When the transaction was made, in ${GATEWAY_TIME}.` },
  first_name: { description: "The payer's first name as sent with the purchase." },
  last_name: { description: "The payer's last name as sent with the purchase." },
  email: { description: "The payer's email as sent with the purchase." },
  phone: { description: "The payer's phone as sent with the purchase." },
  bank_ref: { description: "The bank's reference for the money movement." },
  payment_type: { description: 'How the payer paid: ABA Pay, KHQR, Alipay, Wechat, VISA, MC, JCB or CUP.' },
  payer_account: { description: "The payer's account or card number, masked." },
  bank_name: { description: "The payer's bank." },
  card_source: { description: 'Where the card comes from: ONUS (ABA), OFFUS_DOMESTIC or OFFUS_INTERNATIONAL.' },
  status: { description: 'Status of this operation on the transaction (e.g. Completed).' },
  amount: { description: 'Amount, in the currency beside it.' },
  currency: { description: 'Currency of the amounts: KHR or USD.' },
  grand_total: { description: 'Total amount of the transaction.' },
  total_refunded: { description: 'Everything refunded on the transaction so far, this refund included.' },
  page: { description: 'The page of results this answer holds.' },
  pagination: { description: 'Paging of the list: how many pages and rows there are.' },

  qr_string: { description: 'The KHQR payload: draw it as a QR code for the payer to scan.' },
  qrString: { description: 'The KHQR payload: draw it as a QR code for the payer to scan.' },
  qr_image: { description: 'The QR code as an image (data URL).' },
  qrImage: { description: 'The QR code as an image (data URL).' },
  abapay_deeplink: { description: 'Link that opens ABA Mobile on the payment (for a button on a phone).' },
  deeplink: { description: 'Link that opens ABA Mobile to approve (valid for a limited time).' },
  checkout_qr_url: { description: 'URL of a page with the payment QR code.' },
  app_store: { description: 'ABA Mobile in the App Store, for payers who do not have it.' },
  play_store: { description: 'ABA Mobile in Google Play, for payers who do not have it.' },
  expire_in: { description: 'When the deeplink or QR stops working (Unix seconds).' },

  ctid: { description: "The customer's token id (consumer token id) the card or account is linked under." },
  pwt: { description: 'The payment token (PayWay token) to charge the linked account or card with.' },
  mask_account: { description: 'The linked account number, masked.' },
  expired_in: { description: 'When the account token expires (90 days after linking or the last purchase).' },
  pw_tran_id: { description: "PayWay's own id for the token payment." },
  source_of_fund: { description: 'The linked card or account, masked to its last 4 digits.' },
  type: { description: 'Kind of linked payment method: Visa, MC, CUP, JCB or ABA ACCOUNT.' },
  expired_at: { description: 'When the token expires (UTC).' },
  token_flag: { description: 'How the token may be used: CITI_FLEX / CITO_FLEX when linked; CITU_FLEX, MITU_FLEX or MITR_FIX when paying.' },
  frequency: { description: 'How often a recurring charge runs: 1W, 1M or 2M (FLEXIBLE when not recurring).' },
  subscribed_amount: { description: 'The fixed amount of a recurring charge.' },
  amount_limit_per_tran: { description: 'Largest amount one charge with this token may take.' },

  sell: { description: 'KHR received for one unit of this currency when ABA sells it.' },
  buy: { description: 'KHR paid for one unit of this currency when ABA buys it.' },

  id: { description: 'The payment link id: what detail and void ask for.' },
  title: { description: 'Title of the payment link, shown to the payer.' },
  image: { description: 'The image shown on the payment link page.' },
  filename: { description: 'File name of the uploaded image.' },
  size: { description: 'Size of the uploaded image in bytes.' },
  payment_limit: { description: 'How many times the link can be paid (empty: no limit).' },
  total_amount_org: { description: 'Total paid through the link before refunds.' },
  total_refund: { description: 'Total refunded on payments made through the link.' },
  total_trxn: { description: 'How many payments were made through the link.' },
  created_at: { description: `When it was created, in ${GATEWAY_TIME}.` },
  updated_at: { description: `When it was last changed, in ${GATEWAY_TIME}.` },
  expired_date: { description: 'When the link stops taking payments (Unix seconds; "0" or empty: never).' },
  return_url: { description: 'Where PayWay sends the pushback of a payment through the link.' },
  pushback_url: { description: 'Where PayWay sends the pushback of a payment through the link.' },
  merchant_ref_no: { description: 'Your own reference for the link.' },
  outlet_id: { description: 'The outlet (shop) of the merchant the link belongs to.' },
  outlet_name: { description: 'Name of the outlet (shop).' },
  payment_link: { description: 'The URL to send the payer to.' },
  payout: { description: 'How the payment is split between accounts: [{acc, amt, acc_name}].' },

  external_reference: { description: 'Your own reference for the payout.' },
  transaction_amount: { description: 'Total amount paid out.' },
  transaction_currency: { description: 'Currency of the payout.' },
  payout_id: { description: "PayWay's id for the payment to this beneficiary." },
  name: { description: 'Name of the beneficiary account.' },
  mid_acccount: { description: 'The beneficiary merchant id or account (spelled with three c by PayWay).' },
  payee: { description: 'The beneficiary: a merchant id or an ABA account number.' },

  url: { description: 'The registration form to send the merchant to.' },
  token: { description: 'Token of the registration: keep it to ask for the merchant later.' },
  data: { description: 'The merchant detail, encrypted (the docs do not say how to decrypt it).' },
  aba_account_khr: { description: "The merchant's ABA account in KHR." },
  aba_account_usd: { description: "The merchant's ABA account in USD." },
  available_payment_methods: { description: 'Payment methods the merchant may enable.' },
  enabled_payment_methods: { description: 'Payment methods enabled for the merchant.' },
  pending_payment_methods: { description: 'Payment methods waiting for approval.' },
};

/** The last name of a response path ('data[].payment_status_code' → 'payment_status_code'). */
export const responseFieldName = (path: string): string => path.replace(/\[\]/g, '').split('.').at(-1) ?? path;

/** What the field at `path` (a documented path, with [] for array elements) of `endpoint`'s answer means. */
export function describeResponseField(endpoint: EndpointSpec, path: string): ResponseFieldMeaning | undefined {
  return endpoint.response.meanings?.[path] ?? RESPONSE_FIELDS[responseFieldName(path)];
}
