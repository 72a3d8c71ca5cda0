import { EVENT_CLASSES, type EventCounts } from '../../core/classify.js';
import type { AccountRegion } from '../../core/evaluations.js';
import { DAY_MS, utcDay } from '../../core/event-time.js';
import type { InventoryEntry } from '../../core/inventory.js';
import {
  isRecorded,
  USAGE_TYPE_BY_MODE,
  type DayGrid,
  type RecordedCount,
  type RecordedItems,
  type RecordingSettings,
} from '../../core/recording.js';
import { InputError } from '../../errors.js';

/** CIs recorded on one day of the window in one account, region and resource type. */
export interface AggregateRow {
  /** The window day's first date, YYYY-MM-DD (the UTC date when the window starts at midnight). */
  day: string;
  /** Days from the window's start (0-based). */
  dayIndex: number;
  account: string;
  region: string;
  resourceType: string;
  configurationItems: number;
}

/** The classes of the records the query read, and the rows it could not use. */
export type SqlEventCounts = EventCounts & { skipped: number };

/** One result row as the runners return it: column name to text (a NULL is absent, or the empty string on Lake). */
export type ResultRow = Record<string, string | undefined>;

const present = (value: string | undefined): value is string => value !== undefined && value !== '';

function whole(value: string | undefined, what: string): number {
  const n = Number(value);
  if (!present(value) || !Number.isSafeInteger(n) || n < 0) throw new InputError(`the query returned ${what} '${value ?? ''}', not a whole number`);
  return n;
}

function text(row: ResultRow, column: string): string {
  const value = row[column];
  if (!present(value)) throw new InputError(`the query returned a row without ${column}: ${JSON.stringify(row)}`);
  return value;
}

/**
 * A resource type as the query wrote it: its name, or (typeCodes, the Lake default) its number in the catalog's
 * resourceTypes, counted from 1.
 */
function resourceType(row: ResultRow, resourceTypes: readonly string[] | undefined): string {
  const item = text(row, 'item');
  if (!/^\d+$/.test(item)) return item;
  const name = resourceTypes?.[Number(item) - 1];
  if (name === undefined) throw new InputError(`the query returned resource type number ${item}, which the catalog does not declare`);
  return name;
}

/** The 'ci' rows of a compiled query's result (resourceTypes: the catalog's, to read type numbers). */
export function parseAggregateRows(rows: readonly ResultRow[], window: { fromMs: number }, resourceTypes?: readonly string[]): AggregateRow[] {
  return rows
    .filter((row) => row.kind === 'ci')
    .map((row) => {
      const dayIndex = whole(row.day_index, 'day_index');
      return {
        day: utcDay(window.fromMs + dayIndex * DAY_MS),
        dayIndex,
        account: text(row, 'account'),
        region: text(row, 'region'),
        resourceType: resourceType(row, resourceTypes),
        configurationItems: whole(row.n, 'a count'),
      };
    });
}

/** The 'events' rows: every class, zeros included, and `read` as the classifier sums it (skipped rows apart). */
export function parseEventCounts(rows: readonly ResultRow[]): SqlEventCounts {
  const counts: SqlEventCounts = { read: 0, duplicates: 0, outOfWindow: 0, failed: 0, readOnly: 0, unrelated: 0, counted: 0, skipped: 0 };
  for (const row of rows) {
    if (row.kind !== 'events') continue;
    const item = text(row, 'item');
    if (item !== 'skipped' && !(EVENT_CLASSES as readonly string[]).includes(item)) throw new InputError(`the query returned an unknown event class '${item}'`);
    counts[item as keyof SqlEventCounts] += whole(row.n, 'a count');
  }
  counts.read = EVENT_CLASSES.reduce((sum, c) => sum + counts[c], 0);
  return counts;
}

/** Everything a compiled query (or the queries it was split into) returned, read at once. */
export interface QueryResult {
  aggregates: AggregateRow[];
  events: SqlEventCounts;
  inventory: InventoryEntry[];
  accountRegions: AccountRegion[];
}

export function parseQueryResult(rows: readonly ResultRow[], window: { fromMs: number }, resourceTypes?: readonly string[]): QueryResult {
  return {
    aggregates: parseAggregateRows(rows, window, resourceTypes),
    events: parseEventCounts(rows),
    inventory: parseInventory(rows, resourceTypes),
    accountRegions: parseAccountRegions(rows),
  };
}

/** The 'inventory' rows as the estimate's inventory (source 'replay': inferred from the same events). */
export function parseInventory(rows: readonly ResultRow[], resourceTypes?: readonly string[]): InventoryEntry[] {
  const entries = new Map<string, InventoryEntry>();
  for (const row of rows) {
    if (row.kind !== 'inventory') continue;
    const count = whole(row.n, 'a count');
    if (count === 0) continue;
    const entry = { account: text(row, 'account'), region: text(row, 'region'), resourceType: resourceType(row, resourceTypes), count: 0, source: 'replay' as const };
    const key = `${entry.account}|${entry.region}|${entry.resourceType}`;
    (entries.get(key) ?? entries.set(key, entry).get(key)!).count += count;
  }
  return [...entries.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, e]) => e);
}

/** The 'scope' rows: accounts and regions with container activity, sorted as the estimate sorts them. */
export function parseAccountRegions(rows: readonly ResultRow[]): AccountRegion[] {
  const seen = new Map<string, AccountRegion>();
  for (const row of rows) {
    if (row.kind !== 'scope') continue;
    const account = text(row, 'account');
    const region = text(row, 'region');
    seen.set(`${account}|${region}`, { account, region });
  }
  return [...seen.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, v]) => v);
}

const compareCounts = (a: RecordedCount, b: RecordedCount) =>
  a.account !== b.account ? (a.account < b.account ? -1 : 1) : a.region !== b.region ? (a.region < b.region ? -1 : 1) : a.resourceType < b.resourceType ? -1 : 1;

/**
 * Daily series per account, region and type, as recordConfigurationItems builds them: `grid.dayCount` days from
 * the window's start, a day past the grid clamped to its last day, types with no CI left out, sorted by account,
 * region and type. `usageType` marks every count (leave it out for the recording's own usage type).
 */
export function recordedFromAggregates(rows: readonly AggregateRow[], grid: DayGrid, usageType?: string): RecordedCount[] {
  const totals = new Map<string, RecordedCount>();
  for (const row of rows) {
    if (row.configurationItems === 0) continue;
    const key = `${row.account}|${row.region}|${row.resourceType}`;
    let total = totals.get(key);
    if (!total) {
      total = { account: row.account, region: row.region, resourceType: row.resourceType, count: 0, daily: new Array<number>(grid.dayCount).fill(0) };
      if (usageType !== undefined) total.usageType = usageType;
      totals.set(key, total);
    }
    total.count += row.configurationItems;
    total.daily[Math.min(grid.dayCount - 1, Math.max(0, row.dayIndex))]! += row.configurationItems;
  }
  return [...totals.values()].sort(compareCounts);
}

/**
 * What the recorder records, ready for priceScenario: the aggregates of a query compiled for `settings.mode`,
 * with the types the recorder leaves out moved to notRecordedByResourceType (counted as the query counted them:
 * resource-days under daily recording, where the replay would count changes).
 */
export function recordedItemsFromAggregates(rows: readonly AggregateRow[], grid: DayGrid, settings: RecordingSettings): RecordedItems {
  const notRecorded: Record<string, number> = {};
  const recorded: AggregateRow[] = [];
  for (const row of rows) {
    if (isRecorded(row.resourceType, settings)) recorded.push(row);
    else notRecorded[row.resourceType] = (notRecorded[row.resourceType] ?? 0) + row.configurationItems;
  }
  return { usageType: USAGE_TYPE_BY_MODE[settings.mode], counts: recordedFromAggregates(recorded, grid), notRecordedByResourceType: notRecorded };
}
