import { DAY_MS, parseEventTime, startOfUtcDay } from './event-time.js';
import { UsageError } from '../errors.js';

/** The half-open window [fromMs, toMs) that records are counted in. */
export interface Window {
  fromMs: number;
  toMs: number;
  days: number;
}

export interface WindowOptions {
  days: number;
  from?: string | undefined;
  to?: string | undefined;
  until?: string | undefined;
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** "2026-11-02" is that day's first instant (UTC); a full timestamp is taken as given. */
export function parseInstant(text: string, flag: string): number {
  const ms = parseEventTime(DATE_ONLY.test(text.trim()) ? `${text.trim()}T00:00:00Z` : text);
  if (ms === undefined) throw new UsageError(`${flag} takes a date (2026-11-02) or an ISO timestamp, not '${text}'`);
  return ms;
}

export function validateDays(days: number): number {
  if (!Number.isInteger(days) || days < 1) throw new UsageError(`--days takes a whole number of days of at least 1, not '${days}'`);
  return days;
}

/** True when the flags fix the window without looking at the records. */
export function windowIsExplicit(options: WindowOptions): boolean {
  return options.from !== undefined || options.to !== undefined || options.until !== undefined;
}

/**
 * --from/--to give the window; --from alone runs --days forward; --to or --until end it (exclusive);
 * with none, the window ends at the end of the UTC day of the newest record.
 */
export function resolveWindow(options: WindowOptions, newestMs: number | undefined): Window {
  const days = validateDays(options.days);
  if (options.to !== undefined && options.until !== undefined) throw new UsageError('give --to or --until, not both');
  const end = options.to ?? options.until;
  const endFlag = options.to !== undefined ? '--to' : '--until';
  let fromMs: number;
  let toMs: number;
  if (options.from !== undefined) {
    fromMs = parseInstant(options.from, '--from');
    toMs = end !== undefined ? parseInstant(end, endFlag) : fromMs + days * DAY_MS;
  } else {
    if (end !== undefined) toMs = parseInstant(end, endFlag);
    else if (newestMs !== undefined) toMs = startOfUtcDay(newestMs) + DAY_MS;
    else throw new UsageError('no record in the input has an eventTime, so there is no window to estimate (give --until or --from/--to)');
    fromMs = toMs - days * DAY_MS;
  }
  if (fromMs >= toMs) throw new UsageError(`the window is empty: --from must come before ${options.from !== undefined && end !== undefined ? endFlag : 'the end of the window'}`);
  return { fromMs, toMs, days: (toMs - fromMs) / DAY_MS };
}
