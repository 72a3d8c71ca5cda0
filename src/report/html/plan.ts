import { formatCount, formatQuantity, formatUSD } from '../format.js';
import type { PlanReport, PlanRuleSet, SweepPoint } from '../plan-model.js';
import { barChart } from './bar-chart.js';
import { escapeHtml } from './escape.js';
import { lineChart } from './line-chart.js';
import { figure, page, section, table } from './page.js';
import {
  assumptionsSection,
  attr,
  configurationItemsTable,
  formatUSDTick,
  quantity,
  recordingAdviceSection,
  ruleSetCards,
  ruleSetColor,
  ruleSetCostSection,
  topRulesSection,
  usd,
} from './sections.js';
import { colorAt } from './svg.js';

const rate = (value: number) => formatQuantity(value);

function header(report: PlanReport): string {
  const first = report.ruleSets[0]!;
  const s = report.scenario;
  const facts: [string, string][] = [];
  if (report.mode === 'parametric' && report.parameters) {
    const p = report.parameters;
    facts.push(['Mode', escapeHtml(`no data (parametric): ${formatCount(p.services)} services × ${formatCount(p.accounts)} account(s) in ${p.region}`)]);
    facts.push([
      'Model',
      escapeHtml(
        `per service a day: ${rate(p.deploysPerDay)} deploys (1 revision + 1 service CI each), ${rate(p.autoscalingPerDay)} desiredCount changes (1 service CI each), ${formatQuantity(p.tasksPerService)} tasks replaced per deploy (1 ENI CI per task started or stopped); ${formatCount(p.clusters)} cluster(s), ${formatCount(p.repositories)} repositories`,
      ),
    ]);
  } else if (report.baseline) {
    const b = report.baseline;
    facts.push(['Mode', escapeHtml(`replay of ${b.window.from.slice(0, 10)} to ${b.window.to.slice(0, 10)} (${b.window.days} days)`)]);
    facts.push([
      'Today',
      escapeHtml(
        `${rate(b.deploysPerServicePerDay)} deploys and ${rate(b.autoscalingPerServicePerDay)} scaling actions per service a day over ${formatCount(b.services)} services; ${formatQuantity(b.tasksPerDeploy)} tasks replaced per deploy (from ${formatCount(b.taskNetworkInterfaceChanges)} task ENI changes)`,
      ),
    ]);
    if (s.multipliers) {
      const m = s.multipliers;
      facts.push(['Planned', escapeHtml(`changes scaled: deploys × ${m.deploy.toFixed(3)}, scaling × ${m.scaling.toFixed(3)}, task churn × ${m.tasks.toFixed(3)}`)]);
    }
  }
  facts.push(['Month', escapeHtml(`${report.forecast.monthDays} days, ${report.recording.mode} recording${report.recording.excludeTypes.length > 0 ? `, excluding ${report.recording.excludeTypes.join(', ')}` : ''}${report.recording.recordTypes ? `, only ${report.recording.recordTypes.join(', ')}` : ''}`)]);
  if (report.budgetUSD !== null) facts.push(['Budget', `${usd(report.budgetUSD, `data-budget-usd="${escapeHtml(report.budgetUSD)}"`)} a month`]);
  return [
    '<header>',
    '<h1>AWS Config plan</h1>',
    `<p class="lead"><strong>${escapeHtml(formatUSD(first.monthlyCostUSD.total))} per month</strong> with rule set <strong>${escapeHtml(first.name)}</strong> at ${escapeHtml(rate(s.deploysPerServicePerDay))} deploys and ${escapeHtml(rate(s.autoscalingPerServicePerDay))} scaling actions per service a day.</p>`,
    `<dl class="facts">${facts.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${v}</dd>`).join('')}</dl>`,
    '</header>',
  ].join('\n');
}

/** The monthly cost of a set at `x` deploys a day, read off the sweep (linear between its points). */
function costAt(sweep: readonly SweepPoint[], name: string, x: number): number | undefined {
  const points = sweep.filter((p) => p.monthlyCostUSD[name] !== undefined);
  for (let i = 0; i < points.length; i++) {
    const p = points[i]!;
    if (p.deploysPerDay === x) return p.monthlyCostUSD[name];
    const next = points[i + 1];
    if (next && p.deploysPerDay < x && x < next.deploysPerDay) {
      const t = (x - p.deploysPerDay) / (next.deploysPerDay - p.deploysPerDay);
      return p.monthlyCostUSD[name]! + t * (next.monthlyCostUSD[name]! - p.monthlyCostUSD[name]!);
    }
  }
  return undefined;
}

function budgetLine(set: PlanRuleSet, budgetUSD: number): string {
  const max = set.maxDeploysPerDayWithinBudget;
  if (max === null || max === undefined) return `${escapeHtml(set.name)}: over budget even with no deploys`;
  return `${escapeHtml(set.name)}: at most <strong>${escapeHtml(formatCount(max))}${set.budgetSearchCapped ? ' or more' : ''}</strong> deploys per service a day within ${escapeHtml(formatUSD(budgetUSD))}`;
}

/** Monthly cost against deploys per service per day, one line per rule set, with the budget. */
function sweepSection(report: PlanReport): string {
  if (report.sweep.length === 0) return '';
  const sets = report.ruleSets;
  const budget = report.budgetUSD;
  const highlights =
    budget === null
      ? []
      : sets.flatMap((set, i) => {
          const max = set.maxDeploysPerDayWithinBudget;
          if (max === null || max === undefined) return [];
          const y = costAt(report.sweep, set.name, max);
          if (y === undefined) return [];
          return [{ x: max, y, color: ruleSetColor(i), label: `${set.name}: at most ${max} deploys per service a day within ${formatUSD(budget)}`, data: { 'rule-set': set.name, 'max-deploys-per-day': max } }];
        });
  const chart = lineChart({
    id: 'chart-sweep',
    title: 'Monthly cost against deploys per service per day',
    desc:
      sets
        .map((set) => `${set.name}: ${report.sweep.map((p) => `${formatUSD(p.monthlyCostUSD[set.name] ?? 0)} at ${p.deploysPerDay}`).join(', ')}`)
        .join('; ') + (budget !== null ? `. Budget ${formatUSD(budget)} a month.` : '.'),
    series: sets.map((set, i) => ({
      label: set.name,
      color: ruleSetColor(i),
      points: report.sweep.filter((p) => p.monthlyCostUSD[set.name] !== undefined).map((p) => ({ x: p.deploysPerDay, y: p.monthlyCostUSD[set.name]! })),
    })),
    xLabel: 'deploys per service per day',
    yLabel: 'USD per month',
    formatX: (v) => formatCount(v),
    integerX: true,
    formatY: formatUSDTick,
    ...(budget !== null ? { reference: { y: budget, label: `budget ${formatUSD(budget)}`, color: '#b42318' } } : {}),
    marker: { x: report.scenario.deploysPerServicePerDay, label: `planned: ${rate(report.scenario.deploysPerServicePerDay)}` },
    highlights,
  });
  const parts: string[] = [
    figure(
      chart,
      escapeHtml(
        `Monthly cost per rule set as deploys per service per day vary${budget !== null ? `, with the ${formatUSD(budget)} budget (dashed); a ring marks the most deploys within budget` : ''}. The dotted line is the planned rate.`,
      ),
    ),
  ];
  if (budget !== null) {
    parts.push(`<ul class="plain budget-answers">${sets.map((set) => `<li ${attr('data-rule-set', set.name)}>${budgetLine(set, budget)}</li>`).join('')}</ul>`);
  }
  parts.push(
    table(
      [{ header: 'deploys/day', numeric: true }, { header: 'CIs/month', numeric: true }, ...sets.map((s) => ({ header: s.name, numeric: true }))],
      report.sweep.map((p) => ({
        attributes: `data-deploys-per-day="${escapeHtml(p.deploysPerDay)}"`,
        cells: [
          escapeHtml(formatCount(p.deploysPerDay)),
          quantity(p.configurationItemsMonthly),
          ...sets.map((s) => (p.monthlyCostUSD[s.name] === undefined ? '' : usd(p.monthlyCostUSD[s.name]!, attr('data-rule-set', s.name)))),
        ],
      })),
      'The sweep',
      'class="sweep"',
    ),
  );
  return section('sweep', 'Deploys per day against cost', parts.join('\n'));
}

function configurationItemsSection(report: PlanReport): string {
  const cis = report.configurationItems;
  const types = Object.keys(cis.monthly.byResourceType)
    .filter((t) => (cis.monthly.byResourceType[t] ?? 0) > 0)
    .sort();
  const color = (type: string) => colorAt(Math.max(0, types.indexOf(type)));
  const parts: string[] = [];
  if (types.length > 0) {
    const chart = barChart({
      id: 'chart-plan-cis',
      title: 'Configuration items per month, by resource type',
      desc: types.map((t) => `${t}: ${formatQuantity(cis.monthly.byResourceType[t]!)} CIs, ${formatUSD(cis.monthlyCostUSD.byResourceType[t] ?? 0)}`).join('; '),
      bars: types.map((t) => ({ label: t, value: cis.monthly.byResourceType[t]!, valueLabel: formatQuantity(cis.monthly.byResourceType[t]!), color: color(t), data: { 'resource-type': t } })),
      formatValue: (v) => formatCount(v),
      valueLabel: 'configuration items per month',
    });
    parts.push(figure(chart, escapeHtml(`Configuration items in the planned month: ${formatQuantity(cis.monthly.total)}, ${formatUSD(cis.monthlyCostUSD.total)}.`)));
  } else {
    parts.push('<p class="muted">The plan records no configuration items.</p>');
  }
  parts.push(
    configurationItemsTable(
      types,
      [
        { header: 'CIs per month', value: (t) => quantity(cis.monthly.byResourceType[t] ?? 0, 'data-part="monthly"') },
        { header: 'per month USD', value: (t) => usd(cis.monthlyCostUSD.byResourceType[t] ?? 0, 'data-part="monthlyCost"') },
      ],
      [quantity(cis.monthly.total, 'data-part="monthly-total"'), usd(cis.monthlyCostUSD.total, 'data-part="monthlyCost-total"')],
      color,
    ),
  );
  return section('configuration-items', 'Configuration items', parts.join('\n'));
}

/** The plan report as a page. */
export function renderPlanHtml(report: PlanReport): string {
  const first = report.ruleSets[0]!;
  const withRules = report.ruleSets.some((s) => s.rules.length > 0);
  const body = [
    header(report),
    report.incomplete
      ? '<p class="banner" role="alert" data-incomplete="true"><strong>Incomplete:</strong> some files or records could not be used; the baseline leaves them out.</p>'
      : '',
    ruleSetCards(report.ruleSets, report.budgetUSD),
    sweepSection(report),
    configurationItemsSection(report),
    ruleSetCostSection(report.ruleSets),
    withRules ? topRulesSection(report.ruleSets) : '',
    recordingAdviceSection(report.recordingAdvice, first),
    assumptionsSection(report.assumptions),
    '<footer>Made by config-cost from its plan model; <code>--format json</code> gives the same figures as data.</footer>',
  ]
    .filter((part) => part !== '')
    .join('\n');
  return page({ title: `AWS Config plan: ${formatUSD(first.monthlyCostUSD.total)} per month (${first.name})`, kind: 'plan', body });
}
