// One file a function: the package index loads all 300 of them (~90 ms of start-up).
import { eachDayOfInterval } from 'date-fns/eachDayOfInterval';
import { isWeekend as isWeekendDay } from 'date-fns/isWeekend';
import { lastDayOfMonth } from 'date-fns/lastDayOfMonth';
import { DAY_MS } from './event-time.js';
import type { Window } from './window.js';

/**
 * How observed daily counts become a month. Every quantity (CIs of a type, evaluations of a rule) is a
 * daily series over the window; a projector turns one series into its monthly figure.
 */
export interface ForecastSettings {
  monthDays: number;
  /** 'YYYY-MM': forecast that calendar month from weekday and weekend rates. */
  month?: string | undefined;
  /** Apply the least-squares trend of the window. */
  trend: boolean;
}

export interface CalendarMonth {
  month: string;
  days: number;
  weekdays: number;
  weekendDays: number;
  /** Day offsets of the month's days from the window start. */
  offsets: number[];
}

export interface Forecast {
  method: 'linear' | 'calendar-month';
  windowDays: number;
  monthDays: number;
  /** monthly / observed, for the linear method: monthDays / windowDays. */
  factor: number;
  calendar: CalendarMonth | undefined;
  trendApplied: boolean;
  /** The window's days: offset from the start, weight (a partial last day weighs less) and whether it is a weekend day. */
  days: { weight: number; weekend: boolean }[];
  /** The forecast in force: the method, with the trend when applied. */
  project: (daily: readonly number[]) => number;
  /** The method without the trend (the range is resampled around it). */
  projectBase: (daily: readonly number[]) => number;
}

const isWeekend = (dayStartMs: number) => {
  const weekday = new Date(dayStartMs).getUTCDay();
  return weekday === 0 || weekday === 6;
};

/**
 * The days of a calendar month and their offsets from `fromMs`. date-fns does the calendar; its dates are
 * built from the calendar fields alone, so the machine's time zone cannot move a day.
 */
export function calendarMonth(month: string, fromMs: number): CalendarMonth {
  const [year, mon] = month.split('-').map(Number) as [number, number];
  const first = new Date(year, mon - 1, 1);
  const days = eachDayOfInterval({ start: first, end: lastDayOfMonth(first) });
  const offsets = days.map((day) => Math.round((Date.UTC(day.getFullYear(), day.getMonth(), day.getDate()) - fromMs) / DAY_MS));
  const weekendDays = days.filter((day) => isWeekendDay(day)).length;
  return { month, days: days.length, weekdays: days.length - weekendDays, weekendDays, offsets };
}

/** Least squares of y on the given columns (an intercept first); small normal equations, solved exactly. */
export function leastSquares(rows: readonly number[][], y: readonly number[], weights: readonly number[]): number[] | undefined {
  const k = rows[0]?.length ?? 0;
  const a: number[][] = Array.from({ length: k }, () => new Array<number>(k + 1).fill(0));
  rows.forEach((row, i) => {
    const w = weights[i]!;
    for (let r = 0; r < k; r++) {
      for (let c = 0; c < k; c++) a[r]![c]! += w * row[r]! * row[c]!;
      a[r]![k]! += w * row[r]! * y[i]!;
    }
  });
  for (let col = 0; col < k; col++) {
    let pivot = col;
    for (let r = col + 1; r < k; r++) if (Math.abs(a[r]![col]!) > Math.abs(a[pivot]![col]!)) pivot = r;
    if (Math.abs(a[pivot]![col]!) < 1e-12) return undefined;
    [a[col], a[pivot]] = [a[pivot]!, a[col]!];
    for (let r = 0; r < k; r++) {
      if (r === col) continue;
      const f = a[r]![col]! / a[col]![col]!;
      for (let c = col; c <= k; c++) a[r]![c]! -= f * a[col]![c]!;
    }
  }
  return a.map((row, i) => row[k]! / row[i]!);
}

export function windowDays(window: Window): { weight: number; weekend: boolean }[] {
  const count = Math.ceil(window.days - 1e-9);
  return Array.from({ length: count }, (_, d) => ({
    weight: Math.min(1, window.days - d),
    weekend: isWeekend(window.fromMs + d * DAY_MS),
  }));
}

/**
 * Builds the projector. Linear: sum x monthDays / windowDays. Calendar month: the weekday mean times the
 * month's weekdays plus the weekend mean times its weekend days (a window without weekend days uses the
 * overall mean for them). Trend: a least-squares line over the window (with a weekend term for a calendar
 * month), summed over the month's days; a negative projection counts as zero.
 */
export function makeForecast(window: Window, settings: ForecastSettings): Forecast {
  const days = windowDays(window);
  const observedDays = window.days;
  const calendar = settings.month !== undefined ? calendarMonth(settings.month, window.fromMs) : undefined;
  const monthDays = calendar ? calendar.days : settings.monthDays;
  const target = calendar ? calendar.offsets : Array.from({ length: monthDays }, (_, i) => days.length + i);
  const targetWeekend = calendar
    ? calendar.offsets.map((o) => isWeekend(window.fromMs + o * DAY_MS))
    : target.map((o) => isWeekend(window.fromMs + o * DAY_MS));
  const weekendShare = (weekend: boolean) => days.filter((d) => d.weekend === weekend).reduce((s, d) => s + d.weight, 0);
  const windowWeekendDays = weekendShare(true);
  const windowWeekdays = weekendShare(false);

  const mean = (daily: readonly number[], weekend: boolean | undefined): number => {
    let total = 0;
    let weight = 0;
    days.forEach((d, i) => {
      if (weekend !== undefined && d.weekend !== weekend) return;
      total += daily[i] ?? 0;
      weight += d.weight;
    });
    return weight === 0 ? mean(daily, undefined) : total / weight;
  };

  const base = (daily: readonly number[]): number => {
    if (!calendar) return (daily.reduce((s, v) => s + v, 0) * monthDays) / observedDays;
    const weekday = windowWeekdays > 0 ? mean(daily, false) : mean(daily, undefined);
    const weekend = windowWeekendDays > 0 ? mean(daily, true) : mean(daily, undefined);
    return weekday * calendar.weekdays + weekend * calendar.weekendDays;
  };

  const useWeekendTerm = calendar !== undefined && windowWeekdays > 0 && windowWeekendDays > 0;
  const trendRows = days.map((d, i) => (useWeekendTerm ? [1, i, d.weekend ? 1 : 0] : [1, i]));
  const trendWeights = days.map((d) => d.weight);
  const withTrend = (daily: readonly number[]): number => {
    const coefficients = leastSquares(trendRows, days.map((_, i) => daily[i] ?? 0), trendWeights);
    if (!coefficients) return base(daily);
    const [a, b, c = 0] = coefficients as [number, number, number?];
    const projected = target.reduce((sum, t, i) => sum + a + b * t + (useWeekendTerm && targetWeekend[i] ? c : 0), 0);
    return Math.max(0, projected);
  };

  return {
    method: calendar ? 'calendar-month' : 'linear',
    windowDays: observedDays,
    monthDays,
    factor: monthDays / observedDays,
    calendar,
    trendApplied: settings.trend,
    days,
    project: settings.trend && days.length >= 2 ? withTrend : base,
    projectBase: base,
  };
}

/** The least-squares slope of a daily series, per day, and the fitted values at the window's ends. */
export function trendOf(daily: readonly number[], days: readonly { weight: number }[]): { slopePerDay: number; start: number; end: number } {
  const rows = days.map((_, i) => [1, i]);
  const fit = days.length >= 2 ? leastSquares(rows, days.map((_, i) => daily[i] ?? 0), days.map((d) => d.weight)) : undefined;
  if (!fit) return { slopePerDay: 0, start: daily[0] ?? 0, end: daily[0] ?? 0 };
  const [a, b] = fit as [number, number];
  return { slopePerDay: b, start: a, end: a + b * (days.length - 1) };
}
