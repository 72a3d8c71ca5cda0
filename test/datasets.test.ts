// The real CloudTrail files in ../shared/datasets (see its README for origins and the figures asserted here).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RecordClassifier } from '../src/core/classify.js';
import { InputLedger } from '../src/core/input-ledger.js';
import { replayConfigurationItems } from '../src/core/replay.js';
import { listEventFiles } from '../src/sources/files.js';
import { ingestFiles } from '../src/sources/ingest.js';
import { cisByType, model, WIDE_WINDOW } from './helpers/model.js';
import { cli, DATASETS } from './helpers/run.js';

const WIDE = ['--from', '2000-01-01', '--to', '2030-01-01', '--format', 'json'];

async function estimateJson(paths: string[]) {
  const run = await cli(['estimate', ...paths.flatMap((p) => ['--events', `${DATASETS}${p}`]), ...WIDE]);
  return { ...run, report: JSON.parse(run.stdout) };
}

describe('real CloudTrail archives', () => {
  it('grycap-cloudtrail-tracker: 6,194 records, 4 duplicate deliveries, 99 with errorCode of which 3 are duplicated', async () => {
    const { code, report } = await estimateJson(['grycap-cloudtrail-tracker/AWSLogs', 'grycap-cloudtrail-tracker/extra']);
    expect(code).toBe(0);
    expect(report.files.read).toBe(692); // 691 .json.gz + 1 .json in extra/
    expect(report.events.read).toBe(6194);
    expect(report.events.duplicates).toBe(4);
    // The three duplicated pairs c0415f42…, 3661b98f…, e2643932… both carry AccessPointNotFoundException: 99 - 3 = 96.
    expect(report.events.failed).toBe(96);
    // eventVersion 1.01-1.05 records carry no readOnly field, and no container events: all the rest is unrelated.
    expect(report.events.readOnly).toBe(0);
    expect(report.events.unrelated).toBe(6194 - 4 - 96);
    expect(report.events.counted).toBe(0);
    expect(report.incomplete).toBe(false);
  });

  it('invictus-ir-aws_dataset: 2,900 records, 300 failed; readOnly counts records without errorCode', async () => {
    const { code, report } = await estimateJson(['invictus-ir-aws_dataset/CloudTrail']);
    expect(code).toBe(0);
    const dir = `${DATASETS}invictus-ir-aws_dataset/CloudTrail`;
    const records = readdirSync(dir).flatMap((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')).Records as Record<string, unknown>[]);
    expect(records).toHaveLength(2900);
    expect(report.events.read).toBe(2900);
    expect(report.events.duplicates).toBe(0);
    expect(report.events.failed).toBe(300);
    expect(report.events.readOnly).toBe(records.filter((r) => r.readOnly === true && r.errorCode === undefined).length);
    expect(report.events.unrelated).toBe(records.filter((r) => r.readOnly === false && r.errorCode === undefined).length);
  });

  it('stratus-red-team-detonation-logs: bare arrays, 310 records, 52 failed, made-up regions cost nothing', async () => {
    const { code, report } = await estimateJson(['stratus-red-team-detonation-logs']);
    expect(report.events.read).toBe(310);
    expect(report.events.failed).toBe(52);
    expect(report.configurationItems.observed.total).toBe(0);
    expect(code).toBe(3); // README.txt is not CloudTrail data
    expect(report.warnings).toEqual([{ file: `${DATASETS}stratus-red-team-detonation-logs/README.txt`, reason: expect.stringMatching(/^not JSON/) }]);
  });

  it('trailscraper-fixtures: the same log file as .json and .json.gz is read once', async () => {
    const { report } = await estimateJson(['trailscraper-fixtures']);
    expect(report.events.read).toBe(4);
    expect(report.events.duplicates).toBe(2);
    expect(report.events.read - report.events.duplicates).toBe(2);
  });

  it('panther-analysis-ecr: a normalised record with a zone-less eventTime, ECR SetRepositoryPolicy = 1 Repository CI', async () => {
    const { report } = await estimateJson(['panther-analysis-ecr/ecr_SetRepositoryPolicy.json']);
    expect(report.events.counted).toBe(1);
    expect(report.configurationItems.observed.byResourceType['AWS::ECR::Repository']).toBe(1);
    expect(report.byAccountRegion).toEqual([
      { account: '112233445566', region: 'eu-west-1', configurationItems: { observed: 1, monthly: expect.any(Number) }, monthlyCostUSD: expect.any(Number) },
    ]);
  });
});

describe('aws-docs-examples', () => {
  async function replayFolder(files: string[]) {
    const { catalog, assumptions } = model();
    const classifier = new RecordClassifier(catalog);
    const ledger = new InputLedger();
    await ingestFiles(files, { ledger, classifier, catalog, assumptions, workers: 0 });
    const classification = classifier.finish(WIDE_WINDOW);
    return { accounting: ledger.result(), classification, changes: replayConfigurationItems(classification.counted) };
  }

  it('EKS CreateCluster records 1 CI, ECR PutImage 0, and the shared placeholder eventID survives once whatever the order', async () => {
    const files = await listEventFiles([`${DATASETS}aws-docs-examples`]);
    const forward = await replayFolder(files);
    const backward = await replayFolder([...files].reverse());
    for (const run of [forward, backward]) {
      // ecs_CreateCluster (2018-06-20) and ecr_CreateRepository (2018-07-11) share e3c6f4ce-EXAMPLE: the earlier survives.
      expect(run.classification.events.duplicates).toBe(1);
      expect(cisByType(run.changes)).toEqual({ 'AWS::EKS::Cluster': 1, 'AWS::ECS::Cluster': 1 });
    }
    expect(forward.classification).toEqual(backward.classification);
    const counted = forward.classification.counted.map((e) => e.eventName).sort();
    // PutImage is counted with 0 CIs; the lifecycle PolicyExecutionEvent example is marked readOnly.
    expect(counted).toEqual(['CreateCluster', 'CreateCluster', 'PutImage']);
    // Digest and Insights files are passed over without a warning; Lake results, SQL and the README are skipped.
    expect(forward.accounting.files).toMatchObject({ digest: 2, insights: 1 });
    expect(forward.accounting.skipped.byReason).toEqual({ 'lake-query-results': 5, 'not-json': 6 });
  });

  it('stops with an error naming a region it cannot price (the EKS example says "region-code")', async () => {
    const run = await cli(['estimate', '--events', `${DATASETS}aws-docs-examples`, ...WIDE]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/no AWS Config prices for region 'region-code'/);
  });

  it('reads the lookup-events CLI output and the errorCode log file', async () => {
    const run = await replayFolder([
      `${DATASETS}aws-docs-examples/lookup-events_awscli_example.json`,
      `${DATASETS}aws-docs-examples/cloudtrail_UpdateTrail_errorCode_logfile.json`,
    ]);
    expect(run.accounting.files.read).toBe(2);
    expect(run.classification.events.read).toBeGreaterThanOrEqual(2);
    expect(run.classification.events.failed).toBeGreaterThanOrEqual(1);
  });
});
