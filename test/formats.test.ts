// Reports people look at and pipelines read: markdown and csv (golden, reviewed), infracost usage, exit codes.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { ANSI, choosePaint, PLAIN } from '../src/report/color.js';
import { csvField } from '../src/report/csv.js';
import { sparkline } from '../src/report/sparkline.js';
import { cli } from './helpers/run.js';

const SAMPLE = 'examples/cloudtrail';
const golden = (name: string) => readFileSync(new URL(`./golden/${name}`, import.meta.url), 'utf8');

describe('formats', () => {
  it('markdown matches the reviewed golden file (test/golden/sample-estimate.md)', async () => {
    const run = await cli(['estimate', '--events', SAMPLE, '--rules', 'containers-2022', '--rules', 'security-hub-fsbp', '--format', 'markdown']);
    expect(run.stdout).toBe(golden('sample-estimate.md'));
  });

  it('csv matches the reviewed golden file, one row per resource type and per rule', async () => {
    const run = await cli(['estimate', '--events', SAMPLE, '--rules', 'containers-2022', '--format', 'csv']);
    expect(run.stdout).toBe(golden('sample-estimate.csv'));
    const rows = run.stdout.trim().split('\r\n');
    // header + 18 resource types + 13 rules + 1 compliance row
    expect(rows).toHaveLength(1 + 18 + 13 + 1);
  });

  it('quotes csv fields as RFC 4180 says', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
  });

  it('writes an infracost usage file with the monthly CIs and evaluations per rule', async () => {
    const run = await cli(['estimate', '--events', SAMPLE, '--rules', 'containers-2022', '--format', 'infracost-usage']);
    const usage = parse(run.stdout);
    // 2,507 resource CIs + 288 compliance CIs
    expect(usage.resource_type_default_usage.aws_config_configuration_recorder).toEqual({ monthly_config_items: 2795, monthly_custom_config_items: 0 });
    expect(usage.resource_usage['aws_config_config_rule.ecs_containers_nonprivileged']).toEqual({ monthly_rule_evaluations: 284 });
    expect(Object.keys(usage.resource_usage)).toHaveLength(13);
  });

  it('draws a sparkline of daily CIs', () => {
    expect(sparkline([0, 1, 2, 3, 4, 5, 6, 7])).toBe('▁▂▃▄▅▆▇█');
    expect(sparkline([3, 3, 3])).toBe('▁▁▁');
    expect(sparkline([])).toBe('');
  });

  it('colours only a terminal, and never with NO_COLOR or --no-color', () => {
    expect(choosePaint(true, {}, true)).toBe(ANSI);
    expect(choosePaint(false, {}, true)).toBe(PLAIN);
    expect(choosePaint(true, { NO_COLOR: '1' }, true)).toBe(PLAIN);
    expect(choosePaint(true, {}, false)).toBe(PLAIN);
  });
});

describe('exit codes', () => {
  it('1 over the --fail-over budget, with a line saying so', async () => {
    const run = await cli(['estimate', '--events', SAMPLE, '--rules', 'containers-2022', '--fail-over', '10']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/over budget: \$10\.50 a month with 'containers-2022' is more than --fail-over \$10\.00/);
    expect((await cli(['estimate', '--events', SAMPLE, '--rules', 'containers-2022', '--fail-over', '11'])).code).toBe(0);
  });

  it('3 for incomplete input, 0 with --allow-partial', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'config-cost-partial-'));
    writeFileSync(join(dir, 'bad.json'), '{oops');
    const args = ['estimate', '--events', SAMPLE, '--events', dir];
    expect((await cli(args)).code).toBe(3);
    expect((await cli([...args, '--allow-partial'])).code).toBe(0);
  });

  it('--out refuses to overwrite a file config-cost did not write, unless --force', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'config-cost-out-'));
    const mine = join(dir, 'notes.txt');
    writeFileSync(mine, 'my own notes');
    const refused = await cli(['estimate', '--events', SAMPLE, '--out', mine]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/not a config-cost report; give --force/);
    expect(readFileSync(mine, 'utf8')).toBe('my own notes');
    expect((await cli(['estimate', '--events', SAMPLE, '--out', mine, '--force'])).code).toBe(0);
    // a report it wrote before may be overwritten: table and JSON
    expect((await cli(['estimate', '--events', SAMPLE, '--out', mine])).code).toBe(0);
    const json = join(dir, 'r.json');
    expect((await cli(['estimate', '--events', SAMPLE, '--out', json, '--format', 'json'])).code).toBe(0);
    expect((await cli(['estimate', '--events', SAMPLE, '--out', json, '--format', 'json'])).code).toBe(0);
  });
});
