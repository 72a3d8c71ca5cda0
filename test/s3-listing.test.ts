// The S3 source's pieces on their own: the layout, the listing (against a mocked S3 client), the cache,
// the pool, the accounting of failed downloads, the flags and the summary's numbers.
import { GetObjectCommand, HeadBucketCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { DAY_MS } from '../src/core/event-time.js';
import type { InputAccounting } from '../src/core/input-ledger.js';
import { defaultCacheDir, ObjectCache } from '../src/sources/s3/cache.js';
import { discoverTrail } from '../src/sources/s3/discovery.js';
import { describeDownloadFailure, s3InputError } from '../src/sources/s3/errors.js';
import { fetchTrail, planFetch } from '../src/sources/s3/fetch-trail.js';
import { formatBytes, formatUsd } from '../src/sources/s3/format.js';
import { dateFolders, isEventObjectKey, layoutPosition } from '../src/sources/s3/layout.js';
import { listTrail } from '../src/sources/s3/list-trail.js';
import { BucketLister, noRequests } from '../src/sources/s3/listing.js';
import { mapBounded } from '../src/sources/s3/pool.js';
import { DownloadProgress } from '../src/sources/s3/progress.js';
import { DOWNLOAD_FAILED, withFetchedTrail } from '../src/sources/s3/replay-accounting.js';
import { loadRequestPrices, requestCostUSD } from '../src/sources/s3/request-prices.js';
import { defaultParallelism, s3Settings } from '../src/sources/s3/settings.js';
import { parseS3Url } from '../src/sources/s3/url.js';

const s3 = mockClient(S3Client);
afterEach(() => s3.reset());
const temporary: string[] = [];
const tempDir = (name: string) => {
  const dir = mkdtempSync(join(tmpdir(), `config-cost-${name}-`));
  temporary.push(dir);
  return dir;
};
afterAll(() => temporary.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

const client = () => new S3Client({ region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`);
const windowOf = (from: string, to: string) => ({ fromMs: day(from), toMs: day(to), days: (day(to) - day(from)) / DAY_MS });

/** A bucket as the mock's ListObjectsV2 answers: folders (Delimiter '/') and objects, 2 keys a page. */
function serveBucket(keys: string[], pageSize = 1000) {
  s3.on(ListObjectsV2Command).callsFake((input: { Prefix?: string; Delimiter?: string; ContinuationToken?: string }) => {
    const prefix = input.Prefix ?? '';
    const under = keys.filter((k) => k.startsWith(prefix)).sort();
    if (input.Delimiter) {
      const folders = [...new Set(under.map((k) => k.slice(prefix.length)).filter((r) => r.includes('/')).map((r) => `${prefix}${r.slice(0, r.indexOf('/') + 1)}`))];
      return { CommonPrefixes: folders.map((Prefix) => ({ Prefix })), KeyCount: folders.length };
    }
    const start = Number(input.ContinuationToken ?? 0);
    const page = under.slice(start, start + pageSize);
    const more = start + pageSize < under.length;
    return { Contents: page.map((Key) => ({ Key, Size: 10, ETag: `"${Key.length}"` })), IsTruncated: more, ...(more ? { NextContinuationToken: String(start + pageSize) } : {}) };
  });
}

const listedPrefixes = (delimited: boolean) =>
  s3
    .commandCalls(ListObjectsV2Command)
    .map((c) => c.args[0].input)
    .filter((i) => (i.Delimiter !== undefined) === delimited)
    .map((i) => i.Prefix);

describe('the CloudTrail layout', () => {
  it('reads how far a prefix reaches into AWSLogs/[ORG/]ACCOUNT/CloudTrail/REGION/YYYY/MM/DD/', () => {
    expect(layoutPosition('u', '')).toEqual({ prefix: '' });
    expect(layoutPosition('u', 'trails/')).toEqual({ prefix: 'trails/' });
    expect(layoutPosition('u', 'trails/AWSLogs/')).toEqual({ prefix: 'trails/AWSLogs/', logsRoot: 'trails/AWSLogs/' });
    expect(layoutPosition('u', 'AWSLogs/o-abcdefghij/')).toMatchObject({ logsRoot: 'AWSLogs/', organization: 'o-abcdefghij' });
    expect(layoutPosition('u', 'AWSLogs/o-abcdefghij/111122223333/CloudTrail/eu-west-1/2026/06/')).toMatchObject({
      organization: 'o-abcdefghij',
      account: '111122223333',
      region: 'eu-west-1',
      datePart: '2026/06/',
    });
    expect(() => layoutPosition('s3://b/AWSLogs/x/', 'AWSLogs/x/')).toThrow(/s3:\/\/b\/AWSLogs\/x\/: not a CloudTrail layout: expected an account id or an organization id \(o-\.\.\.\) where the prefix has 'x'/);
    expect(() => layoutPosition('u', 'AWSLogs/111122223333/CloudTrail-Insight/')).toThrow(/CloudTrail-Insight\/ holds no management events/);
    expect(() => layoutPosition('u', 'AWSLogs/111122223333/CloudTrail/us-east-1/June/')).toThrow(/expected date folders YYYY\/MM\/DD\//);
  });

  it('needs the window’s delivery days and the day after (delivery lags the call)', () => {
    expect(dateFolders(windowOf('2026-06-29', '2026-07-02'))).toEqual(['2026/06/29/', '2026/06/30/', '2026/07/01/', '2026/07/02/']);
    // An end inside a day still reads that day and the next.
    expect(dateFolders({ fromMs: day('2026-12-31'), toMs: day('2026-12-31') + 3_600_000, days: 1 / 24 })).toEqual(['2026/12/31/', '2027/01/01/']);
    expect(dateFolders(windowOf('2026-06-29', '2026-07-02'), '2026/07/')).toEqual(['2026/07/01/', '2026/07/02/']);
  });

  it('never reads digest or Insights objects, nor folder markers', () => {
    expect(isEventObjectKey('AWSLogs/1/CloudTrail/us-east-1/2026/06/01/f.json.gz')).toBe(true);
    expect(isEventObjectKey('AWSLogs/1/CloudTrail-Digest/us-east-1/2026/06/01/f.json.gz')).toBe(false);
    expect(isEventObjectKey('AWSLogs/1/CloudTrail-Insight/us-east-1/2026/06/01/f.json.gz')).toBe(false);
    expect(isEventObjectKey('AWSLogs/1/CloudTrail/us-east-1/2026/06/01/')).toBe(false);
  });

  it('parses s3:// URLs; a prefix names a folder', () => {
    expect(parseS3Url('s3://my-trail-bucket')).toEqual({ bucket: 'my-trail-bucket', prefix: '' });
    expect(parseS3Url('s3://my-trail-bucket/')).toEqual({ bucket: 'my-trail-bucket', prefix: '' });
    expect(parseS3Url('S3://my-trail-bucket/trails')).toEqual({ bucket: 'my-trail-bucket', prefix: 'trails/' });
    expect(() => parseS3Url('s3://My_Bucket/x')).toThrow(/'My_Bucket' is not an S3 bucket name/);
  });
});

describe('discovering accounts and regions (mocked S3)', () => {
  const org = [
    'trails/AWSLogs/o-exampleorgid/111122223333/CloudTrail/us-east-1/2026/06/01/a.json.gz',
    'trails/AWSLogs/o-exampleorgid/111122223333/CloudTrail/eu-west-1/2026/06/01/b.json.gz',
    'trails/AWSLogs/o-exampleorgid/111122223333/CloudTrail-Digest/us-east-1/2026/06/01/d.json.gz',
    'trails/AWSLogs/o-exampleorgid/444455556666/CloudTrail/us-east-1/2026/06/02/c.json.gz',
    'trails/AWSLogs/777788889999/CloudTrail/us-west-2/2026/06/01/e.json.gz',
    'trails/AWSLogs/o-exampleorgid/444455556666/CloudTrail-Insight/us-east-1/2026/06/02/i.json.gz',
    'trails/notes.txt',
  ];

  it('finds every account (plain and organization layout) and each one’s regions, one level at a time', async () => {
    serveBucket(org);
    const requests = noRequests();
    const trail = await discoverTrail(new BucketLister(client(), 'b', requests), 's3://b/trails', 'trails/', {}, 4);
    expect(trail.folders.map((f) => f.prefix).sort()).toEqual([
      'trails/AWSLogs/777788889999/CloudTrail/us-west-2/',
      'trails/AWSLogs/o-exampleorgid/111122223333/CloudTrail/eu-west-1/',
      'trails/AWSLogs/o-exampleorgid/111122223333/CloudTrail/us-east-1/',
      'trails/AWSLogs/o-exampleorgid/444455556666/CloudTrail/us-east-1/',
    ]);
    expect(listedPrefixes(true).sort()).toEqual([
      'trails/',
      'trails/AWSLogs/',
      'trails/AWSLogs/777788889999/CloudTrail/',
      'trails/AWSLogs/o-exampleorgid/',
      'trails/AWSLogs/o-exampleorgid/111122223333/CloudTrail/',
      'trails/AWSLogs/o-exampleorgid/444455556666/CloudTrail/',
    ]);
    expect(requests.list).toBe(6);
  });

  it('--s3-accounts filters (and says which were not found); --s3-regions skips listing regions', async () => {
    serveBucket(org);
    const trail = await discoverTrail(new BucketLister(client(), 'b', noRequests()), 's3://b/trails', 'trails/', { accounts: ['444455556666', '000000000000'], regions: ['us-east-1'] }, 4);
    expect(trail.folders).toEqual([{ account: '444455556666', region: 'us-east-1', prefix: 'trails/AWSLogs/o-exampleorgid/444455556666/CloudTrail/us-east-1/' }]);
    expect(trail.notes).toEqual(['s3://b/trails: --s3-accounts 000000000000: no such account folder under trails/AWSLogs/']);
    expect(listedPrefixes(true).filter((p) => p?.endsWith('/CloudTrail/'))).toEqual([]);
  });

  it('a prefix that already names the account and region lists nothing to discover', async () => {
    serveBucket(org);
    const prefix = 'trails/AWSLogs/o-exampleorgid/111122223333/CloudTrail/eu-west-1/';
    const trail = await discoverTrail(new BucketLister(client(), 'b', noRequests()), `s3://b/${prefix}`, prefix, {}, 4);
    expect(trail.folders).toEqual([{ account: '111122223333', region: 'eu-west-1', prefix }]);
    expect(s3.commandCalls(ListObjectsV2Command)).toHaveLength(0);
  });

  it('no AWSLogs/ under the prefix: one line that names what is there', async () => {
    serveBucket(org);
    await expect(discoverTrail(new BucketLister(client(), 'b', noRequests()), 's3://b', '', {}, 4)).rejects.toThrow(
      "s3://b: no CloudTrail layout: no AWSLogs/ folder under it (it holds trails/; is one of them the trail's prefix, such as s3://b/trails/?)",
    );
    await expect(discoverTrail(new BucketLister(client(), 'b', noRequests()), 's3://b/empty', 'empty/', {}, 4)).rejects.toThrow(/no AWSLogs\/ folder under it \(it holds no folders\)/);
  });

  it('lists only the window’s date folders and pages through long ones', async () => {
    const keys = Array.from({ length: 5 }, (_, i) => `AWSLogs/111122223333/CloudTrail/us-east-1/2026/06/02/f${i}.json.gz`).concat([
      'AWSLogs/111122223333/CloudTrail/us-east-1/2026/06/01/before.json.gz',
      'AWSLogs/111122223333/CloudTrail/us-east-1/2026/06/04/after.json.gz',
    ]);
    serveBucket(keys, 2);
    s3.on(HeadBucketCommand).resolves({});
    const listing = await listTrail(['s3://trail'], windowOf('2026-06-02', '2026-06-03'), {}, client, 4);
    expect(listing.objects.map((o) => o.key)).toEqual(keys.slice(0, 5));
    expect(listedPrefixes(false).sort()).toEqual([
      'AWSLogs/111122223333/CloudTrail/us-east-1/2026/06/02/',
      'AWSLogs/111122223333/CloudTrail/us-east-1/2026/06/02/',
      'AWSLogs/111122223333/CloudTrail/us-east-1/2026/06/02/',
      'AWSLogs/111122223333/CloudTrail/us-east-1/2026/06/03/',
    ]);
    // 3 pages of 2 for 5 objects, 1 for the empty next day, and 3 to discover: '', AWSLogs/, CloudTrail/.
    expect(listing.requests).toEqual({ list: 7, get: 1 });
    expect(listing.sources).toEqual([{ url: 's3://trail', accounts: 1, regions: 1, dateFolders: ['2026/06/02/', '2026/06/03/'], objects: 5, notes: [] }]);
  });

  it('a missing bucket, denied access and missing credentials are one-line input errors', async () => {
    const fail = (name: string, status?: number) => Object.assign(new Error(name), { name, ...(status ? { $metadata: { httpStatusCode: status } } : {}) });
    s3.on(HeadBucketCommand).rejects(fail('NotFound', 404));
    await expect(listTrail(['s3://gone'], windowOf('2026-06-02', '2026-06-03'), {}, client, 4)).rejects.toThrow(/^s3:\/\/gone: no such bucket$/);
    expect(s3InputError(fail('AccessDenied', 403), 's3://b').message).toMatch(/^s3:\/\/b: access denied \(AccessDenied\); check the credentials/);
    expect(s3InputError(fail('CredentialsProviderError'), 's3://b').message).toMatch(/^s3:\/\/b: no AWS credentials/);
    expect(s3InputError(Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }), 's3://b').message).toBe('s3://b: cannot reach S3 (ECONNREFUSED)');
    expect(describeDownloadFailure(Object.assign(fail('InternalError', 500), { $metadata: { httpStatusCode: 500, attempts: 3 } }))).toBe('download failed after 3 attempts (InternalError, HTTP 500)');
  });
});

describe('the cache and the downloads', () => {
  const object = (key: string, size = 3, etag = 'abc123') => ({ bucket: 'b', key, size, etag });

  it('keys files by bucket, key and ETag; no key can leave the cache folder', () => {
    const cache = new ObjectCache('/cache');
    expect(cache.pathOf(object('AWSLogs/1/CloudTrail/us-east-1/2026/06/01/f.json.gz'))).toBe('/cache/s3/b/AWSLogs/1/CloudTrail/us-east-1/2026/06/01/abc123_f.json.gz');
    expect(cache.pathOf(object('a/f.json', 3, 'abc-2'))).not.toBe(cache.pathOf(object('a/f.json', 3, 'abc-3')));
    for (const key of ['../../etc/passwd', '/abs/../x', 'a//b/./c/../d', 'a b:c?.json']) {
      const path = cache.pathOf(object(key));
      expect(relative('/cache/s3/b', path).startsWith('..')).toBe(false);
      expect(path).not.toMatch(/[\s:]/);
    }
  });

  it('$XDG_CACHE_HOME/config-cost, else ~/.cache/config-cost (a relative XDG_CACHE_HOME is ignored)', () => {
    expect(defaultCacheDir({ XDG_CACHE_HOME: '/xdg' }, '/home/me')).toBe('/xdg/config-cost');
    expect(defaultCacheDir({ XDG_CACHE_HOME: 'rel' }, '/home/me')).toBe('/home/me/.cache/config-cost');
    expect(defaultCacheDir({}, '/home/me')).toBe('/home/me/.cache/config-cost');
  });

  it('writes whole files only; a short body is a failure and leaves nothing behind', async () => {
    const root = tempDir('cache');
    const cache = new ObjectCache(root);
    await cache.write(object('k/ok.json'), Readable.from([Buffer.from('abc')]));
    expect(await cache.has(object('k/ok.json'))).toBe(true);
    await expect(cache.write(object('k/short.json'), Readable.from([Buffer.from('ab')]))).rejects.toThrow(/got 2 of 3 bytes/);
    expect(await cache.has(object('k/short.json'))).toBe(false);
    expect(readdirSync(join(root, 's3', 'b', 'k'))).toEqual(['abc123_ok.json']);
    // A file of the wrong size under the final name (written by something else) is fetched again.
    writeFileSync(cache.pathOf(object('k/other.json')), 'x');
    expect(await cache.has(object('k/other.json'))).toBe(false);
  });

  it('fetches what the cache lacks; a failed object is reported, the others arrive', async () => {
    const root = tempDir('fetch');
    s3.on(GetObjectCommand).callsFake((input: { Key: string }) => {
      if (input.Key === 'bad') throw Object.assign(new Error('boom'), { name: 'InternalError', $metadata: { httpStatusCode: 500, attempts: 3 } });
      return { Body: Readable.from([Buffer.from('abc')]) };
    });
    const objects = [object('a'), object('bad'), object('c')];
    const listing = { sources: [], objects, listers: new Map([['b', new BucketLister(client(), 'b', noRequests())]]), requests: noRequests() };
    const settings = { cacheDir: root, parallelism: 2, dryRun: false, progress: false };
    const plan = await planFetch(listing, settings);
    expect(plan.toFetch).toHaveLength(3);
    const trail = await fetchTrail(listing, plan, settings, () => {});
    expect(trail.files.map((f) => trail.sourceOf(f)).sort()).toEqual(['s3://b/a', 's3://b/c']);
    expect(trail.failures).toEqual([{ url: 's3://b/bad', reason: 'download failed after 3 attempts (InternalError, HTTP 500: boom)' }]);
    expect(trail.renamePaths(`warning: ${trail.files[0]} (record 2): skipped`)).toBe('warning: s3://b/a (record 2): skipped');
    expect((await planFetch(listing, settings)).toFetch.map((o) => o.key)).toEqual(['bad']);
    expect(s3.commandCalls(GetObjectCommand)[0]!.args[0].input).toMatchObject({ Bucket: 'b', IfMatch: '"abc123"' });
  });

  it('progress: objects done of total, bytes, rate, redrawn at most every 200 ms, then cleared', () => {
    let now = 0;
    const out: string[] = [];
    const progress = new DownloadProgress(3, 3_000_000, (t) => out.push(t), () => now);
    now = 1000;
    progress.bytes(1_000_000);
    progress.objectDone();
    now = 1100;
    progress.bytes(1_000_000); // within 200 ms: not drawn
    now = 2000;
    progress.objectDone();
    progress.bytes(1_000_000);
    progress.objectDone(); // the last one is always drawn
    progress.finish();
    expect(out).toEqual([
      '\r\x1b[Ks3: 0 of 3 objects, 1.0 MB of 3.0 MB, 1.0 MB/s',
      '\r\x1b[Ks3: 2 of 3 objects, 2.0 MB of 3.0 MB, 1.0 MB/s',
      '\r\x1b[Ks3: 3 of 3 objects, 3.0 MB of 3.0 MB, 1.5 MB/s',
      '\r\x1b[K',
    ]);
  });

  it('runs at most `limit` at once, keeping the order of the results', async () => {
    let running = 0;
    let most = 0;
    const results = await mapBounded([5, 1, 4, 2, 3], 2, async (n) => {
      running += 1;
      most = Math.max(most, running);
      await new Promise((r) => setTimeout(r, n));
      running -= 1;
      return n * 10;
    });
    expect(results).toEqual([50, 10, 40, 20, 30]);
    expect(most).toBe(2);
  });
});

describe('the books and the flags', () => {
  it('failed downloads are skipped files with their own reason; warnings name s3:// objects', () => {
    const accounting: InputAccounting = {
      files: { read: 2, digest: 0, insights: 0, skipped: 1 },
      skipped: { files: 1, records: 0, byReason: { 'not-json': 1 } },
      warnings: [{ file: '/cache/s3/b/k/e_z.json', reason: 'not JSON' }],
      incomplete: true,
    };
    const merged = withFetchedTrail(accounting, [{ url: 's3://b/a', reason: 'download failed' }], (p) => (p === '/cache/s3/b/k/e_z.json' ? 's3://b/k/z.json' : p));
    expect(merged).toEqual({
      files: { read: 2, digest: 0, insights: 0, skipped: 2 },
      skipped: { files: 2, records: 0, byReason: { 'not-json': 1, [DOWNLOAD_FAILED]: 1 } },
      warnings: [
        { file: 's3://b/a', reason: 'download failed' },
        { file: 's3://b/k/z.json', reason: 'not JSON' },
      ],
      incomplete: true,
    });
    expect(Object.keys(merged.skipped.byReason)).toEqual(['not-json', 's3-download-failed']);
  });

  it('validates the s3 flags; parallelism defaults to 8 per core, 8 to 48', () => {
    expect(defaultParallelism(1)).toBe(8);
    expect(defaultParallelism(2)).toBe(16);
    expect(defaultParallelism(64)).toBe(48);
    expect(s3Settings({ s3Accounts: ['111122223333,444455556666'], s3Regions: ['us-east-1'], parallelism: 4 }, false, { XDG_CACHE_HOME: '/x' })).toEqual({
      filters: { accounts: ['111122223333', '444455556666'], regions: ['us-east-1'] },
      fetch: { cacheDir: '/x/config-cost', parallelism: 4, dryRun: false, progress: false },
    });
    expect(s3Settings({ cache: false }, true).fetch.cacheDir).toBeUndefined();
    expect(() => s3Settings({ s3Accounts: ['1234'] }, false)).toThrow("--s3-accounts: '1234' is not a 12-digit account id");
    expect(() => s3Settings({ parallelism: 2.5 }, false)).toThrow(/--parallelism takes a whole number/);
    expect(() => s3Settings({ cache: false, cacheDir: '/x' }, false)).toThrow('give --cache-dir or --no-cache, not both');
  });

  it('prices requests from pricing/aws-s3-requests.json: GET $0.0004 and LIST $0.005 per 1,000', () => {
    const prices = loadRequestPrices();
    expect(prices).toMatchObject({ region: 'us-east-1', storageClass: 'S3 Standard', usdPer1000: { list: 0.005, get: 0.0004 } });
    expect(requestCostUSD({ get: 1_000_000, list: 1_000 }, prices)).toBeCloseTo(0.405, 10);
    expect(formatUsd(0.000289)).toBe('$0.00029');
    expect(formatUsd(0.405)).toBe('$0.41');
    expect(formatUsd(0)).toBe('$0');
    expect(formatBytes(747_123)).toBe('747 KB');
    expect(formatBytes(3_100_000)).toBe('3.1 MB');
  });
});
