// backtest end to end through the real AWS SDK (signing, JSON 1.0 and 1.1, paging) against loopback fakes of
// CloudWatch and Cost Explorer on 127.0.0.1, with fake credentials, serving the SYNTHETIC fixture figures.
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseCur } from '../src/backtest/billing.js';
import { runBacktest, type BacktestOptions } from '../src/commands/backtest/index.js';
import { InputError } from '../src/errors.js';
import { startCloudWatchServer, type FakeCloudWatch } from './helpers/cloudwatch-server.js';
import { startCostExplorerServer, type FakeCostExplorer } from './helpers/cost-explorer-server.js';
import { isolateAwsCredentials } from './helpers/aws-env.js';

const F = new URL('./fixtures/backtest/', import.meta.url).pathname;
const DEPLOYED = `${F}rules-deployed.json+${F}pack-deployed.json`;
const ACCOUNT = '333344445555';
const work = mkdtempSync(join(tmpdir(), 'config-cost-backtest-aws-'));

// Fake credentials, distinctive so that a leak into output is easy to find.
const FAKE = {
  AWS_ACCESS_KEY_ID: 'AKIAFAKEBACKTEST0001',
  AWS_SECRET_ACCESS_KEY: 'fake-secret-backtest-e2e-do-not-print-0123456789',
  AWS_SESSION_TOKEN: 'fake-session-token-backtest-e2e-do-not-print',
};

function useAws(endpoints: { cloudwatch?: string; costExplorer?: string }, credentials = true): void {
  if (endpoints.cloudwatch) vi.stubEnv('AWS_ENDPOINT_URL_CLOUDWATCH', endpoints.cloudwatch);
  if (endpoints.costExplorer) vi.stubEnv('AWS_ENDPOINT_URL_COST_EXPLORER', endpoints.costExplorer);
  isolateAwsCredentials(work, FAKE, credentials);
}

afterEach(() => {
  vi.unstubAllEnvs();
});

/** The metric export fixture as the fake's series: us-east-1, type, day. */
function seriesFromExport(): Record<string, Record<string, number>> {
  const doc = JSON.parse(readFileSync(join(F, 'metric-export.json'), 'utf8')) as { MetricDataResults: { Label: string; Timestamps: string[]; Values: number[] }[] };
  const byType: Record<string, Record<string, number>> = {};
  for (const r of doc.MetricDataResults) {
    r.Timestamps.forEach((t, i) => {
      const day = t.slice(0, 10);
      (byType[r.Label] ??= {})[day] = (byType[r.Label]![day] ?? 0) + r.Values[i]!;
    });
  }
  return byType;
}

const options = (extra: Partial<BacktestOptions>): BacktestOptions => ({
  events: [join(F, 'trail')],
  days: 3,
  until: '2026-06-04',
  recording: 'continuous',
  rules: [DEPLOYED],
  assume: [],
  format: 'json',
  quiet: true,
  ...extra,
});

function sink() {
  const out = { stdout: '', stderr: '' };
  return { out, io: { stdout: (s: string) => void (out.stdout += s), stderr: (s: string) => void (out.stderr += s) } };
}

const leaks = (text: string) => Object.values(FAKE).filter((secret) => text.includes(secret));

let cloudwatch: FakeCloudWatch;
let costExplorer: FakeCostExplorer;
let stderrAtCostExplorerCalls: string[] = [];
let currentStderr = () => '';

beforeAll(async () => {
  cloudwatch = await startCloudWatchServer({ series: { 'us-east-1': seriesFromExport() }, pageSize: 5 });
  const cur = parseCur(join(F, 'cur-extract.csv'), { accounts: new Set([ACCOUNT]), regions: new Set(['us-east-1']) });
  costExplorer = await startCostExplorerServer({
    usage: cur.lines.map((l) => ({ day: new Date(l.timeMs).toISOString().slice(0, 10), usageType: l.usageType, quantity: l.quantity, costUSD: l.costUSD })),
    daysPerPage: 2,
    estimatedDays: ['2026-06-03'],
    fail: () => {
      stderrAtCostExplorerCalls.push(currentStderr());
      return undefined;
    },
  });
});

afterAll(async () => {
  await cloudwatch.close();
  await costExplorer.close();
});

describe('--cloudwatch: ConfigurationItemsRecorded through the SDK', () => {
  it('reads the daily sums per resource type (paged), and compares them as the exported file does', async () => {
    useAws({ cloudwatch: cloudwatch.url });
    cloudwatch.calls.length = 0;
    const viaSdk = sink();
    const { report } = await runBacktest(options({ cloudwatch: true }), viaSdk.io);
    const viaFile = sink();
    const { report: fromFile } = await runBacktest(options({ observedCis: join(F, 'metric-export.json') }), viaFile.io);

    expect(report.configurationItems!.rows).toEqual(fromFile.configurationItems!.rows);
    expect(report.configurationItems!.notModeled).toEqual(fromFile.configurationItems!.notModeled);
    expect(report.configurationItems!.source).toMatchObject({ kind: 'cloudwatch', regions: ['us-east-1'], daysWithData: 3, windowDays: 3 });
    // ListMetrics, then GetMetricData paged 5 points at a time, all signed for us-east-1.
    const operations = cloudwatch.calls.map((c) => c.operation);
    expect(operations[0]).toBe('ListMetrics');
    expect(operations.filter((o) => o === 'GetMetricData').length).toBeGreaterThan(3);
    expect(new Set(cloudwatch.calls.map((c) => c.region))).toEqual(new Set(['us-east-1']));
    const first = cloudwatch.calls.find((c) => c.operation === 'GetMetricData')!.body;
    expect(first.StartTime).toBe(Date.parse('2026-06-01T00:00:00Z') / 1000);
    expect(first.EndTime).toBe(Date.parse('2026-06-04T00:00:00Z') / 1000);
    // The catalog's 18 container types, ResourceCompliance, and the S3 type ListMetrics found.
    expect(viaSdk.out.stderr).toMatch(/^CloudWatch: 20 metrics requested in us-east-1 \(\d+ calls; AWS bills GetMetricData at \$0\.01 per 1,000 metrics\)\n$/);
    expect(leaks(viaSdk.out.stdout + viaSdk.out.stderr)).toEqual([]);
  });

  it('takes an injected client (the endpoint option) as well as the environment', async () => {
    useAws({});
    const clients = {
      cloudwatch: (region: string) =>
        new CloudWatchClient({ region, endpoint: cloudwatch.url, credentials: { accessKeyId: FAKE.AWS_ACCESS_KEY_ID, secretAccessKey: FAKE.AWS_SECRET_ACCESS_KEY } }),
    };
    const { report } = await runBacktest(options({ cloudwatch: true }), sink().io, clients);
    expect(report.configurationItems!.rows.find((r) => r.key === 'AWS::ECS::Service')).toMatchObject({ modeled: 20, observed: 26, flagged: true });
  });

  it('compares a modeled type CloudWatch has no data for with zero (the recorder recorded none)', async () => {
    const { 'AWS::ECS::TaskDefinition': _dropped, ...series } = seriesFromExport();
    const partial = await startCloudWatchServer({ series: { 'us-east-1': series } });
    try {
      useAws({ cloudwatch: partial.url });
      const { report } = await runBacktest(options({ cloudwatch: true }), sink().io);
      expect(report.configurationItems!.rows.find((r) => r.key === 'AWS::ECS::TaskDefinition')).toMatchObject({ modeled: 14, observed: 0, ratio: 0, flagged: true });
      expect(report.configurationItems!.notObserved).toEqual([]);
    } finally {
      await partial.close();
    }
  });

  it('turns access denied into one line naming the permission, without a stack or credentials', async () => {
    const denying = await startCloudWatchServer({ series: {}, fail: () => ({ status: 403, type: 'AccessDenied', message: `User ${FAKE.AWS_ACCESS_KEY_ID} is not authorized` }) });
    try {
      useAws({ cloudwatch: denying.url });
      const error = await runBacktest(options({ cloudwatch: true }), sink().io).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InputError);
      const message = (error as Error).message;
      expect(message).toMatch(/^CloudWatch ListMetrics in us-east-1: access denied \(.+\); the identity of the default credential chain needs cloudwatch:GetMetricData/);
      expect(message).not.toContain('\n');
      expect(leaks(message)).toEqual([]);
    } finally {
      await denying.close();
    }
  });
});

describe('--billing: Cost Explorer through the SDK', () => {
  it('says AWS bills the request before making it, asks for AWS Config by usage type, and compares as the CUR does', async () => {
    useAws({ costExplorer: costExplorer.url });
    costExplorer.calls.length = 0;
    stderrAtCostExplorerCalls = [];
    const viaSdk = sink();
    currentStderr = () => viaSdk.out.stderr;
    const { report } = await runBacktest(options({ billing: true }), viaSdk.io);
    const { report: fromCur } = await runBacktest(options({ cur: join(F, 'cur-extract.csv') }), sink().io);

    // The notice came before the first request.
    expect(stderrAtCostExplorerCalls[0]).toMatch(/^Cost Explorer: AWS bills each GetCostAndUsage request \(\$0\.01, https:\/\/aws\.amazon\.com\/aws-cost-management\/aws-cost-explorer\/pricing\/\); asking for AWS Config usage by usage type, daily, 2026-06-01 to 2026-06-04/);
    // Three days, two per page: two billed requests, and the run says so.
    expect(costExplorer.calls).toHaveLength(2);
    expect(viaSdk.out.stderr).toContain('Cost Explorer: 2 requests made ($0.02)');
    expect(costExplorer.calls[0]!.region).toBe('us-east-1');
    expect(costExplorer.calls[0]!.body).toMatchObject({
      TimePeriod: { Start: '2026-06-01', End: '2026-06-04' },
      Granularity: 'DAILY',
      Metrics: ['UsageQuantity', 'UnblendedCost'],
      GroupBy: [{ Type: 'DIMENSION', Key: 'USAGE_TYPE' }],
      Filter: {
        And: [
          { Dimensions: { Key: 'SERVICE', Values: ['AWS Config'] } },
          { Dimensions: { Key: 'REGION', Values: ['us-east-1'] } },
          { Dimensions: { Key: 'LINKED_ACCOUNT', Values: [ACCOUNT] } },
        ],
      },
    });
    expect(costExplorer.calls[1]!.body.NextPageToken).toBe('2');

    expect(report.billing!.rows).toEqual(fromCur.billing!.rows);
    expect(report.billing!.notModeled).toEqual(fromCur.billing!.notModeled);
    expect(report.billing!.source).toMatchObject({ kind: 'cost-explorer', estimated: true });
    expect(leaks(viaSdk.out.stdout + viaSdk.out.stderr)).toEqual([]);
  });

  it('makes no Cost Explorer request without --billing', async () => {
    useAws({ costExplorer: costExplorer.url });
    costExplorer.calls.length = 0;
    await runBacktest(options({ cur: join(F, 'cur-extract.csv') }), sink().io);
    await runBacktest(options({}), sink().io);
    expect(costExplorer.calls).toHaveLength(0);
  });

  it('without credentials: one line saying so, and no request', async () => {
    useAws({ costExplorer: costExplorer.url }, false);
    costExplorer.calls.length = 0;
    const error = await runBacktest(options({ billing: true }), sink().io).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toMatch(/^Cost Explorer GetCostAndUsage: no AWS credentials found for the default credential chain/);
    expect(costExplorer.calls).toHaveLength(0);
  });
});
