// Test helpers. Records built here are synthetic, shaped like CloudTrail's, and labelled so.
import { Assumptions } from '../../src/core/assumptions.js';
import { RecordClassifier } from '../../src/core/classify.js';
import { buildEstimateReport } from '../../src/core/estimate.js';
import { DAY_MS } from '../../src/core/event-time.js';
import { InputLedger } from '../../src/core/input-ledger.js';
import type { RecordingSettings } from '../../src/core/recording.js';
import { replayConfigurationItems } from '../../src/core/replay.js';
import type { Window } from '../../src/core/window.js';
import type { RuleInstance } from '../../src/rules/rule-set.js';
import type { RecordedCount } from '../../src/core/recording.js';
import { loadAssumptionDefinitions, loadEventCatalog, loadPriceBook } from '../../src/data/load.js';

export const ACCOUNT = '111122223333';
export const REGION = 'us-east-1';

let counter = 0;

/** A synthetic CloudTrail record; eventID is unique unless given. */
export function record(fields: Record<string, unknown>): Record<string, unknown> {
  counter += 1;
  return {
    eventVersion: '1.08',
    userIdentity: { type: 'AssumedRole', accountId: ACCOUNT, arn: `arn:aws:sts::${ACCOUNT}:assumed-role/ci-deployer/build` },
    eventTime: '2026-10-10T12:00:00Z',
    awsRegion: REGION,
    sourceIPAddress: '203.0.113.10',
    userAgent: 'synthetic-test',
    requestParameters: null,
    responseElements: null,
    requestID: `req-${counter}`,
    eventID: `synthetic-${String(counter).padStart(8, '0')}`,
    readOnly: false,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: ACCOUNT,
    eventCategory: 'Management',
    ...fields,
  };
}

export const ecs = (eventName: string, requestParameters: unknown, extra: Record<string, unknown> = {}) =>
  record({ eventSource: 'ecs.amazonaws.com', eventName, requestParameters, ...extra });

export function registerTaskDefinition(family: string, revision: number, eventTime: string, account = ACCOUNT, region = REGION) {
  return ecs(
    'RegisterTaskDefinition',
    { family, containerDefinitions: [{ name: 'app', image: 'app:1' }] },
    {
      eventTime,
      awsRegion: region,
      recipientAccountId: account,
      responseElements: {
        taskDefinition: { taskDefinitionArn: `arn:aws:ecs:${region}:${account}:task-definition/${family}:${revision}`, family, revision, status: 'ACTIVE' },
      },
    },
  );
}

export const WIDE_WINDOW: Window = { fromMs: Date.parse('2000-01-01T00:00:00Z'), toMs: Date.parse('2030-01-01T00:00:00Z'), days: 10958 };

export function model(assume: Record<string, string> = {}) {
  const assumptions = new Assumptions(loadAssumptionDefinitions(), assume);
  return { assumptions, catalog: loadEventCatalog(assumptions), priceBook: loadPriceBook() };
}

/** Runs records through classification and replay, as the estimate command does after reading. */
export function replay(records: unknown[], options: { assume?: Record<string, string>; window?: Window } = {}) {
  const { catalog } = model(options.assume);
  const classifier = new RecordClassifier(catalog);
  const ledger = new InputLedger();
  ledger.ingest({ path: 'synthetic.json', kind: 'records', format: 'array', records, badRecords: [] }, classifier, catalog);
  const classification = classifier.finish(options.window ?? WIDE_WINDOW);
  return { classification, changes: replayConfigurationItems(classification.counted), accounting: ledger.result() };
}

/** The whole estimate for in-memory records. */
export function estimate(
  records: unknown[],
  options: { assume?: Record<string, string>; window?: Window; recording?: RecordingSettings } = {},
) {
  const { assumptions, catalog, priceBook } = model(options.assume);
  const classifier = new RecordClassifier(catalog);
  const ledger = new InputLedger();
  ledger.ingest({ path: 'synthetic.json', kind: 'records', format: 'array', records, badRecords: [] }, classifier, catalog);
  const window = options.window ?? { fromMs: Date.parse('2026-10-01T00:00:00Z'), toMs: Date.parse('2026-10-31T00:00:00Z'), days: 30 };
  return buildEstimateReport({
    window,
    classification: classifier.finish(window),
    input: ledger.result(),
    recording: options.recording ?? { mode: 'continuous' },
    assumptions,
    priceBook,
    resourceTypes: catalog.resourceTypes,
    ruleSets: [{ name: 'none', description: 'no rules', rules: [] }],
  });
}

export const days = (n: number) => n * DAY_MS;

/** Total CIs per resource type from replayed changes. */
export function cisByType(changes: { resourceType: string; count: number }[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const c of changes) out[c.resourceType] = (out[c.resourceType] ?? 0) + c.count;
  return out;
}

/** A rule instance for model tests: change-triggered on task definitions unless told otherwise. */
export const ruleInstance = (fields: Partial<RuleInstance>): RuleInstance => ({
  name: 'r',
  rule: 'r',
  managed: true,
  trigger: 'change',
  resourceTypes: ['AWS::ECS::TaskDefinition'],
  accountLevel: false,
  maximumExecutionFrequency: null,
  runsPerDay: 0,
  deployment: 'rules',
  source: 'test',
  ...fields,
});

/** Recorded CIs with all of `count` on one day of a `days`-day window. */
export function recordedCount(account: string, region: string, resourceType: string, count: number, days = 30, onDay = 0): RecordedCount {
  const daily = new Array<number>(days).fill(0);
  daily[onDay] = count;
  return { account, region, resourceType, count, daily };
}
