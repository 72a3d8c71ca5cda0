import type { RecordingAdvice } from '../core/advice.js';
import type { AssumptionInForce } from '../core/assumptions.js';
import type { PlanParameters, ReplayBaseline } from '../core/plan.js';
import type { Driver } from '../catalog/schema.js';
import type { Breakdown, RuleSetReport } from './model.js';

/** A rule set in a plan: the estimate's contract, plus the budget answer. */
export type PlanRuleSet = RuleSetReport & {
  /** The most deploys per service per day whose monthly total stays within --budget; null: not even zero fits. */
  maxDeploysPerDayWithinBudget?: number | null;
  /** True when the search stopped at its ceiling with the budget still not reached. */
  budgetSearchCapped?: boolean;
};

/** One row of the sweep over deploys per service per day. */
export interface SweepPoint {
  deploysPerDay: number;
  configurationItemsMonthly: number;
  monthlyCostUSD: Record<string, number>;
}

/** `config-cost plan`: the report model; JSON is this object. */
export interface PlanReport {
  generator: 'config-cost';
  mode: 'replay' | 'parametric';
  /** The parametric inputs (parametric mode). */
  parameters: PlanParameters | null;
  /** What the replay shows today (replay mode), and its window. */
  baseline: (ReplayBaseline & { window: { from: string; to: string; days: number } }) | null;
  /** The month being planned: the deploy and scaling rates, and the multipliers on the replay's changes. */
  scenario: { deploysPerServicePerDay: number; autoscalingPerServicePerDay: number; multipliers: Record<Driver, number> | null };
  forecast: { monthDays: number };
  recording: { mode: 'continuous' | 'daily'; recordTypes: string[] | null; excludeTypes: string[] };
  configurationItems: { monthly: Breakdown; monthlyCostUSD: Breakdown };
  ruleSets: PlanRuleSet[];
  sweep: SweepPoint[];
  budgetUSD: number | null;
  recordingAdvice: RecordingAdvice[];
  incomplete: boolean;
  assumptions: AssumptionInForce[];
}
