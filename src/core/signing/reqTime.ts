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
  const year = Number(m[1]);
  const month = Number(m[2]) - 1;
  const day = Number(m[3]);
  const hour = Number(m[4]);
  const minute = Number(m[5]);
  const second = Number(m[6]);
  const date = new Date(Date.UTC(year, month, day, hour, minute, second));
  // Date.UTC rolls an impossible time over (31 Feb → 3 Mar, second 60 → the next minute) and reads years
  // 0–99 as 19xx: only a real date-time reads back as written. (The emulator checks every request with this.)
  const real =
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month &&
    date.getUTCDate() === day &&
    date.getUTCHours() === hour &&
    date.getUTCMinutes() === minute &&
    date.getUTCSeconds() === second;
  return real ? date : undefined;
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
  const wholeHours = Math.round(offsetMinutes / 60);
  const nearWholeHour = Math.abs(offsetMinutes - wholeHours * 60) <= 5;
  // Ahead of UTC by a whole number of hours is the classic local-time mistake (Cambodia is UTC+7). Behind
  // is far more often a request pasted from earlier, so it is reported as age.
  if (nearWholeHour && wholeHours >= 1 && wholeHours <= 14) {
    return [`is ${wholeHours} hour${wholeHours === 1 ? '' : 's'} ahead of UTC now: it looks like local time (UTC+${wholeHours}); PayWay wants UTC`];
  }
  if (offsetMinutes > 5) return [`is ${offsetMinutes} minutes in the future`];
  if (offsetMinutes < -24 * 60) return [`is ${Math.round(-offsetMinutes / 1440)} days old; PayWay may reject a stale request time`];
  if (offsetMinutes <= -60) return [`is ${Math.round(-offsetMinutes / 60)} hours old (or local time west of UTC); PayWay may reject a stale request time`];
  return [];
}
