// A fake AWS Config endpoint for end-to-end tests through the real AWS SDK: the JSON 1.1 protocol (POST /,
// X-Amz-Target StarlingDoveService.<Action>) for the calls `discover` and `estimate --rules current` make:
// DescribeConfigurationRecorders, DescribeConfigurationRecorderStatus, ListConfigurationRecorders,
// DescribeConfigRules (paged `rulesPerPage` at a time, as Config pages at 25) and GetDiscoveredResourceCounts
// (paged by the request's limit). It serves one SYNTHETIC set-up per region and never echoes credentials.
import { createServer, type ServerResponse } from 'node:http';
import { closeServer, listenLocal, readBody, replyError, replyJson } from './aws-json.js';

const reply = (res: ServerResponse, status: number, body: unknown) => replyJson(res, status, body, 'application/x-amz-json-1.1');
const error = (res: ServerResponse, status: number, type: string, message: string) => replyError(res, status, type, message, 'application/x-amz-json-1.1', 'message');


export interface FakeConfigSetup {
  recorders: Record<string, unknown>[];
  statuses: Record<string, unknown>[];
  /** ListConfigurationRecorders summaries (service-linked recorders and the customer-managed one). */
  summaries: Record<string, unknown>[];
  rules: Record<string, unknown>[];
  resourceCounts: { resourceType: string; count: number }[];
}

export interface ConfigCall {
  action: string;
  region: string;
  body: Record<string, unknown>;
}

export interface FakeConfig {
  url: string;
  calls: ConfigCall[];
  close(): Promise<void>;
}

/** Items from `token` (an offset written by this fake) on, `size` at a time. */
function paged<T>(items: readonly T[], token: unknown, size: number): { items: T[]; next?: string } | undefined {
  let offset = 0;
  if (typeof token === 'string' && token !== '') {
    const match = /^offset-(\d+)$/.exec(token);
    if (match === null) return undefined;
    offset = Number(match[1]);
  }
  const next = offset + size < items.length ? `offset-${offset + size}` : undefined;
  return { items: items.slice(offset, offset + size), ...(next ? { next } : {}) };
}

export async function startConfigServer(setups: Record<string, FakeConfigSetup>, rulesPerPage = 1): Promise<FakeConfig> {
  const calls: ConfigCall[] = [];
  const server = createServer((req, res) => {
    void (async () => {
      const text = await readBody(req);
      const target = String(req.headers['x-amz-target'] ?? '');
      const scope = /Credential=[^/]+\/\d{8}\/([a-z0-9-]+)\/config\/aws4_request/.exec(req.headers.authorization ?? '');
      if (scope === null) return error(res, 400, 'MissingAuthenticationTokenException', 'Request is missing Authentication Token');
      const region = scope[1]!;
      const body = JSON.parse(text || '{}') as Record<string, unknown>;
      const [prefix, action = ''] = target.split('.');
      calls.push({ action, region, body });
      if (prefix !== 'StarlingDoveService') return error(res, 400, 'UnknownOperationException', `this fake does not serve ${target}`);
      const setup = setups[region] ?? { recorders: [], statuses: [], summaries: [], rules: [], resourceCounts: [] };
      switch (action) {
        case 'DescribeConfigurationRecorders':
          return reply(res, 200, { ConfigurationRecorders: setup.recorders });
        case 'DescribeConfigurationRecorderStatus':
          if (setup.recorders.length === 0) return error(res, 400, 'NoSuchConfigurationRecorderException', 'Cannot find configuration recorder.');
          return reply(res, 200, { ConfigurationRecordersStatus: setup.statuses });
        case 'ListConfigurationRecorders':
          return reply(res, 200, { ConfigurationRecorderSummaries: setup.summaries });
        case 'DescribeConfigRules': {
          const page = paged(setup.rules, body.NextToken, rulesPerPage);
          if (page === undefined) return error(res, 400, 'InvalidNextTokenException', 'The specified next token is not valid.');
          return reply(res, 200, { ConfigRules: page.items, ...(page.next ? { NextToken: page.next } : {}) });
        }
        case 'GetDiscoveredResourceCounts': {
          const limit = typeof body.limit === 'number' && body.limit > 0 ? Math.min(body.limit, 100) : 100;
          const page = paged(setup.resourceCounts, body.nextToken, limit);
          if (page === undefined) return error(res, 400, 'InvalidNextTokenException', 'The specified next token is not valid.');
          const total = setup.resourceCounts.reduce((n, c) => n + c.count, 0);
          return reply(res, 200, { totalDiscoveredResources: total, resourceCounts: page.items, ...(page.next ? { nextToken: page.next } : {}) });
        }
        default:
          return error(res, 400, 'UnknownOperationException', `this fake does not serve ${action}`);
      }
    })().catch(() => {
      if (!res.headersSent) error(res, 500, 'InternalFailure', 'fake server failure');
    });
  });
  const url = await listenLocal(server);
  return { url, calls, close: () => closeServer(server) };
}
