/**
 * Recognises what a file holds, from its text: a CloudTrail log file ({"Records":[...]}), a bare array of
 * records, one record, JSON Lines, or `aws cloudtrail lookup-events` output. Digest and Insights files
 * are recognised so they can be passed over without a warning. Pure: the caller reads and gunzips.
 */
export type ParsedFile =
  | { kind: 'records'; format: TrailFileFormat; records: unknown[]; badRecords: BadRecord[] }
  | { kind: 'digest' }
  | { kind: 'insights' }
  | { kind: 'unreadable'; code: UnreadableCode; reason: string };

/** Why a file was skipped, as a stable code (the JSON's skipped.byReason) beside the sentence for people. */
export type UnreadableCode =
  | 'empty-file'
  | 'not-json'
  | 'not-cloudtrail'
  | 'lake-query-results'
  | 'bad-gzip'
  | 'binary'
  | 'permission-denied'
  | 'cannot-read'
  | 'invalid-utf8'
  | 'too-large';

const unreadable = (code: UnreadableCode, reason: string): ParsedFile => ({ kind: 'unreadable', code, reason });

export type TrailFileFormat = 'log-file' | 'array' | 'single-record' | 'json-lines' | 'lookup-events';

/** A record that could be located but not parsed (a bad JSON line, a bad CloudTrailEvent string). */
export interface BadRecord {
  index: number;
  reason: string;
}

const DIGEST_PATH = /(^|[\\/])CloudTrail-Digest([\\/]|$)|_CloudTrail-Digest_/;
const INSIGHT_PATH = /(^|[\\/])CloudTrail-Insight([\\/]|$)|_CloudTrail-Insight_/;
export const JSON_LINES_NAME = /\.(jsonl|ndjson)(\.gz)?$/i;

export function classifyPath(path: string): 'digest' | 'insights' | undefined {
  if (DIGEST_PATH.test(path)) return 'digest';
  if (INSIGHT_PATH.test(path)) return 'insights';
  return undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function looksLikeRecord(value: unknown): boolean {
  return isObject(value) && ('eventTime' in value || 'eventName' in value) && ('eventSource' in value || 'eventID' in value);
}

/** An Insights event rather than a management or data event. */
export function isInsight(value: unknown): boolean {
  return isObject(value) && (value.eventCategory === 'Insight' || value.eventType === 'AwsCloudTrailInsight');
}

export function parseTrailText(path: string, text: string): ParsedFile {
  const byPath = classifyPath(path);
  if (byPath) return { kind: byPath };
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.trim() === '') return unreadable('empty-file', 'empty file');
  if (JSON_LINES_NAME.test(path)) return parseJsonLines(body);
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (error) {
    // Not one JSON document: it may still be JSON Lines under another name.
    const lines = parseJsonLines(body);
    if (lines.kind === 'records' && lines.records.length > 0 && lines.badRecords.length === 0) return lines;
    if (error instanceof RangeError) return unreadable('not-json', 'JSON nested too deeply to read');
    return unreadable('not-json', `not JSON (${shortMessage(error)})`);
  }
  return interpretDocument(value);
}

function interpretDocument(value: unknown): ParsedFile {
  if (Array.isArray(value)) {
    if (value.length > 0 && !value.some(looksLikeRecord)) return unreadable('not-cloudtrail', 'not CloudTrail data (a JSON array with no records)');
    return { kind: 'records', format: 'array', records: value, badRecords: [] };
  }
  if (!isObject(value)) return unreadable('not-cloudtrail', 'not CloudTrail data (a JSON value that is not an object or array)');
  if ('digestStartTime' in value && 'logFiles' in value) return { kind: 'digest' };
  if ('Records' in value) {
    const records = value.Records;
    if (!Array.isArray(records)) return unreadable('not-cloudtrail', 'not CloudTrail data ("Records" is not an array)');
    if (records.length > 0 && records.every(isInsight)) return { kind: 'insights' };
    return { kind: 'records', format: 'log-file', records, badRecords: [] };
  }
  if ('Events' in value && Array.isArray(value.Events)) return interpretLookupEvents(value.Events);
  if (looksLikeRecord(value)) return { kind: 'records', format: 'single-record', records: [value], badRecords: [] };
  if ('QueryResultRows' in value) return unreadable('lake-query-results', 'CloudTrail Lake query results, not log records (not read from files)');
  return unreadable('not-cloudtrail', 'not CloudTrail data (no Records, Events or record fields)');
}

/** `aws cloudtrail lookup-events` output: each event's record is the JSON string CloudTrailEvent. */
function interpretLookupEvents(events: unknown[]): ParsedFile {
  const records: unknown[] = [];
  const badRecords: BadRecord[] = [];
  events.forEach((event, index) => {
    const text = isObject(event) ? event.CloudTrailEvent : undefined;
    if (typeof text !== 'string') {
      badRecords.push({ index, reason: 'lookup-event-without-CloudTrailEvent' });
      return;
    }
    try {
      records.push(JSON.parse(text));
    } catch {
      badRecords.push({ index, reason: 'CloudTrailEvent-not-json' });
    }
  });
  return { kind: 'records', format: 'lookup-events', records, badRecords };
}

function parseJsonLines(text: string): ParsedFile {
  const records: unknown[] = [];
  const badRecords: BadRecord[] = [];
  let index = 0;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      records.push(JSON.parse(line));
    } catch {
      badRecords.push({ index, reason: 'line-not-json' });
    }
    index += 1;
  }
  if (records.length === 0 && badRecords.length > 0) return unreadable('not-json', 'not JSON Lines (no line parses)');
  return { kind: 'records', format: 'json-lines', records, badRecords };
}

/** The first line of a parser's message, without the quoted text it choked on. */
function shortMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0]!.replace(/, ".*$/, '').slice(0, 80);
}
