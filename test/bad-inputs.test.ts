// A corpus of bad inputs (synthetic files written here): no crash, no stack trace, a warning naming the file (and
// record) with the reason, the loss counted in the JSON, `incomplete` and exit code 3.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ecs } from './helpers/model.js';
import { cli, DATASETS } from './helpers/run.js';

const root = mkdtempSync(join(tmpdir(), 'config-cost-bad-'));
const good = ecs('CreateCluster', { clusterName: 'prod' }, { eventTime: '2026-10-10T10:00:00Z' });
const WINDOW = ['--from', '2026-10-01', '--to', '2026-11-01', '--format', 'json'];

/** A folder with one good file beside the bad one, so the run goes on and says what it lost. */
function withGood(name: string, content: string | Buffer): string {
  const dir = mkdtempSync(join(root, 'case-'));
  writeFileSync(join(dir, 'good.json'), JSON.stringify({ Records: [good] }));
  writeFileSync(join(dir, name), content);
  return dir;
}

async function run(dir: string) {
  const result = await cli(['estimate', '--events', dir, ...WINDOW]);
  expect(result.stderr).not.toMatch(/\n\s+at /);
  return { ...result, report: JSON.parse(result.stdout) };
}

const bigRecords = () => {
  // ~100 MB on one line: CloudTrail-shaped records with a large requestParameters blob.
  const filler = 'x'.repeat(10_000);
  const records = Array.from({ length: 10_000 }, (_, i) => ({ ...good, eventID: `big-${i}`, requestParameters: { clusterName: 'p', note: filler } }));
  return JSON.stringify({ Records: records });
};

describe('bad files: skipped with a warning naming the file, counted, exit 3', () => {
  it.each([
    ['a truncated gzip', 'a.json.gz', gzipSync(JSON.stringify({ Records: [good] })).subarray(0, 30), 'bad-gzip'],
    ['gzip of non-JSON', 'b.json.gz', gzipSync('hello, world'), 'not-json'],
    ['an empty file', 'c.json', '', 'empty-file'],
    ['{}', 'd.json', '{}', 'not-cloudtrail'],
    ['{"Records": null}', 'e.json', '{"Records": null}', 'not-cloudtrail'],
    ['deeply nested JSON', 'f.json', `${'['.repeat(200_000)}${']'.repeat(200_000)}`, 'not-cloudtrail'],
    ['random bytes', 'g.bin', Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256)), 'binary'],
    ['invalid UTF-8', 'h.json', Buffer.concat([Buffer.from('{"Records": [{"eventName": "Create'), Buffer.from([0xc3, 0x28]), Buffer.from('"}]}')]), 'invalid-utf8'],
  ])('%s', async (_label, name, content, code) => {
    const result = await run(withGood(name, content));
    expect(result.code).toBe(3);
    expect(result.stderr.trim().split('\n')).toEqual([expect.stringContaining(`${name}: skipped, `)]);
    expect(result.report.incomplete).toBe(true);
    expect(result.report.skipped).toMatchObject({ files: 1, records: 0, byReason: { [code]: 1 } });
    expect(result.report.events.counted).toBe(1); // the good file still counts
  });

  it('reads a byte-order mark as nothing', async () => {
    const result = await run(withGood('bom.json', `\ufeff${JSON.stringify({ Records: [{ ...good, eventID: 'bom-1' }] })}`));
    expect(result.code).toBe(0);
    expect(result.report.events.counted).toBe(2);
  });

  it('reads a 100 MB single-line file', async () => {
    const dir = withGood('big.json', bigRecords());
    expect(readFileSync(join(dir, 'big.json')).length).toBeGreaterThan(100_000_000);
    const result = await run(dir);
    expect(result.code).toBe(0);
    expect(result.report.events.counted).toBe(10_001);
  }, 60_000);
});

describe('bad records: skipped with the file and record index, counted in read', () => {
  it('{"Records": [1, "x", null, {}]} and records missing or mangling their fields', async () => {
    const noName = { ...good, eventID: 'n1' } as Record<string, unknown>;
    delete noName.eventName;
    const noSource = { ...good, eventID: 'n2' } as Record<string, unknown>;
    delete noSource.eventSource;
    const records = [1, 'x', null, {}, noName, noSource, { ...good, eventID: 'n3', eventTime: 'last Tuesday' }, { ...good, eventID: 'n4', eventTime: '2026-10-12 06:19:05.000' }];
    const result = await run(withGood('records.json', JSON.stringify({ Records: records })));
    expect(result.code).toBe(3);
    expect(result.report.skipped).toEqual({
      files: 0,
      records: 7,
      byReason: { 'missing-eventName': 1, 'missing-eventSource': 1, 'missing-eventTime': 1, 'not-an-object': 3, 'unparseable-eventTime': 1 },
    });
    // the zone-less eventTime is read as UTC and counted, beside the good file's record
    expect(result.report.events.counted).toBe(2);
    const e = result.report.events;
    expect(e.read).toBe(e.duplicates + e.outOfWindow + e.failed + e.readOnly + e.unrelated + e.counted + result.report.skipped.records);
    expect(result.report.warnings.map((w: { record: number }) => w.record)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(result.stderr).toMatch(/records\.json \(record 6\): skipped, unparseable-eventTime/);
  });
});

describe('bad paths', () => {
  it('walks a directory symlink loop once', async () => {
    const dir = withGood('x.json', JSON.stringify({ Records: [] }));
    mkdirSync(join(dir, 'sub'));
    symlinkSync(dir, join(dir, 'sub', 'loop'));
    const result = await run(dir);
    expect(result.code).toBe(0);
    expect(result.report.files.read).toBe(2);
  });

  it('skips a file it may not read (run as an unprivileged user: root reads everything)', () => {
    const dir = withGood('secret.json', JSON.stringify({ Records: [good] }));
    chmodSync(join(dir, 'secret.json'), 0o000);
    for (const p of [root, dir]) chmodSync(p, 0o755);
    chmodSync(join(dir, 'good.json'), 0o644);
    const bin = new URL('../bin/config-cost.js', import.meta.url).pathname;
    const asNobody = process.getuid?.() === 0 ? ['runuser', '-u', 'nobody', '--', process.execPath] : [process.execPath];
    const result = spawnSync(asNobody[0]!, [...asNobody.slice(1), bin, 'estimate', '--events', dir, ...WINDOW], { encoding: 'utf8' });
    expect(result.status).toBe(3);
    expect(result.stderr).toMatch(/secret\.json: skipped, permission denied/);
    expect(JSON.parse(result.stdout).skipped.byReason).toEqual({ 'permission-denied': 1 });
  });

  it('stops on a path that does not exist (exit 2)', async () => {
    const result = await cli(['estimate', '--events', join(root, 'missing')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/missing: no such file or directory/);
  });

  it('names the file and field of a bad price list', async () => {
    const prices = JSON.parse(readFileSync(new URL('../pricing/aws-config.json', import.meta.url), 'utf8'));
    prices.priceSets[0].usageTypes[0].tiers[0].usd = 'three tenths of a cent';
    const path = join(root, 'prices.json');
    writeFileSync(path, JSON.stringify(prices));
    const run = await cli(['estimate', '--events', `${DATASETS}panther-analysis-ecr/ecr_SetRepositoryPolicy.json`, '--price-list', path]);
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toMatch(/prices\.json: priceSets\.0\.usageTypes\.0\.tiers\.0\.usd: /);
  });

  it('names the file and field of a bad inventory or rule-set file', async () => {
    const inventory = join(root, 'inventory.json');
    writeFileSync(inventory, JSON.stringify({ resources: [{ account: '111122223333', region: 'us-east-1', resourceType: 'AWS::ECS::Service', count: -1 }] }));
    const a = await cli(['estimate', '--events', `${DATASETS}panther-analysis-ecr/ecr_SetRepositoryPolicy.json`, '--inventory', inventory]);
    expect(a.code).toBe(2);
    expect(a.stderr).toMatch(/inventory\.json: resources\.0\.count/);
  });
});
