import {
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
  type AthenaClient,
} from '@aws-sdk/client-athena';
import { InputError, UsageError } from '../../errors.js';
import { call, DEFAULT_TIMEOUT_MS, oneLine, pollUntilDone, type PollOptions } from './poll.js';

export interface AthenaQueryOptions extends PollOptions {
  database: string;
  workgroup: string;
  /** s3://bucket/prefix/ for the results; without it, the workgroup's own output location. */
  outputLocation?: string | undefined;
  /** Rows per GetQueryResults page (Athena's maximum is 1,000). */
  maxResultsPerPage?: number | undefined;
}

/**
 * Runs one query on Athena: StartQueryExecution, GetQueryExecution until SUCCEEDED, then every GetQueryResults
 * page. The header row Athena puts first on the first page is dropped; each row becomes one object of column to
 * text (a NULL has no key). A failed or cancelled query stops the run with one line carrying Athena's reason.
 */
export async function runAthenaQuery(client: AthenaClient, sql: string, opts: AthenaQueryOptions): Promise<Record<string, string>[]> {
  const engine = 'Athena';
  if (opts.outputLocation !== undefined && !/^s3:\/\/[^/]+/.test(opts.outputLocation)) {
    throw new UsageError(`--output-location takes an S3 URI such as s3://bucket/prefix/, not '${opts.outputLocation}'`);
  }
  const started = await call(
    engine,
    'StartQueryExecution',
    () =>
      client.send(
        new StartQueryExecutionCommand({
          QueryString: sql,
          QueryExecutionContext: { Database: opts.database },
          WorkGroup: opts.workgroup,
          ...(opts.outputLocation ? { ResultConfiguration: { OutputLocation: opts.outputLocation } } : {}),
        }),
      ),
    opts.region,
  );
  const id = started.QueryExecutionId;
  if (!id) throw new InputError(`${engine} StartQueryExecution returned no QueryExecutionId`);
  await pollUntilDone(
    () => call(engine, 'GetQueryExecution', () => client.send(new GetQueryExecutionCommand({ QueryExecutionId: id })), opts.region),
    (execution) => {
      const status = execution.QueryExecution?.Status;
      const state = status?.State ?? 'QUEUED';
      if (state === 'FAILED' || state === 'CANCELLED') {
        const reason = status?.AthenaError?.ErrorMessage ?? status?.StateChangeReason ?? 'no reason given';
        throw new InputError(oneLine(`${engine} query ${id} in workgroup ${opts.workgroup} ${state.toLowerCase()}: ${reason}`));
      }
      return state === 'SUCCEEDED';
    },
    {
      cancel: () => client.send(new StopQueryExecutionCommand({ QueryExecutionId: id })),
      message: `${engine} query ${id} did not finish within ${Math.round((opts.timeoutMs ?? DEFAULT_TIMEOUT_MS) / 1000)} s; it was stopped`,
    },
    opts,
  );
  const rows: Record<string, string>[] = [];
  let columns: string[] | undefined;
  let nextToken: string | undefined;
  let first = true;
  do {
    const token = nextToken;
    const page = await call(
      engine,
      'GetQueryResults',
      () =>
        client.send(
          new GetQueryResultsCommand({ QueryExecutionId: id, ...(token ? { NextToken: token } : {}), ...(opts.maxResultsPerPage ? { MaxResults: opts.maxResultsPerPage } : {}) }),
        ),
      opts.region,
    );
    const resultSet = page.ResultSet;
    columns ??= resultSet?.ResultSetMetadata?.ColumnInfo?.map((c) => c.Name ?? '');
    if (!columns) throw new InputError(`${engine} query ${id} returned results without column names`);
    let pageRows = resultSet?.Rows ?? [];
    if (first && pageRows.length > 0 && pageRows[0]!.Data?.every((d, i) => d.VarCharValue === columns![i])) pageRows = pageRows.slice(1);
    first = false;
    for (const row of pageRows) {
      const out: Record<string, string> = {};
      (row.Data ?? []).forEach((datum, i) => {
        if (datum.VarCharValue !== undefined) out[columns![i] ?? `_col${i}`] = datum.VarCharValue;
      });
      rows.push(out);
    }
    nextToken = page.NextToken;
  } while (nextToken);
  return rows;
}
