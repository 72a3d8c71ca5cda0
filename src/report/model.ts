import type { AssumptionInForce } from '../core/assumptions.js';
import type { EventCounts } from '../core/classify.js';
import type { InputWarning } from '../core/input-ledger.js';
import type { PriceTier } from '../core/pricing.js';
import type { RecordingAdvice } from '../core/advice.js';

/** Counts split by resource type (or by rule), with their total. */
export interface Breakdown {
  total: number;
  byResourceType: Record<string, number>;
}

export interface RuleBreakdown {
  total: number;
  byRule: Record<string, number>;
}

export interface RuleSetReport {
  name: string;
  description: string;
  rules: {
    name: string;
    rule: string;
    managed: boolean;
    trigger: 'change' | 'periodic' | 'both';
    resourceTypes: string[];
    accountLevel: boolean;
    maximumExecutionFrequency: string | null;
    deployment: 'rules' | 'conformance-pack';
    usageType: string;
    source: string;
  }[];
  ruleEvaluations: {
    observed: RuleBreakdown;
    monthly: RuleBreakdown;
    /** The first run of each rule evaluates every in-scope resource once; not part of the monthly figures. */
    setup: RuleBreakdown;
    monthlyByUsageType: Record<string, number>;
  };
  /** AWS::Config::ResourceCompliance CIs the rules add (assumption resource-compliance-cis-per-evaluated-ci). */
  resourceCompliance: { recorded: boolean; cisPerEvaluatedCi: number; observed: number; monthly: number };
  monthlyCostUSD: {
    configurationItems: number;
    resourceCompliance: number;
    ruleEvaluations: number;
    total: number;
    byRule: Record<string, number>;
  };
  /** Cost of the set minus the cost of the set without the rule. */
  marginalCostUSD: Record<string, number>;
  /** One-time cost of the first run of every rule. */
  setupCostUSD: number;
  /** Total monthly cost over months resampled from the observed days (forecast.range). */
  monthlyCostRangeUSD?: { p10: number; p50: number; p90: number };
}

/** One row per account and region: where the money is spent. */
export interface AccountRegionReport {
  account: string;
  region: string;
  configurationItems: { observed: number; monthly: number };
  monthlyCostUSD: number;
}

/**
 * The one report model of `estimate`. Every output format renders from it; the JSON format is this
 * object as it stands, and is the contract (README "JSON contract").
 */
export interface EstimateReport {
  /** Marks the file as config-cost's own: --out overwrites such files without --force. */
  generator: 'config-cost';
  window: { from: string; to: string; days: number };
  incomplete: boolean;
  files: { read: number; digest: number; insights: number; skipped: number };
  skipped: { files: number; records: number; byReason: Record<string, number> };
  warnings: InputWarning[];
  events: EventCounts;
  recording: {
    mode: 'continuous' | 'daily';
    usageType: string;
    recordTypes: string[] | null;
    excludeTypes: string[];
    notRecorded: { observed: Breakdown };
  };
  forecast: {
    method: 'linear' | 'calendar-month';
    windowDays: number;
    monthDays: number;
    /** monthly = observed x factor for the linear method (monthDays / windowDays). */
    factor: number;
    /** --month: the calendar month, from weekday and weekend rates. */
    month: { month: string; weekdays: number; weekendDays: number; windowWeekdays: number; windowWeekendDays: number } | null;
    /** The least-squares trend of daily CIs over the window; applied with --trend. */
    trend: { applied: boolean; configurationItemsPerDay: { start: number; end: number; slopePerDay: number } };
    range: { method: 'resampled days'; samples: number; seed: number; percentiles: number[] };
  };
  configurationItems: {
    observed: Breakdown;
    monthly: Breakdown;
    monthlyCostUSD: Breakdown;
    /** CIs by UTC day of the window, per resource type with any. */
    daily: { days: string[]; byResourceType: Record<string, number[]> };
  };
  byAccountRegion: AccountRegionReport[];
  /** What periodic rules evaluate: per account, region and type, with where each figure came from. */
  inventory: {
    resources: { account: string; region: string; resourceType: string; count: number; source: 'inventory-file' | 'replay' | 'plan' }[];
    /** Account-level rules evaluate each of these once per run: accounts and regions with container activity or in the inventory file. */
    accountRegions: { account: string; region: string }[];
  };
  /** Per resource type: continuous, daily or excluded, priced with the first rule set. */
  recordingAdvice: RecordingAdvice[];
  ruleSets: RuleSetReport[];
  pricing: {
    tierScope: 'region' | 'account';
    currency: 'USD';
    usageTypes: { usageType: string; unit: string; tiers: PriceTier[]; status: string; since: string; source: string }[];
  };
  assumptions: AssumptionInForce[];
}
