/**
 * For each flagged row: the named assumptions that act on it, and which of their other values brings the model
 * toward what AWS recorded (found by running the model again with that value, never by guessing).
 */
import { readFileSync } from 'node:fs';
import type { AssumptionValue } from '../core/assumptions.js';
import { RESOURCE_COMPLIANCE } from '../core/evaluations.js';
import { DATA_FILES } from '../data/load.js';
import type { RuleInstance } from '../rules/rule-set.js';
import { TOLERANCE_PERCENT, type AssumptionHint, type BacktestRow } from './model.js';
import type { ModeledFigures } from './modeled.js';

export const COMPLIANCE_ASSUMPTION = 'resource-compliance-cis-per-evaluated-ci';

/** Per resource type, the catalog's assumptions that decide how many CIs its calls record (catalog/events.json). */
export function assumptionsByResourceType(path: string = DATA_FILES.events): Map<string, Set<string>> {
  const data = JSON.parse(readFileSync(path, 'utf8')) as { events: Record<string, unknown>[] };
  const map = new Map<string, Set<string>>();
  const add = (type: unknown, id: unknown) => {
    if (typeof type !== 'string' || typeof id !== 'string') return;
    const set = map.get(type) ?? new Set<string>();
    set.add(id);
    map.set(type, set);
  };
  const assumptionOf = (count: unknown) => (typeof count === 'object' && count !== null ? (count as { assumption?: unknown }).assumption : undefined);
  for (const entry of data.events) {
    add(entry.resourceType, assumptionOf(entry.configurationItems));
    for (const exception of (entry.exceptions as Record<string, unknown>[] | undefined) ?? []) add(entry.resourceType, assumptionOf(exception.configurationItems));
    const related = entry.related as { assumption?: unknown; resources?: { resourceType?: unknown }[] } | undefined;
    for (const r of related?.resources ?? []) add(r.resourceType, related?.assumption);
  }
  add(RESOURCE_COMPLIANCE, COMPLIANCE_ASSUMPTION);
  return map;
}

/** What each assumption's value means, for the hint's sentence. */
const MEANING: Record<string, (value: AssumptionValue) => string> = {
  'force-new-deployment-records-ci': (v) => (v === true ? 'forced redeploys may record a CI' : 'forced redeploys may record no CI'),
  'desired-count-change-records-ci': (v) => (v === true ? 'desiredCount changes (auto scaling) may record a CI' : 'desiredCount changes (auto scaling) may record no CI'),
  'eks-status-transition-records-ci': (v) => (v === true ? 'EKS status transitions (CREATING to ACTIVE) may record a second CI' : 'EKS calls may record one CI, with no second CI for the status transition'),
  'eni-changes-record-subnet-and-security-group-cis': (v) =>
    v === true ? 'task ENI changes may record CIs on their subnet and security group' : 'task ENI changes may record no CI on their subnet and security group',
  [COMPLIANCE_ASSUMPTION]: (v) => `each evaluated CI may record ${String(v)} AWS::Config::ResourceCompliance CIs`,
};

export const meaningOf = (id: string, value: AssumptionValue) => MEANING[id]?.(value) ?? `${id}=${String(value)}`;

/** The assumptions acting on a row: through its resource type, the types a change-triggered rule evaluates, or everything a usage type sums. */
export function assumptionsActingOn(
  row: Pick<BacktestRow, 'kind' | 'key'>,
  byType: ReadonlyMap<string, ReadonlySet<string>>,
  rules: readonly RuleInstance[],
  recording: 'continuous' | 'daily',
): string[] {
  const ids = new Set<string>();
  const ofType = (type: string) => byType.get(type)?.forEach((id) => ids.add(id));
  const ofRule = (rule: RuleInstance) => {
    if (rule.trigger !== 'periodic' && !rule.accountLevel) rule.resourceTypes.forEach(ofType);
  };
  if (row.kind === 'configurationItems') ofType(row.key);
  else if (row.kind === 'ruleEvaluations') {
    const rule = rules.find((r) => r.name === row.key);
    if (rule) ofRule(rule);
  } else if (row.key === 'ConfigRuleEvaluations' || row.key === 'ConformancePackEvaluations') {
    rules.filter((r) => (r.deployment === 'conformance-pack') === (row.key === 'ConformancePackEvaluations')).forEach(ofRule);
  } else if (row.key === 'ConfigurationItemRecorded' || row.key === 'ConfigurationItemRecordedDaily') {
    const resourcesHere = (row.key === 'ConfigurationItemRecorded') === (recording === 'continuous');
    for (const [type, set] of byType) {
      if (type === RESOURCE_COMPLIANCE ? row.key === 'ConfigurationItemRecorded' : resourcesHere) set.forEach((id) => ids.add(id));
    }
  }
  return [...ids].sort();
}

export const rowValue = (figures: ModeledFigures, row: Pick<BacktestRow, 'kind' | 'key'>): number =>
  (row.kind === 'configurationItems' ? figures.configurationItems : row.kind === 'ruleEvaluations' ? figures.ruleEvaluations : figures.usage).get(row.key)?.total ?? 0;

export function ratioOf(modeled: number, observed: number): { ratio: number | null; offPercent: number | null } {
  if (modeled === 0) return { ratio: null, offPercent: observed === 0 ? 0 : null };
  return { ratio: round(observed / modeled, 4), offPercent: round((Math.abs(observed - modeled) / modeled) * 100, 2) };
}

const round = (v: number, digits: number) => Math.round(v * 10 ** digits) / 10 ** digits;
/** Unbounded (null) counts as infinitely far off. */
export const distance = (offPercent: number | null) => offPercent ?? Number.POSITIVE_INFINITY;

/** Runs the model with one assumption set to a value; undefined when that run is impossible. */
export type FiguresWith = (id: string, value: AssumptionValue) => Promise<ModeledFigures | undefined>;

/** Tries each acting assumption's other value (for the compliance count: the value that would match) on the row. */
export async function hintsFor(
  row: BacktestRow,
  acting: readonly { id: string; value: AssumptionValue }[],
  figuresWith: FiguresWith,
): Promise<AssumptionHint[]> {
  const hints: AssumptionHint[] = [];
  for (const { id, value } of acting) {
    let suggested: AssumptionValue | undefined;
    if (typeof value === 'boolean') suggested = !value;
    else if (id === COMPLIANCE_ASSUMPTION && typeof value === 'number') {
      // Linear in the value: the value that would make the row match, from a run at 1 when it is 0 now.
      const perOne = value > 0 ? row.modeled / value : rowValue((await figuresWith(id, 1)) ?? emptyFigures(), row);
      if (perOne > 0) suggested = Math.max(0, round(row.observed / perOne, 2));
    }
    if (suggested === undefined || suggested === value) continue;
    const figures = await figuresWith(id, suggested);
    if (!figures) continue;
    const modeledWith = round(rowValue(figures, row), 4);
    const { ratio: ratioWith, offPercent: offPercentWith } = ratioOf(modeledWith, row.observed);
    hints.push({
      assumption: id,
      current: value,
      suggested,
      modeledWith,
      ratioWith,
      offPercentWith,
      closer: distance(offPercentWith) < distance(row.offPercent),
      withinTolerance: distance(offPercentWith) <= TOLERANCE_PERCENT,
      flag: `--assume ${id}=${String(suggested)}`,
    });
  }
  return hints.sort((a, b) => distance(a.offPercentWith) - distance(b.offPercentWith) || (a.assumption < b.assumption ? -1 : 1));
}

const emptyFigures = (): ModeledFigures => ({ configurationItems: new Map(), ruleEvaluations: new Map(), usage: new Map() });
