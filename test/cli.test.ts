import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, DATASETS } from './helpers/run.js';

const BIN = new URL('../bin/config-cost.js', import.meta.url).pathname;
const SAMPLE = new URL('../examples/cloudtrail', import.meta.url).pathname;
const PANTHER = `${DATASETS}panther-analysis-ecr/ecr_SetRepositoryPolicy.json`;

describe('bad input: one line, exit code 2, no stack trace', () => {
  const empty = mkdtempSync(join(tmpdir(), 'config-cost-empty-'));
  const junk = mkdtempSync(join(tmpdir(), 'config-cost-junk-'));
  writeFileSync(join(junk, 'notes.txt'), 'not a trail');
  mkdirSync(join(junk, 'sub'));
  writeFileSync(join(junk, 'sub', 'data.json'), '{"a": 1}');

  it.each([
    ['a missing path', ['--events', '/nonexistent/trail'], /--events \/nonexistent\/trail: no such file or directory/],
    ['a folder with no files', ['--events', empty], /no files under/],
    ['a folder with nothing readable', ['--events', junk], /nothing readable: none of the 2 files/],
    ['--days 0', ['--events', PANTHER, '--days', '0'], /--days takes a whole number of days of at least 1, not '0'/],
    ['--days abc', ['--events', PANTHER, '--days', 'abc'], /--days takes a number, not 'abc'/],
    ['--from after --to', ['--events', PANTHER, '--from', '2026-10-10', '--to', '2026-10-01'], /window is empty/],
    ['an unparseable --until', ['--events', PANTHER, '--until', 'tomorrow'], /--until takes a date/],
    ['an unknown rule set', ['--events', PANTHER, '--rules', 'containers-2021'], /--rules containers-2021: not a built-in rule set or a file; did you mean containers-2022/],
    ['an unknown assumption', ['--events', PANTHER, '--assume', 'nope=true'], /unknown assumption 'nope'/],
    ['a bad assumption value', ['--events', PANTHER, '--assume', 'force-new-deployment-records-ci=maybe'], /takes true or false/],
    ['a bad resource type', ['--events', PANTHER, '--exclude-types', 'ECS::Service'], /not a resource type/],
    ['both inclusion and exclusion', ['--events', PANTHER, '--exclude-types', 'AWS::ECS::Service', '--record-types', 'AWS::ECR::Repository'], /not both/],
    ['an unknown flag', ['--events', PANTHER, '--dayz', '3'], /Unknown argument/i],
    ['no --events', [], /--events/],
  ])('%s', async (_label, args, message) => {
    const run = await cli(['estimate', ...args]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('the installed binary prints one line and exits 2, with no stack trace', () => {
    const run = spawnSync(process.execPath, [BIN, 'estimate', '--events', '/nonexistent/trail'], { encoding: 'utf8' });
    expect(run.status).toBe(2);
    expect(run.stderr.trim().split('\n')).toEqual(['config-cost: --events /nonexistent/trail: no such file or directory']);
  });

  it('--help works from the binary', () => {
    const run = spawnSync(process.execPath, [BIN, '--help'], { encoding: 'utf8' });
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/estimate/);
    expect(run.stdout).toMatch(/simulate/);
  });
});

describe('exit code 3 and the warnings for incomplete input', () => {
  it('skips an unreadable file with a one-line warning naming it, goes on, and says incomplete', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'config-cost-partial-'));
    writeFileSync(join(dir, 'good.json'), readFileSync(PANTHER));
    writeFileSync(join(dir, 'broken.json.gz'), Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x01]));
    const run = await cli(['estimate', '--events', dir, '--format', 'json']);
    expect(run.code).toBe(3);
    expect(run.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^warning: .*broken\.json\.gz: skipped, bad gzip/)]);
    const report = JSON.parse(run.stdout);
    expect(report.incomplete).toBe(true);
    expect(report.skipped).toEqual({ files: 1, records: 0, byReason: { 'bad-gzip': 1 } });
    expect(report.events.counted).toBe(1);
  });
});

describe('options change the numbers as documented', () => {
  it('--out writes the report to a file and nothing to stdout', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'config-cost-out-')), 'report.json');
    const run = await cli(['estimate', '--events', PANTHER, '--format', 'json', '--out', out]);
    expect(run.stdout).toBe('');
    expect(JSON.parse(readFileSync(out, 'utf8')).events.counted).toBe(1);
  });

  it('--month-days and --days set the extrapolation factor', async () => {
    const run = await cli(['estimate', '--events', PANTHER, '--days', '10', '--month-days', '31', '--format', 'json']);
    const report = JSON.parse(run.stdout);
    expect(report.forecast).toMatchObject({ method: 'linear', windowDays: 10, monthDays: 31, factor: 3.1, month: null });
    expect(report.configurationItems.monthly.total).toBeCloseTo(3.1, 9);
    // 3.1 CIs at $0.003
    expect(report.ruleSets[0].monthlyCostUSD.total).toBeCloseTo(0.0093, 9);
  });

  it('--exclude-types leaves a type unrecorded and reports what it would have recorded', async () => {
    const run = await cli(['estimate', '--events', PANTHER, '--exclude-types', 'AWS::ECR::Repository', '--format', 'json']);
    const report = JSON.parse(run.stdout);
    expect(report.configurationItems.observed.total).toBe(0);
    expect(report.recording.notRecorded.observed).toEqual({ total: 1, byResourceType: { 'AWS::ECR::Repository': 1 } });
  });

  it('the table view leads with the monthly cost and lists the assumptions', async () => {
    const run = await cli(['estimate', '--events', SAMPLE]);
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')[0]).toMatch(/^AWS Config estimate for container resources: \$\d+\.\d\d per month$/);
    expect(run.stdout).toMatch(/force-new-deployment-records-ci = false/);
    expect(run.stdout).toMatch(/monthly = observed x 1\.0000 \(30-day month \/ 30-day window\)/);
  });
});
