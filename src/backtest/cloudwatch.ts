/**
 * CIs AWS recorded, from CloudWatch: the AWS/Config ConfigurationItemsRecorded metric by ResourceType, daily
 * sums over the window, per region (GetMetricData; ListMetrics finds the types with recent data, and the
 * catalog's container types are always asked for). Metrics are the account's own: the credentials' account.
 */
import { CloudWatchClient, GetMetricDataCommand, ListMetricsCommand, type MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import { DAY_MS } from '../core/event-time.js';
import type { Window } from '../core/window.js';
import { suppressSdkNodeVersionWarning } from '../sources/lookup/client.js';
import { awsFailure } from './aws-errors.js';
import type { ObservedPoint } from './observed-cis.js';

export const CONFIG_NAMESPACE = 'AWS/Config';
export const CIS_RECORDED = 'ConfigurationItemsRecorded';
/** GetMetricData takes at most 500 queries a call. */
const QUERIES_PER_CALL = 500;
/** CloudWatch bills GetMetricData per metric requested (https://aws.amazon.com/cloudwatch/pricing/). */
export const USD_PER_1000_METRICS = 0.01;

export type CloudWatchClientFactory = (region: string) => Pick<CloudWatchClient, 'send'>;

export function createCloudWatchClientFactory(profile?: string): CloudWatchClientFactory {
  suppressSdkNodeVersionWarning();
  return (region) => new CloudWatchClient({ region, ...(profile !== undefined ? { profile } : {}), retryMode: 'adaptive', maxAttempts: 6 });
}

const PERMISSION = 'cloudwatch:GetMetricData and cloudwatch:ListMetrics (the CloudWatchReadOnlyAccess policy has them)';

/** Resource types with a ConfigurationItemsRecorded metric in the region (data in the last two weeks). */
async function listResourceTypes(client: Pick<CloudWatchClient, 'send'>): Promise<string[]> {
  const types = new Set<string>();
  let token: string | undefined;
  do {
    const page = await client.send(new ListMetricsCommand({ Namespace: CONFIG_NAMESPACE, MetricName: CIS_RECORDED, ...(token ? { NextToken: token } : {}) }));
    for (const metric of page.Metrics ?? []) {
      const type = metric.Dimensions?.find((d) => d.Name === 'ResourceType')?.Value;
      if (type) types.add(type);
    }
    token = page.NextToken;
  } while (token);
  return [...types];
}

export interface CloudWatchFetch {
  points: ObservedPoint[];
  metricsRequested: number;
  calls: number;
}

/** Daily sums of ConfigurationItemsRecorded per resource type in each region, over the window's whole UTC days. */
export async function fetchConfigurationItemsRecorded(
  regions: readonly string[],
  window: Window,
  alwaysTypes: readonly string[],
  clients: CloudWatchClientFactory,
  profile?: string,
): Promise<CloudWatchFetch> {
  const points: ObservedPoint[] = [];
  let metricsRequested = 0;
  let calls = 0;
  const start = new Date(Math.floor(window.fromMs / DAY_MS) * DAY_MS);
  const end = new Date(Math.ceil(window.toMs / DAY_MS) * DAY_MS);
  for (const region of regions) {
    const client = clients(region);
    let types: string[];
    try {
      types = [...new Set([...alwaysTypes, ...(await listResourceTypes(client))])].sort();
      calls += 1;
    } catch (error) {
      throw awsFailure(error, `CloudWatch ListMetrics in ${region}`, PERMISSION, profile);
    }
    for (let i = 0; i < types.length; i += QUERIES_PER_CALL) {
      const batch = types.slice(i, i + QUERIES_PER_CALL);
      const queries: MetricDataQuery[] = batch.map((type, j) => ({
        Id: `m${j}`,
        Label: type,
        MetricStat: {
          Metric: { Namespace: CONFIG_NAMESPACE, MetricName: CIS_RECORDED, Dimensions: [{ Name: 'ResourceType', Value: type }] },
          Period: 86_400,
          Stat: 'Sum',
        },
        ReturnData: true,
      }));
      metricsRequested += queries.length;
      let token: string | undefined;
      do {
        let page;
        try {
          page = await client.send(
            new GetMetricDataCommand({ MetricDataQueries: queries, StartTime: start, EndTime: end, ScanBy: 'TimestampAscending', ...(token ? { NextToken: token } : {}) }),
          );
        } catch (error) {
          throw awsFailure(error, `CloudWatch GetMetricData in ${region}`, PERMISSION, profile);
        }
        calls += 1;
        for (const result of page.MetricDataResults ?? []) {
          const index = Number((result.Id ?? '').slice(1));
          const type = batch[index];
          if (type === undefined) continue;
          (result.Timestamps ?? []).forEach((t, k) => points.push({ resourceType: type, timeMs: t.getTime(), value: result.Values?.[k] ?? 0 }));
        }
        token = page.NextToken;
      } while (token);
    }
  }
  return { points, metricsRequested, calls };
}
