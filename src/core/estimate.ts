import type { EstimateReport } from '../report/model.js';
import type { RuleSet } from '../rules/rule-set.js';
import type { Assumptions } from './assumptions.js';
import type { Classification } from './classify.js';
import type { AccountRegion } from './evaluations.js';
import { isoSeconds } from './event-time.js';
import { linearForecast } from './forecast.js';
import type { InputAccounting } from './input-ledger.js';
import { inferInventory, mergeInventory, type InventoryEntry } from './inventory.js';
import { priceUsage, type PriceBook, type TierScope } from './pricing.js';
import { recordConfigurationItems, type RecordingSettings } from './recording.js';
import { replayConfigurationItems } from './replay.js';
import { roundFactor, roundQuantity, roundUSD, sortedRecord } from './round.js';
import { priceRuleSet } from './rule-set-cost.js';
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
  /** The rule sets to price, in the order given; `none` when the user named none. */
  ruleSets: readonly RuleSet[];
  /** A user's inventory file: authoritative for the account, region and type it lists. */
  inventoryFile?: readonly Omit<InventoryEntry, 'source'>[] | undefined;
}

function add(into: Record<string, number>, key: string, value: number): void {
  into[key] = (into[key] ?? 0) + value;
}

/** Accounts and regions with container activity in the input, or listed in the inventory. */
function accountRegionsOf(classification: Classification, inventory: readonly InventoryEntry[]): AccountRegion[] {
  const seen = new Map<string, AccountRegion>();
  for (const e of [...classification.history, ...classification.counted]) seen.set(`${e.account}|${e.region}`, { account: e.account, region: e.region });
  for (const e of inventory) seen.set(`${e.account}|${e.region}`, { account: e.account, region: e.region });
  return [...seen.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, v]) => v);
}

/** The whole estimate: replay, recording, forecast, rule evaluations and pricing, as one report. Pure. */
export function buildEstimateReport(input: EstimateInput): EstimateReport {
  const { window, classification, assumptions } = input;
  const monthDays = assumptions.number('month-days');
  const tierScope = assumptions.string('tier-scope') as TierScope;
  const forecast = linearForecast(window, monthDays);

  const replayed = [...classification.history, ...classification.counted];
  const changes = replayConfigurationItems(replayed, window.fromMs);
  const recorded = recordConfigurationItems(changes, input.recording);

  const observedByType: Record<string, number> = Object.fromEntries(input.resourceTypes.map((t) => [t, 0]));
  for (const c of recorded.counts) add(observedByType, c.resourceType, c.count);
  const observedTotal = recorded.counts.reduce((sum, c) => sum + c.count, 0);

  const priced = priceUsage(
    recorded.counts.map((c) => ({ account: c.account, region: c.region, usageType: recorded.usageType, label: c.resourceType, quantity: c.count * forecast.factor })),
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

  const inventory = mergeInventory(inferInventory(replayed), input.inventoryFile ?? []);
  const accountRegions = accountRegionsOf(classification, inventory);
  const ruleSets = input.ruleSets.map((set) =>
    priceRuleSet(set, {
      recorded: recorded.counts,
      recording: input.recording,
      inventory,
      accountRegions,
      windowDays: window.days,
      factor: forecast.factor,
      priceBook: input.priceBook,
      tierScope,
      complianceCisPerEvaluatedCi: assumptions.number('resource-compliance-cis-per-evaluated-ci'),
      configurationItemsCostUSD: ciCost,
    }),
  );

  const notRecorded = recorded.notRecordedByResourceType;
  const usageTypes = [recorded.usageType, ...new Set(ruleSets.flatMap((s) => Object.keys(s.ruleEvaluations.monthlyByUsageType)))];
  if (ruleSets.some((s) => s.resourceCompliance.observed > 0) && !usageTypes.includes('ConfigurationItemRecorded')) usageTypes.push('ConfigurationItemRecorded');
  const pricedRegion = recorded.counts.find((c) => input.priceBook.isPriced(c.region))?.region ?? input.priceBook.priceSets[0]!.regions[0]!;
  return {
    window: { from: isoSeconds(window.fromMs), to: isoSeconds(window.toMs), days: roundQuantity(window.days) },
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
    forecast: { ...forecast, windowDays: roundQuantity(forecast.windowDays), factor: roundFactor(forecast.factor) },
    configurationItems: {
      observed: { total: observedTotal, byResourceType: sortedRecord(observedByType, (v) => v) },
      monthly: { total: roundQuantity(observedTotal * forecast.factor), byResourceType: sortedRecord(observedByType, (v) => roundQuantity(v * forecast.factor)) },
      monthlyCostUSD: { total: roundUSD(ciCost), byResourceType: sortedRecord(costByType, roundUSD) },
    },
    byAccountRegion: [...byAccountRegion.values()].map((row) => ({
      account: row.account,
      region: row.region,
      configurationItems: { observed: row.configurationItems.observed, monthly: roundQuantity(row.configurationItems.observed * forecast.factor) },
      monthlyCostUSD: roundUSD(row.monthlyCostUSD),
    })),
    inventory: { resources: inventory, accountRegions },
    ruleSets,
    pricing: {
      tierScope,
      currency: 'USD',
      usageTypes: usageTypes.map((u) => {
        const p = input.priceBook.price(pricedRegion, u);
        return { usageType: p.usageType, unit: p.unit, tiers: p.tiers, status: p.status, since: p.since, source: p.source };
      }),
    },
    assumptions: assumptions.list(),
  };
}
