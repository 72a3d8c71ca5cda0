import { CancelQueryCommand, DescribeQueryCommand, GetQueryResultsCommand, StartQueryCommand, type CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { InputError, UsageError } from '../../errors.js';
import { call, DEFAULT_TIMEOUT_MS, oneLine, pollUntilDone, type PollOptions } from './poll.js';

export interface LakeQueryOptions extends PollOptions {
  /** Results per GetQueryResults page (the service's maximum is 1,000). */
  maxResultsPerPage?: number | undefined;
  /** Also deliver the results to this S3 URI (StartQuery DeliveryS3Uri). */
  deliveryS3Uri?: string | undefined;
}

const EVENT_DATA_STORE_ARN = /^arn:aws[a-z-]*:cloudtrail:[a-z0-9-]+:\d{12}:eventdatastore\/([A-Za-z0-9-]+)$/;
const EVENT_DATA_STORE_ID = /^[A-Za-z0-9-]+$/;

/** The name a Lake query gives its event data store after FROM: the ID part of the ARN (or the ID as given). */
export function lakeTableName(eventDataStore: string): string {
  const arn = EVENT_DATA_STORE_ARN.exec(eventDataStore);
  if (arn) return arn[1]!;
  if (EVENT_DATA_STORE_ID.test(eventDataStore)) return eventDataStore;
  throw new UsageError(`--event-data-store takes an event data store ARN (arn:aws:cloudtrail:REGION:ACCOUNT:eventdatastore/ID) or its ID, not '${eventDataStore}'`);
}

const FAILED_STATES = new Set(['FAILED', 'CANCELLED', 'TIMED_OUT']);

/**
 * Runs one query on CloudTrail Lake: StartQuery, DescribeQuery until FINISHED, then every GetQueryResults page.
 * Each result row (a list of single-key maps) becomes one object of column to text. A query that fails, is
 * cancelled or times out stops the run with one line carrying the service's message.
 */
export async function runLakeQuery(client: CloudTrailClient, eventDataStore: string, sql: string, opts: LakeQueryOptions = {}): Promise<Record<string, string>[]> {
  const engine = 'CloudTrail Lake';
  const started = await call(
    engine,
    'StartQuery',
    () => client.send(new StartQueryCommand({ QueryStatement: sql, ...(opts.deliveryS3Uri ? { DeliveryS3Uri: opts.deliveryS3Uri } : {}) })),
    opts.region,
  );
  const queryId = started.QueryId;
  if (!queryId) throw new InputError(`${engine} StartQuery on ${eventDataStore} returned no QueryId`);
  await pollUntilDone(
    () => call(engine, 'DescribeQuery', () => client.send(new DescribeQueryCommand({ QueryId: queryId })), opts.region),
    (state) => {
      const status = state.QueryStatus ?? 'QUEUED';
      if (FAILED_STATES.has(status)) {
        throw new InputError(oneLine(`${engine} query ${queryId} on ${eventDataStore} ${status.toLowerCase().replace('_', ' ')}: ${state.ErrorMessage ?? 'no reason given'}`));
      }
      return status === 'FINISHED';
    },
    {
      cancel: () => client.send(new CancelQueryCommand({ QueryId: queryId })),
      message: `${engine} query ${queryId} on ${eventDataStore} did not finish within ${Math.round((opts.timeoutMs ?? DEFAULT_TIMEOUT_MS) / 1000)} s; it was cancelled`,
    },
    opts,
  );
  const rows: Record<string, string>[] = [];
  let nextToken: string | undefined;
  do {
    const token = nextToken;
    const page = await call(
      engine,
      'GetQueryResults',
      () =>
        client.send(
          new GetQueryResultsCommand({
            QueryId: queryId,
            ...(token ? { NextToken: token } : {}),
            ...(opts.maxResultsPerPage ? { MaxQueryResults: opts.maxResultsPerPage } : {}),
          }),
        ),
      opts.region,
    );
    if (page.QueryStatus && FAILED_STATES.has(page.QueryStatus)) {
      throw new InputError(oneLine(`${engine} query ${queryId} on ${eventDataStore} ${page.QueryStatus.toLowerCase()}: ${page.ErrorMessage ?? 'no reason given'}`));
    }
    for (const row of page.QueryResultRows ?? []) rows.push(Object.assign({}, ...row) as Record<string, string>);
    nextToken = page.NextToken;
  } while (nextToken);
  return rows;
}
