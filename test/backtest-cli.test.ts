// From the CLI: a simulated archive with the PutEvaluations AWS Config would record for containers-2022
// (SYNTHETIC, true counts in the manifest), and a backtest of the same rule set against it.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from './helpers/run.js';

describe('simulate --put-evaluations, then backtest', () => {
  it('finds every change-triggered rule where the simulator put it, and flags the periodic rule it did not simulate', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'config-cost-backtest-cli-'));
    const trail = join(dir, 'trail');
    const manifestPath = join(dir, 'manifest.json');
    const made = await cli(['simulate', '--out', trail, '--days', '5', '--until', '2026-06-10', '--put-evaluations', 'containers-2022', '--manifest', manifestPath]);
    expect(made.code).toBe(0);
    const truth = JSON.parse(readFileSync(manifestPath, 'utf8')).expectedRuleEvaluations as Record<string, { total: number }>;
    const run = await cli(['backtest', '--events', trail, '--rules', 'containers-2022', '--from', '2026-06-05', '--to', '2026-06-10', '--format', 'json']);
    expect(run.code).toBe(0);
    const rows = JSON.parse(run.stdout).ruleEvaluations.rows as { key: string; modeled: number; observed: number; flagged: boolean }[];
    for (const [rule, { total }] of Object.entries(truth)) {
      const row = rows.find((r) => r.key === rule);
      if (total === 0) continue; // EKS rules: no cluster in the archive, nothing on either side
      expect(row, rule).toMatchObject({ observed: total, modeled: total, flagged: false });
    }
    expect(rows.find((r) => r.key === 'ecr-private-image-scanning-enabled')).toMatchObject({ observed: 0, flagged: true });
  });
});
