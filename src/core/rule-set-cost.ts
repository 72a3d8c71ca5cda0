import { EVALUATION_USAGE_TYPE, type RuleInstance, type RuleSet } from '../rules/rule-set.js';
import type { RuleSetReport } from '../report/model.js';
import { countComplianceItems, countRuleEvaluations, RESOURCE_COMPLIANCE, type AccountRegion, type RuleEvaluationCount } from './evaluations.js';
import type { InventoryEntry } from './inventory.js';
import { priceUsage, type PriceBook, type TierScope, type UsageLine } from './pricing.js';
import { isRecorded, USAGE_TYPE_BY_MODE, type RecordedCount, type RecordingSettings } from './recording.js';
import { roundQuantity, roundUSD, sortedRecord } from './round.js';

export interface RuleSetCostContext {
  /** Resource CIs recorded in the window, per account, region and type. */
  recorded: readonly RecordedCount[];
  recording: RecordingSettings;
  inventory: readonly InventoryEntry[];
  accountRegions: readonly AccountRegion[];
  /** The share of each window day that is inside the window (1 but for a partial last day). */
  dayWeights: readonly number[];
  /** Turns a daily series into its monthly figure (the forecast). */
  project: (daily: readonly number[]) => number;
  priceBook: PriceBook;
  tierScope: TierScope;
  /** Assumption resource-compliance-cis-per-evaluated-ci. */
  complianceCisPerEvaluatedCi: number;
  /** Monthly cost of the resource CIs, the same for every rule set. */
  configurationItemsCostUSD: number;
}

const sum = (values: Iterable<number>) => {
  let total = 0;
  for (const v of values) total += v;
  return total;
};

export interface RuleSetCost {
  evaluationsUSD: number;
  complianceUSD: number;
  evaluationsByRuleUSD: Map<string, number>;
  complianceObserved: number;
  complianceMonthly: number;
}

/** Evaluations of every rule of a set, per account and region, by day. */
export function countSetEvaluations(set: RuleSet, context: RuleSetCostContext): Map<string, RuleEvaluationCount[]> {
  const counts = new Map<string, RuleEvaluationCount[]>();
  for (const rule of set.rules) {
    counts.set(rule.name, countRuleEvaluations(rule, context.recorded, context.inventory, context.accountRegions, context.dayWeights));
  }
  return counts;
}

/** Monthly evaluation and compliance-CI cost of some rules of a set, tiers pooled as the scope says. */
export function costOf(rules: readonly RuleInstance[], counts: ReadonlyMap<string, RuleEvaluationCount[]>, context: RuleSetCostContext): RuleSetCost {
  const lines: UsageLine[] = rules.flatMap((rule) =>
    (counts.get(rule.name) ?? []).map((c) => ({
      account: c.account,
      region: c.region,
      usageType: EVALUATION_USAGE_TYPE[rule.deployment],
      label: rule.name,
      quantity: context.project(c.daily),
    })),
  );
  const priced = priceUsage(lines, context.priceBook, context.tierScope);
  const evaluationsByRuleUSD = new Map<string, number>();
  for (const line of priced) evaluationsByRuleUSD.set(line.label, (evaluationsByRuleUSD.get(line.label) ?? 0) + line.costUSD);

  let complianceUSD = 0;
  let complianceObserved = 0;
  let complianceMonthly = 0;
  if (isRecorded(RESOURCE_COMPLIANCE, context.recording)) {
    // Daily recording cannot be set for ResourceCompliance (Config developer guide): always continuous.
    const compliance = countComplianceItems(rules, context.recorded, context.complianceCisPerEvaluatedCi);
    complianceObserved = sum(compliance.map((c) => c.count));
    complianceMonthly = sum(compliance.map((c) => context.project(c.daily)));
    const pricedCompliance = priceUsage(
      compliance.map((c) => ({ ...c, usageType: USAGE_TYPE_BY_MODE.continuous, label: RESOURCE_COMPLIANCE, quantity: context.project(c.daily) })),
      context.priceBook,
      context.tierScope,
    );
    complianceUSD = sum(pricedCompliance.map((l) => l.costUSD));
  }
  return { evaluationsUSD: sum(evaluationsByRuleUSD.values()), complianceUSD, evaluationsByRuleUSD, complianceObserved, complianceMonthly };
}

/** Evaluations, compliance CIs, cost per rule, marginal cost per rule and the one-time setup of a rule set. */
export function priceRuleSet(set: RuleSet, context: RuleSetCostContext): RuleSetReport {
  const counts = countSetEvaluations(set, context);
  const whole = costOf(set.rules, counts, context);
  const totalUSD = whole.evaluationsUSD + whole.complianceUSD;
  const marginal: Record<string, number> = {};
  for (const rule of set.rules) {
    const without = costOf(set.rules.filter((r) => r !== rule), counts, context);
    marginal[rule.name] = totalUSD - (without.evaluationsUSD + without.complianceUSD);
  }

  const observedByRule: Record<string, number> = {};
  const monthlyByRule: Record<string, number> = {};
  const setupByRule: Record<string, number> = {};
  const monthlyByUsageType: Record<string, number> = {};
  for (const rule of set.rules) {
    const rows = counts.get(rule.name)!;
    observedByRule[rule.name] = sum(rows.map((r) => r.observed));
    monthlyByRule[rule.name] = sum(rows.map((r) => context.project(r.daily)));
    setupByRule[rule.name] = sum(rows.map((r) => r.setup));
    const usageType = EVALUATION_USAGE_TYPE[rule.deployment];
    monthlyByUsageType[usageType] = (monthlyByUsageType[usageType] ?? 0) + monthlyByRule[rule.name]!;
  }
  const setupLines: UsageLine[] = set.rules.flatMap((rule) =>
    counts.get(rule.name)!.map((c) => ({ account: c.account, region: c.region, usageType: EVALUATION_USAGE_TYPE[rule.deployment], label: rule.name, quantity: c.setup })),
  );
  const setupUSD = sum(priceUsage(setupLines, context.priceBook, context.tierScope).map((l) => l.costUSD));
  const observedTotal = sum(Object.values(observedByRule));
  const complianceRecorded = isRecorded(RESOURCE_COMPLIANCE, context.recording);

  return {
    name: set.name,
    description: set.description,
    rules: set.rules.map((r) => ({
      name: r.name,
      rule: r.rule,
      managed: r.managed,
      trigger: r.trigger,
      resourceTypes: r.resourceTypes,
      accountLevel: r.accountLevel,
      maximumExecutionFrequency: r.maximumExecutionFrequency,
      deployment: r.deployment,
      usageType: EVALUATION_USAGE_TYPE[r.deployment],
      source: r.source,
    })),
    ruleEvaluations: {
      observed: { total: roundQuantity(observedTotal), byRule: sortedRecord(observedByRule, roundQuantity) },
      monthly: { total: roundQuantity(sum(Object.values(monthlyByRule))), byRule: sortedRecord(monthlyByRule, roundQuantity) },
      setup: { total: roundQuantity(sum(Object.values(setupByRule))), byRule: sortedRecord(setupByRule, roundQuantity) },
      monthlyByUsageType: sortedRecord(monthlyByUsageType, roundQuantity),
    },
    resourceCompliance: {
      recorded: complianceRecorded,
      cisPerEvaluatedCi: context.complianceCisPerEvaluatedCi,
      observed: roundQuantity(whole.complianceObserved),
      monthly: roundQuantity(whole.complianceMonthly),
    },
    monthlyCostUSD: {
      configurationItems: roundUSD(context.configurationItemsCostUSD),
      resourceCompliance: roundUSD(whole.complianceUSD),
      ruleEvaluations: roundUSD(whole.evaluationsUSD),
      total: roundUSD(context.configurationItemsCostUSD + totalUSD),
      byRule: sortedRecord(Object.fromEntries(set.rules.map((r) => [r.name, whole.evaluationsByRuleUSD.get(r.name) ?? 0])), roundUSD),
    },
    marginalCostUSD: sortedRecord(marginal, roundUSD),
    setupCostUSD: roundUSD(setupUSD),
  };
}
