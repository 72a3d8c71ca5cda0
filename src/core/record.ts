import { parseEventTime } from './event-time.js';

/** The fields of a CloudTrail record that the model reads; everything else stays in `raw`. */
export interface TrailRecord {
  eventID: string | undefined;
  timeMs: number;
  eventSource: string;
  eventName: string;
  account: string;
  region: string;
  errorCode: string | undefined;
  readOnly: boolean;
  raw: Record<string, unknown>;
}

export type RecordSkipReason =
  | 'not-an-object'
  | 'missing-eventTime'
  | 'unparseable-eventTime'
  | 'missing-eventSource'
  | 'missing-eventName'
  | 'insight-event';

export type NormalizeResult = { record: TrailRecord } | { skip: RecordSkipReason };

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/**
 * Reads the model's fields from one record. Account and region come from the record itself, never from the
 * file's name: eventVersion 1.01 records have no recipientAccountId, so the caller's account stands in.
 */
export function normalizeRecord(value: unknown): NormalizeResult {
  if (!isObject(value)) return { skip: 'not-an-object' };
  if (value.eventCategory === 'Insight' || value.eventType === 'AwsCloudTrailInsight') return { skip: 'insight-event' };
  const eventTime = text(value.eventTime);
  if (eventTime === undefined) return { skip: 'missing-eventTime' };
  const timeMs = parseEventTime(eventTime);
  if (timeMs === undefined) return { skip: 'unparseable-eventTime' };
  const eventSource = text(value.eventSource);
  if (eventSource === undefined) return { skip: 'missing-eventSource' };
  const eventName = text(value.eventName);
  if (eventName === undefined) return { skip: 'missing-eventName' };
  const identity = isObject(value.userIdentity) ? value.userIdentity : {};
  return {
    record: {
      eventID: text(value.eventID),
      timeMs,
      eventSource,
      eventName,
      account: text(value.recipientAccountId) ?? text(identity.accountId) ?? 'unknown',
      region: text(value.awsRegion) ?? 'unknown',
      errorCode: text(value.errorCode),
      readOnly: value.readOnly === true || value.readOnly === 'true',
      raw: value,
    },
  };
}

/** Reads a dotted path ("requestParameters.cluster") from a record. */
export function readPath(root: unknown, path: string): unknown {
  let node: unknown = root;
  for (const key of path.split('.')) {
    if (Array.isArray(node)) node = node[Number(key)];
    else if (isObject(node)) node = node[key];
    else return undefined;
  }
  return node;
}
