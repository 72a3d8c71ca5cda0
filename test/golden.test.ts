// The bundled sample (examples/cloudtrail, SYNTHETIC: written by `config-cost simulate`) against
// (1) the simulator's own ground truth and (2) the reviewed golden JSON.
import { mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from './helpers/run.js';

const ROOT = new URL('..', import.meta.url).pathname;
const SAMPLE = join(ROOT, 'examples/cloudtrail');
const GOLDEN = join(ROOT, 'test/golden/sample-estimate.json');
const MANIFEST = JSON.parse(readFileSync(join(ROOT, 'test/golden/sample-manifest.json'), 'utf8'));
/** The flags the sample was made with (README, "The bundled sample"). */
const SAMPLE_FLAGS = ['--delivery-minutes', '60', '--noise-per-day', '100'];

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => statSync(join(dir, f)).isFile())
    .sort();
}

describe('the bundled sample', () => {
  it('is exactly what `config-cost simulate` writes with the documented flags', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'config-cost-sample-')), 'cloudtrail');
    const manifestPath = `${out}.manifest.json`;
    const run = await cli(['simulate', '--out', out, ...SAMPLE_FLAGS, '--manifest', manifestPath]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/SYNTHETIC/);
    const files = filesUnder(out);
    expect(files).toEqual(filesUnder(SAMPLE));
    for (const f of files) expect(readFileSync(join(out, f)).equals(readFileSync(join(SAMPLE, f))), f).toBe(true);
    expect(JSON.parse(readFileSync(manifestPath, 'utf8'))).toEqual(MANIFEST);
  });

  it('estimates the CIs and event counts the simulator says it generated', async () => {
    const run = await cli(['estimate', '--days', '30', '--events', SAMPLE, '--format', 'json']);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    const nonZero = Object.fromEntries(Object.entries(report.configurationItems.observed.byResourceType).filter(([, v]) => v !== 0));
    expect(nonZero).toEqual(MANIFEST.expectedConfigurationItems);
    const r = MANIFEST.records;
    expect(report.events).toEqual({
      read: r.total,
      duplicates: r.duplicates,
      outOfWindow: 0,
      failed: r.failed,
      readOnly: r.readOnly,
      unrelated: r.unrelatedWrites,
      counted: r.unique - r.failed - r.readOnly - r.unrelatedWrites,
    });
    expect(report.window).toEqual({ ...MANIFEST.window });
    // Continuous CIs at $0.003, a 30-day window forecast over a 30-day month (factor 1).
    const cis = Object.values(MANIFEST.expectedConfigurationItems as Record<string, number>).reduce((a, b) => a + b, 0);
    expect(report.ruleSets[0].monthlyCostUSD.total).toBeCloseTo(cis * 0.003, 9);
  });

  it('matches the reviewed golden JSON (test/golden/sample-estimate.json)', async () => {
    const run = await cli(['estimate', '--days', '30', '--events', relative(process.cwd(), SAMPLE), '--format', 'json']);
    expect(JSON.parse(run.stdout)).toEqual(JSON.parse(readFileSync(GOLDEN, 'utf8')));
  });

  it('daily recording records each resource once per day it changed', async () => {
    const run = await cli(['estimate', '--events', SAMPLE, '--recording', 'daily', '--format', 'json']);
    const report = JSON.parse(run.stdout);
    // Every service changes every day (2 auto scaling updates a day), so 4 services x 30 days;
    // every task-definition revision is its own resource, so daily recording saves nothing on them.
    expect(report.configurationItems.observed.byResourceType['AWS::ECS::Service']).toBe(4 * 30);
    expect(report.configurationItems.observed.byResourceType['AWS::ECS::TaskDefinition']).toBe(MANIFEST.expectedConfigurationItems['AWS::ECS::TaskDefinition']);
    expect(report.recording.usageType).toBe('ConfigurationItemRecordedDaily');
    expect(report.ruleSets[0].monthlyCostUSD.total).toBeCloseTo(report.configurationItems.observed.total * 0.012, 9);
  });
});

describe('an organization trail with several accounts (synthetic)', () => {
  it('reads the AWSLogs/<org-id>/<account>/ layout and matches the simulator per account', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'config-cost-org-')), 'trail');
    const manifestPath = `${out}.manifest.json`;
    await cli(['simulate', '--out', out, '--accounts', '3', '--organization', '--seed', '7', '--days', '10', '--until', '2026-06-15', '--delivery-minutes', '30', '--manifest', manifestPath]);
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
    expect(readdirSync(join(out, 'AWSLogs'))).toEqual(['o-exampleorgid']);
    const run = await cli(['estimate', '--events', out, '--days', '10', '--format', 'json']);
    const report = JSON.parse(run.stdout);
    const nonZero = Object.fromEntries(Object.entries(report.configurationItems.observed.byResourceType).filter(([, v]) => v !== 0));
    expect(nonZero).toEqual(manifest.expectedConfigurationItems);
    expect(report.byAccountRegion.map((r: { account: string }) => r.account)).toEqual([...manifest.accounts].sort());
    // 10-day window over a 30-day month
    expect(report.forecast.factor).toBe(3);
    expect(report.configurationItems.monthly.total).toBe(report.configurationItems.observed.total * 3);
  });
});
