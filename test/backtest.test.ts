// `config-cost backtest` end to end on files (all SYNTHETIC): the model against PutEvaluations, a metric export
// and a CUR extract; the assumption hints on cases built to trip each assumption; exit codes and errors.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BacktestReport, BacktestRow } from '../src/backtest/model.js';
import { modeledFigures } from '../src/backtest/modeled.js';
import { runBacktest, type BacktestOptions } from '../src/commands/backtest/index.js';
import { estimateFiles, eventFiles } from '../src/commands/estimate/index.js';
import { prepareReplay } from '../src/commands/estimate/prepare.js';
import { InputError, UsageError } from '../src/errors.js';

const F = new URL('./fixtures/backtest/', import.meta.url).pathname;
const TRAIL = join(F, 'trail');
const MANIFEST = JSON.parse(readFileSync(join(F, 'trail-manifest.json'), 'utf8'));
const DEPLOYED = `${F}rules-deployed.json+${F}pack-deployed.json`;
const work = mkdtempSync(join(tmpdir(), 'config-cost-backtest-'));

function io() {
  const out = { stdout: '', stderr: '' };
  return { out, io: { stdout: (s: string) => void (out.stdout += s), stderr: (s: string) => void (out.stderr += s) } };
}

const options = (extra: Partial<BacktestOptions> = {}): BacktestOptions => ({
  events: [TRAIL],
  days: 3,
  until: '2026-06-04',
  recording: 'continuous',
  rules: [DEPLOYED],
  assume: [],
  format: 'json',
  quiet: true,
  ...extra,
});

async function backtest(extra: Partial<BacktestOptions> = {}) {
  const { out, io: sink } = io();
  const result = await runBacktest(options(extra), sink);
  return { ...result, ...out };
}

const observedFile = (name: string, byResourceType: Record<string, number>) => {
  const path = join(work, name);
  writeFileSync(path, JSON.stringify({ byResourceType }));
  return path;
};

const row = (rows: readonly BacktestRow[] | undefined, key: string) => rows?.find((r) => r.key === key);

describe('backtest on the trail fixture: PutEvaluations, a metric export and a CUR extract', () => {
  it('compares every resource type, rule and usage type, flags what is more than 10 % off, and says why', async () => {
    const { report, exitCode, stdout } = await backtest({ observedCis: join(F, 'metric-export.json'), cur: join(F, 'cur-extract.csv') });
    expect(exitCode).toBe(0);
    expect(JSON.parse(stdout)).toEqual(JSON.parse(JSON.stringify(report)));
    expect(report.window).toEqual({ from: '2026-06-01T00:00:00Z', to: '2026-06-04T00:00:00Z', days: 3 });

    const ci = report.configurationItems!;
    const summary = (rows: readonly BacktestRow[]) => Object.fromEntries(rows.map((r) => [r.key, [r.modeled, r.observed, r.ratio, r.flagged]]));
    expect(summary(ci.rows)).toEqual({
      'AWS::Config::ResourceCompliance': [98, 104, 1.0612, false],
      'AWS::EC2::NetworkInterface': [64, 64, 1, false],
      'AWS::ECR::Repository': [2, 2, 1, false],
      'AWS::ECS::Cluster': [1, 1, 1, false],
      'AWS::ECS::Service': [20, 26, 1.3, true],
      'AWS::ECS::TaskDefinition': [14, 14, 1, false],
    });
    expect(ci.notModeled).toEqual([{ resourceType: 'AWS::S3::Bucket', observed: 9 }]);
    // The forced redeploys: the acting assumptions, and the one that makes the model match.
    const service = row(ci.rows, 'AWS::ECS::Service')!;
    expect(service.assumptionsActing).toEqual([
      { id: 'desired-count-change-records-ci', value: true },
      { id: 'force-new-deployment-records-ci', value: false },
    ]);
    expect(service.hints.find((h) => h.closer)).toMatchObject({ assumption: 'force-new-deployment-records-ci', suggested: true, modeledWith: 26, ratioWith: 1, withinTolerance: true });
    expect(service.explanation[0]).toBe(
      'Service CIs observed 1.30x modeled: forced redeploys may record a CI; try `--assume force-new-deployment-records-ci=true` (modeled 26, 1.00x, within tolerance)',
    );

    // Evaluations: every deployed rule matches what AWS recorded, per day too; Security Hub's copy is not in the set.
    const ev = report.ruleEvaluations!;
    const truth = MANIFEST.expectedRuleEvaluations;
    expect(summary(ev.rows)).toEqual({
      'ecs-containers-nonprivileged': [14, 14, 1, false],
      'ecs-fargate-latest-platform-version': [20, 20, 1, false],
      'team-eni-tagging': [64, 64, 1, false],
      'ecs-no-environment-secrets': [14, 14, 1, false],
    });
    for (const r of ev.rows) expect(r.daily.modeled, r.key).toEqual(r.daily.observed);
    expect(row(ev.rows, 'ecs-no-environment-secrets')!.awsRuleNames).toEqual(['ecs-no-environment-secrets-conformance-pack-k2x9q4fz']);
    expect(row(ev.rows, 'team-eni-tagging')!.daily.observed).toEqual(report.days.map((d) => truth['team-eni-tagging'].byDay[d] ?? 0));
    expect(ev.unmatched).toEqual([
      { awsRuleName: 'securityhub-ecs-containers-readonly-access-7f3a1c', observed: 14, reason: expect.stringMatching(/Security Hub's own copy of ecs-containers-readonly-access.*\+security-hub-fsbp/) },
    ]);

    // The bill: all resource types and rules, so the rule evaluations are above the model by the Security Hub copy.
    const bill = report.billing!;
    expect(summary(bill.rows)).toEqual({
      ConfigRuleEvaluations: [98, 112, 1.1429, true],
      ConfigurationItemRecorded: [199, 208, 1.0452, false],
      ConformancePackEvaluations: [14, 14, 1, false],
    });
    expect(bill.notModeled).toEqual([{ usageType: 'CustomConfigItemRecorded', quantity: 5, costUSD: 0.015 }]);
    expect(bill.source.costUSD.ConfigurationItemRecorded).toBeCloseTo(0.624, 9);
    expect(row(bill.rows, 'ConfigRuleEvaluations')!.explanation[0]).toMatch(/AWS ran rules the set does not hold \(14 evaluations .*securityhub-ecs-containers-readonly-access-7f3a1c\); with them the model would be 112 \(1\.00x\)/);
    expect(report.summary).toEqual({ rows: 13, flagged: 2, maxOffPercent: 30 });
  });

  it('renders the same comparison as a table', async () => {
    const { stdout, report } = await backtest({ observedCis: join(F, 'metric-export.csv'), cur: join(F, 'cur-extract.csv'), format: 'table' });
    expect(stdout).toContain('AWS Config backtest: the model against what AWS recorded, 2026-06-01 00:00Z to 2026-06-04 00:00Z (3 days)');
    expect(stdout).toMatch(/AWS::ECS::Service\s+20\s+26\s+1\.30x\s+\+30\.0 %\s+!/);
    expect(stdout).toMatch(/ecs-no-environment-secrets\s+14\s+14\s+1\.00x\s+0\.0 %\s+ecs-no-environment-secrets-conformance-pack-k2x9q4fz/);
    expect(stdout).toMatch(/ConfigRuleEvaluations\s+98\s+112\s+1\.14x\s+\+14\.3 %\s+!\s+\$0\.11/);
    expect(stdout).toContain('not in the set: securityhub-ecs-containers-readonly-access-7f3a1c 14');
    expect(stdout).toContain(`Flagged: 2 of ${report.summary.rows} rows`);
    expect(stdout).toContain('try `--assume force-new-deployment-records-ci=true`');
  });
});

describe('assumption hints on cases built to trip each assumption', () => {
  const cis = MANIFEST.expectedConfigurationItems as Record<string, number>;
  it.each([
    {
      name: 'forced redeploys record a Service CI',
      observed: { 'AWS::ECS::Service': cis['AWS::ECS::Service']! + MANIFEST.actions.forcedRedeploys },
      key: 'AWS::ECS::Service',
      hint: { assumption: 'force-new-deployment-records-ci', suggested: true, modeledWith: 26 },
    },
    {
      name: 'auto scaling records no Service CI',
      observed: { 'AWS::ECS::Service': cis['AWS::ECS::Service']! - MANIFEST.actions.autoscalingUpdates },
      key: 'AWS::ECS::Service',
      hint: { assumption: 'desired-count-change-records-ci', suggested: false, modeledWith: 14 },
    },
    {
      name: 'task ENI changes record subnet and security group CIs',
      observed: { 'AWS::EC2::Subnet': cis['AWS::EC2::NetworkInterface']!, 'AWS::EC2::SecurityGroup': cis['AWS::EC2::NetworkInterface']! },
      key: 'AWS::EC2::Subnet',
      hint: { assumption: 'eni-changes-record-subnet-and-security-group-cis', suggested: true, modeledWith: 64 },
    },
    {
      name: 'each evaluated CI records two compliance CIs',
      observed: { 'AWS::Config::ResourceCompliance': 196 },
      key: 'AWS::Config::ResourceCompliance',
      hint: { assumption: 'resource-compliance-cis-per-evaluated-ci', suggested: 2, modeledWith: 196 },
    },
    {
      name: 'EKS status transitions record a second CI',
      events: [join(F, 'eks-trail.json')],
      rules: [],
      observed: { 'AWS::EKS::Cluster': 6, 'AWS::EKS::Nodegroup': 4 },
      key: 'AWS::EKS::Cluster',
      hint: { assumption: 'eks-status-transition-records-ci', suggested: true, modeledWith: 6 },
    },
  ])('$name: suggests --assume $hint.assumption=$hint.suggested', async ({ name, observed, key, hint, events, rules }) => {
    const { report } = await backtest({ observedCis: observedFile(`${name}.json`, observed), ...(events ? { events } : {}), ...(rules ? { rules } : {}) });
    const flagged = row(report.configurationItems!.rows, key)!;
    expect(flagged.flagged).toBe(true);
    expect(flagged.assumptionsActing.map((a) => a.id)).toContain(hint.assumption);
    const best = flagged.hints.find((h) => h.closer)!;
    expect(best).toMatchObject({ ...hint, ratioWith: 1, offPercentWith: 0, withinTolerance: true, flag: `--assume ${hint.assumption}=${String(hint.suggested)}` });
    expect(flagged.explanation[0]).toContain(`try \`--assume ${hint.assumption}=${String(hint.suggested)}\``);
  });

  it('tries the assumption and says when it brings the row no closer', async () => {
    const { report } = await backtest({ observedCis: observedFile('task-definitions.json', { 'AWS::ECS::TaskDefinition': 30, 'AWS::ECS::Service': 10 }) });
    // A file that names some types only: the others are not compared with zero.
    expect(report.configurationItems!.rows.map((r) => r.key)).toEqual(['AWS::ECS::Service', 'AWS::ECS::TaskDefinition']);
    expect(report.configurationItems!.notObserved).toEqual(['AWS::Config::ResourceCompliance', 'AWS::EC2::NetworkInterface', 'AWS::ECR::Repository', 'AWS::ECS::Cluster']);
    const taskDefinitions = row(report.configurationItems!.rows, 'AWS::ECS::TaskDefinition')!;
    expect(taskDefinitions.assumptionsActing).toEqual([]);
    expect(taskDefinitions.explanation[0]).toBe('TaskDefinition CIs observed 2.14x modeled: no named assumption acts on it');
    // Fewer Service CIs than even desiredCount=false gives (14): that one is closer, not within tolerance.
    const service = row(report.configurationItems!.rows, 'AWS::ECS::Service')!;
    expect(service.hints.map((h) => [h.assumption, h.closer, h.withinTolerance])).toEqual([
      ['desired-count-change-records-ci', true, false],
      ['force-new-deployment-records-ci', false, false],
    ]);
  });

  it('leaves unflagged rows without hints, and the user\'s own --assume values in force', async () => {
    const { report } = await backtest({ observedCis: join(F, 'metric-export.json'), assume: ['force-new-deployment-records-ci=true'] });
    expect(report.configurationItems!.rows.every((r) => !r.flagged && r.hints.length === 0)).toBe(true);
    expect(report.assumptions.find((a) => a.id === 'force-new-deployment-records-ci')).toEqual({ id: 'force-new-deployment-records-ci', value: true, overridden: true });
  });
});

describe('the modeled side', () => {
  it('splits every rule of a set by day (change-triggered, periodic, account-level) to the totals of the estimate', async () => {
    const sample = new URL('../examples/cloudtrail', import.meta.url).pathname;
    for (const spec of ['containers-all', 'pack:Operational-Best-Practices-for-DevOps']) {
      const context = prepareReplay({ events: [sample], days: 30, from: '2026-10-03', to: '2026-11-01T12:00:00Z', recording: 'continuous', rules: [spec], assume: [] });
      const report = await estimateFiles(await eventFiles([sample]), context, { stdout: () => undefined, stderr: () => undefined });
      const figures = modeledFigures(report, context.ruleSets[0]!);
      for (const rule of context.ruleSets[0]!.rules) {
        const s = figures.ruleEvaluations.get(rule.name)!;
        expect(s.daily).toHaveLength(report.configurationItems.daily.days.length);
        expect(s.daily.reduce((a, b) => a + b, 0), `${spec} ${rule.name}`).toBeCloseTo(report.ruleSets[0]!.ruleEvaluations.observed.byRule[rule.name]!, 3);
      }
      const compliance = figures.configurationItems.get('AWS::Config::ResourceCompliance')!;
      expect(compliance.daily.reduce((a, b) => a + b, 0)).toBeCloseTo(report.ruleSets[0]!.resourceCompliance.observed, 6);
      const usage = figures.usage.get('ConfigurationItemRecorded')!;
      expect(usage.total).toBeCloseTo(report.configurationItems.observed.total + report.ruleSets[0]!.resourceCompliance.observed, 6);
    }
  });
});

describe('exit codes and errors', () => {
  it('--fail-over-error PCT exits 1 when a row is further off, naming the rows', async () => {
    const over = await backtest({ observedCis: join(F, 'metric-export.json'), failOverError: 20 });
    expect(over.exitCode).toBe(1);
    expect(over.stderr).toContain('config-cost: 1 row off by more than --fail-over-error 20 %: AWS::ECS::Service 30.0 %');
    expect((await backtest({ observedCis: join(F, 'metric-export.json'), failOverError: 30 })).exitCode).toBe(0);
  });

  it('counts a row with nothing modeled as over any limit', async () => {
    const result = await backtest({ observedCis: observedFile('subnets.json', { 'AWS::EC2::Subnet': 5 }), failOverError: 1000 });
    expect(result.exitCode).toBe(1);
    expect(result.report.summary.maxOffPercent).toBeNull();
    expect(result.stderr).toContain('AWS::EC2::Subnet (none modeled)');
  });

  it('exits 3 when some input could not be used, 0 with --allow-partial', async () => {
    const dir = mkdtempSync(join(work, 'partial-'));
    writeFileSync(join(dir, 'eks.json'), readFileSync(join(F, 'eks-trail.json')));
    writeFileSync(join(dir, 'notes.txt'), 'not CloudTrail');
    const observed = observedFile('eks.json', { 'AWS::EKS::Cluster': 3 });
    const partial = await backtest({ events: [dir], rules: [], observedCis: observed });
    expect(partial.report.incomplete).toBe(true);
    expect(partial.exitCode).toBe(3);
    expect(partial.stderr).toMatch(/notes\.txt: skipped/);
    expect((await backtest({ events: [dir], rules: [], observedCis: observed, allowPartial: true })).exitCode).toBe(0);
  });

  it('writes --out atomically', async () => {
    const out = join(work, 'backtest.json');
    const { stdout } = await backtest({ observedCis: join(F, 'metric-export.json'), out });
    expect(stdout).toBe('');
    expect(JSON.parse(readFileSync(out, 'utf8'))).toMatchObject({ generator: 'config-cost', command: 'backtest' });
  });

  it.each([
    [{ observedCis: 'x.json', cloudwatch: true }, /--observed-cis FILE or --cloudwatch, not both/],
    [{ cur: 'x.csv', billing: true }, /--cur FILE or --billing, not both/],
    [{ rules: ['containers-2022', 'security-hub-fsbp'] }, /give one --rules set for backtest.*containers-2022\+security-hub-fsbp/],
    [{ failOverError: -5 }, /--fail-over-error takes a percentage/],
    [{ events: ['s3://bucket/AWSLogs/'] }, /backtest reads local files only/],
    [{ format: 'html' as 'json' }, /--format takes table or json/],
  ])('%o is a usage error', async (bad, message) => {
    const error = await backtest(bad as Partial<BacktestOptions>).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain('\n');
  });

  it('needs something to compare: PutEvaluations in the input, or a CI or billing source', async () => {
    const error = await backtest({ events: [join(F, 'eks-trail.json')] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toMatch(/nothing to compare: the input has no PutEvaluations records; give --observed-cis FILE or --cloudwatch/);
  });

  it('reports PutEvaluations without a rule set, and says to name the rules', async () => {
    const { report } = await backtest({ rules: [] });
    expect(report.ruleEvaluations!.rows).toEqual([]);
    expect(report.ruleEvaluations!.unmatched.map((u) => u.awsRuleName)).toHaveLength(5);
    expect(report.notes.join('\n')).toContain('name the deployed rules with --rules');
  });

  it('names the rule types AWS documents as leaving PutEvaluations records', async () => {
    const { report } = await backtest();
    expect(report.notes.join('\n')).toMatch(/custom Lambda rule calls it .*managed rules deliver theirs with the configuration recorder's role .*custom policy \(Guard\)/);
  });
});
