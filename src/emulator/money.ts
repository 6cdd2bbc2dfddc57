// Amounts are kept as integers in the currency's smallest unit (USD cents, whole riel) so that sums of
// refunds and payouts never drift the way binary fractions do.

export type Currency = 'USD' | 'KHR';

export const isCurrency = (text: unknown): text is Currency => text === 'USD' || text === 'KHR';

const DECIMALS: Record<Currency, number> = { USD: 2, KHR: 0 };

/** Decimal text or a JSON number → minor units; undefined when it is not a plain amount in that currency. */
export function toMinor(value: unknown, currency: Currency): number | undefined {
  const text = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : typeof value === 'string' ? value.trim() : '';
  const match = /^(-?)(\d{1,12})(?:\.(\d+))?$/.exec(text);
  if (!match) return undefined;
  const [, sign, whole, fraction = ''] = match;
  const decimals = DECIMALS[currency];
  // Trailing zeros carry no value ("10.50" USD, "100.0" KHR); any other extra digit is not payable.
  const significant = fraction.replace(/0+$/, '');
  if (significant.length > decimals) return undefined;
  const minor = Number(whole) * 10 ** decimals + Number(significant.padEnd(decimals, '0') || '0');
  return sign ? -minor : minor;
}

/** Minor units → the JSON number PayWay answers with (10.5 for 1050 cents). */
export const toMajor = (minor: number, currency: Currency): number => minor / 10 ** DECIMALS[currency];

/** Minor units → amount text as SDKs send it ("10.50", "10000"). */
export const formatAmount = (minor: number, currency: Currency): string => toMajor(minor, currency).toFixed(DECIMALS[currency]);

/** The smallest payable amount: 0.01 USD, 100 KHR. */
export const MINIMUM: Record<Currency, number> = { USD: 1, KHR: 100 };
