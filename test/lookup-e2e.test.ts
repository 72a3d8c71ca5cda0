// LookupEvents end to end through the real AWS SDK (signing, JSON 1.1, adaptive retries) against a fake
// CloudTrail on 127.0.0.1 serving a SYNTHETIC archive from `config-cost simulate`.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, dirname } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { estimateFiles } from '../src/commands/estimate/index.js';
import { prepareReplay } from '../src/commands/estimate/prepare.js';
import { renderJson } from '../src/report/json.js';
import { InputError } from '../src/errors.js';
import { createCloudTrailClient, fetchLookupEvents, catalogEventSources, type LookupSourceOptions } from '../src/sources/lookup/index.js';
import { loadTrailRecords, startCloudTrailServer, type FakeCloudTrail } from './helpers/cloudtrail-server.js';
import { record } from './helpers/model.js';
import { isolateAwsCredentials } from './helpers/aws-env.js';
import { cli } from './helpers/run.js';

const FROM = '2026-06-08';
const TO = '2026-06-10';
const WINDOW = { fromMs: Date.parse(`${FROM}T00:00:00Z`), toMs: Date.parse(`${TO}T00:00:00Z`) };
const NOW = Date.parse('2026-06-10T12:00:00Z');
const quiet = { stdout: () => undefined, stderr: () => undefined };

// Fake credentials, distinctive so that a leak into output, cache or messages is easy to find.
const FAKE = {
  AWS_ACCESS_KEY_ID: 'AKIAFAKELOOKUPE2E0001',
  AWS_SECRET_ACCESS_KEY: 'fake-secret-lookup-e2e-do-not-print-0123456789',
  AWS_SESSION_TOKEN: 'fake-session-token-lookup-e2e-do-not-print',
};

let work: string;
let archive: string;
let records: Record<string, unknown>[];
let server: FakeCloudTrail;

function useEndpoint(url: string, credentials = true): void {
  vi.stubEnv('AWS_ENDPOINT_URL_CLOUDTRAIL', url);
  isolateAwsCredentials(work, FAKE, credentials);
}

function options(cacheDir: string, extra: Partial<LookupSourceOptions> = {}): LookupSourceOptions {
  return { regions: ['us-east-1'], window: WINDOW, cacheDir, nowMs: NOW, clientFor: (region) => createCloudTrailClient(region), ...extra };
}

function context() {
  return prepareReplay({ events: ['lookup'], days: 2, from: FROM, to: TO, recording: 'continuous', rules: ['containers-all'], assume: [] });
}

/** The report as JSON, without what necessarily differs between sources: file counts and warnings. */
async function reportOf(files: string[]): Promise<Record<string, unknown>> {
  const report = JSON.parse(renderJson(await estimateFiles(files, context(), quiet))) as Record<string, unknown>;
  delete report.files;
  delete report.warnings;
  return report;
}

/** Copies of the archive's log files holding only the catalog's event sources (duplicates kept). */
function restrictedCopy(dest: string): string[] {
  const sources = new Set(catalogEventSources());
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (!path.includes('CloudTrail-Digest')) {
        const bytes = readFileSync(path);
        const doc = JSON.parse((bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes).toString('utf8')) as { Records: Record<string, unknown>[] };
        const target = join(dest, relative(archive, path)).replace(/\.gz$/, '');
        mkdirSync(dirname(target), { recursive: true });
        writeFileSync(target, JSON.stringify({ Records: doc.Records.filter((r) => sources.has(String(r.eventSource))) }));
        out.push(target);
      }
    }
  };
  walk(archive);
  const extra = join(dest, 'extra.json');
  writeFileSync(extra, JSON.stringify({ Records: EXTRA }));
  return [...out, extra];
}

/** Records the simulator does not write: calls in the catalog's sources that the catalog does not count, and one on an hour boundary. */
const EXTRA = [
  record({ eventSource: 'ec2.amazonaws.com', eventName: 'CreateNetworkInterface', eventTime: '2026-06-08T05:00:00Z', requestParameters: { subnetId: 'subnet-1' } }),
  record({ eventSource: 'ecs.amazonaws.com', eventName: 'PutAccountSetting', eventTime: '2026-06-09T07:30:00Z', requestParameters: { name: 'awsvpcTrunking', value: 'enabled' } }),
];

function allText(dir: string): string {
  let text = '';
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else text += `${path}\n${readFileSync(path, 'utf8')}\n`;
    }
  };
  walk(dir);
  return text;
}

const leaks = (text: string) => Object.values(FAKE).filter((secret) => text.includes(secret));

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'config-cost-lookup-e2e-'));
  archive = join(work, 'archive');
  const sim = await cli(['simulate', '--out', archive, '--days', '2', '--until', TO, '--services', '2', '--noise-per-day', '60', '--failed-rate', '0.2']);
  expect(sim.code).toBe(0);
  records = [...loadTrailRecords(archive), ...EXTRA];
  server = await startCloudTrailServer({ records });
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await server?.close();
  rmSync(work, { recursive: true, force: true });
});

describe('LookupEvents through the SDK against a fake CloudTrail', () => {
  it('loses no record under throttling, matches the file replay, and serves a rerun from the cache', async () => {
    useEndpoint(server.url);
    const cacheDir = join(work, 'cache-main');
    const progress: string[] = [];
    const before = server.stats();
    const started = performance.now();
    // Twice the API's rate: the fake throttles, the SDK's adaptive retries must absorb it.
    const result = await fetchLookupEvents(options(cacheDir, { progress: (l) => progress.push(l), tuning: { requestsPerSecond: 4 } }));
    const seconds = (performance.now() - started) / 1000;
    const after = server.stats();
    expect(after.throttled - before.throttled).toBeGreaterThan(0);
    expect(result.requests).toBe(after.requests - before.requests);
    expect(result.account).toBe('111122223333');
    console.log(`lookup e2e (4/s against a 2/s fake): ${result.requests} requests, ${after.throttled - before.throttled} throttled, ${result.events} events, ${seconds.toFixed(1)} s`);

    const lookup = await reportOf(result.files);
    const files = await reportOf(restrictedCopy(join(work, 'restricted')));
    // LookupEvents holds each event once; the S3 archive delivers some twice (the reader drops them as duplicates).
    const fileEvents = files.events as Record<string, number>;
    expect(fileEvents.duplicates).toBeGreaterThan(0);
    for (const kind of ['failed', 'readOnly', 'unrelated', 'counted']) expect(fileEvents[kind]).toBeGreaterThan(0);
    expect(lookup.events).toEqual({ ...fileEvents, read: fileEvents.read! - fileEvents.duplicates!, duplicates: 0 });
    expect({ ...lookup, events: undefined }).toEqual({ ...files, events: undefined });

    const rerunStart = server.stats().requests;
    const rerun = await fetchLookupEvents(options(cacheDir));
    expect(rerun.requests).toBe(0);
    expect(server.stats().requests).toBe(rerunStart);
    expect(rerun.fromCache).toBe(48 * catalogEventSources().length);
    expect(rerun.files).toEqual(result.files);
    expect(rerun.account).toBe('111122223333');

    expect(leaks(progress.join('\n'))).toEqual([]);
    expect(leaks(allText(cacheDir))).toEqual([]);
  });

  it('keeps to 2 requests a second by itself', async () => {
    // A fake of its own: the shared one's rate window may still hold the previous test's last requests.
    const paced = await startCloudTrailServer({ records });
    try {
      useEndpoint(paced.url);
      const started = performance.now();
      // Three single-page queries: enough to cross the fake's limit if the pacing let them through together.
      const eventSources = ['ecr-public.amazonaws.com', 'eks.amazonaws.com', 'ecr.amazonaws.com'];
      const result = await fetchLookupEvents(options(join(work, 'cache-paced'), { eventSources, window: { fromMs: WINDOW.fromMs, toMs: WINDOW.fromMs + 12 * 3_600_000 } }));
      const seconds = (performance.now() - started) / 1000;
      const stats = paced.stats();
      console.log(`lookup e2e (2/s): ${result.requests} requests, ${stats.throttled} throttled, ${seconds.toFixed(1)} s`);
      expect(result.requests).toBe(3);
      expect(stats).toMatchObject({ requests: 3, served: 3, throttled: 0 });
      expect(seconds).toBeGreaterThanOrEqual((result.requests - 1) * 0.5 - 0.05);
    } finally {
      await paced.close();
    }
  });

  it('reports failures in one line, without credentials', async () => {
    const messages: string[] = [];
    const failing = async (reply: { status: number; type: string; message: string }) => {
      const bad = await startCloudTrailServer({ records: [], intercept: () => reply });
      try {
        useEndpoint(bad.url);
        const error = await fetchLookupEvents(options(join(work, `cache-${reply.type}`))).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(InputError);
        messages.push((error as Error).message);
        return (error as Error).message;
      } finally {
        await bad.close();
      }
    };
    expect(await failing({ status: 400, type: 'AccessDeniedException', message: `User: arn:aws:sts::111122223333:assumed-role/x is not authorized (key ${FAKE.AWS_ACCESS_KEY_ID})` })).toMatch(
      /^LookupEvents in us-east-1: access denied .*cloudtrail:LookupEvents/,
    );
    expect(await failing({ status: 400, type: 'ExpiredTokenException', message: 'The security token included in the request is expired' })).toMatch(
      /^LookupEvents in us-east-1: the credentials .* have expired/,
    );
    expect(await failing({ status: 400, type: 'UnrecognizedClientException', message: 'The security token included in the request is invalid.' })).toMatch(
      /did not accept the credentials/,
    );

    // No credentials anywhere.
    useEndpoint(server.url, false);
    const none = await fetchLookupEvents(options(join(work, 'cache-none'))).catch((e: unknown) => e);
    expect(none).toBeInstanceOf(InputError);
    expect((none as Error).message).toMatch(/^LookupEvents in us-east-1: no AWS credentials found/);
    messages.push((none as Error).message);

    // Nothing listening.
    const closed = await startCloudTrailServer({ records: [] });
    await closed.close();
    useEndpoint(closed.url);
    const unreachable = await fetchLookupEvents(options(join(work, 'cache-unreachable'))).catch((e: unknown) => e);
    expect(unreachable).toBeInstanceOf(InputError);
    expect((unreachable as Error).message).toMatch(/^LookupEvents in us-east-1: cannot reach the CloudTrail endpoint .*ECONNREFUSED/);
    messages.push((unreachable as Error).message);

    for (const m of messages) expect(m).not.toContain('\n');
    expect(leaks(messages.join('\n'))).toEqual([]);
  });
});
