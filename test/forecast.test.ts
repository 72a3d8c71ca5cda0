import { describe, expect, it } from 'vitest';
import { calendarMonth, makeForecast, trendOf } from '../src/core/forecast.js';
import { percentiles, resampledProjectors } from '../src/core/range.js';
import { cli } from './helpers/run.js';

const DAY = 86_400_000;
const window = (from: string, days: number) => ({ fromMs: Date.parse(`${from}T00:00:00Z`), toMs: Date.parse(`${from}T00:00:00Z`) + days * DAY, days });

describe('calendar months', () => {
  it.each([
    ['2026-02', 28, 20, 8],
    ['2026-12', 31, 23, 8],
    ['2026-08', 31, 21, 10],
    ['2028-02', 29, 21, 8],
  ])('%s has %i days: %i weekdays and %i weekend days', (month, days, weekdays, weekend) => {
    const m = calendarMonth(month, 0);
    expect([m.days, m.weekdays, m.weekendDays]).toEqual([days, weekdays, weekend]);
  });

  it('forecasts from weekday and weekend rates: 10 a weekday and 2 a weekend day make 23 x 10 + 8 x 2 = 246 in December 2026', () => {
    const w = window('2026-10-05', 14); // Monday 5 October: two whole weeks
    const forecast = makeForecast(w, { monthDays: 30, month: '2026-12', trend: false });
    const daily = forecast.days.map((d) => (d.weekend ? 2 : 10));
    expect(forecast.project(daily)).toBeCloseTo(246, 9);
    // and a 28-day February: 20 x 10 + 8 x 2
    expect(makeForecast(w, { monthDays: 30, month: '2026-02', trend: false }).project(daily)).toBeCloseTo(216, 9);
  });

  it('uses the overall mean where the window has no weekend day', () => {
    const w = window('2026-10-05', 5); // Monday to Friday
    const forecast = makeForecast(w, { monthDays: 30, month: '2026-12', trend: false });
    expect(forecast.project([5, 5, 5, 5, 5])).toBeCloseTo(31 * 5, 9);
  });
});

describe('the trend', () => {
  it('is reported as a least-squares line and, applied, extends it over the month', () => {
    const w = window('2026-10-01', 10);
    const daily = Array.from({ length: 10 }, (_, d) => d + 1); // 1, 2, ..., 10
    const linear = makeForecast(w, { monthDays: 30, trend: false });
    const trended = makeForecast(w, { monthDays: 30, trend: true });
    expect(linear.project(daily)).toBeCloseTo((55 * 30) / 10, 9);
    // y = 1 + t over t = 10..39: 30 + (10 + 39) x 30 / 2 = 765
    expect(trended.project(daily)).toBeCloseTo(765, 9);
    expect(trendOf(daily, linear.days)).toEqual({ slopePerDay: expect.closeTo(1, 9), start: expect.closeTo(1, 9), end: expect.closeTo(10, 9) });
  });

  it('never projects below zero', () => {
    const w = window('2026-10-01', 10);
    const falling = Array.from({ length: 10 }, (_, d) => 10 - d);
    expect(makeForecast(w, { monthDays: 30, trend: true }).project(falling)).toBe(0);
  });
});

describe('the range', () => {
  it('is a point for a constant series and brackets the median otherwise', () => {
    const w = window('2026-10-01', 30);
    const forecast = makeForecast(w, { monthDays: 30, trend: false });
    const projectors = resampledProjectors(forecast, 200, 7);
    const flat = percentiles(projectors.map((p) => p(new Array(30).fill(3))));
    expect(flat).toEqual({ p10: 90, p50: 90, p90: 90 });
    const spiky = Array.from({ length: 30 }, (_, d) => (d % 5 === 0 ? 50 : 0));
    const r = percentiles(projectors.map((p) => p(spiky)));
    expect(r.p10).toBeLessThan(forecast.project(spiky));
    expect(r.p90).toBeGreaterThan(forecast.project(spiky));
  });

  it('is in the estimate, around the point', async () => {
    const run = await cli(['estimate', '--events', 'examples/cloudtrail', '--format', 'json']);
    const set = JSON.parse(run.stdout).ruleSets[0];
    expect(set.monthlyCostRangeUSD.p10).toBeLessThanOrEqual(set.monthlyCostUSD.total);
    expect(set.monthlyCostRangeUSD.p90).toBeGreaterThanOrEqual(set.monthlyCostUSD.total);
  });

  it('--month and --trend reach the report, and bad months are refused', async () => {
    const run = await cli(['estimate', '--events', 'examples/cloudtrail', '--month', '2026-12', '--trend', '--format', 'json']);
    const report = JSON.parse(run.stdout);
    expect(report.forecast.method).toBe('calendar-month');
    expect(report.forecast.month).toMatchObject({ month: '2026-12', weekdays: 23, weekendDays: 8 });
    expect(report.forecast.trend.applied).toBe(true);
    const bad = await cli(['estimate', '--events', 'examples/cloudtrail', '--month', '2026-13']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--month takes a calendar month/);
  });
});
