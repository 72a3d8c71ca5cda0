/** Turns a described API call into a full CloudTrail record. */
import type { AccountScope } from './arns.js';
import type { Caller } from './callers.js';
import type { Prng } from '../core/prng.js';
import { isoSeconds } from './time.js';
import type { CloudTrailRecord, JsonObject, TimedRecord } from './types.js';

export interface CallError {
  code: string;
  message: string;
}

/** An API call before ids are assigned. */
export interface CallSpec {
  time: number;
  caller: Caller;
  eventSource: string;
  eventName: string;
  readOnly: boolean;
  requestParameters: JsonObject | null;
  responseElements: JsonObject | null;
  /** CloudTrail's additionalEventData, for the few calls that carry it. */
  additionalEventData?: JsonObject;
  error?: CallError;
}

/** Draws requestID and eventID from the PRNG so every record has its own, reproducible ids. */
export function toRecord(spec: CallSpec, scope: AccountScope, prng: Prng): TimedRecord {
  const requestID = prng.uuid();
  const eventID = prng.uuid();
  const record: CloudTrailRecord = {
    eventVersion: '1.08',
    userIdentity: spec.caller.identity,
    eventTime: isoSeconds(spec.time),
    eventSource: spec.eventSource,
    eventName: spec.eventName,
    awsRegion: scope.region,
    sourceIPAddress: spec.caller.sourceIPAddress,
    userAgent: spec.caller.userAgent,
    ...(spec.error ? { errorCode: spec.error.code, errorMessage: spec.error.message } : {}),
    requestParameters: spec.requestParameters,
    // CloudTrail writes null response elements for failed calls.
    responseElements: spec.error ? null : spec.responseElements,
    ...(spec.additionalEventData ? { additionalEventData: spec.additionalEventData } : {}),
    requestID,
    eventID,
    readOnly: spec.readOnly,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: scope.accountId,
    eventCategory: 'Management',
  };
  return { time: spec.time, record };
}

/** The same call, rejected, at an earlier time: what a deploy looks like when its first try fails. */
export function asFailedAttempt(spec: CallSpec, error: CallError, time: number): CallSpec {
  return { ...spec, time, error, responseElements: null };
}
