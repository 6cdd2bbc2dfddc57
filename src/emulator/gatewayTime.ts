// PayWay answers with gateway-local times (UTC+7) while requests carry UTC; these helpers keep the two apart.

const GATEWAY_OFFSET_MS = 7 * 3600_000;
const pad = (n: number) => String(n).padStart(2, '0');

const shifted = (date: Date) => new Date(date.getTime() + GATEWAY_OFFSET_MS);

/** "YYYY-MM-DD HH:mm:ss" in UTC+7, as transaction_date and the list filters use. */
export function gatewayTime(date: Date): string {
  const d = shifted(date);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

/** ISO 8601 with an explicit +07:00, as the payout answer and the renew-token callback use. */
export const gatewayIso = (date: Date): string => gatewayTime(date).replace(' ', 'T') + '+07:00';

/** A "YYYY-MM-DD HH:mm:ss" gateway time → the instant, or undefined when it is not a real time. */
export function parseGatewayTime(text: string): Date | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(text);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s) - GATEWAY_OFFSET_MS);
  return gatewayTime(date) === text ? date : undefined;
}

/** Midnight (UTC+7) of the gateway day that contains `date`. */
export function gatewayDayStart(date: Date): Date {
  const d = shifted(date);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()) - GATEWAY_OFFSET_MS);
}

// Stored times are ISO strings, read on every check, list and detail answer: each distinct string is
// parsed and formatted once. A transaction's createdAt is the same string every time, so a lookup is cheap.
const MEMO_LIMIT = 10_000;
const instants = new Map<string, number>();
const gatewayTexts = new Map<string, string>();

function memo<T>(cache: Map<string, T>, key: string, compute: (key: string) => T): T {
  let value = cache.get(key);
  if (value === undefined) {
    if (cache.size >= MEMO_LIMIT) cache.clear();
    value = compute(key);
    cache.set(key, value);
  }
  return value;
}

/** Date.parse of a stored ISO timestamp, in milliseconds. */
export const instantOf = (iso: string): number => memo(instants, iso, Date.parse);

/** A stored ISO timestamp in gateway time ("YYYY-MM-DD HH:mm:ss", UTC+7). */
export const gatewayTimeOf = (iso: string): string => memo(gatewayTexts, iso, (text) => gatewayTime(new Date(text)));
