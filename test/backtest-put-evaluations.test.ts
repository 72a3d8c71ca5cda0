// The evaluations AWS recorded: PutEvaluations counted per rule and day, against a SYNTHETIC archive whose true
// counts are in its manifest (test/fixtures/backtest/trail, written by the simulator), hand-written edge cases,
// lookup-events output, and the matching of AWS rule names to the rules of a set.
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { countPutEvaluationsInFiles, NO_RULE_NAME, PutEvaluationsCounter } from '../src/backtest/put-evaluations.js';
import { matchRuleName } from '../src/backtest/rule-names.js';
import { loadRuleCatalog } from '../src/data/load.js';
import { builtInRuleSets, type RuleInstance } from '../src/rules/rule-set.js';
import { generateArchive } from '../src/simulate/generate.js';
import { DEFAULT_SIMULATE_OPTIONS } from '../src/simulate/options.js';
import { writeArchive } from '../src/simulate/write.js';
import { listEventFiles } from '../src/sources/files.js';

const FIXTURES = new URL('./fixtures/backtest/', import.meta.url).pathname;
const TRAIL = join(FIXTURES, 'trail');
const MANIFEST = JSON.parse(readFileSync(join(FIXTURES, 'trail-manifest.json'), 'utf8'));
const WINDOW = { fromMs: Date.parse('2026-06-01T00:00:00Z'), toMs: Date.parse('2026-06-04T00:00:00Z'), days: 3 };
const DAYS = ['2026-06-01', '2026-06-02', '2026-06-03'];

/** The options the trail fixture was written with (test/fixtures/backtest/README.md). */
const TRAIL_OPTIONS = {
  ...DEFAULT_SIMULATE_OPTIONS,
  seed: 3,
  until: '2026-06-04',
  days: 3,
  services: 2,
  deploysPerDay: 2,
  autoscalingPerDay: 1,
  forcedRedeploysPerDay: 1,
  tasksPerService: 1,
  noisePerDay: 4,
  failedRate: 0.1,
  duplicateRate: 0.1,
  deliveryMinutes: 1440,
  putEvaluations: [
    { name: 'ecs-containers-nonprivileged', resourceTypes: ['AWS::ECS::TaskDefinition'] },
    { name: 'ecs-no-environment-secrets-conformance-pack-k2x9q4fz', resourceTypes: ['AWS::ECS::TaskDefinition'] },
    { name: 'securityhub-ecs-containers-readonly-access-7f3a1c', resourceTypes: ['AWS::ECS::TaskDefinition'] },
    { name: 'ecs-fargate-latest-platform-version', resourceTypes: ['AWS::ECS::Service'] },
    { name: 'team-eni-tagging', resourceTypes: ['AWS::EC2::NetworkInterface'] },
  ],
};

const filesUnder = (dir: string) =>
  readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => statSync(join(dir, f)).isFile())
    .sort();

describe('the trail fixture (SYNTHETIC)', () => {
  it('is exactly what the simulator writes with the documented options, and its manifest', async () => {
    const out = mkdtempSync(join(tmpdir(), 'config-cost-backtest-trail-'));
    const archive = generateArchive(TRAIL_OPTIONS);
    await writeArchive(archive, out);
    expect(filesUnder(out)).toEqual(filesUnder(TRAIL));
    for (const f of filesUnder(out)) expect(readFileSync(join(out, f)).equals(readFileSync(join(TRAIL, f))), f).toBe(true);
    expect(JSON.parse(JSON.stringify(archive.manifest))).toEqual(MANIFEST);
  });
});

describe('counting PutEvaluations', () => {
  it('finds the true counts per rule and day of the simulated archive, each delivery once', async () => {
    const count = await countPutEvaluationsInFiles(await listEventFiles([TRAIL]), WINDOW);
    const truth = MANIFEST.expectedRuleEvaluations as Record<string, { total: number; byDay: Record<string, number> }>;
    expect([...count.byRule.keys()]).toEqual(Object.keys(truth).sort());
    for (const [rule, t] of Object.entries(truth)) {
      expect(count.byRule.get(rule)!.total, rule).toBe(t.total);
      expect(count.byRule.get(rule)!.daily, rule).toEqual(DAYS.map((d) => t.byDay[d] ?? 0));
    }
    const total = Object.values(truth).reduce((s, t) => s + t.total, 0);
    expect(count.source).toMatchObject({ counted: total, evaluations: total, failed: 0, testMode: 0, outOfWindow: 0, withoutRuleName: 0 });
    // The archive delivers some records twice: counted once.
    expect(count.source.duplicates).toBeGreaterThan(0);
    expect(count.source.records).toBe(total + count.source.duplicates);
  });

  it('reads the length of requestParameters.evaluations, keeps the earliest delivery of an eventID, and leaves out failed, TestMode and out-of-window calls', async () => {
    const count = await countPutEvaluationsInFiles([join(FIXTURES, 'put-evaluations-edge.json')], WINDOW);
    expect(count.source).toEqual({
      kind: 'cloudtrail-put-evaluations',
      records: 11,
      duplicates: 2,
      failed: 1,
      outOfWindow: 2,
      testMode: 1,
      counted: 5,
      evaluations: 9,
      withoutRuleName: 1,
    });
    expect(Object.fromEntries([...count.byRule].map(([k, v]) => [k, v.daily]))).toEqual({
      // 3 at 10:00 and 2 from the earlier of two deliveries of one eventID (23:59:59, not the next day's 09:00).
      'ecs-containers-nonprivileged': [5, 0, 0],
      ECS_CONTAINERS_NONPRIVILEGED: [0, 0, 1],
      'ecs-fargate-latest-platform-version-conformance-pack-abc123': [0, 0, 1],
      // a zone-less CloudTrail Lake time, read as UTC
      [NO_RULE_NAME]: [0, 2, 0],
    });
  });

  it('reads lookup-events output (CloudTrailEvent strings) like log files', async () => {
    const count = await countPutEvaluationsInFiles([join(FIXTURES, 'put-evaluations-lookup.json')], WINDOW);
    expect(count.byRule.get('team-eni-tagging')).toEqual({ total: 104, daily: [0, 0, 104] });
  });

  it('gives the same counts whatever the order of the records', () => {
    const records = [
      ...(JSON.parse(readFileSync(join(FIXTURES, 'put-evaluations-edge.json'), 'utf8')) as unknown[]),
      ...filesUnder(TRAIL)
        .filter((f) => !f.includes('Digest'))
        .flatMap((f) => (JSON.parse(gunzipSync(readFileSync(join(TRAIL, f))).toString('utf8')) as { Records: unknown[] }).Records),
    ];
    const run = (list: unknown[]) => {
      const counter = new PutEvaluationsCounter(WINDOW);
      list.forEach((r) => counter.add(r));
      const result = counter.result();
      return JSON.stringify({ source: result.source, byRule: [...result.byRule] });
    };
    const forward = run(records);
    expect(run([...records].reverse())).toBe(forward);
    // a fixed shuffle
    const shuffled = records.map((r, i) => ({ r, k: (i * 7919) % records.length })).sort((a, b) => a.k - b.k).map((x) => x.r);
    expect(run(shuffled)).toBe(forward);
  });
});

describe('matching AWS rule names to the rules of a set', () => {
  const sets = builtInRuleSets(loadRuleCatalog());
  const containers = sets.get('containers-2022')!();
  const hub = sets.get('security-hub-fsbp')!();
  const both: RuleInstance[] = [...containers.rules, ...hub.rules];
  const pack: RuleInstance[] = containers.rules.map((r) => (r.name === 'ecs-no-environment-secrets' ? { ...r, deployment: 'conformance-pack' } : r));

  it.each([
    ['ecs-containers-nonprivileged', containers.rules, 'ecs-containers-nonprivileged'],
    ['ECS_CONTAINERS_NONPRIVILEGED', containers.rules, 'ecs-containers-nonprivileged'],
    ['ecs-containers-nonprivileged-prod', containers.rules, 'ecs-containers-nonprivileged'],
    ['ecs-no-environment-secrets-conformance-pack-k2x9q4fz', pack, 'ecs-no-environment-secrets'],
    ['ecs-no-environment-secrets-conformance-pack-k2x9q4fz', containers.rules, 'ecs-no-environment-secrets'],
    ['OrgConfigRule-ecs-containers-nonprivileged-x7k2p9', containers.rules, 'ecs-containers-nonprivileged'],
    ['securityhub-ecs-containers-nonprivileged-a1b2c3', both, 'securityhub-ecs-containers-nonprivileged'],
    ['ecs-containers-nonprivileged', both, 'ecs-containers-nonprivileged'],
  ])('%s in a set of %#', (awsName, rules, expected) => {
    expect(matchRuleName(awsName, rules, 'containers-2022').instance).toBe(expected);
  });

  it("never counts Security Hub's copy as the plain rule: it is unmatched, with what to add", () => {
    const match = matchRuleName('securityhub-ecs-containers-nonprivileged-a1b2c3', containers.rules, 'containers-2022');
    expect(match.instance).toBeUndefined();
    expect(match.reason).toMatch(/Security Hub's own copy of ecs-containers-nonprivileged.*--rules containers-2022\+security-hub-fsbp/);
  });

  it('leaves names no rule of the set explains unmatched', () => {
    expect(matchRuleName('team-eni-tagging', containers.rules).instance).toBeUndefined();
    expect(matchRuleName('AWSControlTower_AWS-GR_ENCRYPTED_VOLUMES', containers.rules).instance).toBeUndefined();
  });
});
