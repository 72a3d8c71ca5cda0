import type { Forecast } from './forecast.js';
import { createPrng } from './prng.js';

export const RANGE_SAMPLES = 400;
export const RANGE_SEED = 1;

/** A P10/P50/P90 spread of monthly costs. */
export interface CostRange {
  p10: number;
  p50: number;
  p90: number;
}

/**
 * Projectors that each build a month from observed days drawn with replacement (weekdays from weekdays and
 * weekend days from weekend days for a calendar month). With the trend applied, each is shifted by what
 * the trend adds to the point forecast. Seeded, so a report is reproducible.
 */
export function resampledProjectors(forecast: Forecast, samples = RANGE_SAMPLES, seed = RANGE_SEED): ((daily: readonly number[]) => number)[] {
  const prng = createPrng(seed);
  const full = forecast.days.map((d, i) => ({ ...d, i })).filter((d) => d.weight === 1);
  const pool = full.length > 0 ? full : forecast.days.map((d, i) => ({ ...d, i }));
  const weekdays = pool.filter((d) => !d.weekend).map((d) => d.i);
  const weekend = pool.filter((d) => d.weekend).map((d) => d.i);
  const all = pool.map((d) => d.i);
  const draw = (from: number[], count: number) => Array.from({ length: count }, () => (from.length > 0 ? from : all)[Math.floor(prng.next() * (from.length > 0 ? from : all).length)]!);
  const projectors: ((daily: readonly number[]) => number)[] = [];
  for (let s = 0; s < samples; s++) {
    const picks = forecast.calendar
      ? [...draw(weekdays, forecast.calendar.weekdays), ...draw(weekend, forecast.calendar.weekendDays)]
      : draw(all, Math.round(forecast.monthDays));
    const scale = forecast.calendar ? 1 : forecast.monthDays / Math.max(1, Math.round(forecast.monthDays));
    projectors.push((daily) => {
      let total = 0;
      for (const i of picks) total += daily[i] ?? 0;
      total *= scale;
      return forecast.trendApplied ? Math.max(0, total + forecast.project(daily) - forecast.projectBase(daily)) : total;
    });
  }
  return projectors;
}

/** Linear-interpolated percentiles of sample costs. */
export function percentiles(values: readonly number[]): CostRange {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => {
    if (sorted.length === 0) return 0;
    const pos = q * (sorted.length - 1);
    const lo = Math.floor(pos);
    const hi = Math.min(sorted.length - 1, lo + 1);
    return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
  };
  return { p10: at(0.1), p50: at(0.5), p90: at(0.9) };
}
