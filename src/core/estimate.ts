import type { EstimateReport, RuleSetReport } from '../report/model.js';
import type { Assumptions } from './assumptions.js';
import type { Classification } from './classify.js';
import { isoSeconds } from './event-time.js';
import { linearForecast } from './forecast.js';
import type { InputAccounting } from './input-ledger.js';
import { priceUsage, type PriceBook, type TierScope } from './pricing.js';
import { recordConfigurationItems, type RecordingSettings } from './recording.js';
import { replayConfigurationItems } from './replay.js';
import type { Window } from './window.js';

export interface EstimateInput {
  window: Window;
  classification: Classification;
  input: InputAccounting;
  recording: RecordingSettings;
  assumptions: Assumptions;
  priceBook: PriceBook;
  /** Resource types in the catalog, reported even when zero so reports line up. */
  resourceTypes: readonly string[];
}

const round = (value: number, places: number) => {
  const f = 10 ** places;
  return Math.round(value * f) / f;
};
const usd = (value: number) => round(value, 6);
const quantity = (value: number) => round(value, 4);

function add(into: Record<string, number>, key: string, value: number): void {
  into[key] = (into[key] ?? 0) + value;
}

function sortedRecord(values: Record<string, number>, map: (v: number) => number): Record<string, number> {
  return Object.fromEntries(
    Object.keys(values)
      .sort()
      .map((k) => [k, map(values[k]!)]),
  );
}

/** The whole estimate: replay, recording, forecast and pricing, as one report. Pure. */
export function buildEstimateReport(input: EstimateInput): EstimateReport {
  const { window, classification, assumptions } = input;
  const monthDays = assumptions.number('month-days');
  const tierScope = assumptions.string('tier-scope') as TierScope;
  const forecast = linearForecast(window, monthDays);

  const changes = replayConfigurationItems(classification.counted);
  const recorded = recordConfigurationItems(changes, input.recording);

  const observedByType: Record<string, number> = Object.fromEntries(input.resourceTypes.map((t) => [t, 0]));
  for (const c of recorded.counts) add(observedByType, c.resourceType, c.count);
  const observedTotal = recorded.counts.reduce((sum, c) => sum + c.count, 0);

  const priced = priceUsage(
    recorded.counts.map((c) => ({
      account: c.account,
      region: c.region,
      usageType: recorded.usageType,
      label: c.resourceType,
      quantity: c.count * forecast.factor,
    })),
    input.priceBook,
    tierScope,
  );
  const costByType: Record<string, number> = Object.fromEntries(input.resourceTypes.map((t) => [t, 0]));
  for (const line of priced) add(costByType, line.label, line.costUSD);
  const ciCost = priced.reduce((sum, l) => sum + l.costUSD, 0);

  const byAccountRegion = new Map<string, EstimateReport['byAccountRegion'][number]>();
  const rowFor = (account: string, region: string) => {
    const key = `${account}|${region}`;
    let row = byAccountRegion.get(key);
    if (!row) {
      row = { account, region, configurationItems: { observed: 0, monthly: 0 }, monthlyCostUSD: 0 };
      byAccountRegion.set(key, row);
    }
    return row;
  };
  for (const c of recorded.counts) rowFor(c.account, c.region).configurationItems.observed += c.count;
  for (const line of priced) rowFor(line.account, line.region).monthlyCostUSD += line.costUSD;

  const notRecorded = recorded.notRecordedByResourceType;
  const ruleSets: RuleSetReport[] = [
    {
      name: 'none',
      ruleEvaluations: { observed: { total: 0, byRule: {} }, monthly: { total: 0, byRule: {} } },
      monthlyCostUSD: { configurationItems: usd(ciCost), ruleEvaluations: 0, total: usd(ciCost) },
    },
  ];

  const usageTypes = [recorded.usageType];
  const pricedRegion = recorded.counts.find((c) => input.priceBook.isPriced(c.region))?.region;
  return {
    window: { from: isoSeconds(window.fromMs), to: isoSeconds(window.toMs), days: quantity(window.days) },
    incomplete: input.input.incomplete,
    files: input.input.files,
    skipped: input.input.skipped,
    warnings: input.input.warnings,
    events: classification.events,
    recording: {
      mode: input.recording.mode,
      usageType: recorded.usageType,
      recordTypes: input.recording.recordTypes ? [...input.recording.recordTypes].sort() : null,
      excludeTypes: [...(input.recording.excludeTypes ?? [])].sort(),
      notRecorded: {
        observed: { total: Object.values(notRecorded).reduce((a, b) => a + b, 0), byResourceType: sortedRecord(notRecorded, (v) => v) },
      },
    },
    forecast: { ...forecast, windowDays: quantity(forecast.windowDays), factor: round(forecast.factor, 6) },
    configurationItems: {
      observed: { total: observedTotal, byResourceType: sortedRecord(observedByType, (v) => v) },
      monthly: { total: quantity(observedTotal * forecast.factor), byResourceType: sortedRecord(observedByType, (v) => quantity(v * forecast.factor)) },
      monthlyCostUSD: { total: usd(ciCost), byResourceType: sortedRecord(costByType, usd) },
    },
    byAccountRegion: [...byAccountRegion.values()].map((row) => ({
      account: row.account,
      region: row.region,
      configurationItems: { observed: row.configurationItems.observed, monthly: quantity(row.configurationItems.observed * forecast.factor) },
      monthlyCostUSD: usd(row.monthlyCostUSD),
    })),
    ruleSets,
    pricing: {
      tierScope,
      currency: 'USD',
      usageTypes: usageTypes.map((u) => {
        const p = input.priceBook.price(pricedRegion ?? input.priceBook.priceSets[0]!.regions[0]!, u);
        return { usageType: p.usageType, unit: p.unit, tiers: p.tiers, status: p.status, since: p.since, source: p.source };
      }),
    },
    assumptions: assumptions.list(),
  };
}
