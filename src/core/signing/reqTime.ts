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

/** The number written by `count` ASCII digits at `start`, or -1 when one of them is not a digit. */
function digitsAt(text: string, start: number, count: number): number {
  let value = 0;
  for (let i = start; i < start + count; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

const isLeapYear = (year: number) => year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The instant a 14-digit req_time names, or undefined when it is not a real UTC date-time. */
export function parseReqTime(text: string): Date | undefined {
  // Read digit by digit rather than with a regular expression and a Date read back: the emulator checks
  // every request with this.
  if (text.length !== 14) return undefined;
  const year = digitsAt(text, 0, 4);
  const month = digitsAt(text, 4, 2);
  const day = digitsAt(text, 6, 2);
  const hour = digitsAt(text, 8, 2);
  const minute = digitsAt(text, 10, 2);
  const second = digitsAt(text, 12, 2);
  // Date.UTC would roll an impossible time over (31 Feb → 3 Mar, second 60 → the next minute) and read
  // years 0–99 as 19xx: only a real date-time is one.
  if (year < 100 || month < 1 || month > 12 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return undefined;
  const daysInMonth = month === 2 && isLeapYear(year) ? 29 : DAYS_IN_MONTH[month - 1]!;
  if (day < 1 || day > daysInMonth) return undefined;
  return new Date(Date.UTC(year, month - 1, day, hour, minute, second));
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
