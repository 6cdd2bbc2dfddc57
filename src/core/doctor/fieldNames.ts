// Field names as integrations get them wrong: the other generation's name (req_time / request_time), a
// camelCase SDK property, another gateway's word (order_id, notify_url), or a typo (google_play_token).
// `didYouMean` finds the field PayWay reads that a sent name was meant to be.

/**
 * PayWay name → names seen in its place. From the reference's naming drift (§1.6) and public clients:
 * tykealy/payway-ts sends google_play_token; abapayway/node hashes payment_status, page_size and token
 * (transaction list, v3 token calls); older PayWay docs used return_param and request_time; the rest are
 * other gateways' and SDKs' words for the same thing.
 */
const ALIASES: Readonly<Record<string, readonly string[]>> = {
  req_time: ['request_time', 'reqtime', 'requesttime', 'timestamp', 'req_date', 'datetime'],
  request_time: ['req_time', 'reqtime', 'requesttime', 'timestamp'],
  merchant_id: ['merchantid', 'mc_id', 'mid', 'merchant'],
  tran_id: ['transaction_id', 'tranid', 'order_id', 'orderid', 'trans_id', 'txn_id', 'transactionid'],
  amount: ['total', 'total_amount', 'amt', 'price', 'purchase_amount'],
  firstname: ['first_name', 'fname', 'given_name'],
  lastname: ['last_name', 'lname', 'family_name', 'surname'],
  first_name: ['firstname', 'fname'],
  last_name: ['lastname', 'lname'],
  email: ['email_address', 'mail', 'customer_email'],
  phone: ['phone_number', 'mobile', 'tel', 'phonenumber', 'customer_phone'],
  type: ['purchase_type', 'transaction_type', 'tran_type'],
  purchase_type: ['type', 'transaction_type'],
  payment_option: ['payment_method', 'payment_type', 'method', 'paymentmethod'],
  return_url: ['callback_url', 'notify_url', 'notification_url', 'pushback_url', 'webhook_url'],
  callback_url: ['return_url', 'notify_url', 'notification_url', 'pushback_url', 'webhook_url'],
  cancel_url: ['fail_url', 'failure_url', 'cancelurl'],
  continue_success_url: ['success_url', 'redirect_url', 'continue_url'],
  return_deeplink: ['deeplink', 'deep_link', 'return_deep_link'],
  return_params: ['return_param', 'returnparams', 'params'],
  return_param: ['return_params'],
  shipping: ['shipping_fee', 'shipping_amount', 'shipping_cost', 'delivery_fee'],
  shipping_fee: ['shipping', 'shipping_amount'],
  google_pay_token: ['google_play_token', 'googlepay_token', 'gpay_token'],
  pwt: ['payment_token', 'token', 'payment_credential_token'],
  ctid: ['consumer_token', 'customer_token', 'token', 'consumer_id'],
  request_id: ['token', 'requestid', 'req_id'],
  pagination: ['page_size', 'per_page', 'limit', 'size', 'pagesize'],
  status: ['payment_status', 'transaction_status', 'tran_status'],
  from_amount: ['min_amount', 'amount_from'],
  to_amount: ['max_amount', 'amount_to'],
  from_date: ['start_date', 'date_from'],
  to_date: ['end_date', 'date_to'],
  custom_fields: ['custom_field', 'metadata'],
  items: ['item', 'products', 'item_list'],
  currency: ['currency_code', 'ccy', 'cur'],
  lifetime: ['expire', 'expiry', 'expire_in', 'life_time'],
  merchant_ref: ['merchant_ref_no', 'reference', 'mc_ref'],
  skip_success_page: ['skip_success'],
  additional_params: ['additional_param', 'extra_params'],
  qr_image_template: ['template', 'qr_template'],
};

/** The name with case and separators removed: "firstName", "first-name" and "first_name" compare equal. */
const squash = (name: string) => name.toLowerCase().replace(/[_\-\s]/g, '');

/** Optimal string alignment distance (Damerau–Levenshtein with adjacent swaps), capped for speed. */
export function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 3) return 99;
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 0; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}

export type NameLikeness = 'alias' | 'spelling' | 'typo';

/** How `sent` resembles PayWay's `name`, or undefined when it does not. */
export function nameLikeness(sent: string, name: string): NameLikeness | undefined {
  if (sent === name) return undefined;
  const s = squash(sent);
  const n = squash(name);
  if (s === n) return 'spelling';
  if (ALIASES[name]?.some((alias) => squash(alias) === s)) return 'alias';
  const distance = editDistance(s, n);
  if (n.length >= 5 && distance <= 2 && distance < n.length / 3) return 'typo';
  if (n.length >= 3 && distance === 1) return 'typo';
  return undefined;
}

/** The PayWay field a sent name was most likely meant to be, among `names`. */
export function didYouMean(sent: string, names: Iterable<string>): { name: string; likeness: NameLikeness } | undefined {
  const rank: Record<NameLikeness, number> = { spelling: 0, typo: 1, alias: 2 };
  let best: { name: string; likeness: NameLikeness } | undefined;
  for (const name of names) {
    const likeness = nameLikeness(sent, name);
    if (likeness && (!best || rank[likeness] < rank[best.likeness])) best = { name, likeness };
  }
  return best;
}

/**
 * The other generation's name for a field (req_time ↔ request_time, firstname ↔ first_name …): what a
 * recipe of one generation reads when the request was built for the other.
 */
export const GENERATION_TWINS: Readonly<Record<string, string>> = {
  req_time: 'request_time',
  request_time: 'req_time',
  firstname: 'first_name',
  first_name: 'firstname',
  lastname: 'last_name',
  last_name: 'lastname',
  type: 'purchase_type',
  purchase_type: 'type',
  return_url: 'callback_url',
  callback_url: 'return_url',
  shipping: 'shipping_fee',
  shipping_fee: 'shipping',
};
