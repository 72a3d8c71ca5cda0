import { formatQuantity, formatUSD } from './format.js';
import type { EstimateReport } from './model.js';
import type { PlanReport } from './plan-model.js';

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const row = (cells: readonly string[]) => `| ${cells.map(cell).join(' | ')} |`;
const signed = (value: number) => (Math.abs(value) < 0.005 ? '$0.00' : `${value > 0 ? '+' : '-'}${formatUSD(Math.abs(value))}`);

/** A compact summary for a pull-request comment: the rule sets side by side, then the detail folded away. */
export function renderMarkdown(report: EstimateReport | PlanReport): string {
  const first = report.ruleSets[0]!;
  const out: string[] = [];
  const isPlan = 'mode' in report;
  out.push(`### AWS Config: ${formatUSD(first.monthlyCostUSD.total)} per month with \`${first.name}\``);
  out.push('');
  if (isPlan) {
    const s = report.scenario;
    out.push(`Plan (${report.mode}): ${formatQuantity(s.deploysPerServicePerDay)} deploys and ${formatQuantity(s.autoscalingPerServicePerDay)} scaling actions per service a day, ${report.forecast.monthDays}-day month, ${report.recording.mode} recording.`);
  } else {
    out.push(`Replay of ${report.window.from.slice(0, 10)} to ${report.window.to.slice(0, 10)} (${report.window.days} days, monthly = observed x ${report.forecast.factor.toFixed(4)}), ${report.recording.mode} recording.${report.incomplete ? ' **Incomplete input:** some files or records could not be used.' : ''}`);
  }
  out.push('');
  out.push(row(['Rule set', 'Rules', 'Evaluations/month', 'Evaluations', 'Compliance CIs', 'CIs', 'Total/month', 'vs first']));
  out.push('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const set of report.ruleSets) {
    const c = set.monthlyCostUSD;
    const range = set.monthlyCostRangeUSD ? ` (P10–P90 ${formatUSD(set.monthlyCostRangeUSD.p10)}–${formatUSD(set.monthlyCostRangeUSD.p90)})` : '';
    out.push(
      row([
        `\`${set.name}\``,
        String(set.rules.length),
        formatQuantity(set.ruleEvaluations.monthly.total),
        formatUSD(c.ruleEvaluations),
        formatUSD(c.resourceCompliance),
        formatUSD(c.configurationItems),
        `**${formatUSD(c.total)}**${range}`,
        set === first ? '' : signed(c.total - first.monthlyCostUSD.total),
      ]),
    );
  }
  if (isPlan && report.budgetUSD !== null) {
    out.push('');
    out.push(`Budget ${formatUSD(report.budgetUSD)}: ${report.ruleSets.map((s) => `\`${s.name}\` at most ${s.maxDeploysPerDayWithinBudget ?? 'no'} deploys per service a day`).join('; ')}.`);
  }
  const cis = report.configurationItems;
  const types = Object.keys(cis.monthly.byResourceType).filter((t) => (cis.monthly.byResourceType[t] ?? 0) > 0);
  out.push('');
  out.push('<details><summary>Configuration items by resource type</summary>');
  out.push('');
  out.push(row(['Resource type', 'CIs/month', 'USD/month']));
  out.push('| --- | ---: | ---: |');
  for (const t of types) out.push(row([`\`${t}\``, formatQuantity(cis.monthly.byResourceType[t]!), formatUSD(cis.monthlyCostUSD.byResourceType[t]!)]));
  out.push('');
  out.push('</details>');
  const ruled = report.ruleSets.filter((s) => s.rules.length > 0);
  for (const set of ruled) {
    const top = [...set.rules].sort((a, b) => (set.marginalCostUSD[b.name] ?? 0) - (set.marginalCostUSD[a.name] ?? 0) || (a.name < b.name ? -1 : 1)).slice(0, 5);
    out.push('');
    out.push(`<details><summary>Most expensive rules of <code>${set.name}</code></summary>`);
    out.push('');
    out.push(row(['Rule', 'Evaluations/month', 'Marginal cost']));
    out.push('| --- | ---: | ---: |');
    for (const r of top) out.push(row([`\`${r.name}\``, formatQuantity(set.ruleEvaluations.monthly.byRule[r.name] ?? 0), formatUSD(set.marginalCostUSD[r.name] ?? 0)]));
    out.push('');
    out.push('</details>');
  }
  const changed = report.assumptions.filter((a) => a.overridden);
  out.push('');
  out.push(
    `Assumptions: ${report.assumptions.length} named, ${changed.length === 0 ? 'all at their defaults' : `overridden: ${changed.map((a) => `\`${a.id}=${String(a.value)}\``).join(', ')}`}. Made with config-cost.`,
  );
  return `${out.join('\n')}\n`;
}
