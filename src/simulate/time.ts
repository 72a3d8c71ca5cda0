/** UTC time helpers. Times inside the simulator are whole epoch seconds. */

export const SECONDS_PER_MINUTE = 60;
export const SECONDS_PER_HOUR = 3_600;
export const SECONDS_PER_DAY = 86_400;

/** Parses `YYYY-MM-DD` as UTC midnight in epoch seconds; undefined for anything else or an impossible date. */
export function parseUtcDate(text: string): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(year, month - 1, day);
  const roundTrip = new Date(ms);
  // Date.UTC rolls 2026-02-30 over to March; reject instead of guessing.
  if (roundTrip.getUTCFullYear() !== year || roundTrip.getUTCMonth() !== month - 1 || roundTrip.getUTCDate() !== day) {
    return undefined;
  }
  return ms / 1000;
}

function isoMillis(seconds: number): string {
  return new Date(seconds * 1000).toISOString();
}

/** CloudTrail's eventTime form: `2026-10-03T08:15:42Z`. */
export function isoSeconds(seconds: number): string {
  return isoMillis(seconds).slice(0, 19) + 'Z';
}

/** `YYYY-MM-DD`. */
export function isoDate(seconds: number): string {
  return isoMillis(seconds).slice(0, 10);
}

/** S3 folder form: `YYYY/MM/DD`. */
export function datePath(seconds: number): string {
  return isoDate(seconds).replaceAll('-', '/');
}

/** Log file name form: `20261003T0815Z`. */
export function compactMinute(seconds: number): string {
  const iso = isoMillis(seconds);
  return `${iso.slice(0, 10).replaceAll('-', '')}T${iso.slice(11, 13)}${iso.slice(14, 16)}Z`;
}

/** Digest file name form: `20261003T081542Z`. */
export function compactSecond(seconds: number): string {
  const iso = isoMillis(seconds);
  return `${iso.slice(0, 10).replaceAll('-', '')}T${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
}

export function startOfUtcDay(seconds: number): number {
  return seconds - (((seconds % SECONDS_PER_DAY) + SECONDS_PER_DAY) % SECONDS_PER_DAY);
}

export function isWeekend(seconds: number): boolean {
  const weekday = new Date(seconds * 1000).getUTCDay();
  return weekday === 0 || weekday === 6;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** The date form some AWS services write inside responseElements: `Oct 3, 2026, 9:05:07 AM`. */
export function responseDate(seconds: number): string {
  const d = new Date(seconds * 1000);
  const hour = d.getUTCHours();
  const pad = (n: number): string => String(n).padStart(2, '0');
  const clock = `${hour % 12 === 0 ? 12 : hour % 12}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  return `${MONTHS[d.getUTCMonth()] ?? ''} ${d.getUTCDate()}, ${d.getUTCFullYear()}, ${clock} ${hour < 12 ? 'AM' : 'PM'}`;
}
