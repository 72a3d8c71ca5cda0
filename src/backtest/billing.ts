/**
 * What was billed for AWS Config, per usage type (DOMAIN.md §1) and UTC day: from a Cost and Usage Report CSV
 * (legacy `lineItem/UsageType` columns or CUR 2.0 `line_item_usage_type`) or from Cost Explorer. Usage types
 * carry an irregular region prefix (`USE2-ConfigRuleEvaluations`, `EU-...`, none in some regions): matched on
 * the suffix.
 */
import { DAY_MS, parseEventTime } from '../core/event-time.js';
import type { Window } from '../core/window.js';
import { InputError } from '../errors.js';
import { columnOf, parseAmount, parseCsv, readTextFile } from './input-file.js';

/** The AWS Config usage types (DOMAIN.md §1), longest first so a suffix match picks the right one. */
export const CONFIG_USAGE_TYPES = [
  'ProactiveConfigRuleEvaluations',
  'ConfigurationItemRecordedDaily',
  'ConformancePackEvaluations',
  'ConfigurationItemRecorded',
  'CustomConfigItemRecorded',
  'ConfigRuleEvaluations',
] as const;

/** The usage type without its region prefix: `USE2-ConfigRuleEvaluations` -> `ConfigRuleEvaluations`. */
export function usageTypeSuffix(usageType: string): string {
  const trimmed = usageType.trim();
  for (const known of CONFIG_USAGE_TYPES) {
    if (trimmed === known || trimmed.endsWith(`-${known}`) || trimmed.endsWith(`:${known}`)) return known;
  }
  const dash = trimmed.lastIndexOf('-');
  return dash >= 0 ? trimmed.slice(dash + 1) : trimmed;
}

export interface BilledLine {
  usageType: string;
  /** The usage's day (epoch ms of any instant in it). */
  timeMs: number;
  quantity: number;
  costUSD: number;
}

export interface Billed {
  /** Per usage type suffix: quantity over the window, by day, and the cost. */
  byUsageType: Map<string, { quantity: number; daily: number[]; costUSD: number }>;
  lines: number;
  linesOutsideWindow: number;
}

export function billedInWindow(lines: readonly BilledLine[], window: Window): Billed {
  const dayCount = Math.max(1, Math.ceil((window.toMs - window.fromMs) / DAY_MS - 1e-9));
  const firstDay = Math.floor(window.fromMs / DAY_MS) * DAY_MS;
  const byUsageType = new Map<string, { quantity: number; daily: number[]; costUSD: number }>();
  let used = 0;
  let outside = 0;
  for (const line of lines) {
    const dayStart = Math.floor(line.timeMs / DAY_MS) * DAY_MS;
    const day = (dayStart - firstDay) / DAY_MS;
    if (day < 0 || day >= dayCount || dayStart >= window.toMs) {
      outside += 1;
      continue;
    }
    const key = usageTypeSuffix(line.usageType);
    let entry = byUsageType.get(key);
    if (!entry) {
      entry = { quantity: 0, daily: new Array<number>(dayCount).fill(0), costUSD: 0 };
      byUsageType.set(key, entry);
    }
    entry.quantity += line.quantity;
    entry.daily[day]! += line.quantity;
    entry.costUSD += line.costUSD;
    used += 1;
  }
  return { byUsageType: new Map([...byUsageType].sort(([a], [b]) => (a < b ? -1 : 1))), lines: used, linesOutsideWindow: outside };
}

const FLAG = '--cur';

/** Line item types that are usage (not tax, credits, refunds, fees or discounts). */
const USAGE_LINE_TYPES = new Set(['usage', 'discountedusage', 'savingsplancoveredusage']);

export interface CurFilter {
  /** Only these accounts (lineItem/UsageAccountId), when the file has the column. */
  accounts?: ReadonlySet<string>;
  /** Only these regions (product/region, product_region_code), when the file has the column. */
  regions?: ReadonlySet<string>;
}

/**
 * Reads a CUR CSV (optionally gzipped): AWS Config usage lines (product code AWSConfig, or a Config usage type
 * when there is no product column), by usage type and usage start day.
 */
export function parseCur(path: string, filter: CurFilter = {}): { lines: BilledLine[]; otherAccountsOrRegions: number } {
  const rows = parseCsv(readTextFile(path, FLAG));
  const header = rows[0];
  if (!header) throw new InputError(`${FLAG} ${path}: empty file`);
  const col = {
    usageType: columnOf(header, ['lineItem/UsageType', 'line_item_usage_type', 'UsageType']),
    amount: columnOf(header, ['lineItem/UsageAmount', 'line_item_usage_amount', 'UsageAmount', 'UsageQuantity']),
    cost: columnOf(header, ['lineItem/UnblendedCost', 'line_item_unblended_cost', 'UnblendedCost', 'Cost']),
    start: columnOf(header, ['lineItem/UsageStartDate', 'line_item_usage_start_date', 'UsageStartDate', 'Date']),
    product: columnOf(header, ['lineItem/ProductCode', 'line_item_product_code', 'ProductCode']),
    lineType: columnOf(header, ['lineItem/LineItemType', 'line_item_line_item_type', 'LineItemType']),
    account: columnOf(header, ['lineItem/UsageAccountId', 'line_item_usage_account_id', 'UsageAccountId']),
    region: columnOf(header, ['product/region', 'product_region_code', 'product_region', 'Region']),
  };
  const missing = (['usageType', 'amount', 'start'] as const).filter((k) => col[k] === undefined);
  if (missing.length > 0) {
    throw new InputError(`${FLAG} ${path}: not a Cost and Usage Report CSV: no ${missing.map((m) => ({ usageType: 'lineItem/UsageType', amount: 'lineItem/UsageAmount', start: 'lineItem/UsageStartDate' })[m]).join(', ')} column`);
  }
  const lines: BilledLine[] = [];
  let otherAccountsOrRegions = 0;
  rows.slice(1).forEach((row, i) => {
    const at = `${FLAG} ${path}: line ${i + 2}`;
    const cell = (c: number | undefined) => (c === undefined ? undefined : (row[c] ?? '').trim());
    const usageType = cell(col.usageType)!;
    const product = cell(col.product);
    const isConfig = product !== undefined && product !== '' ? product === 'AWSConfig' : CONFIG_USAGE_TYPES.includes(usageTypeSuffix(usageType) as (typeof CONFIG_USAGE_TYPES)[number]);
    if (!isConfig) return;
    const lineType = cell(col.lineType);
    if (lineType !== undefined && lineType !== '' && !USAGE_LINE_TYPES.has(lineType.toLowerCase())) return;
    const account = cell(col.account);
    const region = cell(col.region);
    if ((filter.accounts && account && !filter.accounts.has(account)) || (filter.regions && region && !filter.regions.has(region))) {
      otherAccountsOrRegions += 1;
      return;
    }
    const start = cell(col.start)!;
    const timeMs = parseEventTime(/^\d{4}-\d{2}-\d{2}$/.test(start) ? `${start}T00:00:00Z` : start) ?? Date.parse(start);
    if (Number.isNaN(timeMs)) throw new InputError(`${at}: '${start}' is not a usage start date`);
    const quantity = parseAmount(cell(col.amount)!);
    if (quantity === undefined) throw new InputError(`${at}: '${cell(col.amount)}' is not a usage amount`);
    lines.push({ usageType, timeMs, quantity, costUSD: parseAmount(cell(col.cost) ?? '') ?? 0 });
  });
  return { lines, otherAccountsOrRegions };
}
