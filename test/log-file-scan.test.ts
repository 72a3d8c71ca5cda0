// The log-file scanner changes no number: on every real file, on crafted edge cases (synthetic) and on
// generated files (fast-check, synthetic), digesting a file by scanning it gives exactly the digest of
// parsing it whole, and a file JSON.parse refuses is handed back to the parser rather than read.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type { FileDigest } from '../src/core/file-digest.js';
import { digestEventFile, listEventFiles } from '../src/sources/files.js';
import { scanLogFile } from '../src/sources/log-file-scan.js';
import { DATASETS } from './helpers/run.js';
import { ecs, model, record, registerTaskDefinition } from './helpers/model.js';

const { catalog } = model();
const dir = mkdtempSync(join(tmpdir(), 'config-cost-scan-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A digest as plain data, its arrays cut to the records it holds. */
function plain(digest: FileDigest) {
  const cut = <T extends { subarray(a: number, b: number): ArrayLike<number> }>(a: T) => Array.from(a.subarray(0, digest.count));
  return { ...digest, hi: cut(digest.hi), lo: cut(digest.lo), hasId: cut(digest.hasId), seconds: cut(digest.seconds), tie: cut(digest.tie), cls: cut(digest.cls) };
}

let written = 0;
function fileOf(text: string): string {
  const path = join(dir, `f${(written += 1)}.json`);
  writeFileSync(path, text);
  return path;
}

/** Scanned and parsed digests of one file, and whether the scanner read it (or handed it back). */
function bothWays(path: string) {
  let bytes = readFileSync(path);
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) bytes = gunzipSync(bytes);
  return { scanned: plain(digestEventFile(path, catalog, true)), parsed: plain(digestEventFile(path, catalog, false)), scanResult: scanLogFile(path, bytes, catalog) };
}

describe('the log-file scanner', () => {
  it('gives the parsed digest on every file of the real datasets, and reads the log files itself', async () => {
    const files = await listEventFiles([DATASETS]);
    let read = 0;
    for (const path of files) {
      const { scanned, parsed, scanResult } = bothWays(path);
      expect(scanned, path).toEqual(parsed);
      if (scanResult !== undefined && scanResult !== 'insights') read += 1;
    }
    // 750 of the datasets' files are CloudTrail log files ({"Records":[...]}); the rest are arrays, digests, notes.
    expect(read).toBe(750);
  }, 60_000);

  const cases: [string, unknown[]][] = [
    ['plain records of every class', [ecs('CreateCluster', { clusterName: 'a' }), ecs('ListClusters', null, { readOnly: true }), ecs('CreateCluster', null, { errorCode: 'AccessDenied' }), record({ eventSource: 's3.amazonaws.com', eventName: 'PutObject' })]],
    ['a counted record with a task-definition revision', [registerTaskDefinition('web', 7, '2026-10-10T08:00:00Z')]],
    ['readOnly as the string "true"', [ecs('ListClusters', null, { readOnly: 'true' })]],
    ['an empty errorCode (not failed)', [ecs('CreateCluster', { clusterName: 'b' }, { errorCode: '' })]],
    ['a record without recipientAccountId (account from userIdentity)', [ecs('ListServices', null, { recipientAccountId: undefined, readOnly: true })]],
    ['a record without awsRegion', [record({ eventSource: 'sqs.amazonaws.com', eventName: 'SendMessage', awsRegion: undefined })]],
    ['a record without eventID', [record({ eventSource: 'sqs.amazonaws.com', eventName: 'SendMessage', eventID: undefined })]],
    ['an empty eventID', [record({ eventSource: 'sqs.amazonaws.com', eventName: 'SendMessage', eventID: '' })]],
    ['a numeric eventID', [record({ eventSource: 'sqs.amazonaws.com', eventName: 'SendMessage', eventID: 42 })]],
    ['an eventTime with milliseconds', [record({ eventSource: 'sqs.amazonaws.com', eventName: 'SendMessage', eventTime: '2026-10-10T12:00:00.123Z' })]],
    ['an eventTime with a space and no zone', [record({ eventSource: 'sqs.amazonaws.com', eventName: 'SendMessage', eventTime: '2026-10-10 12:00:00.000' })]],
    ['an impossible date', [record({ eventSource: 'sqs.amazonaws.com', eventName: 'SendMessage', eventTime: '2026-02-30T12:00:00Z' })]],
    ['hour 24', [record({ eventSource: 'sqs.amazonaws.com', eventName: 'SendMessage', eventTime: '2026-10-10T24:00:00Z' })]],
    ['a leap day', [record({ eventSource: 'sqs.amazonaws.com', eventName: 'SendMessage', eventTime: '2028-02-29T23:59:59Z' })]],
    ['a year below 1000', [record({ eventSource: 'sqs.amazonaws.com', eventName: 'SendMessage', eventTime: '0099-01-01T00:00:00Z' })]],
    ['no eventTime', [record({ eventSource: 'sqs.amazonaws.com', eventName: 'SendMessage', eventTime: undefined })]],
    ['a non-string eventSource', [record({ eventSource: 7, eventName: 'SendMessage' })]],
    ['non-ASCII text in the fields read', [record({ eventSource: 'sqs.amazonaws.com', eventName: 'Sénd', awsRegion: 'eu-wést-1', eventID: 'é-1' })]],
    ['an Insights record among others', [{ eventVersion: '1.07', eventTime: '2026-10-10T12:00:00Z', awsRegion: 'us-east-1', eventID: 'i-1', eventType: 'AwsCloudTrailInsight', eventCategory: 'Insight', recipientAccountId: '111122223333', eventSource: 'ecs.amazonaws.com', eventName: 'CreateService' }, ecs('CreateCluster', { clusterName: 'c' })]],
    ['only Insights records', [{ eventVersion: '1.07', eventTime: '2026-10-10T12:00:00Z', eventID: 'i-2', eventType: 'AwsCloudTrailInsight', eventCategory: 'Insight', eventSource: 'ecs.amazonaws.com', eventName: 'CreateService' }]],
    ['deep request parameters with every JSON type', [ecs('TagResource', { a: [1, -2.5e-3, 0, true, false, null, { b: [[], {}] }], s: 'quote " and \\ and \u0001 and \u2028' }, { readOnly: false })]],
    ['no records', []],
  ];

  it.each(cases)('gives the parsed digest for %s', (_, records) => {
    const { scanned, parsed, scanResult } = bothWays(fileOf(JSON.stringify({ Records: records })));
    expect(scanned).toEqual(parsed);
    expect(scanResult).not.toBeUndefined();
  });

  it('reads fields spelt with escapes as JSON.parse does (by parsing those records)', () => {
    const base = JSON.stringify({ Records: [ecs('ListClusters', null, { readOnly: true }), ecs('CreateCluster', { clusterName: 'd' })] });
    for (const text of [
      base.replace('"eventID"', '"event\\u0049D"'),
      base.replace('"readOnly":true', '"readOnly":"tru\\u0065"'),
      base.replace('"eventSource":"ecs.amazonaws.com"', '"eventSource":"ecs.amazonaws.co\\u006d"'),
      base.replace('"eventCategory":"Management"', '"eventCategory":"Insigh\\u0074"'),
      base.replace('"eventID":"', '"eventID":"\\/'),
    ]) {
      const { scanned, parsed } = bothWays(fileOf(text));
      expect(scanned).toEqual(parsed);
    }
  });

  it('keeps the last of duplicated keys, as JSON.parse does', () => {
    const text = JSON.stringify({ Records: [ecs('CreateCluster', { clusterName: 'f' }, { readOnly: true })] }).replace('"readOnly":true', '"readOnly":true,"readOnly":false,"eventID":"x","eventID":7');
    const { scanned, parsed } = bothWays(fileOf(text));
    expect(scanned).toEqual(parsed);
    expect(scanned.cls[0]).toBe(3); // counted: readOnly ended false
    expect(scanned.hasId[0]).toBe(0);
  });

  it('hands back what JSON.parse refuses, and what is not a plain log file', () => {
    const good = JSON.stringify({ Records: [ecs('ListClusters', null, { readOnly: true })] });
    const refused = [
      good.replace(']}', ',]}'), // trailing comma
      good.replace('"synthetic-test"', '"synthetic\ttest"'), // raw tab in a string
      good.replace('"synthetic-test"', '"synthetic\\qtest"'), // bad escape
      good.replace('"synthetic-test"', '"synthetic\\u12G4"'), // bad \u escape
      good.replace('"managementEvent":true', '"managementEvent":tru'),
      good.replace('"managementEvent":true', '"managementEvent":01'),
      good.replace('"managementEvent":true', '"managementEvent":1.'),
      good.replace('"managementEvent":true', '"managementEvent":-'),
      good.replace('"requestParameters":null', '"requestParameters":{"a":1 "b":2}'),
      good.replace('"requestParameters":null', '"requestParameters":[1,,2]'),
      good.replace('"requestParameters":null', '"requestParameters":{"a"1}'),
      good.slice(0, -5), // truncated
      `${good} x`,
      good.replace('{"Records"', '{"Other":1,"Records"'),
      good.replace('{"Records":[', '{"Records":[7,'),
      `\ufeff${good}`,
      `${'['.repeat(300)}${']'.repeat(300)}`,
      '',
    ];
    for (const text of refused) {
      const { scanned, parsed, scanResult } = bothWays(fileOf(text));
      expect(scanResult, text.slice(0, 80)).toBeUndefined();
      expect(scanned).toEqual(parsed);
    }
    // Whitespace anywhere JSON allows it is read.
    const spaced = JSON.stringify({ Records: [ecs('CreateCluster', { clusterName: 'e' })] }, null, '\t').replace(/\n/g, '\r\n');
    const { scanned, parsed, scanResult } = bothWays(fileOf(spaced));
    expect(scanResult).not.toBeUndefined();
    expect(scanned).toEqual(parsed);
  });

  it('agrees with parsing on generated log files (fast-check, synthetic)', () => {
    const text = fc.oneof(fc.constantFrom('ecs.amazonaws.com', 'ec2.amazonaws.com', 's3.amazonaws.com', 'ecr.amazonaws.com', ''), fc.string({ maxLength: 6 }), fc.string({ unit: 'binary', maxLength: 4 }));
    const value = fc.oneof(text, fc.integer(), fc.boolean(), fc.constant(null), fc.constant(undefined));
    const time = fc.oneof(
      fc.date({ min: new Date('0050-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().replace('.000Z', 'Z')),
      fc.constantFrom('2026-10-10T12:00:00Z', '2026-13-01T00:00:00Z', '2026-10-10T12:00:60Z', '2026-10-10 12:00:00', 'x'),
    );
    const generated = fc.record({
      eventSource: fc.oneof(text, value),
      eventName: fc.oneof(fc.constantFrom('CreateCluster', 'RegisterTaskDefinition', 'UpdateService', 'CreateNetworkInterface', 'PutObject'), value),
      eventTime: fc.oneof(time, value),
      eventID: fc.oneof(fc.constantFrom('a', 'b', 'c'), value),
      awsRegion: value,
      recipientAccountId: value,
      errorCode: value,
      readOnly: fc.oneof(fc.constantFrom(true, false, 'true', 'false'), value),
      eventType: fc.oneof(fc.constant('AwsCloudTrailInsight'), value),
      eventCategory: fc.oneof(fc.constant('Insight'), value),
      userIdentity: fc.oneof(fc.constant({ accountId: '222233334444' }), value),
      requestParameters: fc.jsonValue({ maxDepth: 3 }),
    });
    fc.assert(
      fc.property(fc.array(generated, { maxLength: 6 }), fc.constantFrom(undefined, 1, '\t'), (records, indent) => {
        const { scanned, parsed } = bothWays(fileOf(JSON.stringify({ Records: records }, null, indent)));
        expect(scanned).toEqual(parsed);
      }),
      { numRuns: 300 },
    );
  });
});
