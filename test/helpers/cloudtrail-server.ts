// A fake CloudTrail endpoint for end-to-end tests through the real AWS SDK: the JSON 1.1 protocol
// (POST /, X-Amz-Target CloudTrail_20131101.LookupEvents, application/x-amz-json-1.1) for LookupEvents only.
// It serves the records it is given (synthetic ones in the tests), pages them 50 at a time, newest first,
// filters by one EventSource or EventName attribute and StartTime/EndTime (both inclusive, epoch seconds),
// and answers HTTP 400 ThrottlingException to more than `requestsPerSecond` calls within one second per
// access key and region, as CloudTrail does. It never logs or echoes the request's credentials.
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { readBody, replyError, replyJson } from './aws-json.js';

const reply = (res: ServerResponse, status: number, body: unknown) => replyJson(res, status, body, 'application/x-amz-json-1.1');
const error = (res: ServerResponse, status: number, type: string, message: string) => replyError(res, status, type, message, 'application/x-amz-json-1.1', 'message');


export const LOOKUP_TARGET = 'CloudTrail_20131101.LookupEvents';

export interface LookupCall {
  region: string;
  attribute: { key: string; value: string } | undefined;
  startMs: number | undefined;
  endMs: number | undefined;
  maxResults: number | undefined;
  nextToken: string | undefined;
  atMs: number;
  throttled: boolean;
}

export interface FakeReply {
  status: number;
  type: string;
  message: string;
}

export interface FakeCloudTrailOptions {
  /** CloudTrail records; each is served in its awsRegion. Duplicates by eventID are stored once, as CloudTrail does. */
  records: readonly Record<string, unknown>[];
  /** Calls allowed per second per access key and region before ThrottlingException. Default 2. */
  requestsPerSecond?: number;
  /** Answers a call instead of the store (failure injection); undefined lets it through. */
  intercept?: (call: LookupCall, index: number) => FakeReply | undefined;
}

export interface FakeCloudTrail {
  /** http://127.0.0.1:<port> */
  url: string;
  calls: LookupCall[];
  stats(): { requests: number; throttled: number; served: number; maxServedInOneSecond: number };
  close(): Promise<void>;
}

interface Stored {
  id: string;
  timeMs: number;
  source: string;
  name: string;
  record: Record<string, unknown>;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

function store(records: readonly Record<string, unknown>[]): Map<string, Stored[]> {
  const byId = new Map<string, Stored & { region: string }>();
  for (const record of records) {
    const id = str(record.eventID);
    const time = str(record.eventTime);
    if (id === undefined || time === undefined) continue;
    const timeMs = Date.parse(time);
    const previous = byId.get(id);
    if (previous !== undefined && previous.timeMs <= timeMs) continue;
    byId.set(id, { id, timeMs, source: str(record.eventSource) ?? '', name: str(record.eventName) ?? '', record, region: str(record.awsRegion) ?? 'us-east-1' });
  }
  const byRegion = new Map<string, Stored[]>();
  for (const s of byId.values()) {
    const list = byRegion.get(s.region) ?? [];
    list.push(s);
    byRegion.set(s.region, list);
  }
  // Newest first, as LookupEvents returns them.
  for (const list of byRegion.values()) list.sort((a, b) => b.timeMs - a.timeMs || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return byRegion;
}

export async function startCloudTrailServer(options: FakeCloudTrailOptions): Promise<FakeCloudTrail> {
  const byRegion = store(options.records);
  const limit = options.requestsPerSecond ?? 2;
  const calls: LookupCall[] = [];
  /** Times of served (not throttled) calls per access key and region. */
  const recent = new Map<string, number[]>();
  let maxServedInOneSecond = 0;

  const server = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      const atMs = performance.now();
      if (req.method !== 'POST' || req.headers['x-amz-target'] !== LOOKUP_TARGET) {
        return error(res, 400, 'UnknownOperationException', `this fake serves only ${LOOKUP_TARGET}`);
      }
      // SigV4: Credential=<access key id>/<date>/<region>/cloudtrail/aws4_request. The key id only keys the rate limit.
      const scope = /Credential=([^/]+)\/\d{8}\/([a-z0-9-]+)\/cloudtrail\/aws4_request/.exec(req.headers.authorization ?? '');
      if (scope === null) return error(res, 400, 'MissingAuthenticationTokenException', 'Request is missing Authentication Token');
      const region = scope[2]!;
      let input: Record<string, unknown>;
      try {
        input = JSON.parse(body) as Record<string, unknown>;
      } catch {
        return error(res, 400, 'SerializationException', 'body is not JSON');
      }
      const attributes = Array.isArray(input.LookupAttributes) ? (input.LookupAttributes as Record<string, unknown>[]) : [];
      const first = attributes[0];
      const call: LookupCall = {
        region,
        attribute: first ? { key: String(first.AttributeKey), value: String(first.AttributeValue) } : undefined,
        startMs: typeof input.StartTime === 'number' ? input.StartTime * 1000 : undefined,
        endMs: typeof input.EndTime === 'number' ? input.EndTime * 1000 : undefined,
        maxResults: typeof input.MaxResults === 'number' ? input.MaxResults : undefined,
        nextToken: str(input.NextToken),
        atMs,
        throttled: false,
      };
      calls.push(call);
      const key = `${scope[1]}|${region}`;
      const served = (recent.get(key) ?? []).filter((t) => t > atMs - 1000);
      if (served.length >= limit) {
        call.throttled = true;
        recent.set(key, served);
        return error(res, 400, 'ThrottlingException', 'Rate exceeded');
      }
      served.push(atMs);
      recent.set(key, served);
      maxServedInOneSecond = Math.max(maxServedInOneSecond, served.length);

      const injected = options.intercept?.(call, calls.length - 1);
      if (injected !== undefined) return error(res, injected.status, injected.type, injected.message);

      if (attributes.length > 1) return error(res, 400, 'InvalidLookupAttributesException', 'You can only specify one lookup attribute.');
      if (call.attribute !== undefined && !['EventSource', 'EventName'].includes(call.attribute.key)) {
        return error(res, 400, 'InvalidLookupAttributesException', `this fake filters on EventSource or EventName, not ${call.attribute.key}`);
      }
      const pageSize = call.maxResults ?? 50;
      if (pageSize < 1 || pageSize > 50) return error(res, 400, 'InvalidMaxResultsException', 'MaxResults must be from 1 to 50.');
      const startMs = call.startMs ?? -Infinity;
      const endMs = call.endMs ?? Infinity;
      if (startMs > endMs) return error(res, 400, 'InvalidTimeRangeException', 'StartTime is after EndTime.');
      const queryKey = JSON.stringify([region, call.attribute, call.startMs, call.endMs]);
      let offset = 0;
      if (call.nextToken !== undefined) {
        try {
          const token = JSON.parse(Buffer.from(call.nextToken, 'base64').toString('utf8')) as { q: string; o: number };
          if (token.q !== queryKey) throw new Error('another query');
          offset = token.o;
        } catch {
          return error(res, 400, 'InvalidNextTokenException', 'Invalid NextToken.');
        }
      }
      const matching = (byRegion.get(region) ?? []).filter(
        (s) =>
          s.timeMs >= startMs &&
          s.timeMs <= endMs &&
          (call.attribute === undefined || (call.attribute.key === 'EventSource' ? s.source === call.attribute.value : s.name === call.attribute.value)),
      );
      const page = matching.slice(offset, offset + pageSize);
      const more = offset + pageSize < matching.length;
      reply(res, 200, {
        Events: page.map((s) => {
          const identity = (s.record.userIdentity ?? {}) as Record<string, unknown>;
          return {
            EventId: s.id,
            EventName: s.name,
            ReadOnly: String(s.record.readOnly ?? 'false'),
            ...(str(identity.accessKeyId) !== undefined ? { AccessKeyId: identity.accessKeyId } : {}),
            EventTime: s.timeMs / 1000,
            EventSource: s.source,
            Username: str(identity.userName) ?? str((identity.sessionContext as Record<string, unknown> | undefined)?.sessionIssuer) ?? 'synthetic',
            Resources: [],
            CloudTrailEvent: JSON.stringify(s.record),
          };
        }),
        ...(more ? { NextToken: Buffer.from(JSON.stringify({ q: queryKey, o: offset + pageSize })).toString('base64') } : {}),
      });
    })().catch(() => {
      if (!res.headersSent) error(res, 500, 'InternalFailure', 'fake server failure');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    stats: () => ({
      requests: calls.length,
      throttled: calls.filter((c) => c.throttled).length,
      served: calls.filter((c) => !c.throttled).length,
      maxServedInOneSecond,
    }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Every record of a CloudTrail log tree (such as `config-cost simulate` writes), duplicates included. */
export function loadTrailRecords(dir: string): Record<string, unknown>[] {
  const records: Record<string, unknown>[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) {
        if (name !== 'CloudTrail-Digest') walk(path);
      } else if (/\.json(\.gz)?$/.test(name)) {
        const bytes = readFileSync(path);
        const text = (bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes).toString('utf8');
        const doc = JSON.parse(text) as { Records?: Record<string, unknown>[] };
        records.push(...(doc.Records ?? []));
      }
    }
  };
  walk(dir);
  return records;
}
