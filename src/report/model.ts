import type { AssumptionInForce } from '../core/assumptions.js';
import type { EventCounts } from '../core/classify.js';
import type { InputWarning } from '../core/input-ledger.js';
import type { PriceTier } from '../core/pricing.js';

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
  ruleEvaluations: { observed: RuleBreakdown; monthly: RuleBreakdown };
  monthlyCostUSD: { configurationItems: number; ruleEvaluations: number; total: number };
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
  forecast: { method: 'linear'; windowDays: number; monthDays: number; factor: number };
  configurationItems: {
    observed: Breakdown;
    monthly: Breakdown;
    monthlyCostUSD: Breakdown;
  };
  byAccountRegion: AccountRegionReport[];
  ruleSets: RuleSetReport[];
  pricing: {
    tierScope: 'region' | 'account';
    currency: 'USD';
    usageTypes: { usageType: string; unit: string; tiers: PriceTier[]; status: string; since: string; source: string }[];
  };
  assumptions: AssumptionInForce[];
}
