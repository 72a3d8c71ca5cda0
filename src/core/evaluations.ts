import type { RuleInstance } from '../rules/rule-set.js';
import type { InventoryEntry } from './inventory.js';
import type { RecordedCount } from './recording.js';

/** Evaluations of one rule in one account and region: in the window, and at its first run. */
export interface RuleEvaluationCount {
  rule: string;
  account: string;
  region: string;
  /** Evaluations in the observed window, and by day. */
  observed: number;
  daily: number[];
  /** The first run evaluates every in-scope resource once (or the account, for an account-level rule). */
  setup: number;
}

export interface AccountRegion {
  account: string;
  region: string;
}

/**
 * The evaluation model (DOMAIN.md §3):
 * - change-triggered: one evaluation per recorded CI of a type in the rule's scope;
 * - periodic: each run evaluates every in-scope resource of the inventory, or the account once for an
 *   account-level rule: inventory x runs a day x window days;
 * - both: the sum.
 */
export function countRuleEvaluations(
  rule: RuleInstance,
  recorded: readonly RecordedCount[],
  inventory: readonly InventoryEntry[],
  accountRegions: readonly AccountRegion[],
  dayWeights: readonly number[],
): RuleEvaluationCount[] {
  const inScope = (type: string) => rule.resourceTypes.includes(type);
  const rows = new Map<string, RuleEvaluationCount>();
  const row = (account: string, region: string) => {
    const k = `${account}|${region}`;
    let r = rows.get(k);
    if (!r) {
      r = { rule: rule.name, account, region, observed: 0, setup: 0, daily: new Array<number>(dayWeights.length).fill(0) };
      rows.set(k, r);
    }
    return r;
  };
  const periodic = rule.trigger !== 'change';
  const change = rule.trigger !== 'periodic';
  // A periodic run evaluates `resources` every run: runs a day x the share of each day inside the window.
  const runDaily = (r: RuleEvaluationCount, resources: number) => {
    dayWeights.forEach((weight, d) => (r.daily[d]! += resources * rule.runsPerDay * weight));
  };
  if (rule.accountLevel) {
    for (const { account, region } of accountRegions) {
      const r = row(account, region);
      r.setup += 1;
      if (periodic) runDaily(r, 1);
    }
  } else {
    for (const entry of inventory) {
      if (!inScope(entry.resourceType) || entry.count === 0) continue;
      const r = row(entry.account, entry.region);
      r.setup += entry.count;
      if (periodic) runDaily(r, entry.count);
    }
  }
  if (change) {
    for (const c of recorded) {
      if (!inScope(c.resourceType) || c.count === 0) continue;
      const r = row(c.account, c.region);
      c.daily.forEach((v, d) => (r.daily[d]! += v));
    }
  }
  for (const r of rows.values()) r.observed = r.daily.reduce((a, b) => a + b, 0);
  return [...rows.values()].sort((a, b) => (a.account !== b.account ? (a.account < b.account ? -1 : 1) : a.region < b.region ? -1 : a.region > b.region ? 1 : 0));
}

/**
 * CIs of type AWS::Config::ResourceCompliance that a rule set adds: each recorded CI that at least one
 * change-triggered rule evaluates gets a new compliance result (assumption resource-compliance-cis-per-evaluated-ci).
 */
export function countComplianceItems(rules: readonly RuleInstance[], recorded: readonly RecordedCount[], perEvaluatedCi: number): RecordedCount[] {
  const scope = new Set(rules.filter((r) => r.trigger !== 'periodic' && !r.accountLevel).flatMap((r) => r.resourceTypes));
  const out = new Map<string, RecordedCount>();
  for (const c of recorded) {
    if (!scope.has(c.resourceType) || c.count === 0) continue;
    const k = `${c.account}|${c.region}`;
    const entry = out.get(k) ?? { account: c.account, region: c.region, resourceType: RESOURCE_COMPLIANCE, count: 0, daily: new Array<number>(c.daily.length).fill(0) };
    entry.count += c.count * perEvaluatedCi;
    c.daily.forEach((v, d) => (entry.daily[d]! += v * perEvaluatedCi));
    out.set(k, entry);
  }
  return [...out.values()];
}

export const RESOURCE_COMPLIANCE = 'AWS::Config::ResourceCompliance';
