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
  /** What periodic rules evaluate: per account, region and type, with where each figure came from. */
  inventory: {
    resources: { account: string; region: string; resourceType: string; count: number; source: 'inventory-file' | 'replay' }[];
    /** Account-level rules evaluate each of these once per run: accounts and regions with container activity or in the inventory file. */
    accountRegions: { account: string; region: string }[];
  };
  ruleSets: RuleSetReport[];
  pricing: {
    tierScope: 'region' | 'account';
    currency: 'USD';
    usageTypes: { usageType: string; unit: string; tiers: PriceTier[]; status: string; since: string; source: string }[];
  };
  assumptions: AssumptionInForce[];
}
