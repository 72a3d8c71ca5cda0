// A fake Cost Explorer endpoint for end-to-end tests through the real AWS SDK: AWS JSON 1.1 (POST /,
// X-Amz-Target AWSInsightsIndexService.GetCostAndUsage, application/x-amz-json-1.1) for GetCostAndUsage only.
// It serves the daily usage it is given, grouped by USAGE_TYPE, honours a SERVICE filter (alone or inside And),
// pages `daysPerPage` days at a time, and records every call (each one is a billed request at AWS).
import { createServer, type ServerResponse } from 'node:http';
import { closeServer, listenLocal, readBody, replyError, replyJson } from './aws-json.js';

const reply = (res: ServerResponse, status: number, body: unknown) => replyJson(res, status, body, 'application/x-amz-json-1.1');
const error = (res: ServerResponse, status: number, type: string, message: string) => replyError(res, status, type, message, 'application/x-amz-json-1.1', 'Message');


export const COST_EXPLORER_TARGET = 'AWSInsightsIndexService.GetCostAndUsage';

export interface CostExplorerCall {
  region: string;
  body: Record<string, unknown>;
}

export interface FakeUsage {
  /** YYYY-MM-DD */
  day: string;
  usageType: string;
  quantity: number;
  costUSD: number;
  service?: string;
}

export interface FakeCostExplorerOptions {
  usage: readonly FakeUsage[];
  daysPerPage?: number;
  /** Days answered with Estimated: true. */
  estimatedDays?: readonly string[];
  fail?: (call: CostExplorerCall) => { status: number; type: string; message: string } | undefined;
}

export interface FakeCostExplorer {
  url: string;
  calls: CostExplorerCall[];
  close(): Promise<void>;
}

type Expression = { And?: Expression[]; Dimensions?: { Key: string; Values: string[] } };

/** The SERVICE values a filter asks for, when it names any. */
function servicesOf(filter: Expression | undefined): string[] | undefined {
  if (!filter) return undefined;
  if (filter.Dimensions?.Key === 'SERVICE') return filter.Dimensions.Values;
  for (const part of filter.And ?? []) {
    const found = servicesOf(part);
    if (found) return found;
  }
  return undefined;
}

const nextDay = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

export async function startCostExplorerServer(options: FakeCostExplorerOptions): Promise<FakeCostExplorer> {
  const calls: CostExplorerCall[] = [];
  const daysPerPage = options.daysPerPage ?? 7;
  const server = createServer((req, res) => {
    void (async () => {
      const text = await readBody(req);
      if (req.method !== 'POST' || req.headers['x-amz-target'] !== COST_EXPLORER_TARGET) return error(res, 400, 'UnknownOperationException', `this fake serves only ${COST_EXPLORER_TARGET}`);
      const scope = /Credential=[^/]+\/\d{8}\/([a-z0-9-]+)\/ce\/aws4_request/.exec(req.headers.authorization ?? '');
      if (scope === null) return error(res, 400, 'MissingAuthenticationTokenException', 'Request is missing Authentication Token');
      const body = JSON.parse(text) as Record<string, unknown>;
      const call: CostExplorerCall = { region: scope[1]!, body };
      calls.push(call);
      const injected = options.fail?.(call);
      if (injected) return error(res, injected.status, injected.type, injected.message);
      const period = body.TimePeriod as { Start: string; End: string };
      if (body.Granularity !== 'DAILY') return error(res, 400, 'ValidationException', 'this fake answers DAILY only');
      const groupBy = body.GroupBy as { Type: string; Key: string }[] | undefined;
      if (groupBy?.[0]?.Key !== 'USAGE_TYPE') return error(res, 400, 'ValidationException', 'this fake groups by USAGE_TYPE only');
      const services = servicesOf(body.Filter as Expression | undefined);
      const days: string[] = [];
      for (let d = period.Start; d < period.End; d = nextDay(d)) days.push(d);
      const offset = typeof body.NextPageToken === 'string' ? Number(body.NextPageToken) : 0;
      const pageDays = days.slice(offset, offset + daysPerPage);
      const results = pageDays.map((day) => {
        const rows = options.usage.filter((u) => u.day === day && (services === undefined || services.includes(u.service ?? 'AWS Config')));
        const byType = new Map<string, { q: number; c: number }>();
        for (const r of rows) {
          const e = byType.get(r.usageType) ?? { q: 0, c: 0 };
          e.q += r.quantity;
          e.c += r.costUSD;
          byType.set(r.usageType, e);
        }
        return {
          TimePeriod: { Start: day, End: nextDay(day) },
          Total: {},
          Groups: [...byType].map(([usageType, e]) => ({
            Keys: [usageType],
            Metrics: { UsageQuantity: { Amount: String(e.q), Unit: 'N/A' }, UnblendedCost: { Amount: String(e.c), Unit: 'USD' } },
          })),
          Estimated: options.estimatedDays?.includes(day) ?? false,
        };
      });
      const more = offset + daysPerPage < days.length;
      reply(res, 200, { GroupDefinitions: [{ Type: 'DIMENSION', Key: 'USAGE_TYPE' }], ResultsByTime: results, DimensionValueAttributes: [], ...(more ? { NextPageToken: String(offset + daysPerPage) } : {}) });
    })().catch(() => {
      if (!res.headersSent) error(res, 500, 'InternalFailure', 'fake server failure');
    });
  });
  const url = await listenLocal(server);
  return { url, calls, close: () => closeServer(server) };
}
