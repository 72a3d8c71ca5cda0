/**
 * CIs AWS recorded, per resource type and UTC day: the AWS/Config ConfigurationItemsRecorded metric (Sum over
 * one day, by its ResourceType dimension), from CloudWatch or from a file a user exported. Files accepted:
 * - `aws cloudwatch get-metric-data` output: {"MetricDataResults": [{"Label": "AWS::ECS::Service",
 *   "Timestamps": [...], "Values": [...]}]}, the resource type in each result's Label (or Id);
 * - {"byResourceType": {"AWS::ECS::Service": {"2026-10-03": 12, ...}}} (or a type's total over the window);
 * - a JSON array of {"resourceType", "date"|"timestamp", "value"|"sum"|"count"} rows;
 * - CSV with a header naming those columns (ResourceType, Timestamp/Date/Day, Sum/Value/Count/
 *   ConfigurationItemsRecorded), one row per type and day.
 */
import { DAY_MS, parseEventTime, utcDay } from '../core/event-time.js';
import type { Window } from '../core/window.js';
import { InputError } from '../errors.js';
import { columnOf, parseAmount, parseCsv, readTextFile } from './input-file.js';

const RESOURCE_TYPE = /AWS::[A-Za-z0-9]+::[A-Za-z0-9]+/;

/** One metric data point: the CIs of a type recorded over a day (or, `day` undefined, over the whole window). */
export interface ObservedPoint {
  resourceType: string;
  /** Epoch ms of the point's timestamp; undefined for a window total. */
  timeMs: number | undefined;
  value: number;
}

export interface ObservedCis {
  /** Per resource type: the window's total, and by day of the window (null when only a total was given). */
  byResourceType: Map<string, { total: number; daily: number[] | null }>;
  /** Days of the window with a data point; null when the data are window totals only (no days). */
  daysWithData: number | null;
  pointsOutsideWindow: number;
}

/** Sums points into the window's days; points outside the window are counted and left out. */
export function observedFromPoints(points: readonly ObservedPoint[], window: Window): ObservedCis {
  const dayCount = Math.max(1, Math.ceil((window.toMs - window.fromMs) / DAY_MS - 1e-9));
  const firstDay = Math.floor(window.fromMs / DAY_MS) * DAY_MS;
  const byResourceType = new Map<string, { total: number; daily: number[] | null }>();
  const daysSeen = new Set<number>();
  let outside = 0;
  for (const p of points) {
    let entry = byResourceType.get(p.resourceType);
    if (!entry) {
      entry = { total: 0, daily: new Array<number>(dayCount).fill(0) };
      byResourceType.set(p.resourceType, entry);
    }
    if (p.timeMs === undefined) {
      entry.total += p.value;
      entry.daily = null;
      continue;
    }
    // A daily data point is stamped with its day's start; the window's days start at its first UTC midnight.
    const day = Math.floor((Math.floor(p.timeMs / DAY_MS) * DAY_MS - firstDay) / DAY_MS);
    if (p.timeMs < firstDay || day >= dayCount || Math.floor(p.timeMs / DAY_MS) * DAY_MS >= window.toMs) {
      outside += 1;
      continue;
    }
    entry.total += p.value;
    if (entry.daily) entry.daily[day]! += p.value;
    daysSeen.add(day);
  }
  const totalsOnly = points.length > 0 && points.every((p) => p.timeMs === undefined);
  return { byResourceType: new Map([...byResourceType].sort(([a], [b]) => (a < b ? -1 : 1))), daysWithData: totalsOnly ? null : daysSeen.size, pointsOutsideWindow: outside };
}

const FLAG = '--observed-cis';

function timeOf(value: unknown, where: string): number {
  if (typeof value === 'number' && Number.isFinite(value)) return value < 1e11 ? value * 1000 : value;
  if (typeof value === 'string') {
    const text = value.trim();
    const ms = parseEventTime(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text.replace(/\+00:00$/, 'Z'));
    if (ms !== undefined) return ms;
    const parsed = Date.parse(text);
    if (!Number.isNaN(parsed)) return parsed;
  }
  throw new InputError(`${where}: '${String(value)}' is not a date or timestamp`);
}

function typeFrom(text: unknown, where: string): string {
  const match = typeof text === 'string' ? RESOURCE_TYPE.exec(text) : null;
  if (!match) throw new InputError(`${where}: no resource type such as AWS::ECS::Service in '${String(text)}'`);
  return match[0];
}

function amountOf(value: unknown, where: string): number {
  const n = typeof value === 'number' ? value : typeof value === 'string' ? parseAmount(value) : undefined;
  if (n === undefined || n < 0) throw new InputError(`${where}: '${String(value)}' is not a count of CIs`);
  return n;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const field = (row: Record<string, unknown>, names: readonly string[]): unknown => {
  const key = Object.keys(row).find((k) => names.some((n) => n.toLowerCase() === k.toLowerCase()));
  return key === undefined ? undefined : row[key];
};
const TYPE_NAMES = ['resourceType', 'ResourceType', 'resource_type', 'type'];
const TIME_NAMES = ['date', 'day', 'timestamp', 'time'];
const VALUE_NAMES = ['value', 'sum', 'count', 'configurationItemsRecorded', 'cis'];

/** Reads an --observed-cis file into data points. */
export function parseObservedCis(path: string): ObservedPoint[] {
  const text = readTextFile(path, FLAG);
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new InputError(`${FLAG} ${path}: not JSON (${(error as Error).message.split('\n')[0]})`);
    }
    return pointsFromJson(value, `${FLAG} ${path}`);
  }
  return pointsFromCsv(text, `${FLAG} ${path}`);
}

export function pointsFromJson(value: unknown, where: string): ObservedPoint[] {
  const points: ObservedPoint[] = [];
  if (isObject(value) && Array.isArray(value.MetricDataResults)) {
    value.MetricDataResults.forEach((result, i) => {
      const at = `${where}: MetricDataResults[${i}]`;
      if (!isObject(result)) throw new InputError(`${at}: not an object`);
      const label = RESOURCE_TYPE.test(String(result.Label ?? '')) ? result.Label : result.Id;
      const resourceType = typeFrom(label, `${at} (Label)`);
      const times = Array.isArray(result.Timestamps) ? result.Timestamps : [];
      const values = Array.isArray(result.Values) ? result.Values : [];
      if (times.length !== values.length) throw new InputError(`${at}: ${times.length} Timestamps but ${values.length} Values`);
      times.forEach((t, j) => points.push({ resourceType, timeMs: timeOf(t, `${at}.Timestamps[${j}]`), value: amountOf(values[j], `${at}.Values[${j}]`) }));
    });
    return points;
  }
  if (isObject(value) && isObject(value.byResourceType)) {
    for (const [type, series] of Object.entries(value.byResourceType)) {
      const resourceType = typeFrom(type, `${where}: byResourceType`);
      if (isObject(series)) {
        for (const [day, n] of Object.entries(series)) points.push({ resourceType, timeMs: timeOf(day, `${where}: byResourceType.${type}`), value: amountOf(n, `${where}: byResourceType.${type}.${day}`) });
      } else points.push({ resourceType, timeMs: undefined, value: amountOf(series, `${where}: byResourceType.${type}`) });
    }
    return points;
  }
  if (Array.isArray(value)) {
    value.forEach((row, i) => {
      const at = `${where}: [${i}]`;
      if (!isObject(row)) throw new InputError(`${at}: not an object`);
      const time = field(row, TIME_NAMES);
      points.push({
        resourceType: typeFrom(field(row, TYPE_NAMES), `${at}.resourceType`),
        timeMs: time === undefined ? undefined : timeOf(time, `${at}.date`),
        value: amountOf(field(row, VALUE_NAMES), `${at}.value`),
      });
    });
    return points;
  }
  throw new InputError(`${where}: not a metric export (expected MetricDataResults from get-metric-data, byResourceType, or an array of {resourceType, date, value} rows)`);
}

export function pointsFromCsv(text: string, where: string): ObservedPoint[] {
  const rows = parseCsv(text);
  const header = rows[0];
  if (!header) throw new InputError(`${where}: empty file`);
  const typeCol = columnOf(header, TYPE_NAMES);
  const timeCol = columnOf(header, TIME_NAMES);
  const valueCol = columnOf(header, VALUE_NAMES);
  if (typeCol === undefined || valueCol === undefined) {
    throw new InputError(`${where}: the CSV header needs a ResourceType column and a Sum (or Value, Count) column, with a Date or Timestamp column per day; it has ${header.join(', ')}`);
  }
  return rows.slice(1).map((row, i) => {
    const at = `${where}: line ${i + 2}`;
    const time = timeCol === undefined ? undefined : row[timeCol];
    return {
      resourceType: typeFrom(row[typeCol], at),
      timeMs: time === undefined || time === '' ? undefined : timeOf(time, at),
      value: amountOf(row[valueCol] ?? '', at),
    };
  });
}

/** The day a point's timestamp falls on (for messages and tests). */
export const dayOf = (timeMs: number) => utcDay(timeMs);
