import { formatCount, formatQuantity, formatUSD, renderColumns } from './format.js';
import type { PlanReport } from './plan-model.js';
import { recordingAdviceLines, ruleSetSummary } from './rule-set-tables.js';

function headline(report: PlanReport): string {
  const first = report.ruleSets[0]!;
  const s = report.scenario;
  const rate = `${formatQuantity(s.deploysPerServicePerDay)} deploys and ${formatQuantity(s.autoscalingPerServicePerDay)} scaling actions per service a day`;
  const where =
    report.mode === 'parametric'
      ? `${report.parameters!.services} services x ${report.parameters!.accounts} account(s) in ${report.parameters!.region}, no data (parametric)`
      : `from the replay of ${report.baseline!.window.from.slice(0, 10)} to ${report.baseline!.window.to.slice(0, 10)}`;
  return `AWS Config plan: ${formatUSD(first.monthlyCostUSD.total)} per month with rule set '${first.name}' at ${rate} (${where})`;
}

/** `config-cost plan`: the month planned, the sweep over deploys a day, the budget answer, the advice. */
export function renderPlanTable(report: PlanReport): string {
  const out: string[] = [headline(report), ''];
  if (report.baseline) {
    const b = report.baseline;
    out.push(
      `Today      ${formatQuantity(b.deploysPerServicePerDay)} deploys and ${formatQuantity(b.autoscalingPerServicePerDay)} scaling actions per service a day over ${b.services} services; ${formatQuantity(b.tasksPerDeploy)} tasks replaced per deploy (from ${formatCount(b.taskNetworkInterfaceChanges)} task ENI changes)`,
    );
    const m = report.scenario.multipliers!;
    out.push(`Planned    changes scaled: deploys x ${m.deploy.toFixed(3)}, scaling x ${m.scaling.toFixed(3)}, task churn x ${m.tasks.toFixed(3)}`);
  } else {
    const p = report.parameters!;
    out.push(
      `Model      per service a day: ${p.deploysPerDay} deploys (1 revision + 1 service CI each), ${p.autoscalingPerDay} desiredCount changes (1 service CI each), ${p.tasksPerService} tasks replaced per deploy (1 ENI CI per task started or stopped); ${p.clusters} cluster(s), ${p.repositories} repositories`,
    );
  }
  out.push(`Month      ${report.forecast.monthDays} days, ${report.recording.mode} recording`);
  out.push('');
  out.push('Configuration items per month');
  const cis = report.configurationItems;
  const types = Object.keys(cis.monthly.byResourceType).filter((t) => (cis.monthly.byResourceType[t] ?? 0) > 0);
  out.push(
    ...renderColumns([
      ['resource type', 'CIs', 'USD'],
      ...types.map((t) => [t, formatQuantity(cis.monthly.byResourceType[t]!), formatUSD(cis.monthlyCostUSD.byResourceType[t]!)]),
      ['total', formatQuantity(cis.monthly.total), formatUSD(cis.monthlyCostUSD.total)],
    ]),
  );
  out.push('', 'Rule sets', ...ruleSetSummary(report));
  if (report.sweep.length > 0) {
    out.push('', 'Sweep: deploys per service per day');
    const names = report.ruleSets.map((s) => s.name);
    out.push(
      ...renderColumns([
        ['deploys/day', 'CIs/month', ...names],
        ...report.sweep.map((p) => [String(p.deploysPerDay), formatQuantity(p.configurationItemsMonthly), ...names.map((n) => formatUSD(p.monthlyCostUSD[n]!))]),
      ]),
    );
  }
  if (report.budgetUSD !== null) {
    out.push('', `Budget ${formatUSD(report.budgetUSD)} a month`);
    for (const set of report.ruleSets) {
      const max = set.maxDeploysPerDayWithinBudget;
      out.push(
        max === null || max === undefined
          ? `  ${set.name}: over budget even with no deploys`
          : `  ${set.name}: at most ${formatCount(max)}${set.budgetSearchCapped ? ' or more' : ''} deploys per service a day`,
      );
    }
  }
  const advice = recordingAdviceLines(report);
  if (advice.length > 0) out.push('', ...advice);
  out.push('', 'Assumptions (override with --assume ID=VALUE)');
  for (const a of report.assumptions) out.push(`  ${a.id} = ${String(a.value)}${a.overridden ? ` (default ${String(a.default)})` : ''}`);
  if (report.incomplete) out.push('', 'Incomplete: some files or records could not be used (warnings on stderr).');
  return `${out.join('\n')}\n`;
}
