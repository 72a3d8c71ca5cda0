import { formatCount, formatQuantity, formatUSD, renderColumns } from './format.js';
import type { EstimateReport, RuleSetReport } from './model.js';
import { FREQUENCY_LABEL, type Frequency } from '../rules/schema.js';

const percent = (part: number, whole: number) => (whole === 0 ? '0%' : `${((part / whole) * 100).toFixed(1)}%`);
const signedUSD = (value: number) => (Math.abs(value) < 0.005 ? '$0.00' : `${value > 0 ? '+' : '-'}${formatUSD(Math.abs(value))}`);

/** One row per rule set: what it evaluates and costs per month, and how far it is from the first. */
export function ruleSetSummary(report: Pick<EstimateReport, 'ruleSets'>): string[] {
  const first = report.ruleSets[0]!;
  const rows = [['rule set', 'rules', 'evaluations/month', 'evaluations', 'compliance CIs', 'CIs', 'total/month', 'vs first', 'setup (once)']];
  for (const set of report.ruleSets) {
    const cost = set.monthlyCostUSD;
    rows.push([
      set.name,
      formatCount(set.rules.length),
      formatQuantity(set.ruleEvaluations.monthly.total),
      formatUSD(cost.ruleEvaluations),
      formatUSD(cost.resourceCompliance),
      formatUSD(cost.configurationItems),
      formatUSD(cost.total),
      set === first ? '' : signedUSD(cost.total - first.monthlyCostUSD.total),
      formatUSD(set.setupCostUSD),
    ]);
  }
  return renderColumns(rows);
}

/** The rules of one set, most expensive (by marginal cost) first. */
export function ruleBreakdown(set: RuleSetReport, limit = Number.POSITIVE_INFINITY): string[] {
  if (set.rules.length === 0) return ['  (no rules)'];
  const monthly = set.ruleEvaluations.monthly;
  const rules = [...set.rules].sort(
    (a, b) => (set.marginalCostUSD[b.name] ?? 0) - (set.marginalCostUSD[a.name] ?? 0) || (a.name < b.name ? -1 : 1),
  );
  const rows = [['rule', 'trigger', 'evaluations/month', 'share', 'cost/month', 'marginal']];
  for (const rule of rules.slice(0, limit)) {
    const frequency = rule.maximumExecutionFrequency ? FREQUENCY_LABEL[rule.maximumExecutionFrequency as Frequency] : '';
    const trigger = rule.trigger === 'change' ? 'change' : `${rule.trigger === 'both' ? 'change + periodic' : 'periodic'} ${frequency}`;
    rows.push([
      rule.name,
      rule.accountLevel ? `${trigger}, account` : trigger,
      formatQuantity(monthly.byRule[rule.name] ?? 0),
      percent(monthly.byRule[rule.name] ?? 0, monthly.total),
      formatUSD(set.monthlyCostUSD.byRule[rule.name] ?? 0),
      formatUSD(set.marginalCostUSD[rule.name] ?? 0),
    ]);
  }
  const lines = renderColumns(rows, new Set([2, 3, 4, 5]));
  if (rules.length > limit) lines.push(`  ... and ${rules.length - limit} more rules (--format json lists all)`);
  return lines;
}

/** The compliance-CI line a rule set adds, with the assumption it rests on. */
export function complianceLine(set: RuleSetReport): string | undefined {
  const c = set.resourceCompliance;
  if (set.rules.length === 0) return undefined;
  if (!c.recorded) return '  AWS::Config::ResourceCompliance is not recorded: the rules add no compliance CIs.';
  return `  AWS::Config::ResourceCompliance: ${formatQuantity(c.monthly)} CIs/month, ${formatUSD(set.monthlyCostUSD.resourceCompliance)} (assumption resource-compliance-cis-per-evaluated-ci = ${c.cisPerEvaluatedCi})`;
}

/** Where the inventory that periodic rules evaluate came from. */
export function inventoryLines(report: EstimateReport): string[] {
  const periodic = report.ruleSets.some((s) => s.rules.some((r) => r.trigger !== 'change'));
  if (!periodic) return [];
  const resources = report.inventory.resources;
  const out = ['Inventory evaluated by periodic rules (replay: resources seen in the input and not deleted; override with --inventory)'];
  if (resources.length === 0) out.push('  (none seen)');
  else out.push(...renderColumns([['account', 'region', 'resource type', 'count', 'source'], ...resources.map((r) => [r.account, r.region, r.resourceType, formatCount(r.count), r.source])], new Set([3])));
  out.push(`  account-level rules: ${report.inventory.accountRegions.length} account-region(s) with container activity`);
  return out;
}

/** Each rule set's rules, its compliance line, then the inventory: the detail under the summary. */
export function ruleSetDetails(report: EstimateReport, heading: (set: RuleSetReport) => string, limit?: number): string[] {
  const out: string[] = [];
  for (const set of report.ruleSets) {
    if (set.rules.length === 0) continue;
    out.push('', heading(set), ...ruleBreakdown(set, limit));
    const compliance = complianceLine(set);
    if (compliance) out.push(compliance);
  }
  const inventory = inventoryLines(report);
  if (inventory.length > 0) out.push('', ...inventory);
  return out;
}

/** Continuous, daily or excluded, per resource type, with what each gives up. */
export function recordingAdviceLines(report: Pick<EstimateReport, 'ruleSets' | 'recordingAdvice'>): string[] {
  const advice = report.recordingAdvice;
  if (advice.length === 0) return [];
  const set = report.ruleSets[0]!;
  const out = [`Recording advice (monthly bill with rule set '${set.name}' when only this type changes; daily wins above 4 changes a day)`];
  out.push(
    ...renderColumns(
      [
        ['resource type', 'changes/day', 'continuous', 'daily', 'excluded', 'advice'],
        ...advice.map((a) => [
          a.resourceType,
          formatQuantity(a.changesPerResourceDay),
          formatUSD(a.monthlyCostUSD.continuous),
          formatUSD(a.monthlyCostUSD.daily),
          formatUSD(a.monthlyCostUSD.excluded),
          a.recommended === a.current ? `keep ${a.current}` : `${a.recommended}: saves ${formatUSD(a.savingsUSD)}`,
        ]),
      ],
      new Set([1, 2, 3, 4]),
    ),
  );
  const ruled = advice.filter((a) => a.changeTriggeredRules.length > 0);
  if (ruled.length > 0) {
    out.push('  Daily recording delays change-triggered rules to one evaluation a day; excluding a type stops them:');
    for (const a of ruled) out.push(`    ${a.resourceType}: ${a.changeTriggeredRules.length} rule(s), e.g. ${a.changeTriggeredRules.slice(0, 2).join(', ')}`);
  }
  return out;
}
