// Pricing a rule set: graduated tiers pooled per region or per account, conformance packs on their own
// tier counter, shares and marginal costs. Figures worked out by hand in the comments.
import { describe, expect, it } from 'vitest';
import type { RecordedCount } from '../src/core/recording.js';
import { priceRuleSet, type RuleSetCostContext } from '../src/core/rule-set-cost.js';
import { loadPriceBook } from '../src/data/load.js';
import type { RuleInstance, RuleSet } from '../src/rules/rule-set.js';
import { recordedCount, ruleInstance } from './helpers/model.js';

const tdRule = (name: string, deployment: RuleInstance['deployment'] = 'rules') => ruleInstance({ name, rule: name, deployment });

const TD = 'AWS::ECS::TaskDefinition';
function context(recorded: RecordedCount[], fields: Partial<RuleSetCostContext> = {}): RuleSetCostContext {
  return {
    recorded,
    recording: { mode: 'continuous' },
    inventory: [],
    accountRegions: [],
    dayWeights: new Array<number>(30).fill(1),
    project: (daily) => daily.reduce((a, b) => a + b, 0),
    priceBook: loadPriceBook(),
    tierScope: 'region',
    complianceCisPerEvaluatedCi: 0,
    configurationItemsCostUSD: 0,
    ...fields,
  };
}
const set = (...rules: RuleInstance[]): RuleSet => ({ name: 's', description: 'test', rules });
const twoAccounts: RecordedCount[] = [recordedCount('A', 'us-east-1', TD, 60_000), recordedCount('B', 'us-east-1', TD, 60_000)];

describe('tiers across the 100,000 boundary', () => {
  it('pools per region across accounts: 120,000 evaluations = $100 + 20,000 x $0.0008 = $116', () => {
    expect(priceRuleSet(set(tdRule('r')), context(twoAccounts)).monthlyCostUSD.ruleEvaluations).toBeCloseTo(116, 9);
  });

  it('prices each account alone with --tier-scope account: 2 x 60,000 x $0.001 = $120', () => {
    expect(priceRuleSet(set(tdRule('r')), context(twoAccounts, { tierScope: 'account' })).monthlyCostUSD.ruleEvaluations).toBeCloseTo(120, 9);
  });

  it('keeps regions apart: 60,000 in each of two regions = $120 even when pooled', () => {
    const regions = [twoAccounts[0]!, { ...twoAccounts[1]!, region: 'eu-west-1' }];
    expect(priceRuleSet(set(tdRule('r')), context(regions)).monthlyCostUSD.ruleEvaluations).toBeCloseTo(120, 9);
  });

  it('bills conformance-pack rules on their own tier counter', () => {
    // rules: 120,000 -> $116; conformance pack: 120,000 -> $116. Pooled together they would be $212.
    const report = priceRuleSet(set(tdRule('a'), tdRule('b', 'conformance-pack')), context(twoAccounts));
    expect(report.monthlyCostUSD.ruleEvaluations).toBeCloseTo(232, 9);
    expect(report.ruleEvaluations.monthlyByUsageType).toEqual({ ConfigRuleEvaluations: 120_000, ConformancePackEvaluations: 120_000 });
  });

  it('shares a pool by evaluations, and marginal cost is the set minus the set without the rule', () => {
    const one: RecordedCount[] = [recordedCount('A', 'us-east-1', TD, 60_000)];
    const report = priceRuleSet(set(tdRule('a'), tdRule('b')), context(one));
    // 120,000 evaluations = $116, half each; without either rule: 60,000 = $60, so each adds $56.
    expect(report.monthlyCostUSD.byRule).toEqual({ a: 58, b: 58 });
    expect(report.marginalCostUSD).toEqual({ a: 56, b: 56 });
  });

  it('extrapolates before pricing: 50,000 in a 15-day window = 100,000 a month = $100', () => {
    const half: RecordedCount[] = [recordedCount('A', 'us-east-1', TD, 50_000, 15)];
    const report = priceRuleSet(set(tdRule('a')), context(half, { dayWeights: new Array<number>(15).fill(1), project: (daily) => daily.reduce((a, b) => a + b, 0) * 2 }));
    expect(report.ruleEvaluations.observed.total).toBe(50_000);
    expect(report.ruleEvaluations.monthly.total).toBe(100_000);
    expect(report.monthlyCostUSD.ruleEvaluations).toBeCloseTo(100, 9);
  });
});

describe('compliance CIs', () => {
  const some: RecordedCount[] = [recordedCount('A', 'us-east-1', TD, 1000)];
  it('adds one ResourceCompliance CI per evaluated CI at $0.003, and counts it in the marginal cost of the only rule', () => {
    const report = priceRuleSet(set(tdRule('a')), context(some, { complianceCisPerEvaluatedCi: 1 }));
    expect(report.resourceCompliance).toEqual({ recorded: true, cisPerEvaluatedCi: 1, observed: 1000, monthly: 1000 });
    expect(report.monthlyCostUSD.resourceCompliance).toBeCloseTo(3, 9);
    expect(report.marginalCostUSD.a).toBeCloseTo(1 + 3, 9);
  });

  it('is gone when the recorder excludes AWS::Config::ResourceCompliance, as in AWS', () => {
    const report = priceRuleSet(
      set(tdRule('a')),
      context(some, { complianceCisPerEvaluatedCi: 1, recording: { mode: 'continuous', excludeTypes: ['AWS::Config::ResourceCompliance'] } }),
    );
    expect(report.resourceCompliance.recorded).toBe(false);
    expect(report.monthlyCostUSD.resourceCompliance).toBe(0);
  });

  it('stays at the continuous price under daily recording (daily cannot be set for that type)', () => {
    const report = priceRuleSet(set(tdRule('a')), context(some, { complianceCisPerEvaluatedCi: 1, recording: { mode: 'daily' } }));
    expect(report.monthlyCostUSD.resourceCompliance).toBeCloseTo(3, 9);
  });
});
