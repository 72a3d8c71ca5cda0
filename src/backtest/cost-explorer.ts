/**
 * What was billed, from Cost Explorer: GetCostAndUsage for the AWS Config service, daily, grouped by usage type,
 * limited to the replay's regions and accounts. AWS bills every GetCostAndUsage request ($0.01 each,
 * https://aws.amazon.com/aws-cost-management/aws-cost-explorer/pricing/), so the caller says so first.
 */
import { CostExplorerClient, GetCostAndUsageCommand, type Expression } from '@aws-sdk/client-cost-explorer';
import { DAY_MS, utcDay } from '../core/event-time.js';
import type { Window } from '../core/window.js';
import { suppressSdkNodeVersionWarning } from '../sources/lookup/client.js';
import { awsFailure } from './aws-errors.js';
import type { BilledLine } from './billing.js';

export const USD_PER_REQUEST = 0.01;
export const PRICING_URL = 'https://aws.amazon.com/aws-cost-management/aws-cost-explorer/pricing/';
/** Cost Explorer's SERVICE dimension value for AWS Config. */
export const CONFIG_SERVICE = 'AWS Config';
/** Cost Explorer answers from us-east-1 (in the aws partition). */
const REGION = 'us-east-1';

export type CostExplorerClientFactory = () => Pick<CostExplorerClient, 'send'>;

export function createCostExplorerClientFactory(profile?: string): CostExplorerClientFactory {
  suppressSdkNodeVersionWarning();
  return () => new CostExplorerClient({ region: REGION, ...(profile !== undefined ? { profile } : {}), maxAttempts: 3 });
}

export interface CostExplorerFetch {
  lines: BilledLine[];
  requests: number;
  estimated: boolean;
}

/** The filter: AWS Config, in these regions and accounts. */
export function configFilter(regions: readonly string[], accounts: readonly string[]): Expression {
  const parts: Expression[] = [{ Dimensions: { Key: 'SERVICE', Values: [CONFIG_SERVICE] } }];
  if (regions.length > 0) parts.push({ Dimensions: { Key: 'REGION', Values: [...regions] } });
  if (accounts.length > 0) parts.push({ Dimensions: { Key: 'LINKED_ACCOUNT', Values: [...accounts] } });
  return parts.length === 1 ? parts[0]! : { And: parts };
}

export async function fetchBilledUsage(
  window: Window,
  regions: readonly string[],
  accounts: readonly string[],
  clients: CostExplorerClientFactory,
  profile?: string,
): Promise<CostExplorerFetch> {
  const client = clients();
  const start = utcDay(Math.floor(window.fromMs / DAY_MS) * DAY_MS);
  const end = utcDay(Math.ceil(window.toMs / DAY_MS) * DAY_MS);
  const lines: BilledLine[] = [];
  let requests = 0;
  let estimated = false;
  let token: string | undefined;
  do {
    let page;
    try {
      page = await client.send(
        new GetCostAndUsageCommand({
          TimePeriod: { Start: start, End: end },
          Granularity: 'DAILY',
          Metrics: ['UsageQuantity', 'UnblendedCost'],
          Filter: configFilter(regions, accounts),
          GroupBy: [{ Type: 'DIMENSION', Key: 'USAGE_TYPE' }],
          ...(token ? { NextPageToken: token } : {}),
        }),
      );
    } catch (error) {
      throw awsFailure(error, 'Cost Explorer GetCostAndUsage', 'ce:GetCostAndUsage (the AWSBillingReadOnlyAccess policy has it)', profile);
    }
    requests += 1;
    for (const result of page.ResultsByTime ?? []) {
      if (result.Estimated) estimated = true;
      const day = Date.parse(`${result.TimePeriod?.Start ?? ''}T00:00:00Z`);
      if (Number.isNaN(day)) continue;
      for (const group of result.Groups ?? []) {
        const usageType = group.Keys?.[0];
        if (usageType === undefined) continue;
        lines.push({
          usageType,
          timeMs: day,
          quantity: Number(group.Metrics?.UsageQuantity?.Amount ?? 0) || 0,
          costUSD: Number(group.Metrics?.UnblendedCost?.Amount ?? 0) || 0,
        });
      }
    }
    token = page.NextPageToken;
  } while (token);
  return { lines, requests, estimated };
}
