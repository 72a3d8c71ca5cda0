import type { AccountRegionReport, Breakdown, RuleSetReport } from '../report/model.js';
import type { RuleSet } from '../rules/rule-set.js';
import type { AccountRegion } from './evaluations.js';
import type { Forecast } from './forecast.js';
import type { InventoryEntry } from './inventory.js';
import { priceUsage, type PriceBook, type TierScope } from './pricing.js';
import { percentiles, resampledProjectors } from './range.js';
import type { RecordedCount, RecordedItems, RecordingSettings } from './recording.js';
import { roundQuantity, roundUSD, sortedRecord } from './round.js';
import { costOf, countSetEvaluations, priceRuleSet, type RuleSetCostContext } from './rule-set-cost.js';

/** What a month is made of: recorded CIs by day, the inventory, and how to price them. */
export interface ScenarioInput {
  recorded: RecordedItems;
  inventory: readonly InventoryEntry[];
  accountRegions: readonly AccountRegion[];
  forecast: Forecast;
  recording: RecordingSettings;
  ruleSets: readonly RuleSet[];
  priceBook: PriceBook;
  tierScope: TierScope;
  complianceCisPerEvaluatedCi: number;
  /** Resource types reported even when zero, so reports line up. */
  resourceTypes: readonly string[];
  /** Resample the observed days for a P10-P90 range (costly: off for sweeps). */
  withRange: boolean;
}

export interface PricedScenario {
  configurationItems: { observed: Breakdown; monthly: Breakdown; monthlyCostUSD: Breakdown };
  byAccountRegion: AccountRegionReport[];
  ruleSets: RuleSetReport[];
}

function add(into: Record<string, number>, key: string, value: number): void {
  into[key] = (into[key] ?? 0) + value;
}

/** Prices CIs and every rule set of a scenario for the forecast month. Pure. */
export function priceScenario(input: ScenarioInput): PricedScenario {
  const { recorded, forecast, priceBook, tierScope } = input;
  const zeros = () => Object.fromEntries(input.resourceTypes.map((t) => [t, 0])) as Record<string, number>;
  const observedByType = zeros();
  const monthlyByType = zeros();
  for (const c of recorded.counts) {
    add(observedByType, c.resourceType, c.count);
    add(monthlyByType, c.resourceType, forecast.project(c.daily));
  }
  const ciLines = (project: (daily: readonly number[]) => number, counts: readonly RecordedCount[]) =>
    counts.map((c) => ({ account: c.account, region: c.region, usageType: c.usageType ?? recorded.usageType, label: c.resourceType, quantity: project(c.daily) }));
  const priced = priceUsage(ciLines(forecast.project, recorded.counts), priceBook, tierScope);
  const costByType = zeros();
  for (const line of priced) add(costByType, line.label, line.costUSD);
  const ciCost = priced.reduce((sum, l) => sum + l.costUSD, 0);

  const rows = new Map<string, AccountRegionReport>();
  const rowFor = (account: string, region: string) => {
    const key = `${account}|${region}`;
    let row = rows.get(key);
    if (!row) {
      row = { account, region, configurationItems: { observed: 0, monthly: 0 }, monthlyCostUSD: 0 };
      rows.set(key, row);
    }
    return row;
  };
  for (const c of recorded.counts) {
    const row = rowFor(c.account, c.region);
    row.configurationItems.observed += c.count;
    row.configurationItems.monthly += forecast.project(c.daily);
  }
  for (const line of priced) rowFor(line.account, line.region).monthlyCostUSD += line.costUSD;

  const context: RuleSetCostContext = {
    recorded: recorded.counts,
    recording: input.recording,
    inventory: input.inventory,
    accountRegions: input.accountRegions,
    dayWeights: forecast.days.map((d) => d.weight),
    project: forecast.project,
    priceBook,
    tierScope,
    complianceCisPerEvaluatedCi: input.complianceCisPerEvaluatedCi,
    configurationItemsCostUSD: ciCost,
  };
  const ruleSets = input.ruleSets.map((set) => priceRuleSet(set, context));

  if (input.withRange) {
    // The same pricing over months resampled from the observed days.
    const counts = input.ruleSets.map((set) => countSetEvaluations(set, context));
    const totals: number[][] = input.ruleSets.map(() => []);
    for (const project of resampledProjectors(forecast)) {
      const ciSample = priceUsage(ciLines(project, recorded.counts), priceBook, tierScope).reduce((sum, l) => sum + l.costUSD, 0);
      input.ruleSets.forEach((set, i) => {
        const cost = costOf(set.rules, counts[i]!, { ...context, project });
        totals[i]!.push(ciSample + cost.evaluationsUSD + cost.complianceUSD);
      });
    }
    ruleSets.forEach((set, i) => {
      const range = percentiles(totals[i]!);
      set.monthlyCostRangeUSD = { p10: roundUSD(range.p10), p50: roundUSD(range.p50), p90: roundUSD(range.p90) };
    });
  }

  const sum = (values: Record<string, number>) => Object.values(values).reduce((a, b) => a + b, 0);
  return {
    configurationItems: {
      observed: { total: sum(observedByType), byResourceType: sortedRecord(observedByType, (v) => v) },
      monthly: { total: roundQuantity(sum(monthlyByType)), byResourceType: sortedRecord(monthlyByType, roundQuantity) },
      monthlyCostUSD: { total: roundUSD(ciCost), byResourceType: sortedRecord(costByType, roundUSD) },
    },
    byAccountRegion: [...rows.values()].map((row) => ({
      account: row.account,
      region: row.region,
      configurationItems: { observed: row.configurationItems.observed, monthly: roundQuantity(row.configurationItems.monthly) },
      monthlyCostUSD: roundUSD(row.monthlyCostUSD),
    })),
    ruleSets,
  };
}
