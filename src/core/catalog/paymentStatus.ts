// PayWay's payment statuses and the number each is reported as in payment_status_code [OAS; reference
// §4.2]: the emulator keeps transactions in these statuses, the response panel explains the numbers.

export const PAYMENT_STATUS_CODES = { APPROVED: 0, 'PRE-AUTH': 0, PENDING: 2, DECLINED: 3, REFUNDED: 4, CANCELLED: 7 } as const;

export type PaymentStatus = keyof typeof PAYMENT_STATUS_CODES;

/** Each payment_status_code with the statuses reported under it: { '0': 'APPROVED or PRE-AUTH', '2': 'PENDING', … }. */
export function statusesByCode(): Record<string, string> {
  const names: Record<string, string[]> = {};
  for (const [status, code] of Object.entries(PAYMENT_STATUS_CODES)) (names[String(code)] ??= []).push(status);
  return Object.fromEntries(Object.entries(names).map(([code, statuses]) => [code, statuses.join(' or ')]));
}
