// Every reader format, on synthetic files (labelled synthetic) written to a temporary folder.
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative as relativePath } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { listEventFiles, readEventFile } from '../src/sources/files.js';
import { ecs, record } from './helpers/model.js';

const dir = mkdtempSync(join(tmpdir(), 'config-cost-readers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(relative: string, content: string | Buffer): string {
  const path = join(dir, relative);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, content);
  return path;
}

const r1 = ecs('CreateCluster', { clusterName: 'prod' });
const r2 = ecs('DescribeClusters', { clusters: ['prod'] }, { readOnly: true });
const logFile = JSON.stringify({ Records: [r1, r2] });

describe('readEventFile recognises', () => {
  it.each([
    ['a log file as delivered (.json)', 'AWSLogs/111122223333/CloudTrail/us-east-1/2026/10/10/a.json', logFile, 'log-file'],
    ['a log file as delivered (.json.gz)', 'AWSLogs/111122223333/CloudTrail/us-east-1/2026/10/10/b.json.gz', gzipSync(logFile), 'log-file'],
    ['an organization-trail log file', 'AWSLogs/o-abc123/111122223333/CloudTrail/us-east-1/2026/10/10/c.json.gz', gzipSync(logFile), 'log-file'],
    ['a bare JSON array of records', 'array.json', JSON.stringify([r1, r2]), 'array'],
    ['a file holding one record', 'one.json', JSON.stringify(r1, null, 2), 'single-record'],
    ['JSON Lines (.jsonl)', 'lines.jsonl', `${JSON.stringify(r1)}\n${JSON.stringify(r2)}\n`, 'json-lines'],
    ['JSON Lines (.ndjson.gz)', 'lines.ndjson.gz', gzipSync(`${JSON.stringify(r1)}\n\n${JSON.stringify(r2)}`), 'json-lines'],
    ['JSON Lines under a .json name', 'lines-misnamed.json', `${JSON.stringify(r1)}\n${JSON.stringify(r2)}\n`, 'json-lines'],
    [
      'aws cloudtrail lookup-events output',
      'lookup.json',
      JSON.stringify({ Events: [r1, r2].map((r) => ({ EventId: r.eventID, EventName: r.eventName, CloudTrailEvent: JSON.stringify(r) })) }),
      'lookup-events',
    ],
    ['a gzip file named .json (detected by its bytes)', 'gz-named.json', gzipSync(logFile), 'log-file'],
    ['a byte-order mark before the JSON', 'bom.json', `\ufeff${logFile}`, 'log-file'],
  ])('%s', async (_label, relative, content, format) => {
    const outcome = await readEventFile(write(relative, content));
    expect(outcome.kind).toBe('records');
    if (outcome.kind !== 'records') return;
    expect(outcome.format).toBe(format);
    const expected = format === 'single-record' ? [r1.eventID] : [r1.eventID, r2.eventID];
    expect(outcome.records.map((r) => (r as { eventID: string }).eventID)).toEqual(expected);
  });

  it('digest files by folder and by content, without a warning', async () => {
    expect((await readEventFile(write('AWSLogs/111122223333/CloudTrail-Digest/us-east-1/2026/10/10/d.json.gz', gzipSync('{}')))).kind).toBe('digest');
    expect((await readEventFile(write('digest.json', JSON.stringify({ digestStartTime: 'x', logFiles: [] })))).kind).toBe('digest');
  });

  it('Insights files by folder and by content', async () => {
    expect((await readEventFile(write('AWSLogs/111122223333/CloudTrail-Insight/us-east-1/2026/10/10/i.json.gz', gzipSync('{}')))).kind).toBe('insights');
    const insight = record({ eventCategory: 'Insight', eventType: 'AwsCloudTrailInsight' });
    expect((await readEventFile(write('insight.json', JSON.stringify({ Records: [insight] })))).kind).toBe('insights');
  });
});

describe('readEventFile skips, with a reason', () => {
  it.each([
    ['a truncated gzip', 'trunc.json.gz', gzipSync(logFile).subarray(0, 40), 'bad-gzip'],
    ['bad JSON', 'bad.json', '{"Records": [', 'not-json'],
    ['an empty file', 'empty.json', '', 'empty-file'],
    ['other JSON', 'other.json', '{"hello": "world"}', 'not-cloudtrail'],
    ['SQL', 'query.sql', 'SELECT eventName FROM x', 'not-json'],
    ['binary data', 'blob.bin', Buffer.from([0, 1, 2, 3, 0, 255]), 'binary'],
    ['CloudTrail Lake query results', 'lake.json', JSON.stringify({ QueryStatus: 'FINISHED', QueryResultRows: [] }), 'lake-query-results'],
  ])('%s', async (_label, relative, content, code) => {
    const outcome = await readEventFile(write(relative, content));
    expect(outcome.kind).toBe('unreadable');
    if (outcome.kind === 'unreadable') expect(outcome.code).toBe(code);
  });

  it('bad lines of a JSON Lines file, keeping the good ones', async () => {
    const outcome = await readEventFile(write('partial.jsonl', `${JSON.stringify(r1)}\n{oops\n${JSON.stringify(r2)}\n`));
    expect(outcome.kind).toBe('records');
    if (outcome.kind !== 'records') return;
    expect(outcome.records).toHaveLength(2);
    expect(outcome.badRecords).toEqual([{ index: 1, reason: 'line-not-json' }]);
  });
});

describe('listEventFiles', () => {
  it('walks folders recursively in name order and takes files as given', async () => {
    const root = join(dir, 'walk');
    write('walk/b/2.json', '[]');
    write('walk/a/1.json', '[]');
    write('walk/a/c/3.json', '[]');
    expect(await listEventFiles([root, join(root, 'a/1.json')])).toEqual([
      join(root, 'a/1.json'),
      join(root, 'a/c/3.json'),
      join(root, 'b/2.json'),
      join(root, 'a/1.json'),
    ]);
  });

  it('names files as path.join names them, whatever the spelling of the folder given', async () => {
    write('spell/x/1.json', '[]');
    const relative = relativePath(process.cwd(), join(dir, 'spell'));
    for (const given of [join(dir, 'spell'), `${join(dir, 'spell')}/`, `${dir}//spell/./x/..`, relative, `./${relative}/`]) {
      expect(await listEventFiles([given]), given).toEqual([join(given, 'x/1.json')]);
    }
  });

  it('says which path does not exist', async () => {
    await expect(listEventFiles([join(dir, 'nope')])).rejects.toThrow(/nope: no such file or directory/);
  });
});
