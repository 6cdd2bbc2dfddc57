// The documented field a name that is not one most likely meant: the naming drift between PayWay's API
// generations (reference §1.6), names public clients use (page_size, payment_token), then spelling.
import { editDistance } from '../../core/catalog/wrongPaths.ts';

/** Names one generation or client uses for what another calls otherwise (reference §1.6, §15 #17; NODE). */
const DRIFT: Readonly<Record<string, readonly string[]>> = {
  req_time: ['request_time'],
  request_time: ['req_time'],
  firstname: ['first_name'],
  first_name: ['firstname'],
  lastname: ['last_name'],
  last_name: ['lastname'],
  type: ['purchase_type'],
  purchase_type: ['type'],
  return_url: ['callback_url'],
  callback_url: ['return_url'],
  shipping: ['shipping_fee'],
  shipping_fee: ['shipping'],
  page_size: ['pagination'],
  per_page: ['pagination'],
  limit: ['pagination'],
  payment_token: ['pwt'],
  token: ['pwt'],
  payment_status: ['status'],
  amount: ['from_amount', 'to_amount'],
  merchant_ref_no: ['merchant_ref'],
  mc_id: ['merchant_id'],
  merchantid: ['merchant_id'],
  transaction_id: ['tran_id'],
  tranid: ['tran_id'],
  return_params: ['return_param'],
  return_param: ['return_params'],
};

const squash = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, '');

/** The closest of `documented` to `name`, or undefined when none is close. */
export function closestField(name: string, documented: readonly string[]): string | undefined {
  if (documented.includes(name)) return name;
  const drift = (DRIFT[name] ?? DRIFT[name.toLowerCase()])?.find((d) => documented.includes(d));
  if (drift) return drift;
  const squashed = squash(name);
  const sameLetters = documented.find((d) => squash(d) === squashed);
  if (sameLetters) return sameLetters;
  let best: { name: string; distance: number } | undefined;
  for (const candidate of documented) {
    const distance = editDistance(squashed, squash(candidate));
    if (!best || distance < best.distance) best = { name: candidate, distance };
  }
  return best && best.distance <= Math.max(1, Math.floor(squashed.length / 4)) ? best.name : undefined;
}
