// --events s3://...: end to end through the real AWS SDK against an S3-compatible server on 127.0.0.1,
// loaded with synthetic archives in both trail layouts and a real archive from ../shared/datasets.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3TestServer } from './helpers/s3-server.js';
import { cli, DATASETS } from './helpers/run.js';
import { runCli } from '../src/cli.js';

const BIN = new URL('../bin/config-cost.js', import.meta.url).pathname;
const GRYCAP_KEY = 'AWSLogs/974349055189/CloudTrail';
const GRYCAP = `${DATASETS}grycap-cloudtrail-tracker/${GRYCAP_KEY}`;
const ACCOUNT = '111122223333';
const ORG = 'o-exampleorgid';
const WINDOW = ['--days', '5', '--until', '2026-06-10'];
const JSON_OUT = ['--format', 'json'];

let server: S3TestServer;
let work: string;
let plain: string; // simulated archive, plain layout
let organization: string; // simulated archive, organization layout, two accounts
const savedEnv = { ...process.env };
let cacheCount = 0;
const freshCache = () => join(work, `cache-${++cacheCount}`);
let plainCache: string; // shared by the first run and the reruns

beforeAll(async () => {
  server = await S3TestServer.start();
  Object.assign(process.env, server.env());
  // Before any client reads it: the SDK caches the shared config files for the life of the process.
  writeFileSync(process.env.AWS_SHARED_CREDENTIALS_FILE!, '[trail]\naws_access_key_id = S3RVER\naws_secret_access_key = S3RVER\n');
  work = mkdtempSync(join(tmpdir(), 'config-cost-s3-test-'));
  plainCache = freshCache();
  plain = join(work, 'plain');
  organization = join(work, 'organization');
  // Hourly log files (CloudTrail's are about 5 minutes apart) keep the server's work, and the test, short.
  await cli(['simulate', '--out', plain, '--days', '5', '--until', '2026-06-10', '--delivery-minutes', '60']);
  await cli(['simulate', '--out', organization, '--days', '5', '--until', '2026-06-10', '--organization', '--accounts', '2', '--delivery-minutes', '60']);
  for (const bucket of ['plain-trail', 'org-trail', 'grycap', 'not-a-trail', 'locked']) await server.createBucket(bucket);
  await Promise.all([
    server.putTree('plain-trail', plain),
    server.putTree('org-trail', organization, 'trails/'),
    // The months around the window in sa-east-1, and a day of 2014 in us-east-1 (a region with no folder in the window).
    ...['sa-east-1/2018/01', 'sa-east-1/2018/02', 'sa-east-1/2018/03', 'us-east-1/2014/09/26'].map((p) => server.putTree('grycap', `${GRYCAP}/${p}`, `${GRYCAP_KEY}/${p}/`)),
    server.put('not-a-trail', 'exports/2026/report.csv', 'a,b\n'),
  ]);
}, 60_000);

afterAll(async () => {
  for (const key of Object.keys(process.env)) if (!(key in savedEnv)) delete process.env[key];
  Object.assign(process.env, savedEnv);
  await server?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

/** The CLI, counting the requests the server saw during the run. */
async function run(args: string[]) {
  const before = server.requests.length;
  const result = await cli(args);
  return { ...result, lists: server.listRequests(before), gets: server.getRequests(before) };
}

const accountsOf = (dir: string, org?: string) => readdirSync(join(dir, 'AWSLogs', ...(org ? [org] : [])));
const plainDay = (day: string) => join(plain, 'AWSLogs', ACCOUNT, 'CloudTrail', 'us-east-1', '2026', '06', day);
const plainFolders = (days: string[]) => days.map(plainDay).filter((d) => existsSync(d));
const events = (paths: string[]) => paths.flatMap((p) => ['--events', p]);
const FOUR_DAYS = ['--days', '4', '--until', '2026-06-09'];
const FOUR_DAYS_FOLDERS = ['05', '06', '07', '08', '09'];

describe('estimate --events s3://', () => {
  it('plain layout: the JSON equals the local replay of the same files; stderr is the summary only', async () => {
    const s3 = await run(['estimate', '--events', 's3://plain-trail', ...FOUR_DAYS, ...JSON_OUT, '--cache-dir', plainCache]);
    const local = await cli(['estimate', ...events(plainFolders(FOUR_DAYS_FOLDERS)), ...FOUR_DAYS, ...JSON_OUT]);
    expect(s3.code).toBe(0);
    expect(local.code).toBe(0);
    expect(JSON.parse(s3.stdout)).toEqual(JSON.parse(local.stdout));
    const files = plainFolders(FOUR_DAYS_FOLDERS).reduce((n, d) => n + readdirSync(d).length, 0);
    expect(JSON.parse(s3.stdout).files.read).toBe(files);
    const lines = s3.stderr.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe(`s3: s3://plain-trail: 1 account, 1 region, date folders 2026-06-05 to 2026-06-09 (the window's days and the day after, for late deliveries): ${files} log files`);
    // GET $0.0004 and LIST $0.005 per 1,000: 5 date folders and 3 levels of discovery, and 1 HEAD.
    const getUSD = Number(((files * 0.0004) / 1000).toPrecision(2));
    expect(lines[1]).toMatch(
      new RegExp(`^s3: ${files} objects \\(\\d+ KB\\) in the window; 0 already in the cache; fetching ${files} \\(\\d+ KB\\) to .+: ${files} GET requests, \\$${getUSD}, after 8 LIST requests and 1 HEAD request, \\$0\\.00004 \\(S3 Standard request prices in us-east-1; data transfer not included\\)$`),
    );
    expect(s3.gets).toHaveLength(files);
    // Digest files are never listed, let alone fetched.
    expect(s3.lists.some((r) => r.query.get('prefix')?.includes('CloudTrail-Digest'))).toBe(false);
  });

  it('a rerun downloads nothing; a longer window fetches only its new date folder', async () => {
    const again = await run(['estimate', '--events', 's3://plain-trail', ...FOUR_DAYS, ...JSON_OUT, '--cache-dir', plainCache]);
    expect(again.code).toBe(0);
    expect(again.gets).toEqual([]);
    expect(again.stderr).toMatch(/; (\d+) already in the cache; fetching 0 \(0 B\)/);
    const longer = await run(['estimate', '--events', 's3://plain-trail', ...WINDOW, ...JSON_OUT, '--cache-dir', plainCache]);
    expect(longer.gets.length).toBeGreaterThan(0);
    expect(longer.gets.every((r) => r.key.includes('/2026/06/10/'))).toBe(true);
    const local = await cli(['estimate', '--events', join(plain, 'AWSLogs', ACCOUNT, 'CloudTrail'), ...WINDOW, ...JSON_OUT]);
    expect(JSON.parse(longer.stdout)).toEqual(JSON.parse(local.stdout));
    expect(readdirSync(plainCache, { recursive: true }).some((f) => String(f).endsWith('.part'))).toBe(false);
  });

  it('organization layout under a trail prefix, two accounts, mixed with a local file: lists only the window’s date folders', async () => {
    const localFile = `${DATASETS}aws-docs-examples/ecs_CreateCluster.json`;
    const window = ['--days', '2', '--until', '2026-06-09'];
    const s3 = await run(['estimate', '--events', 's3://org-trail/trails', '--events', localFile, ...window, ...JSON_OUT, '--cache-dir', freshCache()]);
    const accounts = accountsOf(organization, ORG);
    expect(accounts).toHaveLength(2);
    const folders = accounts.flatMap((a) => ['07', '08', '09'].map((d) => `trails/AWSLogs/${ORG}/${a}/CloudTrail/us-east-1/2026/06/${d}/`));
    const local = await cli(['estimate', ...events(folders.map((f) => join(organization, f.slice('trails/'.length)))), '--events', localFile, ...window, ...JSON_OUT]);
    expect(s3.code).toBe(0);
    expect(JSON.parse(s3.stdout)).toEqual(JSON.parse(local.stdout));
    expect(JSON.parse(s3.stdout).byAccountRegion).toHaveLength(2);
    expect(s3.stderr).toMatch(/^s3: s3:\/\/org-trail\/trails: 2 accounts, 1 region, date folders 2026-06-07 to 2026-06-09 /);
    // One level at a time down to the regions, then the date folders: never the whole bucket.
    const discovery = s3.lists.filter((r) => r.query.get('delimiter') === '/').map((r) => r.query.get('prefix'));
    expect(discovery).toEqual(['trails/', 'trails/AWSLogs/', `trails/AWSLogs/${ORG}/`, ...accounts.map((a) => `trails/AWSLogs/${ORG}/${a}/CloudTrail/`)]);
    const dated = s3.lists.filter((r) => r.query.get('delimiter') === null).map((r) => r.query.get('prefix'));
    expect(dated.sort()).toEqual(folders.sort());
    expect(s3.gets.every((r) => /\/2026\/06\/0[789]\//.test(r.key))).toBe(true);
  });

  it('--s3-accounts and --s3-regions narrow the listing (no region listing at all)', async () => {
    const [first] = accountsOf(organization, ORG);
    const s3 = await run(['estimate', '--events', 's3://org-trail/trails/', '--s3-accounts', first!, '--s3-regions', 'us-east-1', ...WINDOW, ...JSON_OUT, '--dry-run', '--cache-dir', freshCache()]);
    expect(s3.code).toBe(0);
    expect(s3.lists.filter((r) => r.query.get('prefix')?.endsWith('/CloudTrail/'))).toEqual([]);
    expect(s3.lists.filter((r) => r.query.get('delimiter') === null)).toHaveLength(6);
    expect(s3.stderr).toMatch(/1 account, 1 region/);
  });

  it('a corrupt object is reported by its s3:// name and skipped (exit 3)', async () => {
    await server.createBucket('corrupt-trail');
    const folder = `AWSLogs/${ACCOUNT}/CloudTrail/us-east-1/2026/06/09/`;
    await server.put('corrupt-trail', `${folder}${ACCOUNT}_CloudTrail_us-east-1_20260609T1200Z_good.json`, JSON.stringify({ Records: [] }));
    await server.put('corrupt-trail', `${folder}${ACCOUNT}_CloudTrail_us-east-1_20260609T1205Z_broken.json.gz`, Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x01]));
    const s3 = await run(['estimate', '--events', 's3://corrupt-trail', ...WINDOW, ...JSON_OUT, '--cache-dir', freshCache()]);
    expect(s3.code).toBe(3);
    const report = JSON.parse(s3.stdout);
    const url = `s3://corrupt-trail/${folder}${ACCOUNT}_CloudTrail_us-east-1_20260609T1205Z_broken.json.gz`;
    expect(report.incomplete).toBe(true);
    expect(report.skipped.byReason).toEqual({ 'bad-gzip': 1 });
    expect(report.warnings).toEqual([{ file: url, reason: expect.stringMatching(/^bad gzip/) }]);
    expect(s3.stderr).toContain(`warning: ${url}: skipped, bad gzip`);
    expect(s3.stderr).not.toContain('/s3/corrupt-trail/');
  });

  it('an object that still fails after the retries is a skipped file (exit 3), not a crash', async () => {
    const failing = `AWSLogs/${ACCOUNT}/CloudTrail/us-east-1/2026/06/08/`;
    const name = readdirSync(plainDay('08'))[0]!;
    server.faults.push((r) => (r.method === 'GET' && r.key === `${failing}${name}` ? { status: 500, code: 'InternalError' } : undefined));
    try {
      const s3 = await run(['estimate', '--events', 's3://plain-trail', '--days', '1', '--until', '2026-06-09', ...JSON_OUT, '--cache-dir', freshCache()]);
      expect(s3.code).toBe(3);
      const report = JSON.parse(s3.stdout);
      expect(report.skipped.byReason).toEqual({ 's3-download-failed': 1 });
      expect(report.files.skipped).toBe(1);
      const url = `s3://plain-trail/${failing}${name}`;
      expect(report.warnings).toEqual([{ file: url, reason: expect.stringMatching(/^download failed after 2 attempts \(InternalError, HTTP 500/) }]);
      expect(s3.stderr).toContain(`warning: ${url}: skipped, download failed after 2 attempts`);
      // The SDK retried it (AWS_MAX_ATTEMPTS=2 in the test environment).
      expect(s3.gets.filter((r) => r.key === `${failing}${name}`)).toHaveLength(2);
    } finally {
      server.faults.length = 0;
    }
  });

  it('the real grycap archive (two regions, 2018): the JSON equals the local replay of the listed date folders', async () => {
    const s3 = await run(['estimate', '--events', 's3://grycap', '--from', '2018-02-01', '--to', '2018-03-01', ...JSON_OUT, '--cache-dir', freshCache()]);
    expect(s3.lists.some((r) => r.query.get('prefix')?.startsWith(`${GRYCAP_KEY}/us-east-1/2018/02/`))).toBe(true);
    const root = GRYCAP;
    const folders = ['sa-east-1'].flatMap((region) =>
      ['2018/02', '2018/03'].flatMap((month) => {
        const dir = join(root, region, month);
        return existsSync(dir) ? readdirSync(dir).filter((d) => month === '2018/02' || d === '01').map((d) => join(dir, d)) : [];
      }),
    );
    expect(folders.length).toBeGreaterThan(10);
    const local = await cli(['estimate', ...folders.flatMap((f) => ['--events', f]), '--from', '2018-02-01', '--to', '2018-03-01', ...JSON_OUT]);
    expect(s3.code).toBe(0);
    expect(JSON.parse(s3.stdout)).toEqual(JSON.parse(local.stdout));
    expect(JSON.parse(s3.stdout).events.read).toBeGreaterThan(0);
    expect(s3.stderr).toMatch(/s3:\/\/grycap: 1 account, 2 regions, date folders 2018-02-01 to 2018-03-01/);
  });

  it('--dry-run says what it would fetch and what it costs, then stops: exit 0, nothing downloaded', async () => {
    const cache = freshCache();
    const s3 = await run(['estimate', '--events', 's3://plain-trail', ...WINDOW, '--dry-run', '--cache-dir', cache]);
    expect(s3.code).toBe(0);
    expect(s3.stdout).toBe('');
    expect(s3.gets).toEqual([]);
    expect(existsSync(cache)).toBe(false);
    expect(s3.stderr).toMatch(/fetching (\d+) \(\d+ KB\) to .*: \1 GET requests, \$0\.0000/);
    expect(s3.stderr).toMatch(/config-cost: dry run: nothing downloaded/);
    const local = await cli(['estimate', '--events', `${DATASETS}trailscraper-fixtures`, '--dry-run']);
    expect(local).toEqual({ code: 0, stdout: '', stderr: 'config-cost: dry run: 3 local files would be read (run again without --dry-run to estimate)\n' });
  });

  it('progress on a terminal only (and not with --quiet); compare reads s3:// too', async () => {
    const runWith = async (stderrIsTTY: boolean, extra: string[] = []) => {
      let stderr = '';
      const code = await runCli(['estimate', '--events', 's3://plain-trail', '--days', '1', '--until', '2026-06-07', '--no-cache', ...extra], { stdout: () => {}, stderr: (t) => void (stderr += t), stderrIsTTY });
      return { code, stderr };
    };
    const tty = await runWith(true);
    expect(tty.code).toBe(0);
    expect(tty.stderr).toMatch(/\r\x1b\[Ks3: (\d+) of \1 objects, .+ of .+, .+\/s/);
    expect((await runWith(true, ['--quiet'])).stderr).not.toContain('\r');
    expect((await runWith(false)).stderr).not.toContain('\r');
    const compare = await cli(['compare', '--events', 's3://plain-trail', ...WINDOW, '--dry-run', '--cache-dir', freshCache()]);
    expect(compare.code).toBe(0);
    expect(compare.stderr).toMatch(/GET requests/);
  });

  it('--no-cache downloads to a temporary folder and removes it', async () => {
    const temporary = join(work, 'tmp');
    mkdirSync(temporary);
    const saved = process.env.TMPDIR;
    process.env.TMPDIR = temporary;
    try {
      const s3 = await run(['estimate', '--events', 's3://plain-trail', '--days', '1', '--until', '2026-06-08', ...JSON_OUT, '--no-cache']);
      expect(s3.code).toBe(0);
      expect(s3.gets.length).toBeGreaterThan(0);
      expect(s3.stderr).toMatch(/to a temporary folder \(--no-cache\)/);
    } finally {
      process.env.TMPDIR = saved;
    }
    expect(readdirSync(temporary)).toEqual([]);
  });

  it('--profile reads the credentials of a named profile', async () => {
    const { AWS_ACCESS_KEY_ID: id, AWS_SECRET_ACCESS_KEY: secret } = process.env;
    delete process.env.AWS_ACCESS_KEY_ID;
    delete process.env.AWS_SECRET_ACCESS_KEY;
    try {
      const ok = await run(['estimate', '--events', 's3://plain-trail', ...WINDOW, '--dry-run', '--profile', 'trail', '--cache-dir', freshCache()]);
      expect(ok.code).toBe(0);
      const missing = await run(['estimate', '--events', 's3://plain-trail', ...WINDOW, '--profile', 'nobody', '--cache-dir', freshCache()]);
      expect(missing.code).toBe(2);
      expect(missing.stderr).toMatch(/^config-cost: s3:\/\/plain-trail: no AWS credentials \(.+\); give --profile, or set AWS_PROFILE or AWS_ACCESS_KEY_ID\n$/);
    } finally {
      Object.assign(process.env, { AWS_ACCESS_KEY_ID: id, AWS_SECRET_ACCESS_KEY: secret });
    }
  });
});

describe('s3:// bad input: one line, exit code 2, no stack trace', () => {
  beforeAll(() => {
    server.faults.push((r) => (r.bucket === 'locked' ? { status: 403, code: 'AccessDenied' } : undefined));
  });
  afterAll(() => {
    server.faults.length = 0;
  });

  it.each([
    ['a bucket that does not exist', ['--events', 's3://no-such-trail-bucket'], /^config-cost: s3:\/\/no-such-trail-bucket: no such bucket\n$/],
    ['access denied', ['--events', 's3://locked/'], /^config-cost: s3:\/\/locked: access denied \(.+\); check the credentials/],
    ['a prefix with no CloudTrail layout', ['--events', 's3://not-a-trail'], /^config-cost: s3:\/\/not-a-trail: no CloudTrail layout: no AWSLogs\/ folder under it \(it holds exports\/; is one of them the trail's prefix, such as s3:\/\/not-a-trail\/exports\/\?\)\n$/],
    ['a prefix that leaves the layout', ['--events', 's3://plain-trail/AWSLogs/111122223333/CloudTrail-Digest/'], /CloudTrail-Digest\/ holds no management events/],
    ['a window with no objects', ['--events', 's3://plain-trail', '--until', '2020-01-01'], /^config-cost: nothing to read: no CloudTrail log files under s3:\/\/plain-trail for the window 2019-12-02 to 2020-01-01 \(date folders listed: the window's days and the day after, in 1 account and up to 1 region\)\n$/],
    ['a bad bucket name', ['--events', 's3://No_Such'], /is not an S3 bucket name/],
    ['a bad --s3-regions', ['--events', 's3://plain-trail', '--s3-regions', 'mars'], /--s3-regions: 'mars' is not a region/],
    ['a bad --parallelism', ['--events', 's3://plain-trail', '--parallelism', '0'], /--parallelism takes a whole number from 1 to 256/],
    ['S3 flags without an s3:// source', ['--events', `${DATASETS}panther-analysis-ecr`, '--s3-regions', 'us-east-1'], /^config-cost: --s3-regions, --cache-dir: only for s3:\/\/ sources/],
  ])('%s', async (_label, args, message, command = 'estimate') => {
    const result = await cli([command, ...args, '--cache-dir', freshCache()]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('plan from an S3 trail', () => {
  it('reads s3:// like estimate and plans from it', async () => {
    const result = await cli(['plan', '--events', 's3://plain-trail', ...WINDOW, '--scale-deploys', '2x', '--format', 'json', '--cache-dir', freshCache()]);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.mode).toBe('replay');
    expect(report.scenario.multipliers.deploy).toBe(2);
  });
});

describe('the installed binary', () => {
  it('prints no AWS SDK Node-version warning on stderr (Node 20)', async () => {
    const env = { ...savedEnv, ...server.env() } as NodeJS.ProcessEnv;
    delete env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED;
    // The SDK warns when it makes its first client, before any request: a dry run shows it as well as a full one.
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [BIN, 'estimate', '--events', 's3://plain-trail', ...WINDOW, '--dry-run', '--cache-dir', freshCache()], { env });
    expect(stdout).toBe('');
    expect(stderr).not.toMatch(/NodeVersionSupportWarning|\(node:\d+\)|Warning/);
    const lines = stderr.trim().split('\n');
    expect(lines.slice(0, -1).every((line) => line.startsWith('s3: '))).toBe(true);
    expect(lines.at(-1)).toMatch(/^config-cost: dry run: nothing downloaded/);
  });
});
