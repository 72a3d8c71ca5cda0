import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRuleCatalog } from '../src/data/load.js';
import { builtInRuleSets, resolveRuleSet } from '../src/rules/rule-set.js';
import { cli } from './helpers/run.js';

const SAMPLE = new URL('../examples/cloudtrail', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'config-cost-rulesets-'));
const file = (name: string, content: unknown) => {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
};
const catalog = loadRuleCatalog();
const never = () => {
  throw new Error('no file expected');
};

describe('built-in rule sets', () => {
  const sets = builtInRuleSets(catalog);
  const names = (name: string) => sets.get(name)!().rules.map((r) => r.name);

  it('containers-2022 holds the 13 rules of February 2022', () => {
    expect(names('containers-2022').sort()).toEqual(
      [
        'ecr-private-image-scanning-enabled', 'ecr-private-tag-immutability-enabled', 'ecs-containers-nonprivileged',
        'ecs-containers-readonly-access', 'ecs-no-environment-secrets', 'ecs-task-definition-memory-hard-limit',
        'ecs-task-definition-nonroot-user', 'ecs-task-definition-pid-mode-check', 'ecs-task-definition-user-for-host-mode-check',
        'eks-cluster-oldest-supported-version', 'eks-cluster-supported-version', 'eks-endpoint-no-public-access', 'eks-secrets-encrypted',
      ].sort(),
    );
  });

  it('containers-all holds every catalog rule; security-hub-fsbp its FSBP controls as securityhub- copies', () => {
    expect(names('containers-all')).toHaveLength(36);
    const fsbp = names('security-hub-fsbp');
    expect(fsbp.every((n) => n.startsWith('securityhub-'))).toBe(true);
    expect(fsbp).toContain('securityhub-ecs-containers-nonprivileged'); // ECS.4
    expect(fsbp).not.toContain('securityhub-ecs-task-definition-user-for-host-mode-check'); // ECS.1, retired
  });

  it('a conformance pack set holds the pack container rules, billed as conformance pack evaluations', () => {
    const pack = sets.get('pack:Security-Best-Practices-for-ECS')!();
    const expected = catalog.rules.filter((r) => r.conformancePacks.includes('Security-Best-Practices-for-ECS')).map((r) => r.name);
    expect(pack.rules.map((r) => r.name)).toEqual(expected);
    expect(new Set(pack.rules.map((r) => r.deployment))).toEqual(new Set(['conformance-pack']));
  });

  it('A+B deploys both; Security Hub copies are separate rules, the same rule twice is one', () => {
    const combined = resolveRuleSet('containers-2022+security-hub-fsbp', catalog, never, () => false);
    expect(combined.rules).toHaveLength(13 + names('security-hub-fsbp').length);
    expect(resolveRuleSet('containers-2022+containers-2022', catalog, never, () => false).rules).toHaveLength(13);
  });
});

describe('rule-set files', () => {
  it('reads JSON: catalog rules, a frequency override and a custom rule', async () => {
    const path = file('baseline.json', {
      name: 'platform-baseline',
      deployment: 'rules',
      rules: [
        'ecs-containers-nonprivileged',
        { rule: 'eks-endpoint-no-public-access', maximumExecutionFrequency: 'Six_Hours' },
        { rule: 'my-lambda-check', trigger: 'change', resourceTypes: ['AWS::ECS::Service'] },
      ],
    });
    const run = await cli(['estimate', '--events', SAMPLE, '--rules', path, '--format', 'json']);
    expect(run.code).toBe(0);
    const set = JSON.parse(run.stdout).ruleSets[0];
    expect(set.name).toBe('platform-baseline');
    // 284 task-definition CIs; no EKS cluster in the sample; 524 service CIs.
    expect(set.ruleEvaluations.observed.byRule).toEqual({ 'ecs-containers-nonprivileged': 284, 'eks-endpoint-no-public-access': 0, 'my-lambda-check': 524 });
    expect(set.rules.find((r: { name: string }) => r.name === 'eks-endpoint-no-public-access').maximumExecutionFrequency).toBe('Six_Hours');
  });

  it('reads YAML, with deployment conformance-pack', async () => {
    const path = file('pack.yaml', 'name: my-pack\ndeployment: conformance-pack\nrules:\n  - ecs-containers-nonprivileged\n  - ecr-private-image-scanning-enabled\n');
    const run = await cli(['estimate', '--events', SAMPLE, '--rules', path, '--format', 'json']);
    const set = JSON.parse(run.stdout).ruleSets[0];
    // 284 change evaluations + 4 repositories x 30 daily runs
    expect(set.ruleEvaluations.monthlyByUsageType).toEqual({ ConformancePackEvaluations: 284 + 120 });
  });

  it('prices --rules sets in the order given', async () => {
    const run = await cli(['estimate', '--events', SAMPLE, '--rules', 'containers-all', '--rules', 'none', '--format', 'json']);
    expect(JSON.parse(run.stdout).ruleSets.map((s: { name: string }) => s.name)).toEqual(['containers-all', 'none']);
  });

  it.each([
    ['an unknown rule, with the nearest names', { name: 'x', rules: ['ecs-containers-nonprivilged'] }, /rules\.0: unknown rule 'ecs-containers-nonprivilged'; did you mean ecs-containers-nonprivileged/],
    ['a custom rule without its trigger', { name: 'x', rules: [{ rule: 'mine', resourceTypes: ['AWS::ECS::Service'] }] }, /rules\.0: unknown rule 'mine'.*a custom rule needs "trigger" and "resourceTypes"/],
    ['a frequency on a change-triggered rule', { name: 'x', rules: [{ rule: 'ecs-containers-nonprivileged', maximumExecutionFrequency: 'One_Hour' }] }, /change-triggered; maximumExecutionFrequency applies to periodic rules/],
    ['a wrong deployment', { name: 'x', deployment: 'stackset', rules: [] }, /deployment: Invalid option/],
    ['a missing name', { rules: [] }, /name: /],
    ['an unknown field', { name: 'x', rules: [], extra: 1 }, /Unrecognized key/],
    ['a bad frequency value', { name: 'x', rules: [{ rule: 'eks-endpoint-no-public-access', maximumExecutionFrequency: 'Hourly' }] }, /rules\.0\.maximumExecutionFrequency/],
    ['not JSON', '{oops', /not valid JSON/],
  ])('rejects %s: exit 2, naming the file and the field', async (_label, content, message) => {
    const path = file(`bad-${Math.random().toString(36).slice(2)}.json`, content);
    const run = await cli(['estimate', '--events', SAMPLE, '--rules', path]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(path);
    expect(run.stderr).toMatch(message);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('inventory files', () => {
  it('are authoritative for what they list, and the output says where each figure came from', async () => {
    const path = file('inventory.json', { resources: [{ account: '111122223333', region: 'us-east-1', resourceType: 'AWS::ECR::Repository', count: 40 }] });
    const run = await cli(['estimate', '--events', SAMPLE, '--rules', 'containers-2022', '--inventory', path, '--format', 'json']);
    const report = JSON.parse(run.stdout);
    expect(report.inventory.resources.find((r: { resourceType: string }) => r.resourceType === 'AWS::ECR::Repository')).toEqual({
      account: '111122223333', region: 'us-east-1', resourceType: 'AWS::ECR::Repository', count: 40, source: 'inventory-file',
    });
    // ecr-private-image-scanning-enabled: 40 repositories x 1 run x 30 days
    expect(report.ruleSets[0].ruleEvaluations.observed.byRule['ecr-private-image-scanning-enabled']).toBe(1200);
  });

  it.each([
    ['a count that is not a number', { resources: [{ account: '111122223333', region: 'us-east-1', resourceType: 'AWS::ECR::Repository', count: 'many' }] }, /resources\.0\.count/],
    ['a bad account id', { resources: [{ account: '123', region: 'us-east-1', resourceType: 'AWS::ECR::Repository', count: 1 }] }, /resources\.0\.account: a 12-digit account id/],
    ['no resources', {}, /resources/],
  ])('rejects %s with exit 2', async (_label, content, message) => {
    const path = file(`inv-${Math.random().toString(36).slice(2)}.json`, content);
    const run = await cli(['estimate', '--events', SAMPLE, '--inventory', path]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(path);
    expect(run.stderr).toMatch(message);
  });
});
