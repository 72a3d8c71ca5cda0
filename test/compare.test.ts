// `config-cost compare` on the bundled (synthetic) sample. The sample holds, per its manifest:
// 284 task-definition CIs, 524 service CIs, 4 repository CIs, 1 cluster CI, 1,694 task ENI CIs (2,507 x $0.003 = $7.521); 4 repositories, 4 services,
// 4 task-definition families and 1 cluster at the end; one account and region; a 30-day window.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cli } from './helpers/run.js';

const SAMPLE = 'examples/cloudtrail';
const GOLDEN = new URL('./golden/sample-compare.txt', import.meta.url);

describe('config-cost compare', () => {
  it('prices the sets side by side, as worked out by hand', async () => {
    const run = await cli(['compare', '--events', SAMPLE, '--rules', 'none', '--rules', 'containers-2022', '--format', 'json']);
    expect(run.code).toBe(0);
    const [none, c2022] = JSON.parse(run.stdout).ruleSets;
    expect(none.monthlyCostUSD).toEqual({ configurationItems: 7.521, resourceCompliance: 0, ruleEvaluations: 0, total: 7.521, byRule: {} });
    // 7 task-definition change rules x 284 CIs + tag immutability x 4 repository CIs + image scanning 4 repositories x 30 daily runs
    expect(c2022.ruleEvaluations.monthly.total).toBe(7 * 284 + 4 + 4 * 30);
    expect(c2022.monthlyCostUSD.ruleEvaluations).toBeCloseTo(2112 * 0.001, 9);
    // compliance CIs: the 284 + 4 CIs that change-triggered rules evaluate, at $0.003
    expect(c2022.resourceCompliance.monthly).toBe(288);
    expect(c2022.monthlyCostUSD.resourceCompliance).toBeCloseTo(288 * 0.003, 9);
    expect(c2022.monthlyCostUSD.total).toBeCloseTo(7.521 + 2.112 + 0.864, 9);
    // tag immutability: its 4 evaluations, plus the 4 repository compliance CIs no other change rule covers
    expect(c2022.marginalCostUSD['ecr-private-tag-immutability-enabled']).toBeCloseTo(4 * 0.001 + 4 * 0.003, 9);
    // setup: 7 rules x 4 families + 2 rules x 4 repositories; EKS rules find no cluster
    expect(c2022.ruleEvaluations.setup.total).toBe(7 * 4 + 2 * 4);
  });

  it('compares none, containers-2022, security-hub-fsbp and containers-all by default', async () => {
    const run = await cli(['compare', '--events', SAMPLE, '--format', 'json']);
    expect(JSON.parse(run.stdout).ruleSets.map((s: { name: string }) => s.name)).toEqual(['none', 'containers-2022', 'security-hub-fsbp', 'containers-all']);
  });

  it('matches the reviewed golden table (test/golden/sample-compare.txt)', async () => {
    const run = await cli(['compare', '--events', SAMPLE]);
    expect(run.stdout).toBe(readFileSync(GOLDEN, 'utf8'));
  });
});
