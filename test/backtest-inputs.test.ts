// The exported traces a backtest reads: the ConfigurationItemsRecorded metric (get-metric-data JSON, CSV, simple
// JSON forms) and Cost and Usage Report CSVs (legacy and CUR 2.0 columns), all SYNTHETIC.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { billedInWindow, parseCur, usageTypeSuffix } from '../src/backtest/billing.js';
import { parseCsv } from '../src/backtest/input-file.js';
import { observedFromPoints, parseObservedCis } from '../src/backtest/observed-cis.js';
import { InputError } from '../src/errors.js';

const FIXTURES = new URL('./fixtures/backtest/', import.meta.url).pathname;
const WINDOW = { fromMs: Date.parse('2026-06-01T00:00:00Z'), toMs: Date.parse('2026-06-04T00:00:00Z'), days: 3 };
const work = mkdtempSync(join(tmpdir(), 'config-cost-backtest-inputs-'));
const file = (name: string, content: string | Buffer) => {
  const path = join(work, name);
  writeFileSync(path, content);
  return path;
};
const totals = (path: string) => Object.fromEntries([...observedFromPoints(parseObservedCis(path), WINDOW).byResourceType].map(([k, v]) => [k, v.total]));

describe('--observed-cis: the ConfigurationItemsRecorded metric', () => {
  it('reads get-metric-data output: the type from each Label, a point per day, points outside the window left out', () => {
    const observed = observedFromPoints(parseObservedCis(join(FIXTURES, 'metric-export.json')), WINDOW);
    expect(observed.daysWithData).toBe(3);
    expect(observed.pointsOutsideWindow).toBe(1);
    expect(observed.byResourceType.get('AWS::ECS::Service')).toEqual({ total: 26, daily: expect.any(Array) });
    expect(observed.byResourceType.get('AWS::ECS::Service')!.daily!.reduce((a, b) => a + b, 0)).toBe(26);
    expect(observed.byResourceType.get('AWS::S3::Bucket')).toEqual({ total: 9, daily: [3, 3, 3] });
    expect(observed.byResourceType.get('AWS::ECS::Cluster')!.total).toBe(1);
  });

  it('reads the same figures from the CSV export', () => {
    const json = observedFromPoints(parseObservedCis(join(FIXTURES, 'metric-export.json')), WINDOW);
    const csv = observedFromPoints(parseObservedCis(join(FIXTURES, 'metric-export.csv')), WINDOW);
    expect([...csv.byResourceType]).toEqual([...json.byResourceType]);
  });

  it('reads byResourceType totals or days, an array of rows, epoch timestamps and gzip', () => {
    expect(totals(file('totals.json', JSON.stringify({ byResourceType: { 'AWS::ECS::Service': 30 } })))).toEqual({ 'AWS::ECS::Service': 30 });
    expect(observedFromPoints(parseObservedCis(file('totals2.json', JSON.stringify({ byResourceType: { 'AWS::ECS::Service': 30 } }))), WINDOW).daysWithData).toBeNull();
    expect(totals(file('days.json', JSON.stringify({ byResourceType: { 'AWS::ECS::Service': { '2026-06-01': 4, '2026-06-03': 5, '2026-06-09': 99 } } })))).toEqual({ 'AWS::ECS::Service': 9 });
    const rows = [
      { resourceType: 'AWS::ECS::Service', timestamp: Date.parse('2026-06-02T00:00:00Z') / 1000, sum: 7 },
      { ResourceType: 'AWS::ECS::Service', date: '2026-06-02', Value: '1,000' },
    ];
    expect(totals(file('rows.json.gz', gzipSync(JSON.stringify(rows))))).toEqual({ 'AWS::ECS::Service': 1007 });
  });

  it.each([
    ['missing.json', undefined, /no such file/],
    ['bad.json', '{"MetricDataResults": [{"Id": "m0", "Label": "services", "Timestamps": [], "Values": []}]}', /MetricDataResults\[0\] \(Label\): no resource type/],
    ['lengths.json', '{"MetricDataResults": [{"Id": "m0", "Label": "AWS::ECS::Service", "Timestamps": ["2026-06-01T00:00:00Z"], "Values": []}]}', /1 Timestamps but 0 Values/],
    ['notjson.json', '{"MetricDataResults": [', /not JSON/],
    ['other.json', '{"hello": 1}', /not a metric export/],
    ['header.csv', 'when,what\n2026-06-01,3\n', /needs a ResourceType column/],
    ['value.csv', 'Date,ResourceType,Sum\n2026-06-01,AWS::ECS::Service,many\n', /line 2: 'many' is not a count/],
    ['date.csv', 'Date,ResourceType,Sum\nyesterday,AWS::ECS::Service,3\n', /line 2: 'yesterday' is not a date/],
  ])('%s is a one-line input error', (name, content, message) => {
    const path = content === undefined ? join(work, name) : file(name, content);
    let caught: unknown;
    try {
      parseObservedCis(path);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InputError);
    expect((caught as Error).message).toMatch(message);
    expect((caught as Error).message).not.toContain('\n');
  });
});

describe('--cur: a Cost and Usage Report', () => {
  it('takes AWS Config usage lines of the replay accounts and regions, by usage type without region prefix and by day', () => {
    const cur = parseCur(join(FIXTURES, 'cur-extract.csv'), { accounts: new Set(['333344445555']), regions: new Set(['us-east-1']) });
    expect(cur.otherAccountsOrRegions).toBe(1);
    const billed = billedInWindow(cur.lines, WINDOW);
    expect(billed.linesOutsideWindow).toBe(1);
    const byType = Object.fromEntries([...billed.byUsageType].map(([k, v]) => [k, { quantity: v.quantity, daily: v.daily }]));
    // Tax and Credit lines, the EC2 line and the other account's line are not usage of this replay.
    expect(byType).toEqual({
      ConfigRuleEvaluations: { quantity: 112, daily: [44, 34, 34] },
      ConfigurationItemRecorded: { quantity: 208, daily: [82, 63, 63] },
      ConformancePackEvaluations: { quantity: 14, daily: [6, 4, 4] },
      CustomConfigItemRecorded: { quantity: 5, daily: [5, 0, 0] },
    });
    expect(billed.byUsageType.get('ConfigurationItemRecorded')!.costUSD).toBeCloseTo(208 * 0.003, 9);
  });

  it('reads CUR 2.0 column names, gzipped, with quoted fields', () => {
    const csv = [
      'line_item_usage_account_id,line_item_line_item_type,line_item_usage_start_date,line_item_product_code,line_item_usage_type,line_item_usage_amount,line_item_unblended_cost,line_item_line_item_description,product_region_code',
      '333344445555,Usage,2026-06-02 00:00:00.000,AWSConfig,EU-ConfigRuleEvaluations,"1,500",1.5,"evaluations, first tier",eu-west-1',
      '333344445555,Usage,2026-06-02 00:00:00.000,AWSConfig,ConfigurationItemRecordedDaily,10,0.12,daily,eu-west-1',
    ].join('\r\n');
    const cur = parseCur(file('cur2.csv.gz', gzipSync(csv)));
    expect(cur.lines).toEqual([
      { usageType: 'EU-ConfigRuleEvaluations', timeMs: Date.parse('2026-06-02T00:00:00Z'), quantity: 1500, costUSD: 1.5 },
      { usageType: 'ConfigurationItemRecordedDaily', timeMs: Date.parse('2026-06-02T00:00:00Z'), quantity: 10, costUSD: 0.12 },
    ]);
  });

  it('refuses a file that is not a CUR, in one line', () => {
    expect(() => parseCur(file('nocur.csv', 'a,b\n1,2\n'))).toThrow(/not a Cost and Usage Report CSV: no lineItem\/UsageType, lineItem\/UsageAmount, lineItem\/UsageStartDate column/);
  });

  it.each([
    ['USE1-ConfigurationItemRecorded', 'ConfigurationItemRecorded'],
    ['USE2-ConfigurationItemRecordedDaily', 'ConfigurationItemRecordedDaily'],
    ['ConfigRuleEvaluations', 'ConfigRuleEvaluations'],
    ['APS2-ConformancePackEvaluations', 'ConformancePackEvaluations'],
    ['EU-ProactiveConfigRuleEvaluations', 'ProactiveConfigRuleEvaluations'],
    ['USW2-CustomConfigItemRecorded', 'CustomConfigItemRecorded'],
  ])('usage type %s is %s', (usageType, suffix) => {
    expect(usageTypeSuffix(usageType)).toBe(suffix);
  });
});

describe('CSV', () => {
  it('reads quoted fields with commas, quotes and line breaks, CRLF or LF', () => {
    expect(parseCsv('a,"b, c","say ""hi""","two\nlines"\r\n1,2,3,4\n\n')).toEqual([
      ['a', 'b, c', 'say "hi"', 'two\nlines'],
      ['1', '2', '3', '4'],
    ]);
  });
});
