// config-cost plan: the parametric formula on hand-worked cases, the budget search, the replay what-if.
import { describe, expect, it } from 'vitest';
import { maxWithinBudget, parametricDailyCis, sweepValues } from '../src/core/plan.js';
import { cli } from './helpers/run.js';

const SAMPLE = 'examples/cloudtrail';
const plan = async (args: string[]) => {
  const run = await cli(['plan', ...args, '--format', 'json']);
  expect(run.stderr).toBe('');
  return JSON.parse(run.stdout);
};

describe('the parametric model', () => {
  it('20 services x 10 deploys a day x 3 tasks, 30 days: 6,000 revisions, 6,000 service CIs, 36,000 ENI CIs = $144', async () => {
    const report = await plan(['--services', '20', '--deploys-per-day', '10', '--tasks-per-service', '3']);
    expect(report.configurationItems.monthly.byResourceType).toMatchObject({
      'AWS::ECS::TaskDefinition': 20 * 10 * 30,
      'AWS::ECS::Service': 20 * 10 * 30,
      'AWS::EC2::NetworkInterface': 20 * 2 * 3 * 10 * 30,
    });
    expect(report.ruleSets[0].monthlyCostUSD.total).toBeCloseTo(48_000 * 0.003, 9);
  });

  it('adds auto scaling: 1 service CI per action, 1 ENI change per action when tasks are modelled', () => {
    const perDay = parametricDailyCis({ services: 2, deploysPerDay: 3, autoscalingPerDay: 4, tasksPerService: 1, accounts: 1, region: 'us-east-1', clusters: 1, repositories: 2 }, 'continuous', false);
    expect(perDay).toEqual({ 'AWS::ECS::TaskDefinition': 6, 'AWS::ECS::Service': 14, 'AWS::EC2::NetworkInterface': 2 * (2 * 3 + 4) });
  });

  it('under daily recording: a service 1 CI a day it changes, every revision its own resource', () => {
    const perDay = parametricDailyCis({ services: 2, deploysPerDay: 3, autoscalingPerDay: 4, tasksPerService: 0, accounts: 1, region: 'us-east-1', clusters: 1, repositories: 2 }, 'daily', false);
    expect(perDay).toEqual({ 'AWS::ECS::TaskDefinition': 6, 'AWS::ECS::Service': 2, 'AWS::EC2::NetworkInterface': 0 });
  });

  it('prices rule sets: containers-2022 adds 7 x 6,000 change evaluations, 20 repositories x 30 scans and 6,000 compliance CIs', async () => {
    const report = await plan(['--services', '20', '--deploys-per-day', '10', '--tasks-per-service', '3', '--rules', 'containers-2022']);
    const set = report.ruleSets[0];
    expect(set.ruleEvaluations.monthly.total).toBe(7 * 6000 + 20 * 30);
    expect(set.monthlyCostUSD.total).toBeCloseTo(144 + 42.6 + 18, 9);
    expect(report.configurationItems.monthly.total).toBe(48_000);
  });

  it('counts accounts: 3 accounts cost 3 times one', async () => {
    const one = await plan(['--services', '5', '--deploys-per-day', '2']);
    const three = await plan(['--services', '5', '--deploys-per-day', '2', '--accounts', '3']);
    expect(three.ruleSets[0].monthlyCostUSD.total).toBeCloseTo(3 * one.ruleSets[0].monthlyCostUSD.total, 9);
  });
});

describe('the budget', () => {
  it('answers the largest whole number of deploys a day within it: that fits, one more does not', async () => {
    const report = await plan(['--services', '20', '--deploys-per-day', '10', '--tasks-per-service', '3', '--rules', 'none', '--rules', 'containers-2022', '--budget', '200']);
    // none: $14.40 per deploy a day (4,800 CIs); containers-2022: $20.40 per deploy a day + $0.60 of scans
    expect(report.ruleSets.map((s: { maxDeploysPerDayWithinBudget: number }) => s.maxDeploysPerDayWithinBudget)).toEqual([13, 9]);
    for (const set of report.ruleSets) {
      const d = set.maxDeploysPerDayWithinBudget;
      const at = async (n: number) => (await plan(['--services', '20', '--deploys-per-day', String(n), '--tasks-per-service', '3', '--rules', set.name])).ruleSets[0].monthlyCostUSD.total;
      expect(await at(d)).toBeLessThanOrEqual(200);
      expect(await at(d + 1)).toBeGreaterThan(200);
    }
  });

  it('says when not even zero deploys fit', () => {
    expect(maxWithinBudget(() => 10, 5, 100)).toEqual({ value: null, capped: false });
    expect(maxWithinBudget((n) => n, 1e9, 100)).toEqual({ value: 100, capped: true });
    expect(maxWithinBudget((n) => 3 * n + 1, 100, 10_000)).toEqual({ value: 33, capped: false });
  });

  it('sweeps from 1 to 2 x D', () => {
    expect(sweepValues(3)).toEqual([1, 2, 3, 4, 5, 6]);
    const wide = sweepValues(10);
    expect(wide[0]).toBe(1);
    expect(wide.at(-1)).toBe(20);
    expect(wide.length).toBeLessThanOrEqual(12);
  });
});

describe('a plan from a replay (the synthetic sample: 284 revisions, 280 deploy and 240 scaling service updates, 1,694 task ENI changes)', () => {
  it('doubles the deploy-driven changes with --scale-deploys 2x', async () => {
    const report = await plan(['--events', SAMPLE, '--scale-deploys', '2x']);
    const cis = report.configurationItems.monthly.byResourceType;
    expect(cis['AWS::ECS::TaskDefinition']).toBe(2 * 284);
    expect(cis['AWS::ECS::Service']).toBe(2 * 280 + 240 + 4);
    // ENI changes: 240 from scaling stay, the other 1,454 follow the deploys
    expect(cis['AWS::EC2::NetworkInterface']).toBeCloseTo(2 * (1694 - 240) + 240, 6);
    expect(report.baseline.deploys).toBe(284);
  });

  it('gives the same month for --deploys-per-day at twice the observed rate', async () => {
    const scaled = await plan(['--events', SAMPLE, '--scale-deploys', '2']);
    const rate = await plan(['--events', SAMPLE, '--deploys-per-day', String(2 * scaled.baseline.deploysPerServicePerDay)]);
    expect(rate.ruleSets[0].monthlyCostUSD.total).toBeCloseTo(scaled.ruleSets[0].monthlyCostUSD.total, 6);
  });

  it('under daily recording, more deploys add revisions but not service CIs', async () => {
    const today = await plan(['--events', SAMPLE, '--recording', 'daily']);
    const doubled = await plan(['--events', SAMPLE, '--recording', 'daily', '--scale-deploys', '2x']);
    expect(doubled.configurationItems.monthly.byResourceType['AWS::ECS::Service']).toBe(today.configurationItems.monthly.byResourceType['AWS::ECS::Service']);
    expect(doubled.configurationItems.monthly.byResourceType['AWS::ECS::TaskDefinition']).toBe(2 * today.configurationItems.monthly.byResourceType['AWS::ECS::TaskDefinition']);
  });

  it.each([
    ['both --events and --services', ['--events', SAMPLE, '--services', '3', '--deploys-per-day', '1'], /not both/],
    ['neither', [], /give --events PATH/],
    ['--services without --deploys-per-day', ['--services', '3'], /needs --deploys-per-day/],
    ['--scale-deploys with --deploys-per-day', ['--events', SAMPLE, '--scale-deploys', '2x', '--deploys-per-day', '3'], /not both/],
    ['a bad scale', ['--events', SAMPLE, '--scale-deploys', 'twice'], /--scale-deploys takes a factor/],
    ['an unpriced region', ['--services', '3', '--deploys-per-day', '1', '--region', 'us-gov-west-1'], /us-gov-west-1/],
    ['a negative budget', ['--services', '3', '--deploys-per-day', '1', '--budget', '-5'], /--budget/],
  ])('rejects %s with exit 2', async (_label, args, message) => {
    const run = await cli(['plan', ...args]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
  });
});

describe('recording advice', () => {
  const advice = async (scaling: string) =>
    (await plan(['--services', '1', '--deploys-per-day', '0', '--autoscaling-per-day', scaling])).recordingAdvice.find(
      (a: { resourceType: string }) => a.resourceType === 'AWS::ECS::Service',
    );

  it('keeps continuous at the break-even of 4 changes a day, and at 3', async () => {
    const four = await advice('4');
    expect(four.monthlyCostUSD.continuous).toBeCloseTo(four.monthlyCostUSD.daily, 9); // 4 x $0.003 = $0.012
    expect(four.recommended).toBe('continuous');
    expect((await advice('3')).recommended).toBe('continuous');
  });

  it('recommends daily above it: 5 changes a day save 30 x (5 x $0.003 - $0.012) = $0.09', async () => {
    const five = await advice('5');
    expect(five.recommended).toBe('daily');
    expect(five.savingsUSD).toBeCloseTo(0.09, 9);
    expect(five.monthlyCostUSD.excluded).toBe(0);
  });
});
