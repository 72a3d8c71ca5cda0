// The CLI wiring of the live sources end to end, through the real AWS SDK (signing, JSON 1.1, retries) against fakes
// on 127.0.0.1: `estimate --source lookup|lake|athena` and `--rules current`, each held against the file replay of
// the same SYNTHETIC records (`config-cost simulate`). The fakes: test/helpers/cloudtrail-server.ts (LookupEvents),
// test/helpers/sql-server.ts (CloudTrail Lake and Athena on DuckDB; what it translates is listed there),
// test/helpers/config-server.ts (AWS Config).
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { catalogEventSources } from '../src/sources/lookup/index.js';
import { loadTrailRecords, startCloudTrailServer, type FakeCloudTrail } from './helpers/cloudtrail-server.js';
import { startConfigServer, type FakeConfig } from './helpers/config-server.js';
import { cli } from './helpers/run.js';
import { LAKE_MAX_STATEMENT_CHARS, startSqlEngines, type FakeSqlEngines } from './helpers/sql-server.js';

const BIN = new URL('../bin/config-cost.js', import.meta.url).pathname;
const DAY_MS = 86_400_000;
const ACCOUNT = '111122223333';
const REGION = 'us-east-1';
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
// LookupEvents reaches back 90 days from the real clock (Date.now() in the CLI): the archive ends yesterday.
const TODAY_MS = Math.floor(Date.now() / DAY_MS) * DAY_MS;
const TO = day(TODAY_MS - DAY_MS);
const FROM = day(TODAY_MS - 3 * DAY_MS);
const WINDOW = ['--from', FROM, '--to', TO];
const RULES = ['--rules', 'containers-all'];
const EDS_ID = 'EXAMPLE-f852-4e8f-8bd1-bcf6cEXAMPLE';
const EDS = `arn:aws:cloudtrail:${REGION}:${ACCOUNT}:eventdatastore/${EDS_ID}`;
const ATHENA = { database: 'cloudtrail', table: 'cloudtrail_logs', workgroup: 'config-cost' };

// Fake credentials, distinctive so that a leak into output or messages is easy to find.
const FAKE = {
  AWS_ACCESS_KEY_ID: 'AKIAFAKELIVECLI000001',
  AWS_SECRET_ACCESS_KEY: 'fake-secret-live-cli-do-not-print-0123456789',
  AWS_SESSION_TOKEN: 'fake-session-token-live-cli-do-not-print',
};
const leaks = (text: string) => Object.values(FAKE).filter((secret) => text.includes(secret));

let work: string;
let archive: string;
let restricted: string;
let lookupServer: FakeCloudTrail;
let sql: FakeSqlEngines;
let config: FakeConfig;

/** The environment every run gets: fake credentials, no profile or shared files, the fakes' endpoints. */
function baseEnv(): Record<string, string | undefined> {
  return {
    ...FAKE,
    AWS_REGION: REGION,
    AWS_DEFAULT_REGION: undefined,
    AWS_PROFILE: undefined,
    AWS_CONFIG_FILE: join(work, 'no-aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(work, 'no-aws-credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: undefined,
    AWS_CONTAINER_CREDENTIALS_FULL_URI: undefined,
    AWS_WEB_IDENTITY_TOKEN_FILE: undefined,
    AWS_ENDPOINT_URL: undefined,
    AWS_ENDPOINT_URL_ATHENA: sql.url,
    AWS_ENDPOINT_URL_CONFIG_SERVICE: config.url,
    XDG_CACHE_HOME: join(work, 'xdg-cache'),
    // What the entry point (src/index.ts) sets before any client, which cli() runs around; the binary run below
    // goes without it, to show that the entry point silences the SDK's Node-version warning itself.
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
}

function useEnv(extra: Record<string, string | undefined> = {}): void {
  for (const [name, value] of Object.entries({ ...baseEnv(), ...extra })) vi.stubEnv(name, value);
}

type Report = Record<string, unknown> & { events: Record<string, number> };

function parse(result: { code: number; stdout: string; stderr: string }): Report {
  expect(result.stderr).not.toMatch(/NodeVersionSupportWarning|\(node:\d+\)|\n\s+at /);
  expect(leaks(result.stdout + result.stderr)).toEqual([]);
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as Report;
}

/** The report without what necessarily differs between a live source and files: file counts, warnings, event classes. */
const model = (report: Report) => {
  const { files: _files, warnings: _warnings, events: _events, ...rest } = report;
  return rest;
};

/** A store that keeps each event once (LookupEvents, Lake): the file replay's classes without its duplicates. */
const withoutDuplicates = (events: Record<string, number>) => ({ ...events, read: events.read! - events.duplicates!, duplicates: 0 });

async function fileReplay(path: string, extra: string[] = []): Promise<Report> {
  return parse(await cli(['estimate', '--events', path, ...WINDOW, ...RULES, '--format', 'json', ...extra]));
}

/** A port nothing listens on. */
async function closedPort(): Promise<string> {
  const server = await startCloudTrailServer({ records: [] });
  await server.close();
  return server.url;
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'config-cost-live-cli-'));
  archive = join(work, 'archive');
  const sim = await cli(['simulate', '--out', archive, '--days', '2', '--until', TO, '--services', '2', '--noise-per-day', '30', '--failed-rate', '0.2']);
  expect(sim.code).toBe(0);
  const records = loadTrailRecords(archive);
  // LookupEvents is asked for the catalog's event sources only: its files hold the records of those sources.
  const sources = new Set(catalogEventSources());
  const lookupRecords = records.filter((r) => sources.has(String(r.eventSource)));
  expect(lookupRecords.length).toBeLessThan(records.length);
  restricted = join(work, 'restricted');
  mkdirSync(restricted);
  writeFileSync(join(restricted, 'records.json'), JSON.stringify({ Records: lookupRecords }));

  lookupServer = await startCloudTrailServer({ records: lookupRecords });
  sql = await startSqlEngines({
    records,
    lake: { eventDataStoreId: EDS_ID },
    athena: { database: ATHENA.database, table: ATHENA.table, workgroups: { [ATHENA.workgroup]: {} } },
    pageSize: 7,
  });
  config = await startConfigServer({ [REGION]: CONFIG_SETUP });
});

beforeEach(() => {
  vi.unstubAllEnvs();
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await Promise.all([lookupServer?.close(), sql?.close(), config?.close()]);
  rmSync(work, { recursive: true, force: true });
});

describe('estimate --source lookup', () => {
  it('equals the file replay of the same records, and a rerun (the installed binary) makes no request', async () => {
    useEnv({ AWS_ENDPOINT_URL_CLOUDTRAIL: lookupServer.url });
    const cacheDir = join(work, 'lookup-cache');
    const args = ['estimate', '--source', 'lookup', '--regions', REGION, ...WINDOW, '--cache-dir', cacheDir, ...RULES, '--format', 'json'];
    const before = lookupServer.stats().requests;
    const first = await cli(args);
    const live = parse(first);
    // Progress goes to a terminal only: stderr is not one here.
    expect(first.stderr).toBe('');
    const requests = lookupServer.stats().requests - before;
    // One query per event source of the catalog (48 hours each), some of them two pages.
    expect(requests).toBeGreaterThanOrEqual(catalogEventSources().length);
    expect(lookupServer.calls.slice(before).every((c) => c.region === REGION && c.attribute?.key === 'EventSource')).toBe(true);

    const files = await fileReplay(restricted);
    expect(files.events.duplicates).toBeGreaterThan(0);
    for (const kind of ['failed', 'readOnly', 'counted']) expect(files.events[kind]).toBeGreaterThan(0);
    expect(live.events).toEqual(withoutDuplicates(files.events));
    expect(live.configurationItems).toEqual(files.configurationItems);
    expect(live.ruleSets).toEqual(files.ruleSets);
    expect(model(live)).toEqual(model(files));

    // The installed binary, with the SDK's Node-version warning left to the tool to silence.
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: work };
    for (const [name, value] of Object.entries({ ...baseEnv(), AWS_ENDPOINT_URL_CLOUDTRAIL: lookupServer.url })) if (value !== undefined) env[name] = value;
    delete env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED;
    const rerunBefore = lookupServer.stats().requests;
    const rerun = await promisify(execFile)(process.execPath, [BIN, ...args], { env });
    expect(lookupServer.stats().requests).toBe(rerunBefore);
    expect(rerun.stderr).toBe('');
    expect(leaks(rerun.stdout + rerun.stderr)).toEqual([]);
    expect(rerun.stdout).toBe(first.stdout);
  });
});

describe('estimate --source lake', () => {
  it('runs the compiled statements on the event data store and equals the file replay', async () => {
    useEnv({ AWS_ENDPOINT_URL_CLOUDTRAIL: sql.url });
    const before = sql.statements.length;
    const callsBefore = sql.calls.length;
    const live = parse(await cli(['estimate', '--source', 'lake', '--event-data-store', EDS, ...WINDOW, ...RULES, '--format', 'json']));
    const statements = sql.statements.slice(before);
    // The recording mode asked for and the other one (the recording advice), each in as many statements as fit.
    expect(statements.length).toBeGreaterThanOrEqual(2);
    for (const s of statements) {
      expect(s.engine).toBe('lake');
      expect(s.error).toBeUndefined();
      expect(s.received.length).toBeLessThanOrEqual(LAKE_MAX_STATEMENT_CHARS);
      expect(s.received).toContain(`FROM ${EDS_ID} WHERE eventtime>=timestamp `);
    }
    const calls = sql.calls.slice(callsBefore);
    expect(new Set(calls.map((c) => `${c.service} ${c.region}`))).toEqual(new Set([`cloudtrail ${REGION}`]));
    // Results came in several pages.
    expect(calls.filter((c) => c.target.endsWith('GetQueryResults') && c.body.NextToken !== undefined).length).toBeGreaterThan(0);

    const files = await fileReplay(archive);
    expect(sql.tableRows.lake).toBe(files.events.read! - files.events.duplicates!);
    expect(live.events).toEqual(withoutDuplicates(files.events));
    expect(live.configurationItems).toEqual(files.configurationItems);
    expect(live.ruleSets).toEqual(files.ruleSets);
    expect(model(live)).toEqual(model(files));
  });
});

describe('estimate --source athena', () => {
  it('runs the compiled query in the workgroup and equals the file replay, duplicates included', async () => {
    useEnv();
    const before = sql.statements.length;
    const callsBefore = sql.calls.length;
    const output = 's3://athena-results-example/config-cost/';
    const live = parse(
      await cli(['estimate', '--source', 'athena', '--database', ATHENA.database, '--table', ATHENA.table, '--workgroup', ATHENA.workgroup, '--output-location', output, ...WINDOW, ...RULES, '--format', 'json']),
    );
    const statements = sql.statements.slice(before);
    expect(statements.map((s) => [s.engine, s.error])).toEqual([
      ['athena', undefined],
      ['athena', undefined],
    ]);
    const starts = sql.calls.slice(callsBefore).filter((c) => c.target === 'AmazonAthena.StartQueryExecution');
    expect(starts).toHaveLength(2);
    for (const start of starts) {
      expect(start.region).toBe(REGION);
      expect(start.body).toMatchObject({ QueryExecutionContext: { Database: ATHENA.database }, WorkGroup: ATHENA.workgroup, ResultConfiguration: { OutputLocation: output } });
    }

    const files = await fileReplay(archive);
    expect(sql.tableRows.athena).toBe(files.events.read);
    expect(live.events).toEqual(files.events);
    expect(live.configurationItems).toEqual(files.configurationItems);
    expect(live.ruleSets).toEqual(files.ruleSets);
    expect(model(live)).toEqual(model(files));
  });
});

const RECORDER_ARN = `arn:aws:config:${REGION}:${ACCOUNT}:configuration-recorder/default/abcd1234`;
const CONFIG_SETUP = {
  recorders: [
    {
      arn: RECORDER_ARN,
      name: 'default',
      roleARN: `arn:aws:iam::${ACCOUNT}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`,
      recordingScope: 'PAID',
      recordingGroup: {
        allSupported: false,
        includeGlobalResourceTypes: false,
        exclusionByResourceTypes: { resourceTypes: ['AWS::EC2::NetworkInterface'] },
        recordingStrategy: { useOnly: 'EXCLUSION_BY_RESOURCE_TYPES' },
      },
      recordingMode: { recordingFrequency: 'CONTINUOUS' },
    },
  ],
  statuses: [{ arn: RECORDER_ARN, name: 'default', recording: true, lastStatus: 'SUCCESS' }],
  summaries: [{ arn: RECORDER_ARN, name: 'default', recordingScope: 'PAID' }],
  rules: [
    {
      ConfigRuleName: 'ecs-containers-nonprivileged',
      ConfigRuleArn: `arn:aws:config:${REGION}:${ACCOUNT}:config-rule/config-rule-aaaaaa`,
      ConfigRuleState: 'ACTIVE',
      Scope: { ComplianceResourceTypes: ['AWS::ECS::TaskDefinition'] },
      Source: { Owner: 'AWS', SourceIdentifier: 'ECS_CONTAINERS_NONPRIVILEGED' },
    },
    {
      ConfigRuleName: 'ecr-private-image-scanning-enabled',
      ConfigRuleArn: `arn:aws:config:${REGION}:${ACCOUNT}:config-rule/config-rule-bbbbbb`,
      ConfigRuleState: 'ACTIVE',
      MaximumExecutionFrequency: 'TwentyFour_Hours',
      Source: { Owner: 'AWS', SourceIdentifier: 'ECR_PRIVATE_IMAGE_SCANNING_ENABLED' },
    },
  ],
  resourceCounts: [
    { resourceType: 'AWS::ECR::Repository', count: 5 },
    { resourceType: 'AWS::ECS::Cluster', count: 1 },
    { resourceType: 'AWS::ECS::Service', count: 2 },
    { resourceType: 'AWS::ECS::TaskDefinition', count: 40 },
    { resourceType: 'AWS::S3::Bucket', count: 12 },
  ],
};

describe('estimate --rules current', () => {
  it("prices the account's own rules, with its recorder's exclusions and its inventory", async () => {
    useEnv();
    const callsBefore = config.calls.length;
    const result = await cli(['estimate', '--events', archive, '--rules', 'current', '--regions', REGION, '--format', 'json']);
    const report = parse(result);
    const actions = config.calls.slice(callsBefore);
    expect(new Set(actions.map((c) => c.action))).toEqual(
      new Set(['DescribeConfigurationRecorders', 'DescribeConfigurationRecorderStatus', 'ListConfigurationRecorders', 'DescribeConfigRules', 'GetDiscoveredResourceCounts']),
    );
    expect(actions.every((c) => c.region === REGION)).toBe(true);
    // Two pages of rules.
    expect(actions.filter((c) => c.action === 'DescribeConfigRules')).toHaveLength(2);

    const ruleSets = report.ruleSets as { name: string; rules: { name: string; rule: string; trigger: string }[] }[];
    expect(ruleSets).toHaveLength(1);
    expect(ruleSets[0]!.rules.map((r) => [r.rule, r.trigger]).sort()).toEqual([
      ['ecr-private-image-scanning-enabled', 'periodic'],
      ['ecs-containers-nonprivileged', 'change'],
    ]);
    const recording = report.recording as { excludeTypes: string[] };
    expect(recording.excludeTypes).toContain('AWS::EC2::NetworkInterface');
    const inventory = (report.inventory as { resources: { resourceType: string; count: number; source: string }[] }).resources;
    const fromConfig = Object.fromEntries(inventory.filter((r) => r.source === 'inventory-file').map((r) => [r.resourceType, r.count]));
    expect(fromConfig).toMatchObject({ 'AWS::ECR::Repository': 5, 'AWS::ECS::Cluster': 1, 'AWS::ECS::Service': 2 });
    expect(fromConfig).not.toHaveProperty('AWS::ECS::TaskDefinition');
    expect(fromConfig).not.toHaveProperty('AWS::S3::Bucket');
    // The discover summary goes to stderr; stdout holds the report alone.
    expect(result.stderr).toMatch(new RegExp(`^AWS Config set-up of account ${ACCOUNT} in ${REGION}\n`));
  });
});

describe('an unreachable endpoint', () => {
  it.each([
    ['lookup', 'CLOUDTRAIL', ['--source', 'lookup', '--regions', REGION, '--cache-dir', 'CACHE'], /^config-cost: LookupEvents in us-east-1: cannot reach the CloudTrail endpoint .*ECONNREFUSED/],
    ['lake', 'CLOUDTRAIL', ['--source', 'lake', '--event-data-store', EDS], /^config-cost: CloudTrail Lake StartQuery in us-east-1 failed: .*ECONNREFUSED/],
    ['athena', 'ATHENA', ['--source', 'athena', '--database', ATHENA.database, '--table', ATHENA.table, '--workgroup', ATHENA.workgroup], /^config-cost: Athena StartQueryExecution in us-east-1 failed: .*ECONNREFUSED/],
    ['--rules current', 'CONFIG_SERVICE', ['--events', 'ARCHIVE', '--rules', 'current', '--regions', REGION], /^config-cost: discover: cannot reach AWS Config at .*ECONNREFUSED, DescribeConfigurationRecorders in us-east-1/],
  ])('%s: exit 2 and one line naming the call and the region', async (_label, service, args, message) => {
    const closed = await closedPort();
    useEnv({ [`AWS_ENDPOINT_URL_${service}`]: closed, AWS_ENDPOINT_URL_CLOUDTRAIL: service === 'CLOUDTRAIL' ? closed : lookupServer.url });
    const result = await cli(['estimate', ...args.map((a) => (a === 'ARCHIVE' ? archive : a === 'CACHE' ? join(work, 'cache-closed') : a)), ...WINDOW, '--format', 'json']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.endsWith('\n')).toBe(true);
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/^config-cost: /);
    expect(result.stderr).toMatch(message);
    expect(leaks(result.stderr)).toEqual([]);
  });
});
