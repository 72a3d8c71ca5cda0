import type { RecordingAdvice } from '../../core/advice.js';
import type { AssumptionInForce } from '../../core/assumptions.js';
import { formatCount, formatQuantity, formatUSD } from '../format.js';
import type { RuleSetReport } from '../model.js';
import type { PlanRuleSet } from '../plan-model.js';
import { barChart } from './bar-chart.js';
import { escapeHtml, linkify } from './escape.js';
import { figure, section, table } from './page.js';
import { colorAt } from './svg.js';
import { FREQUENCY_LABEL, type Frequency } from '../../rules/schema.js';

/** Sections shared by the estimate and the plan pages. */

/** Money as shown (`$1,234.57`), its exact value in `data-usd`; more data attributes from `attributes`. */
export function usd(value: number, attributes = ''): string {
  return `<span class="usd" data-usd="${escapeHtml(value)}"${attributes ? ` ${attributes}` : ''}>${escapeHtml(formatUSD(value))}</span>`;
}
/** A whole count as shown (`6,191`), its value in `data-count`. */
export function count(value: number, attributes = ''): string {
  return `<span data-count="${escapeHtml(value)}"${attributes ? ` ${attributes}` : ''}>${escapeHtml(formatCount(value))}</span>`;
}
/** A monthly quantity as shown (`2,112.0`), its value in `data-quantity`. */
export function quantity(value: number, attributes = ''): string {
  return `<span data-quantity="${escapeHtml(value)}"${attributes ? ` ${attributes}` : ''}>${escapeHtml(formatQuantity(value))}</span>`;
}
/**
 * A resource type as code, one span per "::"-separated part: on screen it never breaks; in print the parts are
 * inline blocks, so it may break after each "::" (AWS::EC2:: / NetworkInterface) on narrow paper.
 */
export const typeName = (type: string): string =>
  `<code class="type">${type
    .split(/(?<=::)/)
    .map((part) => `<span>${escapeHtml(part)}</span>`)
    .join('')}</code>`;
/** `name="value"`, the value escaped. */
export const attr = (name: string, value: string | number): string => `${name}="${escapeHtml(value)}"`;

/** Axis ticks for money: whole dollars when the step allows, cents otherwise, with separators. */
export function formatUSDTick(value: number): string {
  const whole = Math.abs(value - Math.round(value)) < 1e-9;
  return new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', minimumFractionDigits: whole ? 0 : 2, maximumFractionDigits: whole ? 0 : 2 }).format(value);
}

/** One colour per rule set, by position: the cards, the cost bars and the sweep lines agree. */
export const ruleSetColor = (index: number): string => colorAt(index);

/** The headline: one card per rule set with its monthly total, range, parts, setup and budget answer. */
export function ruleSetCards(sets: readonly PlanRuleSet[], budgetUSD: number | null): string {
  const first = sets[0];
  const cards = sets.map((set, i) => {
    const cost = set.monthlyCostUSD;
    const name = escapeHtml(set.name);
    const lines: string[] = [];
    const range = set.monthlyCostRangeUSD;
    if (range) {
      lines.push(
        `<p class="range">Range ${usd(range.p10, `${attr('data-rule-set', set.name)} data-p10-usd="${escapeHtml(range.p10)}"`)} (P10) to ` +
          `${usd(range.p90, `${attr('data-rule-set', set.name)} data-p90-usd="${escapeHtml(range.p90)}"`)} (P90)</p>`,
      );
    }
    lines.push(
      `<p>Configuration items ${usd(cost.configurationItems)}` +
        (set.rules.length > 0 ? `, compliance CIs ${usd(cost.resourceCompliance)}, rule evaluations ${usd(cost.ruleEvaluations)}` : '') +
        '</p>',
    );
    if (set.rules.length > 0) lines.push(`<p>Plus ${usd(set.setupCostUSD)} once: the first run of every rule</p>`);
    if (first && set !== first) {
      const delta = cost.total - first.monthlyCostUSD.total;
      lines.push(`<p>${delta >= 0 ? '+' : '−'}${escapeHtml(formatUSD(Math.abs(delta)))} a month against ${escapeHtml(first.name)}</p>`);
    }
    if (budgetUSD !== null && 'maxDeploysPerDayWithinBudget' in set) {
      const max = set.maxDeploysPerDayWithinBudget;
      lines.push(
        max === null || max === undefined
          ? `<p class="budget" data-max-deploys-per-day="none">Over the ${escapeHtml(formatUSD(budgetUSD))} budget even with no deploys</p>`
          : `<p class="budget" data-max-deploys-per-day="${escapeHtml(max)}">Within ${escapeHtml(formatUSD(budgetUSD))}: at most <strong>${escapeHtml(formatCount(max))}${set.budgetSearchCapped ? ' or more' : ''}</strong> deploys per service a day</p>`,
      );
    }
    return (
      `<article class="card" style="--swatch: ${ruleSetColor(i)}" ${attr('data-card', set.name)}>` +
      `<h3>${name} <span class="muted">· ${escapeHtml(formatCount(set.rules.length))} rule${set.rules.length === 1 ? '' : 's'}</span></h3>` +
      `<p class="amount"><span class="usd" ${attr('data-rule-set', set.name)} data-monthly-usd="${escapeHtml(cost.total)}">${escapeHtml(formatUSD(cost.total))}</span> <small>per month</small></p>` +
      lines.join('') +
      '</article>'
    );
  });
  return `<div class="cards">${cards.join('')}</div>`;
}

/** Cost per rule set: bars with the P10-P90 whisker where there is one, and the table of parts. */
export function ruleSetCostSection(sets: readonly RuleSetReport[]): string {
  const first = sets[0]!;
  const chart = barChart({
    id: 'chart-rule-sets',
    title: 'Monthly cost per rule set',
    desc: sets
      .map((s) => `${s.name}: ${formatUSD(s.monthlyCostUSD.total)} a month${s.monthlyCostRangeUSD ? `, P10 ${formatUSD(s.monthlyCostRangeUSD.p10)} to P90 ${formatUSD(s.monthlyCostRangeUSD.p90)}` : ''}`)
      .join('; '),
    bars: sets.map((s, i) => ({
      label: s.name,
      value: s.monthlyCostUSD.total,
      valueLabel: formatUSD(s.monthlyCostUSD.total),
      color: ruleSetColor(i),
      ...(s.monthlyCostRangeUSD
        ? { range: { low: s.monthlyCostRangeUSD.p10, high: s.monthlyCostRangeUSD.p90, label: `P10 ${formatUSD(s.monthlyCostRangeUSD.p10)} to P90 ${formatUSD(s.monthlyCostRangeUSD.p90)}` } }
        : {}),
    })),
    formatValue: formatUSDTick,
    valueLabel: 'USD per month',
  });
  const hasRange = sets.some((s) => s.monthlyCostRangeUSD);
  const rows = sets.map((set) => {
    const c = set.monthlyCostUSD;
    const delta = c.total - first.monthlyCostUSD.total;
    return {
      attributes: attr('data-rule-set', set.name),
      cells: [
        escapeHtml(set.name),
        count(set.rules.length),
        quantity(set.ruleEvaluations.monthly.total),
        usd(c.ruleEvaluations, 'data-part="ruleEvaluations"'),
        usd(c.resourceCompliance, 'data-part="resourceCompliance"'),
        usd(c.configurationItems, 'data-part="configurationItems"'),
        usd(c.total, 'data-part="total"'),
        set === first ? '' : `${delta >= 0 ? '+' : '−'}${escapeHtml(formatUSD(Math.abs(delta)))}`,
        usd(set.setupCostUSD, 'data-part="setup"'),
      ],
    };
  });
  const parts = table(
    [
      { header: 'rule set' },
      { header: 'rules', numeric: true },
      { header: 'evaluations/month', numeric: true },
      { header: 'evaluations', numeric: true },
      { header: 'compliance CIs', numeric: true },
      { header: 'CIs', numeric: true },
      { header: 'total/month', numeric: true },
      { header: 'vs first', numeric: true },
      { header: 'setup (once)', numeric: true },
    ],
    rows,
    undefined,
    'class="rule-set-costs"',
  );
  const caption = `Monthly cost per rule set${hasRange ? '; the whisker spans P10 to P90 of months resampled from the observed days' : ''}. Each set is priced alone: the configuration items are the same for every set, the rules add evaluations and compliance CIs.`;
  return section('cost-by-rule-set', 'Cost by rule set', figure(chart, escapeHtml(caption)) + parts);
}

const TOP_RULES = 10;

/** The rules of a set, most expensive by marginal cost first (ties by name), as the table format orders them. */
export function rulesByMarginalCost(set: RuleSetReport): RuleSetReport['rules'] {
  return [...set.rules].sort((a, b) => (set.marginalCostUSD[b.name] ?? 0) - (set.marginalCostUSD[a.name] ?? 0) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function triggerText(rule: RuleSetReport['rules'][number]): string {
  const label = rule.maximumExecutionFrequency ? (FREQUENCY_LABEL[rule.maximumExecutionFrequency as Frequency] ?? rule.maximumExecutionFrequency) : undefined;
  const frequency = label ? ` ${label}` : '';
  const trigger = rule.trigger === 'change' ? 'change' : rule.trigger === 'both' ? `change + periodic${frequency}` : `periodic${frequency}`;
  return `${trigger}${rule.accountLevel ? ', account' : ''}${rule.deployment === 'conformance-pack' ? ', conformance pack' : ''}`;
}

/** Per rule set: the 10 most expensive rules by marginal cost, as bars and as a table. */
export function topRulesSection(sets: readonly RuleSetReport[]): string {
  const parts: string[] = [
    `<p class="note">Marginal cost: the set's monthly cost minus its cost without the rule (its evaluations and the compliance CIs they record). The ${TOP_RULES} most expensive rules of each set; the JSON report lists all.</p>`,
  ];
  sets.forEach((set, index) => {
    if (set.rules.length === 0) {
      parts.push(`<h3>${escapeHtml(set.name)}</h3><p class="muted">No rules: configuration items only.</p>`);
      return;
    }
    const top = rulesByMarginalCost(set).slice(0, TOP_RULES);
    const monthly = set.ruleEvaluations.monthly;
    const chart = barChart({
      id: `chart-rules-${index}`,
      title: `Most expensive rules of ${set.name}, by marginal cost`,
      desc: top.map((r) => `${r.name}: ${formatUSD(set.marginalCostUSD[r.name] ?? 0)} a month`).join('; '),
      bars: top.map((r) => ({
        label: r.name,
        value: set.marginalCostUSD[r.name] ?? 0,
        valueLabel: formatUSD(set.marginalCostUSD[r.name] ?? 0),
        color: ruleSetColor(index),
        data: { 'rule-set': set.name, rule: r.name, 'marginal-usd': set.marginalCostUSD[r.name] ?? 0 },
      })),
      formatValue: formatUSDTick,
      valueLabel: 'marginal cost, USD per month',
      maxLabelShare: 0.42,
    });
    const rows = top.map((r) => ({
      attributes: `${attr('data-rule-set', set.name)} ${attr('data-rule', r.name)}`,
      cells: [
        r.source.startsWith('http') ? `<a href="${escapeHtml(r.source)}" rel="noreferrer">${escapeHtml(r.name)}</a>` : escapeHtml(r.name),
        escapeHtml(triggerText(r)),
        escapeHtml(r.resourceTypes.join(', ') || '(account)'),
        quantity(monthly.byRule[r.name] ?? 0),
        escapeHtml(monthly.total === 0 ? '0%' : `${(((monthly.byRule[r.name] ?? 0) / monthly.total) * 100).toFixed(1)}%`),
        usd(set.monthlyCostUSD.byRule[r.name] ?? 0, 'data-part="cost"'),
        usd(set.marginalCostUSD[r.name] ?? 0, 'data-part="marginal"'),
      ],
    }));
    const more = set.rules.length - top.length;
    parts.push(
      `<h3>${escapeHtml(set.name)}: ${escapeHtml(formatCount(set.rules.length))} rules, most expensive first</h3>`,
      figure(chart, escapeHtml(`Marginal monthly cost of the ${top.length} most expensive rules of ${set.name}.`)),
      table(
        [
          { header: 'rule' },
          { header: 'trigger' },
          { header: 'resource types' },
          { header: 'evaluations/month', numeric: true },
          { header: 'share', numeric: true },
          { header: 'cost/month', numeric: true },
          { header: 'marginal', numeric: true },
        ],
        rows,
        undefined,
        'class="rules"',
      ),
      more > 0 ? `<p class="note">… and ${escapeHtml(formatCount(more))} more rule${more === 1 ? '' : 's'} (the JSON report lists all).</p>` : '',
    );
  });
  return section('rules', 'Most expensive rules', parts.join('\n'));
}

/** Continuous, daily or excluded per resource type, and what each option gives up. */
export function recordingAdviceSection(advice: readonly RecordingAdvice[], firstSet: RuleSetReport): string {
  if (advice.length === 0) return section('recording-advice', 'Recording advice', '<p class="muted">No resource type recorded any configuration item.</p>');
  const rows = advice.map((a) => {
    const cost = (option: 'continuous' | 'daily' | 'excluded') => {
      const cell = usd(a.monthlyCostUSD[option], `data-option="${option}"`);
      return option === a.recommended ? `<strong>${cell}</strong>` : cell;
    };
    const verdict = a.recommended === a.current ? `keep ${a.current}` : `${a.recommended}: saves ${formatUSD(a.savingsUSD)} a month`;
    return {
      attributes: `${attr('data-resource-type', a.resourceType)} ${attr('data-recommended', a.recommended)}`,
      cells: [
        typeName(a.resourceType),
        quantity(a.changesPerResourceDay),
        cost('continuous'),
        cost('daily'),
        cost('excluded'),
        escapeHtml(verdict),
        a.changeTriggeredRules.length === 0
          ? '<span class="muted">none</span>'
          : escapeHtml(`${a.changeTriggeredRules.length}: ${a.changeTriggeredRules.slice(0, 3).join(', ')}${a.changeTriggeredRules.length > 3 ? ', …' : ''}`),
      ],
    };
  });
  const intro = `<p>The whole monthly bill with rule set <strong>${escapeHtml(firstSet.name)}</strong> when only this type's recording changes. Daily recording charges $0.012 per resource per day it changed instead of $0.003 per change, so it wins above 4 changes per resource a day. Under daily recording, change-triggered rules on the type evaluate once a day; on an excluded type, never.</p>`;
  return section(
    'recording-advice',
    'Recording advice',
    intro +
      table(
        [
          { header: 'resource type' },
          { header: 'changes/resource/day', numeric: true },
          { header: 'continuous', numeric: true },
          { header: 'daily', numeric: true },
          { header: 'excluded', numeric: true },
          { header: 'advice' },
          { header: 'change-triggered rules affected' },
        ],
        rows,
        undefined,
        'class="recording-advice"',
      ),
  );
}

/** Every assumption in force: its id, value, what it decides and why, and its source. */
export function assumptionsSection(assumptions: readonly AssumptionInForce[]): string {
  const rows = assumptions.map((a) => ({
    attributes: `${attr('data-assumption-id', a.id)} ${attr('data-value', String(a.value))}`,
    cells: [
      `<code>${escapeHtml(a.id)}</code>`,
      `<strong>${escapeHtml(String(a.value))}</strong>${a.overridden ? ` <span class="muted">(overridden; default ${escapeHtml(String(a.default))})</span>` : ' <span class="muted">(default)</span>'}`,
      `${escapeHtml(a.description)}<br><span class="note">${escapeHtml(a.reasoning)}</span>`,
      `<span class="note">${linkify(a.source)}</span>`,
    ],
  }));
  return section(
    'assumptions',
    'Assumptions',
    `<p>Where the sources do not settle a question, the model takes a named default; override one with <code>--assume ID=VALUE</code>.</p>` +
      table([{ header: 'id' }, { header: 'value' }, { header: 'what it decides, and why', text: true }, { header: 'source' }], rows, undefined, 'class="assumptions"'),
  );
}

/** Configuration items per month by resource type (types with any), with their cost and a total row. */
export function configurationItemsTable(
  types: readonly string[],
  columns: { header: string; value: (type: string) => string }[],
  total: string[],
  color: (type: string) => string,
): string {
  return table(
    [{ header: 'resource type' }, ...columns.map((c) => ({ header: c.header, numeric: true }))],
    [
      ...types.map((t) => ({
        attributes: attr('data-resource-type', t),
        cells: [`<span class="swatch" style="background: ${escapeHtml(color(t))}"></span>${typeName(t)}`, ...columns.map((c) => c.value(t))],
      })),
      { cells: ['total', ...total], total: true },
    ],
    undefined,
    'class="configuration-items"',
  );
}
