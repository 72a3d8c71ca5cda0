// A fake CloudWatch endpoint for end-to-end tests through the real AWS SDK: the AWS JSON 1.0 protocol the SDK
// speaks to CloudWatch (POST /, X-Amz-Target GraniteServiceVersion20100801.<Operation>,
// application/x-amz-json-1.0; timestamps as epoch seconds), for ListMetrics and GetMetricData only. It serves
// the AWS/Config ConfigurationItemsRecorded series it is given, per region (from the SigV4 scope), daily sums,
// pages GetMetricData `pageSize` data points at a time, and never logs or echoes credentials.
import { createServer, type ServerResponse } from 'node:http';
import { closeServer, listenLocal, readBody, replyError, replyJson } from './aws-json.js';

const reply = (res: ServerResponse, status: number, body: unknown) => replyJson(res, status, body, 'application/x-amz-json-1.0');
const error = (res: ServerResponse, status: number, type: string, message: string) => replyError(res, status, type, message, 'application/x-amz-json-1.0', 'message');


export const CLOUDWATCH_TARGET_PREFIX = 'GraniteServiceVersion20100801.';

export interface CloudWatchCall {
  operation: string;
  region: string;
  body: Record<string, unknown>;
}

export interface FakeCloudWatchOptions {
  /** Per region, per resource type, per UTC day (YYYY-MM-DD): the CIs recorded. */
  series: Record<string, Record<string, Record<string, number>>>;
  /** Data points per GetMetricData page (default 40). */
  pageSize?: number;
  /** Answers a call with an error instead (failure injection). */
  fail?: (call: CloudWatchCall) => { status: number; type: string; message: string } | undefined;
}

export interface FakeCloudWatch {
  url: string;
  calls: CloudWatchCall[];
  close(): Promise<void>;
}

interface Query {
  Id: string;
  Label?: string;
  MetricStat?: { Metric?: { Namespace?: string; MetricName?: string; Dimensions?: { Name: string; Value: string }[] }; Period?: number; Stat?: string };
}

export async function startCloudWatchServer(options: FakeCloudWatchOptions): Promise<FakeCloudWatch> {
  const calls: CloudWatchCall[] = [];
  const pageSize = options.pageSize ?? 40;
  const server = createServer((req, res) => {
    void (async () => {
      const text = await readBody(req);
      const target = String(req.headers['x-amz-target'] ?? '');
      if (req.method !== 'POST' || !target.startsWith(CLOUDWATCH_TARGET_PREFIX)) return error(res, 400, 'UnknownOperationException', 'not a CloudWatch JSON call');
      const scope = /Credential=[^/]+\/\d{8}\/([a-z0-9-]+)\/monitoring\/aws4_request/.exec(req.headers.authorization ?? '');
      if (scope === null) return error(res, 400, 'MissingAuthenticationToken', 'Request is missing Authentication Token');
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(text === '' ? '{}' : text) as Record<string, unknown>;
      } catch {
        return error(res, 400, 'SerializationException', 'body is not JSON');
      }
      const call: CloudWatchCall = { operation: target.slice(CLOUDWATCH_TARGET_PREFIX.length), region: scope[1]!, body };
      calls.push(call);
      const injected = options.fail?.(call);
      if (injected) return error(res, injected.status, injected.type, injected.message);
      const byType = options.series[call.region] ?? {};

      if (call.operation === 'ListMetrics') {
        if (body.Namespace !== 'AWS/Config') return reply(res, 200, { Metrics: [] });
        return reply(res, 200, {
          Metrics: Object.keys(byType).map((type) => ({ Namespace: 'AWS/Config', MetricName: 'ConfigurationItemsRecorded', Dimensions: [{ Name: 'ResourceType', Value: type }] })),
        });
      }
      if (call.operation === 'GetMetricData') {
        const start = Number(body.StartTime) * 1000;
        const end = Number(body.EndTime) * 1000;
        const queries = (body.MetricDataQueries ?? []) as Query[];
        if (queries.length > 500) return error(res, 400, 'InvalidParameterValue', 'at most 500 queries');
        // Every data point of every query, in query then time order; the token is the offset into that list.
        const all: { id: string; label: string; t: number; v: number }[] = [];
        for (const q of queries) {
          const stat = q.MetricStat;
          if (stat?.Metric?.Namespace !== 'AWS/Config' || stat.Metric.MetricName !== 'ConfigurationItemsRecorded' || stat.Stat !== 'Sum' || stat.Period !== 86_400) {
            return error(res, 400, 'InvalidParameterValue', `query ${q.Id}: this fake serves daily Sums of AWS/Config ConfigurationItemsRecorded`);
          }
          const type = stat.Metric.Dimensions?.find((d) => d.Name === 'ResourceType')?.Value ?? '';
          for (const [day, v] of Object.entries(byType[type] ?? {}).sort()) {
            const t = Date.parse(`${day}T00:00:00Z`);
            if (t >= start && t < end) all.push({ id: q.Id, label: q.Label ?? type, t, v });
          }
        }
        const offset = typeof body.NextToken === 'string' ? Number(Buffer.from(body.NextToken, 'base64').toString('utf8')) : 0;
        const page = all.slice(offset, offset + pageSize);
        const results = queries.map((q) => {
          const points = page.filter((p) => p.id === q.Id);
          return { Id: q.Id, Label: q.Label, Timestamps: points.map((p) => p.t / 1000), Values: points.map((p) => p.v), StatusCode: 'Complete' };
        });
        const more = offset + pageSize < all.length;
        return reply(res, 200, { MetricDataResults: results, Messages: [], ...(more ? { NextToken: Buffer.from(String(offset + pageSize)).toString('base64') } : {}) });
      }
      return error(res, 400, 'UnknownOperationException', `this fake serves ListMetrics and GetMetricData, not ${call.operation}`);
    })().catch(() => {
      if (!res.headersSent) error(res, 500, 'InternalFailure', 'fake server failure');
    });
  });
  const url = await listenLocal(server);
  return { url, calls, close: () => closeServer(server) };
}
