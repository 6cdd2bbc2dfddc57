// PayWay timestamps: UTC, YYYYMMDDHHmmss.

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

export function formatReqTime(date: Date = new Date()): string {
  return (
    pad(date.getUTCFullYear(), 4) +
    pad(date.getUTCMonth() + 1) +
    pad(date.getUTCDate()) +
    pad(date.getUTCHours()) +
    pad(date.getUTCMinutes()) +
    pad(date.getUTCSeconds())
  );
}

/** The instant a 14-digit req_time names, or undefined when it is not a real UTC date-time. */
export function parseReqTime(text: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(text);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  return formatReqTime(date) === text ? date : undefined;
}

/** Warnings for a req_time, judged against `now`. */
export function checkReqTime(text: string, now: Date): string[] {
  if (!/^\d{14}$/.test(text)) {
    if (/^\d{4}-\d{2}-\d{2}/.test(text)) return ['is an ISO date; PayWay wants 14 digits, UTC YYYYMMDDHHmmss'];
    return [`must be 14 digits (UTC YYYYMMDDHHmmss); it has ${text.length} characters`];
  }
  const date = parseReqTime(text);
  if (!date) return ['is not a real date and time'];
  const offsetMinutes = Math.round((date.getTime() - now.getTime()) / 60000);
  const hours = offsetMinutes / 60;
  // A whole-hour offset from now is the classic local-time mistake (Cambodia is UTC+7).
  if (Math.abs(offsetMinutes) >= 55 && Math.abs(offsetMinutes) <= 14 * 60 + 5) {
    const whole = Math.round(hours);
    if (Math.abs(offsetMinutes - whole * 60) <= 5) {
      return [`is ${Math.abs(whole)} hour${Math.abs(whole) === 1 ? '' : 's'} ${whole > 0 ? 'ahead of' : 'behind'} UTC now: it looks like local time (UTC${whole >= 0 ? '+' : ''}${whole}); PayWay wants UTC`];
    }
  }
  if (Math.abs(offsetMinutes) > 24 * 60) return [`is ${Math.round(Math.abs(hours) / 24)} days from now; PayWay may reject a stale request time`];
  return [];
}
