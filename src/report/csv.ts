import type { EstimateReport } from './model.js';
import type { PlanReport } from './plan-model.js';

const HEADER = ['kind', 'ruleSet', 'name', 'observed', 'monthly', 'monthlyCostUSD', 'marginalCostUSD'] as const;

/** RFC 4180: quote fields holding a comma, a quote or a line break; double the quotes. */
export function csvField(value: string | number): string {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One row per resource type and per rule of each rule set (plans have no observed figures). */
export function renderCsv(report: EstimateReport | PlanReport): string {
  const rows: (string | number)[][] = [[...HEADER]];
  const cis = report.configurationItems;
  const observed = 'observed' in cis ? (cis as EstimateReport['configurationItems']).observed.byResourceType : undefined;
  for (const type of Object.keys(cis.monthly.byResourceType)) {
    rows.push(['resourceType', '', type, observed?.[type] ?? '', cis.monthly.byResourceType[type]!, cis.monthlyCostUSD.byResourceType[type]!, '']);
  }
  for (const set of report.ruleSets) {
    for (const rule of set.rules) {
      rows.push([
        'rule',
        set.name,
        rule.name,
        set.ruleEvaluations.observed.byRule[rule.name] ?? '',
        set.ruleEvaluations.monthly.byRule[rule.name] ?? 0,
        set.monthlyCostUSD.byRule[rule.name] ?? 0,
        set.marginalCostUSD[rule.name] ?? 0,
      ]);
    }
    if (set.rules.length > 0) {
      rows.push(['resourceCompliance', set.name, 'AWS::Config::ResourceCompliance', set.resourceCompliance.observed, set.resourceCompliance.monthly, set.monthlyCostUSD.resourceCompliance, '']);
    }
  }
  return `${rows.map((r) => r.map(csvField).join(',')).join('\r\n')}\r\n`;
}
