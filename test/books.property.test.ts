// The books balance, for any mix of record shapes and file formats (fast-check generates them; synthetic):
// read = six classes + skipped records, nothing throws, and the order of files changes nothing.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { estimateFiles } from '../src/commands/estimate/index.js';
import { prepareReplay } from '../src/commands/estimate/prepare.js';
import { renderJson } from '../src/report/json.js';

const CALLS = [
  ['ecs.amazonaws.com', 'RegisterTaskDefinition'],
  ['ecs.amazonaws.com', 'UpdateService'],
  ['ecs.amazonaws.com', 'DescribeServices'],
  ['ecr.amazonaws.com', 'PutImage'],
  ['eks.amazonaws.com', 'CreateNodegroup'],
  ['ec2.amazonaws.com', 'CreateNetworkInterface'],
  ['s3.amazonaws.com', 'PutObject'],
] as const;

const validRecord = fc.record({
  call: fc.constantFrom(...CALLS),
  id: fc.integer({ min: 0, max: 40 }), // a small pool, so duplicates happen
  day: fc.integer({ min: -5, max: 40 }), // some outside the window
  readOnly: fc.option(fc.boolean(), { nil: undefined }),
  failed: fc.boolean(),
  desiredOnly: fc.boolean(),
}).map(({ call, id, day, readOnly, failed, desiredOnly }) => ({
  eventVersion: '1.08',
  eventID: `prop-${id}`,
  eventTime: new Date(Date.UTC(2026, 9, 1) + day * 86_400_000 + id * 1000).toISOString().replace('.000Z', 'Z'),
  eventSource: call[0],
  eventName: call[1],
  awsRegion: 'us-east-1',
  recipientAccountId: '111122223333',
  userIdentity: { type: 'AssumedRole', accountId: '111122223333', invokedBy: 'ecs.amazonaws.com' },
  requestParameters: desiredOnly ? { cluster: 'c', service: 's', desiredCount: 2 } : { cluster: 'c', service: 's', family: 'f', taskDefinition: 'f:1' },
  responseElements: { taskDefinition: { taskDefinitionArn: `arn:aws:ecs:us-east-1:111122223333:task-definition/f:${id + 1}` } },
  ...(readOnly === undefined ? {} : { readOnly }),
  ...(failed ? { errorCode: 'AccessDenied' } : {}),
}));

const badRecord = fc.constantFrom<unknown>(1, 'x', null, {}, [], { eventTime: 'soon', eventSource: 'ecs.amazonaws.com', eventName: 'X' }, { eventName: 'X' });
const anyRecord = fc.oneof({ weight: 4, arbitrary: validRecord }, { weight: 1, arbitrary: badRecord });

const FORMATS = ['log-file', 'log-file-gz', 'array', 'jsonl', 'lookup-events', 'garbage'] as const;
const file = fc.record({ format: fc.constantFrom(...FORMATS), records: fc.array(anyRecord, { maxLength: 12 }) });

function write(dir: string, index: number, f: { format: (typeof FORMATS)[number]; records: unknown[] }): string {
  const base = join(dir, `f${index}`);
  switch (f.format) {
    case 'log-file':
      writeFileSync(`${base}.json`, JSON.stringify({ Records: f.records }));
      return `${base}.json`;
    case 'log-file-gz':
      writeFileSync(`${base}.json.gz`, gzipSync(JSON.stringify({ Records: f.records })));
      return `${base}.json.gz`;
    case 'array':
      writeFileSync(`${base}.json`, JSON.stringify(f.records));
      return `${base}.json`;
    case 'jsonl':
      writeFileSync(`${base}.jsonl`, f.records.map((r) => JSON.stringify(r)).join('\n'));
      return `${base}.jsonl`;
    case 'lookup-events':
      writeFileSync(`${base}.json`, JSON.stringify({ Events: f.records.map((r) => ({ CloudTrailEvent: JSON.stringify(r) })) }));
      return `${base}.json`;
    case 'garbage':
      writeFileSync(`${base}.txt`, `not a trail ${f.records.length}`);
      return `${base}.txt`;
  }
}

const looksLikeRecord = (r: unknown) =>
  typeof r === 'object' && r !== null && !Array.isArray(r) && ('eventTime' in r || 'eventName' in r) && ('eventSource' in r || 'eventID' in r);

/** Records the reader hands on from a file (the rest of the file is skipped as not CloudTrail data), or undefined. */
function recordsRead(f: { format: (typeof FORMATS)[number]; records: unknown[] }): number | undefined {
  if (f.format === 'garbage') return undefined;
  if (f.format === 'jsonl' && f.records.length === 0) return undefined; // an empty file
  if (f.format === 'array' && f.records.length > 0 && !f.records.some(looksLikeRecord)) return undefined;
  return f.records.length;
}

describe('the books balance (property-based)', () => {
  it('read = the six classes + skipped records; nothing throws; file order changes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(file, { minLength: 1, maxLength: 6 }), fc.integer(), async (files, seed) => {
        const dir = mkdtempSync(join(tmpdir(), 'config-cost-books-'));
        try {
          const paths = files.map((f, i) => write(dir, i, f));
          const context = prepareReplay({ events: [dir], days: 30, from: '2026-10-01', to: '2026-10-31', recording: 'continuous', rules: ['containers-all'], assume: [] });
          const quiet = { stdout: () => {}, stderr: () => {} };
          const usable = files.some((f) => recordsRead(f) !== undefined);
          if (!usable) {
            await expect(estimateFiles(paths, context, quiet)).rejects.toThrow(/nothing readable/);
            return;
          }
          const report = await estimateFiles(paths, context, quiet);
          const e = report.events;
          expect(e.read).toBe(e.duplicates + e.outOfWindow + e.failed + e.readOnly + e.unrelated + e.counted + report.skipped.records);
          const total = files.reduce((n, f) => n + (recordsRead(f) ?? 0), 0);
          expect(report.skipped.files).toBe(files.filter((f) => recordsRead(f) === undefined).length);
          expect(e.read).toBe(total);
          const shuffled = [...paths].sort((a, b) => ((a.length * 31 + seed) % 7) - ((b.length * 31 + seed) % 7) || (a < b ? 1 : -1));
          expect(renderJson(await estimateFiles(shuffled, context, quiet))).toBe(renderJson(report));
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      }),
      { numRuns: 40, seed: 20261204 },
    );
  }, 60_000);
});
