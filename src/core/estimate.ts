import type { EstimateReport } from '../report/model.js';
import type { RuleSet } from '../rules/rule-set.js';
import type { Assumptions } from './assumptions.js';
import type { Classification } from './classify.js';
import type { AccountRegion } from './evaluations.js';
import { DAY_MS, isoSeconds, utcDay } from './event-time.js';
import { makeForecast, trendOf, type ForecastSettings } from './forecast.js';
import { RANGE_SAMPLES, RANGE_SEED } from './range.js';
import { priceScenario } from './scenario.js';
import type { InputAccounting } from './input-ledger.js';
import { inferInventory, mergeInventory, type InventoryEntry } from './inventory.js';
import type { PriceBook, TierScope } from './pricing.js';
import { recordConfigurationItems, type ChangeScaling, type RecordedItems, type RecordingMode, type RecordingSettings } from './recording.js';
import { adviseRecording } from './advice.js';
import { replayConfigurationItems } from './replay.js';
import { roundFactor, roundQuantity, sortedRecord } from './round.js';
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
  /** A what-if on the replay (`plan`): changes counted by driver multipliers. */
  scaling?: ChangeScaling | undefined;
  /** Resample the observed days for a P10-P90 range (default true). */
  withRange?: boolean | undefined;
  /** --month and --trend; the month length comes from the month-days assumption. */
  forecast?: Omit<ForecastSettings, 'monthDays'> | undefined;
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
  const { window, classification } = input;
  const forecast = makeForecast(window, { monthDays: input.assumptions.number('month-days'), trend: false, ...input.forecast });
  const grid = { fromMs: window.fromMs, dayCount: forecast.days.length };
  const replayed = [...classification.history, ...classification.counted];
  const changes = replayConfigurationItems(replayed, window.fromMs);
  const otherMode: RecordingMode = input.recording.mode === 'continuous' ? 'daily' : 'continuous';
  const inventory = mergeInventory(inferInventory(replayed), input.inventoryFile ?? []);
  return buildReportFromRecorded({
    ...input,
    events: { ...classification.events, read: classification.events.read + input.input.skipped.records },
    recorded: recordConfigurationItems(changes, input.recording, grid, input.scaling),
    recordedOtherMode: recordConfigurationItems(changes, { ...input.recording, mode: otherMode }, grid, input.scaling),
    inventory,
    accountRegions: accountRegionsOf(classification, inventory),
  });
}

/** What a report is built from once the records are counted, by the replay or by an SQL engine. */
export interface RecordedInput extends Omit<EstimateInput, 'classification' | 'inventoryFile'> {
  /** The six classes and read (which counts skipped records too). */
  events: EstimateReport['events'];
  recorded: RecordedItems;
  /** The same changes recorded at the other frequency, for the recording advice. */
  recordedOtherMode: RecordedItems;
  inventory: InventoryEntry[];
  accountRegions: AccountRegion[];
}

/** Forecast, rule evaluations, pricing and advice over counted CIs, as one report. Pure. */
export function buildReportFromRecorded(input: RecordedInput): EstimateReport {
  const { window, assumptions, recorded, inventory, accountRegions } = input;
  const tierScope = assumptions.string('tier-scope') as TierScope;
  const forecast = makeForecast(window, { monthDays: assumptions.number('month-days'), trend: false, ...input.forecast });
  const grid = { fromMs: window.fromMs, dayCount: forecast.days.length };

  const dailyByType: Record<string, number[]> = {};
  for (const c of recorded.counts) {
    const series = (dailyByType[c.resourceType] ??= new Array<number>(grid.dayCount).fill(0));
    c.daily.forEach((v, d) => (series[d]! += v));
  }
  const totalDaily = new Array<number>(grid.dayCount).fill(0);
  for (const series of Object.values(dailyByType)) series.forEach((v, d) => (totalDaily[d]! += v));
  const ciTrend = trendOf(totalDaily, forecast.days);

  const scenario = priceScenario({
    recorded,
    inventory,
    accountRegions,
    forecast,
    recording: input.recording,
    ruleSets: input.ruleSets,
    priceBook: input.priceBook,
    tierScope,
    complianceCisPerEvaluatedCi: assumptions.number('resource-compliance-cis-per-evaluated-ci'),
    resourceTypes: input.resourceTypes,
    withRange: input.withRange ?? true,
  });
  const ruleSets = scenario.ruleSets;

  const scenarioFor = (recordedItems: RecordedItems) =>
    priceScenario({
      recorded: recordedItems,
      inventory,
      accountRegions,
      forecast,
      recording: input.recording,
      ruleSets: input.ruleSets.slice(0, 1),
      priceBook: input.priceBook,
      tierScope,
      complianceCisPerEvaluatedCi: assumptions.number('resource-compliance-cis-per-evaluated-ci'),
      resourceTypes: input.resourceTypes,
      withRange: false,
    }).ruleSets[0]!.monthlyCostUSD.total;
  const otherMode: RecordingMode = input.recording.mode === 'continuous' ? 'daily' : 'continuous';
  const byMode = { [input.recording.mode]: recorded, [otherMode]: input.recordedOtherMode } as Record<RecordingMode, RecordedItems>;
  const recordingAdvice = adviseRecording(byMode, input.recording.mode, input.ruleSets[0], scenarioFor);

  const notRecorded = recorded.notRecordedByResourceType;
  const usageTypes = [recorded.usageType, ...new Set(ruleSets.flatMap((s) => Object.keys(s.ruleEvaluations.monthlyByUsageType)))];
  if (ruleSets.some((s) => s.resourceCompliance.observed > 0) && !usageTypes.includes('ConfigurationItemRecorded')) usageTypes.push('ConfigurationItemRecorded');
  const pricedRegion = recorded.counts.find((c) => input.priceBook.isPriced(c.region))?.region ?? input.priceBook.priceSets[0]!.regions[0]!;
  return {
    generator: 'config-cost',
    window: { from: isoSeconds(window.fromMs), to: isoSeconds(window.toMs), days: roundQuantity(window.days) },
    incomplete: input.input.incomplete,
    files: input.input.files,
    skipped: input.input.skipped,
    warnings: input.input.warnings,
    // Every record found is accounted for: the six classes plus the records that could not be used.
    events: input.events,
    recording: {
      mode: input.recording.mode,
      usageType: recorded.usageType,
      recordTypes: input.recording.recordTypes ? [...input.recording.recordTypes].sort() : null,
      excludeTypes: [...(input.recording.excludeTypes ?? [])].sort(),
      notRecorded: {
        observed: { total: Object.values(notRecorded).reduce((a, b) => a + b, 0), byResourceType: sortedRecord(notRecorded, (v) => v) },
      },
    },
    forecast: {
      method: forecast.method,
      windowDays: roundQuantity(forecast.windowDays),
      monthDays: forecast.monthDays,
      factor: roundFactor(forecast.factor),
      month: forecast.calendar
        ? {
            month: forecast.calendar.month,
            weekdays: forecast.calendar.weekdays,
            weekendDays: forecast.calendar.weekendDays,
            windowWeekdays: roundQuantity(forecast.days.filter((d) => !d.weekend).reduce((a, d) => a + d.weight, 0)),
            windowWeekendDays: roundQuantity(forecast.days.filter((d) => d.weekend).reduce((a, d) => a + d.weight, 0)),
          }
        : null,
      trend: {
        applied: forecast.trendApplied,
        configurationItemsPerDay: { start: roundQuantity(ciTrend.start), end: roundQuantity(ciTrend.end), slopePerDay: roundQuantity(ciTrend.slopePerDay) },
      },
      range: { method: 'resampled days', samples: RANGE_SAMPLES, seed: RANGE_SEED, percentiles: [10, 50, 90] },
    },
    configurationItems: {
      ...scenario.configurationItems,
      daily: {
        days: forecast.days.map((_, d) => utcDay(window.fromMs + d * DAY_MS)),
        byResourceType: Object.fromEntries(Object.keys(dailyByType).sort().map((t) => [t, dailyByType[t]!])),
      },
    },
    byAccountRegion: scenario.byAccountRegion,
    inventory: { resources: inventory, accountRegions },
    recordingAdvice,
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
