/** Rows of the backtest: modeled against observed, the ratio, the flag, and for flagged rows what may explain them. */
import type { AssumptionValue } from '../core/assumptions.js';
import { RESOURCE_COMPLIANCE } from '../core/evaluations.js';
import type { RuleInstance, RuleSet } from '../rules/rule-set.js';
import type { Billed } from './billing.js';
import { meaningOf, ratioOf } from './hints.js';
import { TOLERANCE_PERCENT, type AssumptionHint, type BacktestRow, type RowKind } from './model.js';
import type { ModeledFigures, Series } from './modeled.js';
import type { ObservedCis } from './observed-cis.js';
import type { PutEvaluationsCount } from './put-evaluations.js';
import { matchRuleName } from './rule-names.js';

const round4 = (v: number) => Math.round(v * 10_000) / 10_000;
const roundSeries = (s: readonly number[]) => s.map(round4);

export function makeRow(kind: RowKind, key: string, modeled: Series | undefined, observed: { total: number; daily: number[] | null } | undefined): BacktestRow {
  const m = round4(modeled?.total ?? 0);
  const o = round4(observed?.total ?? 0);
  const { ratio, offPercent } = ratioOf(m, o);
  return {
    kind,
    key,
    modeled: m,
    observed: o,
    ratio,
    offPercent,
    flagged: offPercent === null || offPercent > TOLERANCE_PERCENT,
    daily: { modeled: modeled ? roundSeries(modeled.daily) : null, observed: observed?.daily ? roundSeries(observed.daily) : null },
    assumptionsActing: [],
    hints: [],
    explanation: [],
  };
}

/**
 * CI rows: every type modeled or observed that the model covers; observed types it does not cover are listed
 * apart. `observedTypesOnly` (an export file, which may hold some types only): types the file does not name are
 * left out and listed as `notObserved`, not compared with zero.
 */
export function configurationItemRows(figures: ModeledFigures, observed: ObservedCis, modeledTypes: readonly string[], observedTypesOnly = false) {
  const covered = new Set([...modeledTypes, RESOURCE_COMPLIANCE]);
  const modeled = [...figures.configurationItems.keys()];
  const notObserved = observedTypesOnly ? modeled.filter((t) => !observed.byResourceType.has(t)).sort() : [];
  const keys = new Set([...modeled.filter((t) => !notObserved.includes(t)), ...[...observed.byResourceType.keys()].filter((t) => covered.has(t))]);
  const rows = [...keys]
    .sort()
    .map((type) => makeRow('configurationItems', type, figures.configurationItems.get(type), observed.byResourceType.get(type)))
    .filter((r) => r.modeled !== 0 || r.observed !== 0);
  const notModeled = [...observed.byResourceType]
    .filter(([type, s]) => !covered.has(type) && s.total > 0)
    .map(([resourceType, s]) => ({ resourceType, observed: round4(s.total) }));
  return { rows, notModeled, notObserved };
}

/** Rule rows: every rule of the set, with the evaluations of the AWS rule names that match it. */
export function ruleEvaluationRows(figures: ModeledFigures, count: PutEvaluationsCount, set: RuleSet) {
  const matched = new Map<string, { total: number; daily: number[]; names: string[] }>();
  const unmatched: { awsRuleName: string; observed: number; reason: string }[] = [];
  for (const [awsName, series] of count.byRule) {
    const match = matchRuleName(awsName, set.rules, set.name);
    if (match.instance === undefined) {
      unmatched.push({ awsRuleName: awsName, observed: series.total, reason: match.reason });
      continue;
    }
    const entry = matched.get(match.instance) ?? { total: 0, daily: new Array<number>(series.daily.length).fill(0), names: [] };
    entry.total += series.total;
    series.daily.forEach((v, i) => (entry.daily[i] = (entry.daily[i] ?? 0) + v));
    entry.names.push(awsName);
    matched.set(match.instance, entry);
  }
  const rows = set.rules.map((rule) => {
    const observed = matched.get(rule.name) ?? { total: 0, daily: figures.ruleEvaluations.get(rule.name)?.daily.map(() => 0) ?? [], names: [] };
    return { ...makeRow('ruleEvaluations', rule.name, figures.ruleEvaluations.get(rule.name), observed), awsRuleNames: observed.names };
  });
  return { rows: rows.filter((r) => r.modeled !== 0 || r.observed !== 0), unmatched };
}

const MODELED_USAGE_TYPES = new Set(['ConfigurationItemRecorded', 'ConfigurationItemRecordedDaily', 'ConfigRuleEvaluations', 'ConformancePackEvaluations']);

/** Billing rows: the usage types the model prices; other AWS Config usage types are listed apart. */
export function billingRows(figures: ModeledFigures, billed: Billed) {
  const keys = new Set([...figures.usage.keys(), ...[...billed.byUsageType.keys()].filter((k) => MODELED_USAGE_TYPES.has(k))]);
  const rows = [...keys]
    .sort()
    .map((key) => {
      const b = billed.byUsageType.get(key);
      return makeRow('billing', key, figures.usage.get(key), b ? { total: b.quantity, daily: b.daily } : undefined);
    })
    .filter((r) => r.modeled !== 0 || r.observed !== 0);
  const notModeled = [...billed.byUsageType]
    .filter(([key]) => !MODELED_USAGE_TYPES.has(key))
    .map(([usageType, b]) => ({ usageType, quantity: round4(b.quantity), costUSD: Math.round(b.costUSD * 1e6) / 1e6 }));
  return { rows, notModeled };
}

/** A row's name in a sentence: "Service CIs", "rule ecs-... evaluations", "ConfigRuleEvaluations usage". */
export function rowLabel(row: Pick<BacktestRow, 'kind' | 'key'>): string {
  if (row.kind === 'configurationItems') return `${row.key.split('::').at(-1)} CIs`;
  if (row.kind === 'ruleEvaluations') return `rule ${row.key} evaluations`;
  return `${row.key} usage`;
}

export const formatRatio = (ratio: number | null) => (ratio === null ? 'none modeled' : `${ratio.toFixed(2)}x`);
const num = (v: number) => v.toLocaleString('en-US', { maximumFractionDigits: 1 });

export interface ExplainContext {
  rules: readonly RuleInstance[];
  setName: string;
  /** Setup evaluations per rule (the first run of a rule created in the window). */
  setupByRule: Readonly<Record<string, number>>;
  /** The observed CIs come from CloudWatch, which holds only the credentials' account. */
  cloudWatchAccounts?: number;
  recording: 'continuous' | 'daily';
  /** PutEvaluations of rules the set does not hold, by the usage type they would bill under. */
  unmatchedEvaluations?: Readonly<Record<string, { total: number; names: string[] }>>;
}

/** The sentences of a flagged row: the assumptions that would make it match first, then what else may. */
export function explain(row: BacktestRow, acting: readonly { id: string; value: AssumptionValue }[], hints: readonly AssumptionHint[], ctx: ExplainContext): string[] {
  const head = `${rowLabel(row)} observed ${row.ratio === null ? `${num(row.observed)} with none modeled` : `${row.ratio.toFixed(2)}x modeled`}`;
  const lines: string[] = [];
  const unmatched = row.kind === 'billing' ? ctx.unmatchedEvaluations?.[row.key] : undefined;
  if (unmatched && unmatched.total > 0) {
    const withThem = ratioOf(row.modeled + unmatched.total, row.observed);
    lines.push(
      `${head}: AWS ran rules the set does not hold (${num(unmatched.total)} evaluations in PutEvaluations: ${unmatched.names.join(', ')}); with them the model would be ${num(row.modeled + unmatched.total)} (${formatRatio(withThem.ratio)}): add them to --rules`,
    );
  }
  const closer = hints.filter((x) => x.closer);
  for (const h of closer) {
    lines.push(`${head}: ${meaningOf(h.assumption, h.suggested)}; try \`${h.flag}\` (modeled ${num(h.modeledWith)}, ${formatRatio(h.ratioWith)}${h.withinTolerance ? ', within tolerance' : ''})`);
  }
  if (closer.length === 0) {
    const named = acting.length > 0 ? `the assumptions acting on it (${acting.map((a) => `${a.id}=${String(a.value)}`).join(', ')}) bring it no closer with any other value` : 'no named assumption acts on it';
    lines.push(`${head}: ${named}`);
  }
  const more = row.observed > row.modeled;
  if (row.kind === 'configurationItems') {
    if (row.key === RESOURCE_COMPLIANCE && ctx.rules.length === 0 && row.observed > 0) lines.push('the account runs rules the model does not know: name them with --rules (a built-in set, a rule-set file, or A+B)');
    else if (more) lines.push('or the replay misses calls AWS saw: other accounts or regions, a trail without these management events, or a recorder (re)started in the window (one CI per existing resource)');
    else lines.push('or AWS recorded fewer: the recorder may leave the type out (--exclude-types), have been stopped for part of the window, or record daily (--recording daily)');
    if (ctx.cloudWatchAccounts !== undefined && ctx.cloudWatchAccounts > 1) lines.push(`CloudWatch holds the metrics of the credentials' account only; the replay covers ${ctx.cloudWatchAccounts} accounts`);
  } else if (row.kind === 'ruleEvaluations') {
    const rule = ctx.rules.find((r) => r.name === row.key);
    const setup = ctx.setupByRule[row.key] ?? 0;
    if (row.observed === 0) lines.push('no PutEvaluations record names this rule: it may not be deployed, be deployed under a name that does not match, or leave no PutEvaluations records (see the notes)');
    if (more && setup > 0) lines.push(`if the rule was created or re-evaluated in the window, its first run evaluated each in-scope resource once (${num(setup)} here), which the modeled figure leaves out`);
    if (rule && rule.trigger !== 'change') lines.push(`periodic (${rule.maximumExecutionFrequency ?? 'TwentyFour_Hours'}): evaluations = runs x resources in scope; the inventory is inferred from the replay unless --inventory FILE gives it`);
    if (rule && rule.trigger !== 'periodic' && !more) lines.push('change-triggered: the model counts one evaluation per recorded CI in scope; fewer observed may mean CIs the recorder did not record');
  } else {
    lines.push('the bill covers every resource type and rule of the account(s) and region(s), the model only container resources and the set\'s rules: a bill above the model is expected unless the recorder records container types only');
  }
  return lines;
}
