/**
 * The model's side of the backtest: the observed-window figures of an estimate (not the monthly forecast),
 * per resource type, per rule of the set and per usage type, each with its series by UTC day.
 */
import { countComplianceItems, countRuleEvaluations, RESOURCE_COMPLIANCE } from '../core/evaluations.js';
import { windowDays } from '../core/forecast.js';
import type { RecordedCount } from '../core/recording.js';
import type { EstimateReport } from '../report/model.js';
import type { RuleSet } from '../rules/rule-set.js';

export interface Series {
  total: number;
  daily: number[];
}

export interface ModeledFigures {
  /** Per resource type with any CIs (the catalog's types, and AWS::Config::ResourceCompliance when the set adds some). */
  configurationItems: Map<string, Series>;
  /** Per rule of the set (by its name in the set). */
  ruleEvaluations: Map<string, Series>;
  /** Per usage type (no region prefix) the model prices: CI recording and rule evaluations. */
  usage: Map<string, Series>;
}

const zeros = (n: number) => new Array<number>(n).fill(0);
const addInto = (into: number[], add: readonly number[]) => add.forEach((v, i) => (into[i] = (into[i] ?? 0) + v));

/** The figures of an estimate report, for its first rule set (`set` is that set's definition). */
export function modeledFigures(report: EstimateReport, set: RuleSet): ModeledFigures {
  const window = { fromMs: Date.parse(report.window.from), toMs: Date.parse(report.window.to), days: report.window.days };
  const days = windowDays(window);
  const dayCount = days.length;
  const configurationItems = new Map<string, Series>();
  for (const [type, total] of Object.entries(report.configurationItems.observed.byResourceType)) {
    if (total === 0) continue;
    configurationItems.set(type, { total, daily: [...(report.configurationItems.daily.byResourceType[type] ?? zeros(dayCount))] });
  }
  // The rule functions take recorded counts per account and region; summed over all of them here (totals only).
  const recorded: RecordedCount[] = [...configurationItems].map(([resourceType, s]) => ({ account: '*', region: '*', resourceType, count: s.total, daily: s.daily }));

  const first = report.ruleSets[0];
  if (first && first.resourceCompliance.recorded && first.resourceCompliance.observed > 0) {
    const daily = zeros(dayCount);
    for (const c of countComplianceItems(set.rules, recorded, first.resourceCompliance.cisPerEvaluatedCi)) addInto(daily, c.daily);
    configurationItems.set(RESOURCE_COMPLIANCE, { total: first.resourceCompliance.observed, daily });
  }

  const ruleEvaluations = new Map<string, Series>();
  const inventory = report.inventory.resources;
  const weights = days.map((d) => d.weight);
  for (const rule of set.rules) {
    const daily = zeros(dayCount);
    for (const row of countRuleEvaluations(rule, recorded, inventory, report.inventory.accountRegions, weights)) addInto(daily, row.daily);
    ruleEvaluations.set(rule.name, { total: first?.ruleEvaluations.observed.byRule[rule.name] ?? daily.reduce((a, b) => a + b, 0), daily });
  }

  const usage = new Map<string, Series>();
  const add = (usageType: string, s: Series) => {
    const entry = usage.get(usageType) ?? { total: 0, daily: zeros(dayCount) };
    entry.total += s.total;
    addInto(entry.daily, s.daily);
    usage.set(usageType, entry);
  };
  const ciUsage = report.recording.usageType;
  add('ConfigurationItemRecorded', { total: 0, daily: zeros(dayCount) });
  add(ciUsage, { total: 0, daily: zeros(dayCount) });
  add('ConfigRuleEvaluations', { total: 0, daily: zeros(dayCount) });
  for (const [type, s] of configurationItems) add(type === RESOURCE_COMPLIANCE ? 'ConfigurationItemRecorded' : ciUsage, s);
  for (const rule of set.rules) {
    add(rule.deployment === 'conformance-pack' ? 'ConformancePackEvaluations' : 'ConfigRuleEvaluations', ruleEvaluations.get(rule.name)!);
  }
  return { configurationItems, ruleEvaluations, usage };
}
