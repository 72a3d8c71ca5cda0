// The LookupEvents source with a mocked CloudTrail client (aws-sdk-client-mock): paging, slicing per
// source and hour, the cache, the 90-day limit, throttling and failures. Records are SYNTHETIC.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AccessDeniedException,
  CloudTrailClient,
  InvalidTimeRangeException,
  LookupEventsCommand,
  ThrottlingException,
  type LookupEventsCommandInput,
} from '@aws-sdk/client-cloudtrail';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { estimateFiles } from '../src/commands/estimate/index.js';
import { prepareReplay } from '../src/commands/estimate/prepare.js';
import { isoSeconds } from '../src/core/event-time.js';
import { InputError, UsageError } from '../src/errors.js';
import { readEventFile } from '../src/sources/files.js';
import { catalogEventSources, fetchLookupEvents, suppressSdkNodeVersionWarning, type LookupSourceOptions } from '../src/sources/lookup/index.js';
import { TokenBucket } from '../src/sources/lookup/token-bucket.js';
import { lookupFailure, redact } from '../src/sources/lookup/errors.js';
import { ACCOUNT, ecs } from './helpers/model.js';

const H = 3_600_000;
const T0 = Date.parse('2026-10-10T00:00:00Z');
const WINDOW = { fromMs: T0, toMs: T0 + 3 * H };
const LATER = T0 + 2 * 86_400_000;
const SOURCES = catalogEventSources();
// The clients below are built directly (to mock them), not by the factory: keep the SDK's Node warning out of the test log.
suppressSdkNodeVersionWarning();
const quiet = { stdout: () => undefined, stderr: () => undefined };
const iso = (ms: number) => isoSeconds(ms);

/** A store answering LookupEvents as CloudTrail does: one attribute, inclusive times, newest first, 50 a page. */
function fakeLookup(records: Record<string, unknown>[]) {
  const calls: LookupEventsCommandInput[] = [];
  const handler = (input: LookupEventsCommandInput) => {
    calls.push(input);
    const attribute = input.LookupAttributes?.[0];
    const start = input.StartTime?.getTime() ?? -Infinity;
    const end = input.EndTime?.getTime() ?? Infinity;
    const matching = records
      .filter((r) => attribute === undefined || r.eventSource === attribute.AttributeValue)
      .filter((r) => Date.parse(String(r.eventTime)) >= start && Date.parse(String(r.eventTime)) <= end)
      .sort((a, b) => Date.parse(String(b.eventTime)) - Date.parse(String(a.eventTime)));
    const offset = input.NextToken !== undefined ? Number(input.NextToken.slice(4)) : 0;
    const size = input.MaxResults ?? 50;
    const page = matching.slice(offset, offset + size);
    return {
      Events: page.map((r) => ({
        EventId: String(r.eventID),
        EventName: String(r.eventName),
        EventSource: String(r.eventSource),
        EventTime: new Date(Date.parse(String(r.eventTime))),
        AccessKeyId: 'ASIAEXAMPLECALLER001',
        CloudTrailEvent: JSON.stringify(r),
      })),
      ...(offset + size < matching.length ? { NextToken: `tok-${offset + size}` } : {}),
      $metadata: { httpStatusCode: 200, attempts: 1 },
    };
  };
  return { calls, handler };
}

let dir: string;
let client: CloudTrailClient;
let mock: ReturnType<typeof mockClient>;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'config-cost-lookup-'));
  client = new CloudTrailClient({ region: 'us-east-1', credentials: { accessKeyId: 'AKIDUNIT', secretAccessKey: 'unit-secret' } });
  mock = mockClient(client);
});

afterEach(() => {
  mock.restore();
  rmSync(dir, { recursive: true, force: true });
});

function options(extra: Partial<LookupSourceOptions> = {}): LookupSourceOptions {
  return {
    regions: ['us-east-1'],
    window: WINDOW,
    cacheDir: join(dir, 'cache'),
    nowMs: LATER,
    clientFor: () => client,
    tuning: { requestsPerSecond: 1000, sleep: async () => undefined },
    ...extra,
  };
}

const at = (ms: number, extra: Record<string, unknown> = {}) => ecs('DescribeServices', { cluster: 'c' }, { eventTime: iso(ms), readOnly: true, ...extra });

async function eventsIn(files: string[]): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  for (const file of files) {
    const parsed = await readEventFile(file);
    if (parsed.kind !== 'records') throw new Error(`${file}: ${parsed.kind}`);
    expect(parsed.format).toBe('lookup-events');
    out.push(...(parsed.records as Record<string, unknown>[]));
  }
  return out;
}

function filesUnder(root: string): string[] {
  if (!existsSync(root)) return [];
  return readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((p) => statSync(join(root, p)).isFile());
}

describe('fetchLookupEvents: queries', () => {
  it('asks once per catalog event source, one EventSource attribute a call, 50 events a page with NextToken', async () => {
    const records = Array.from({ length: 120 }, (_, i) => at(T0 + 30 * 60_000 + i * 1000));
    const fake = fakeLookup(records);
    mock.on(LookupEventsCommand).callsFake(fake.handler);
    const result = await fetchLookupEvents(options());

    expect(SOURCES).toEqual(['ec2.amazonaws.com', 'ecr-public.amazonaws.com', 'ecr.amazonaws.com', 'ecs.amazonaws.com', 'eks.amazonaws.com']);
    for (const call of fake.calls) {
      expect(call.LookupAttributes).toHaveLength(1);
      expect(call.LookupAttributes![0]!.AttributeKey).toBe('EventSource');
      expect(call.MaxResults).toBe(50);
    }
    expect(new Set(fake.calls.map((c) => c.LookupAttributes![0]!.AttributeValue))).toEqual(new Set(SOURCES));
    const ecsCalls = fake.calls.filter((c) => c.LookupAttributes![0]!.AttributeValue === 'ecs.amazonaws.com');
    expect(ecsCalls.map((c) => c.NextToken)).toEqual([undefined, 'tok-50', 'tok-100']);
    expect(result.requests).toBe(SOURCES.length + 2);
    // Read-only records are kept: the reader classifies them, as it does for S3 files.
    const got = await eventsIn(result.files);
    expect(got.map((r) => r.eventID).sort()).toEqual(records.map((r) => r.eventID).sort());
    expect(result).toMatchObject({ fromCache: 0, fetched: 3 * SOURCES.length, events: 120, account: ACCOUNT });
  });

  it('slices by UTC hour: one file per source and hour, an event on an hour boundary exactly once', async () => {
    const records = [at(T0 + 10 * 60_000), at(T0 + H), at(T0 + 2 * H + 59 * 60_000 + 59_000), at(T0 + 3 * H)];
    const fake = fakeLookup(records);
    mock.on(LookupEventsCommand).callsFake(fake.handler);
    const result = await fetchLookupEvents(options({ tuning: { requestsPerSecond: 1000, maxQueryHours: 1 } }));
    // One query per source and hour when a query may span one hour.
    expect(fake.calls).toHaveLength(3 * SOURCES.length);
    for (const call of fake.calls) {
      expect(call.StartTime!.getTime() % H).toBe(0);
      expect(call.EndTime!.getTime() - call.StartTime!.getTime()).toBe(H);
    }
    expect(result.files.map((f) => f.slice(f.indexOf('ecs.amazonaws.com')))).toEqual([
      'ecs.amazonaws.com/2026-10-10/00.json',
      'ecs.amazonaws.com/2026-10-10/01.json',
      'ecs.amazonaws.com/2026-10-10/02.json',
    ]);
    // The 01:00:00 event is returned by both the 00 and the 01 query (the API's range is inclusive), stored once;
    // the 03:00:00 one belongs to the hour after the window.
    const ids = (await eventsIn(result.files)).map((r) => r.eventID);
    expect(ids.sort()).toEqual(records.slice(0, 3).map((r) => r.eventID).sort());
  });

  it('joins consecutive hours into one query (at most maxQueryHours long)', async () => {
    const fake = fakeLookup([at(T0 + 5 * 60_000)]);
    mock.on(LookupEventsCommand).callsFake(fake.handler);
    await fetchLookupEvents(options({ window: { fromMs: T0, toMs: T0 + 30 * H } }));
    expect(fake.calls).toHaveLength(SOURCES.length);
    expect(fake.calls[0]).toMatchObject({ StartTime: new Date(T0), EndTime: new Date(T0 + 30 * H) });
    fake.calls.length = 0;
    await fetchLookupEvents(options({ window: { fromMs: T0, toMs: T0 + 30 * H }, noCache: true, tuning: { requestsPerSecond: 1000, maxQueryHours: 24 } }));
    expect(fake.calls).toHaveLength(2 * SOURCES.length);
  });

  it('stores the records as they came, without the wrapper fields that name the caller (AccessKeyId, Username)', async () => {
    mock.on(LookupEventsCommand).callsFake(fakeLookup([at(T0 + 60_000)]).handler);
    const result = await fetchLookupEvents(options());
    const text = readFileSync(result.files[0]!, 'utf8');
    expect(text).not.toContain('ASIAEXAMPLECALLER001');
    expect(Object.keys((JSON.parse(text) as { Events: object[] }).Events[0]!)).toEqual(['EventId', 'EventName', 'EventSource', 'EventTime', 'CloudTrailEvent']);
  });

  it('gives one readable empty file when there are no events, so the replay reports zero', async () => {
    mock.on(LookupEventsCommand).callsFake(fakeLookup([]).handler);
    const result = await fetchLookupEvents(options());
    expect(result.files).toHaveLength(1);
    expect(result.account).toBeUndefined();
    const context = prepareReplay({ events: ['lookup'], days: 1, from: iso(WINDOW.fromMs), to: iso(WINDOW.toMs), recording: 'continuous', rules: [], assume: [] });
    const report = await estimateFiles(result.files, context, quiet);
    expect(report.events.read).toBe(0);
    expect(report.incomplete).toBe(false);
  });
});

describe('fetchLookupEvents: the cache', () => {
  it('serves complete hours from the cache: a rerun makes no call', async () => {
    const fake = fakeLookup([at(T0 + 60_000), at(T0 + H + 60_000)]);
    mock.on(LookupEventsCommand).callsFake(fake.handler);
    const first = await fetchLookupEvents(options());
    expect(first.requests).toBe(SOURCES.length);
    fake.calls.length = 0;
    const second = await fetchLookupEvents(options());
    expect(fake.calls).toHaveLength(0);
    expect(second).toMatchObject({ requests: 0, fromCache: 3 * SOURCES.length, fetched: 0, account: ACCOUNT });
    expect(second.files).toEqual(first.files);
    // Cache layout: <cacheDir>/lookup/<key>/<region>/<source>/<day>/<hour>.json
    expect(first.files[0]).toBe(join(dir, 'cache', 'lookup', 'default', 'us-east-1', 'ecs.amazonaws.com', '2026-10-10', '00.json'));
    // --no-cache fetches again.
    const third = await fetchLookupEvents(options({ noCache: true }));
    expect(third.requests).toBe(SOURCES.length);
    expect(third.fromCache).toBe(0);
  });

  it('does not cache an hour that ends less than 15 minutes before now; it is fetched again', async () => {
    const fake = fakeLookup([at(T0 + 60_000), at(T0 + 2 * H + 60_000)]);
    mock.on(LookupEventsCommand).callsFake(fake.handler);
    const now = WINDOW.toMs + 10 * 60_000; // the last hour ended 10 minutes ago: CloudTrail may still deliver into it
    const first = await fetchLookupEvents(options({ nowMs: now }));
    expect(first.files.some((f) => f.includes('.incomplete'))).toBe(true);
    fake.calls.length = 0;
    const second = await fetchLookupEvents(options({ nowMs: now }));
    expect(second.fromCache).toBe(2 * SOURCES.length);
    expect(fake.calls).toHaveLength(SOURCES.length);
    for (const call of fake.calls) expect(call.StartTime).toEqual(new Date(T0 + 2 * H));
    expect((await eventsIn(second.files)).length).toBe(2);
    // 16 minutes after its end the hour is complete: fetched once more, then cached.
    fake.calls.length = 0;
    await fetchLookupEvents(options({ nowMs: WINDOW.toMs + 16 * 60_000 }));
    expect(fake.calls).toHaveLength(SOURCES.length);
    fake.calls.length = 0;
    const last = await fetchLookupEvents(options({ nowMs: WINDOW.toMs + 16 * 60_000 }));
    expect(fake.calls).toHaveLength(0);
    expect(last.files.some((f) => f.includes('.incomplete'))).toBe(false);
    expect(filesUnder(join(dir, 'cache')).filter((f) => f.includes('.incomplete'))).toEqual([]);
  });

  it('keys the cache by profile (or cacheKey), escaped into one directory name', async () => {
    mock.on(LookupEventsCommand).callsFake(fakeLookup([at(T0 + 60_000)]).handler);
    const byProfile = await fetchLookupEvents(options({ profile: 'prod/admin' }));
    expect(byProfile.files[0]).toContain(join('lookup', 'prod%2fadmin', 'us-east-1'));
    const byAccount = await fetchLookupEvents(options({ cacheKey: ACCOUNT }));
    expect(byAccount.files[0]).toContain(join('lookup', ACCOUNT, 'us-east-1'));
  });

  it('refuses to mix accounts under one cache key', async () => {
    mock.on(LookupEventsCommand).callsFake(fakeLookup([at(T0 + 60_000)]).handler);
    await fetchLookupEvents(options());
    mock.on(LookupEventsCommand).callsFake(fakeLookup([at(T0 + 60_000, { recipientAccountId: '999988887777' })]).handler);
    const error = await fetchLookupEvents(options({ noCache: true })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toMatch(/account 999988887777's, but the cache .* holds account 111122223333's/);
  });

  it('leaves nothing half-written when a call fails mid-query', async () => {
    const fake = fakeLookup(Array.from({ length: 80 }, (_, i) => at(T0 + i * 1000)));
    let n = 0;
    mock.on(LookupEventsCommand).callsFake((input: LookupEventsCommandInput) => {
      if (input.LookupAttributes![0]!.AttributeValue === 'ecs.amazonaws.com' && input.NextToken !== undefined) {
        throw new AccessDeniedException({ message: 'denied', $metadata: { httpStatusCode: 403 } });
      }
      n += 1;
      return fake.handler(input);
    });
    const error = await fetchLookupEvents(options()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect(n).toBeGreaterThan(0);
    const files = filesUnder(join(dir, 'cache'));
    expect(files.filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(files.filter((f) => f.includes('ecs.amazonaws.com'))).toEqual([]);
    // Sources finished before the failure keep their complete hours.
    expect(files.filter((f) => f.includes('ec2.amazonaws.com'))).toHaveLength(3);
  });
});

describe('fetchLookupEvents: limits and failures', () => {
  it('checks the 90-day history up front, naming the window start and the earliest date', async () => {
    const fake = fakeLookup([]);
    mock.on(LookupEventsCommand).callsFake(fake.handler);
    const now = T0 + 100 * 86_400_000;
    const error = await fetchLookupEvents(options({ nowMs: now })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    const message = (error as Error).message;
    expect(message).toContain(`the window starts at ${iso(T0)}`);
    expect(message).toContain(`the earliest it can return is ${iso(now - 90 * 86_400_000)}`);
    expect(fake.calls).toHaveLength(0);
    // Hours cached while they were recent stay usable.
    await fetchLookupEvents(options());
    const fromCache = await fetchLookupEvents(options({ nowMs: now }));
    expect(fromCache.requests).toBe(0);
  });

  it('retries ThrottlingException (HTTP 400) instead of failing', async () => {
    const fake = fakeLookup([at(T0 + 60_000)]);
    let throttles = 0;
    mock.on(LookupEventsCommand).callsFake((input: LookupEventsCommandInput) => {
      if (throttles < 3) {
        throttles += 1;
        throw new ThrottlingException({ message: 'Rate exceeded', $metadata: { httpStatusCode: 400, attempts: 2 } });
      }
      return fake.handler(input);
    });
    const waits: number[] = [];
    const result = await fetchLookupEvents(options({ tuning: { requestsPerSecond: 1000, sleep: async (ms) => void waits.push(ms) } }));
    expect(waits).toEqual([1000, 2000, 4000]);
    expect(result.throttled).toBe(3);
    expect(result.requests).toBe(3 * 2 + SOURCES.length);
    expect(await eventsIn(result.files)).toHaveLength(1);
  });

  it('gives up on endless throttling with one line', async () => {
    mock.on(LookupEventsCommand).rejects(new ThrottlingException({ message: 'Rate exceeded', $metadata: { httpStatusCode: 400 } }));
    const error = await fetchLookupEvents(options()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toMatch(/^LookupEvents in us-east-1: still throttled after repeated retries/);
  });

  it('stops the other regions when one fails, and reports that one', async () => {
    const other = new CloudTrailClient({ region: 'eu-west-1', credentials: { accessKeyId: 'AKIDUNIT', secretAccessKey: 'unit-secret' } });
    const otherMock = mockClient(other);
    try {
      const fake = fakeLookup([]);
      otherMock.on(LookupEventsCommand).callsFake(fake.handler);
      mock.on(LookupEventsCommand).rejects(new AccessDeniedException({ message: 'no', $metadata: { httpStatusCode: 400 } }));
      const error = await fetchLookupEvents(
        options({ regions: ['us-east-1', 'eu-west-1'], clientFor: (r) => (r === 'us-east-1' ? client : other), tuning: { requestsPerSecond: 20 } }),
      ).catch((e: unknown) => e);
      expect((error as Error).message).toMatch(/^LookupEvents in us-east-1: access denied/);
      expect(fake.calls.length).toBeLessThan(SOURCES.length);
    } finally {
      otherMock.restore();
    }
  });

  it('validates regions and the window', async () => {
    await expect(fetchLookupEvents(options({ regions: [] }))).rejects.toThrow(UsageError);
    await expect(fetchLookupEvents(options({ regions: ['US East'] }))).rejects.toThrow(/--regions takes region codes/);
    await expect(fetchLookupEvents(options({ window: { fromMs: T0, toMs: T0 } }))).rejects.toThrow(/window is empty/);
  });
});

describe('LookupEvents failures as one line', () => {
  const fail = (error: unknown) => lookupFailure(error, 'eu-west-1', 'prod');
  const named = (name: string, extra: Record<string, unknown> = {}) => Object.assign(new Error('x'), { name, $metadata: { httpStatusCode: 400 }, ...extra });

  it('names the call, the region and what to do', () => {
    expect(fail(Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' })).message).toBe(
      "LookupEvents in eu-west-1: no AWS credentials found for profile 'prod'; sign in (aws sso login, aws configure) or pass --profile NAME, or run where a role provides them",
    );
    expect(fail(Object.assign(new Error('The SSO session associated with this profile has expired'), { name: 'CredentialsProviderError' })).message).toMatch(
      /have expired; sign in again \(aws sso login --profile prod/,
    );
    expect(fail(named('ExpiredTokenException')).message).toMatch(/^LookupEvents in eu-west-1: the credentials of profile 'prod' have expired/);
    expect(fail(named('AccessDeniedException')).message).toMatch(/access denied .*needs cloudtrail:LookupEvents/);
    expect(fail(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED', address: '127.0.0.1', $metadata: { attempts: 6 } })).message).toMatch(
      /^LookupEvents in eu-west-1: cannot reach the CloudTrail endpoint 127.0.0.1 \(ECONNREFUSED\)/,
    );
    expect(fail(named('InternalFailure', { $metadata: { httpStatusCode: 500, attempts: 6 } })).message).toMatch(/CloudTrail failed \(InternalFailure, after 6 attempts\)/);
    for (const e of [named('ExpiredTokenException'), named('AccessDeniedException'), named('InternalFailure')]) expect(fail(e)).toBeInstanceOf(InputError);
  });

  it('never echoes credentials, and passes bugs through', () => {
    const e = new InvalidTimeRangeException({ message: 'bad range for AKIAABCDEFGHIJKLMNOP\nsecond line', $metadata: { httpStatusCode: 400 } });
    const message = fail(e).message;
    expect(message).not.toContain('AKIAABCDEFGHIJKLMNOP');
    expect(message).not.toContain('\n');
    expect(message).toContain('InvalidTimeRangeException');
    const old = process.env.AWS_SECRET_ACCESS_KEY;
    process.env.AWS_SECRET_ACCESS_KEY = 'unit-test-secret-value';
    try {
      expect(redact('oops unit-test-secret-value')).toBe('oops <credential>');
    } finally {
      if (old === undefined) delete process.env.AWS_SECRET_ACCESS_KEY;
      else process.env.AWS_SECRET_ACCESS_KEY = old;
    }
    const bug = new TypeError('x is undefined');
    expect(fail(bug)).toBe(bug);
  });
});

describe('TokenBucket', () => {
  it('spaces calls at the rate and never lets more than `rate` into one second', async () => {
    const bucket = new TokenBucket(10);
    const times: number[] = [];
    const start = performance.now();
    await Promise.all(Array.from({ length: 6 }, () => bucket.take().then(() => times.push(performance.now() - start))));
    for (let i = 1; i < times.length; i += 1) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(99);
    expect(times[5]!).toBeGreaterThanOrEqual(495);
  });
});

describe('the SDK client for the CLI', () => {
  const dist = new URL('../dist/sources/lookup/client.js', import.meta.url).pathname;
  it('builds clients without the SDK printing a Node-version warning', () => {
    expect(existsSync(dist)).toBe(true); // npm test builds first (pretest)
    const env = { ...process.env };
    delete env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED;
    const factory = spawnSync(
      process.execPath,
      ['--input-type=module', '-e', `const { createCloudTrailClient } = await import(${JSON.stringify(dist)}); const c = createCloudTrailClient('us-east-1', 'x'); console.log(c.config.retryMode, await c.config.maxAttempts(), (await c.config.retryStrategy()).constructor.name, c.config.profile);`],
      { encoding: 'utf8', env },
    );
    expect(factory.status).toBe(0);
    expect(factory.stdout.trim()).toBe('adaptive 6 AdaptiveRetryStrategy x');
    expect(factory.stderr).toBe('');
    if (Number(process.versions.node.split('.')[0]) < 22) {
      // The control: a client built without the factory does warn on this Node, so the check above means something.
      const plain = spawnSync(process.execPath, ['--input-type=module', '-e', `const { CloudTrailClient } = await import('@aws-sdk/client-cloudtrail'); new CloudTrailClient({ region: 'us-east-1' });`], {
        encoding: 'utf8',
        env,
        cwd: new URL('..', import.meta.url).pathname,
      });
      expect(plain.stderr).toMatch(/NodeVersionSupportWarning/);
    }
  });
});
