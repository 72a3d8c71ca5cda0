// The Lake and Athena runners against mocked SDK clients: query states, paging, failures as one clear line.
import { readFileSync } from 'node:fs';
import {
  AthenaClient,
  AthenaServiceException,
  GetQueryExecutionCommand,
  GetQueryResultsCommand as AthenaGetQueryResultsCommand,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
} from '@aws-sdk/client-athena';
import {
  CancelQueryCommand,
  CloudTrailClient,
  CloudTrailServiceException,
  DescribeQueryCommand,
  GetQueryResultsCommand,
  StartQueryCommand,
} from '@aws-sdk/client-cloudtrail';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { CliError, ExitCode, InputError, UsageError } from '../src/errors.js';
import { runAthenaQuery } from '../src/sources/sql/athena.js';
import { runLakeQuery } from '../src/sources/sql/lake.js';
import { parseQueryResult } from '../src/sources/sql/results.js';
import { DATASETS } from './helpers/run.js';

const EDS = 'arn:aws:cloudtrail:us-east-1:123456789012:eventdatastore/EXAMPLE-f852-4e8f-8bd1-bcf6cEXAMPLE';
const QUERY_ID = '0123abcd-0123-4567-89ab-0123456789ab';
const noWait = { sleep: async () => undefined, pollIntervalMs: 1 };

async function failure(run: () => Promise<unknown>): Promise<CliError> {
  try {
    await run();
  } catch (error) {
    expect(error).toBeInstanceOf(CliError);
    const e = error as CliError;
    expect(e.exitCode).toBe(ExitCode.usage);
    expect(e.message).not.toContain('\n');
    return e;
  }
  throw new Error('expected a failure');
}

const lakeRow = (row: Record<string, string>) => Object.entries(row).map(([k, v]) => ({ [k]: v }));

describe('runLakeQuery', () => {
  it('starts the query, waits through QUEUED and RUNNING, then reads every page', async () => {
    const client = new CloudTrailClient({ region: 'us-east-1' });
    const mock = mockClient(client);
    mock.on(StartQueryCommand).resolves({ QueryId: QUERY_ID });
    mock
      .on(DescribeQueryCommand)
      .resolvesOnce({ QueryId: QUERY_ID, QueryStatus: 'QUEUED' })
      .resolvesOnce({ QueryId: QUERY_ID, QueryStatus: 'RUNNING' })
      .resolves({ QueryId: QUERY_ID, QueryStatus: 'FINISHED' });
    mock
      .on(GetQueryResultsCommand)
      .resolvesOnce({ QueryStatus: 'FINISHED', QueryResultRows: [lakeRow({ kind: 'ci', day_index: '0', account: '111122223333', region: 'us-east-1', item: '2', n: '3' })], NextToken: 'page-2' })
      .resolvesOnce({ QueryStatus: 'FINISHED', QueryResultRows: [lakeRow({ kind: 'events', item: 'counted', n: '7' }), lakeRow({ kind: 'ci', day_index: '1', account: '111122223333', region: 'us-east-1', item: '2', n: '1' })] });
    const rows = await runLakeQuery(client, EDS, 'SELECT 1', noWait);
    expect(rows).toEqual([
      { kind: 'ci', day_index: '0', account: '111122223333', region: 'us-east-1', item: '2', n: '3' },
      { kind: 'events', item: 'counted', n: '7' },
      { kind: 'ci', day_index: '1', account: '111122223333', region: 'us-east-1', item: '2', n: '1' },
    ]);
    expect(mock.commandCalls(StartQueryCommand)[0]!.args[0].input).toEqual({ QueryStatement: 'SELECT 1' });
    expect(mock.commandCalls(DescribeQueryCommand)).toHaveLength(3);
    const pages = mock.commandCalls(GetQueryResultsCommand).map((c) => c.args[0].input);
    expect(pages).toEqual([{ QueryId: QUERY_ID }, { QueryId: QUERY_ID, NextToken: 'page-2' }]);
    // Rows as Lake returns them parse into the model's figures (types by number in Lake's query).
    const parsed = parseQueryResult(rows, { fromMs: Date.parse('2026-10-03T00:00:00Z') }, ['AWS::ECS::Cluster', 'AWS::ECS::Service']);
    expect(parsed.aggregates.map((a) => [a.day, a.resourceType, a.configurationItems])).toEqual([
      ['2026-10-03', 'AWS::ECS::Service', 3],
      ['2026-10-04', 'AWS::ECS::Service', 1],
    ]);
    expect(parsed.events.counted).toBe(7);
  });

  it('reads the documentation example of GetQueryResults (rows of single-key maps)', async () => {
    const example = JSON.parse(readFileSync(`${DATASETS}aws-docs-examples/lake_GetQueryResults_example2.json`, 'utf8'));
    const client = new CloudTrailClient({ region: 'us-east-1' });
    const mock = mockClient(client);
    mock.on(StartQueryCommand).resolves({ QueryId: QUERY_ID });
    mock.on(DescribeQueryCommand).resolves({ QueryStatus: 'FINISHED' });
    mock.on(GetQueryResultsCommand).resolves(example);
    const rows = await runLakeQuery(client, EDS, 'SELECT eventID, eventName, eventSource, eventTime FROM x', noWait);
    expect(rows[0]).toEqual({ eventID: 'EXAMPLE-c3b6-43e4-aa35-b2490EXAMPLE', eventName: 'DescribeQuery', eventSource: 'cloudtrail.amazonaws.com', eventTime: '2023-01-22 16:53:53.000' });
    expect(rows).toHaveLength(2);
  });

  for (const [status, words] of [['FAILED', 'failed'], ['CANCELLED', 'cancelled'], ['TIMED_OUT', 'timed out']] as const) {
    it(`a query that ends ${status} stops the run with one line carrying the reason`, async () => {
      const client = new CloudTrailClient({ region: 'us-east-1' });
      const mock = mockClient(client);
      mock.on(StartQueryCommand).resolves({ QueryId: QUERY_ID });
      mock.on(DescribeQueryCommand).resolves({ QueryStatus: status, ErrorMessage: 'Query failed:\n  line 1:8: Column \'x\' cannot be resolved' });
      const e = await failure(() => runLakeQuery(client, EDS, 'SELECT x', noWait));
      expect(e).toBeInstanceOf(InputError);
      expect(e.message).toBe(`CloudTrail Lake query ${QUERY_ID} on ${EDS} ${words}: Query failed: line 1:8: Column 'x' cannot be resolved`);
      expect(mock.commandCalls(GetQueryResultsCommand)).toHaveLength(0);
    });
  }

  it('a statement Lake refuses, or credentials it lacks, is one line naming the call', async () => {
    const client = new CloudTrailClient({ region: 'us-east-1' });
    const mock = mockClient(client);
    mock.on(StartQueryCommand).rejects(
      new CloudTrailServiceException({ name: 'InvalidQueryStatementException', $fault: 'client', message: 'Query statement is too long.', $metadata: { httpStatusCode: 400 } }),
    );
    const e = await failure(() => runLakeQuery(client, EDS, 'SELECT 1', noWait));
    expect(e.message).toBe('CloudTrail Lake StartQuery failed: InvalidQueryStatementException: Query statement is too long.');
  });

  it('gives up past the deadline and cancels the query', async () => {
    const client = new CloudTrailClient({ region: 'us-east-1' });
    const mock = mockClient(client);
    mock.on(StartQueryCommand).resolves({ QueryId: QUERY_ID });
    mock.on(DescribeQueryCommand).resolves({ QueryStatus: 'RUNNING' });
    mock.on(CancelQueryCommand).resolves({ QueryId: QUERY_ID, QueryStatus: 'CANCELLED' });
    let clock = 0;
    const e = await failure(() => runLakeQuery(client, EDS, 'SELECT 1', { sleep: async (ms) => void (clock += ms), now: () => clock, pollIntervalMs: 1000, timeoutMs: 5000 }));
    expect(e.message).toMatch(/did not finish within 5 s; it was cancelled/);
    expect(mock.commandCalls(CancelQueryCommand)).toHaveLength(1);
    expect(mock.commandCalls(DescribeQueryCommand).length).toBe(6);
  });
});

describe('runAthenaQuery', () => {
  const column = (name: string) => ({ Name: name, Type: 'varchar' });
  const datum = (...values: (string | undefined)[]) => ({ Data: values.map((v) => (v === undefined ? {} : { VarCharValue: v })) });

  it('starts in the workgroup and database, waits for SUCCEEDED, drops the header row, pages, keeps NULLs out', async () => {
    const client = new AthenaClient({ region: 'us-east-1' });
    const mock = mockClient(client);
    mock.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'qe-1' });
    mock
      .on(GetQueryExecutionCommand)
      .resolvesOnce({ QueryExecution: { Status: { State: 'QUEUED' } } })
      .resolvesOnce({ QueryExecution: { Status: { State: 'RUNNING' } } })
      .resolves({ QueryExecution: { Status: { State: 'SUCCEEDED' } } });
    const metadata = { ColumnInfo: ['kind', 'day_index', 'account', 'region', 'item', 'n'].map(column) };
    mock
      .on(AthenaGetQueryResultsCommand)
      .resolvesOnce({
        ResultSet: { ResultSetMetadata: metadata, Rows: [datum('kind', 'day_index', 'account', 'region', 'item', 'n'), datum('ci', '0', '111122223333', 'us-east-1', 'AWS::ECS::Service', '4')] },
        NextToken: 't2',
      })
      .resolvesOnce({ ResultSet: { ResultSetMetadata: metadata, Rows: [datum('events', undefined, undefined, undefined, 'duplicates', '2')] } });
    const rows = await runAthenaQuery(client, 'SELECT 1', { database: 'cloudtrail', workgroup: 'primary', outputLocation: 's3://results-bucket/config-cost/', ...noWait });
    expect(rows).toEqual([
      { kind: 'ci', day_index: '0', account: '111122223333', region: 'us-east-1', item: 'AWS::ECS::Service', n: '4' },
      { kind: 'events', item: 'duplicates', n: '2' },
    ]);
    expect(mock.commandCalls(StartQueryExecutionCommand)[0]!.args[0].input).toEqual({
      QueryString: 'SELECT 1',
      QueryExecutionContext: { Database: 'cloudtrail' },
      WorkGroup: 'primary',
      ResultConfiguration: { OutputLocation: 's3://results-bucket/config-cost/' },
    });
    expect(mock.commandCalls(AthenaGetQueryResultsCommand).map((c) => c.args[0].input.NextToken)).toEqual([undefined, 't2']);
    const parsed = parseQueryResult(rows, { fromMs: Date.parse('2026-10-03T00:00:00Z') });
    expect(parsed.events.duplicates).toBe(2);
    expect(parsed.aggregates[0]!.resourceType).toBe('AWS::ECS::Service');
  });

  it('without --output-location, the workgroup says where results go', async () => {
    const client = new AthenaClient({ region: 'us-east-1' });
    const mock = mockClient(client);
    mock.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'qe-2' });
    mock.on(GetQueryExecutionCommand).resolves({ QueryExecution: { Status: { State: 'SUCCEEDED' } } });
    mock.on(AthenaGetQueryResultsCommand).resolves({ ResultSet: { ResultSetMetadata: { ColumnInfo: [column('n')] }, Rows: [datum('n')] } });
    expect(await runAthenaQuery(client, 'SELECT 1 n', { database: 'd', workgroup: 'w', ...noWait })).toEqual([]);
    expect(mock.commandCalls(StartQueryExecutionCommand)[0]!.args[0].input.ResultConfiguration).toBeUndefined();
    await expect(runAthenaQuery(client, 'SELECT 1', { database: 'd', workgroup: 'w', outputLocation: 'results/', ...noWait })).rejects.toThrow(UsageError);
  });

  it('a FAILED query is one line with Athena\'s reason', async () => {
    const client = new AthenaClient({ region: 'us-east-1' });
    const mock = mockClient(client);
    mock.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'qe-3' });
    mock.on(GetQueryExecutionCommand).resolves({
      QueryExecution: {
        Status: { State: 'FAILED', StateChangeReason: 'TABLE_NOT_FOUND: line 1:15: Table awsdatacatalog.cloudtrail.logs does not exist', AthenaError: { ErrorCategory: 2, ErrorMessage: 'TABLE_NOT_FOUND: line 1:15: Table awsdatacatalog.cloudtrail.logs does not exist' } },
      },
    });
    const e = await failure(() => runAthenaQuery(client, 'SELECT 1 FROM logs', { database: 'cloudtrail', workgroup: 'primary', ...noWait }));
    expect(e.message).toBe('Athena query qe-3 in workgroup primary failed: TABLE_NOT_FOUND: line 1:15: Table awsdatacatalog.cloudtrail.logs does not exist');
  });

  it('a refused start (no such workgroup) is one line naming the call; a timeout stops the query', async () => {
    const client = new AthenaClient({ region: 'us-east-1' });
    const mock = mockClient(client);
    mock.on(StartQueryExecutionCommand).rejectsOnce(
      new AthenaServiceException({ name: 'InvalidRequestException', $fault: 'client', message: 'WorkGroup nope is not found.', $metadata: { httpStatusCode: 400 } }),
    );
    const e = await failure(() => runAthenaQuery(client, 'SELECT 1', { database: 'd', workgroup: 'nope', ...noWait }));
    expect(e.message).toBe('Athena StartQueryExecution failed: InvalidRequestException: WorkGroup nope is not found.');

    mock.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'qe-4' });
    mock.on(GetQueryExecutionCommand).resolves({ QueryExecution: { Status: { State: 'RUNNING' } } });
    mock.on(StopQueryExecutionCommand).resolves({});
    let clock = 0;
    const t = await failure(() => runAthenaQuery(client, 'SELECT 1', { database: 'd', workgroup: 'w', sleep: async (ms) => void (clock += ms), now: () => clock, pollIntervalMs: 500, timeoutMs: 1000 }));
    expect(t.message).toMatch(/^Athena query qe-4 did not finish within 1 s; it was stopped$/);
    expect(mock.commandCalls(StopQueryExecutionCommand)).toHaveLength(1);
  });
});

describe('estimateWithSql: compile, run, read back', () => {
  it('on Lake: the statements Lake needs, scan bounds with 30 days of history, rows read into recorded items', async () => {
    const { estimateWithSql } = await import('../src/sources/sql/index.js');
    const { Assumptions } = await import('../src/core/assumptions.js');
    const { loadAssumptionDefinitions, loadEventCatalog } = await import('../src/data/load.js');
    const client = new CloudTrailClient({ region: 'us-east-1' });
    const mock = mockClient(client);
    mock.on(StartQueryCommand).resolves({ QueryId: QUERY_ID });
    mock.on(DescribeQueryCommand).resolves({ QueryStatus: 'FINISHED' });
    mock.on(GetQueryResultsCommand).resolves({
      QueryResultRows: [
        lakeRow({ kind: 'ci', day_index: '1.0', account: '111122223333', region: 'us-east-1', item: '3', n: '2' }),
        lakeRow({ kind: 'events', item: 'counted', n: '2' }),
        lakeRow({ kind: 'inventory', account: '111122223333', region: 'us-east-1', item: '2', n: '1' }),
        lakeRow({ kind: 'scope', account: '111122223333', region: 'us-east-1' }),
      ],
    });
    const seen: string[] = [];
    const window = { fromMs: Date.parse('2026-10-03T00:00:00Z'), toMs: Date.parse('2026-10-06T00:00:00Z'), days: 3 };
    const result = await estimateWithSql(
      { engine: 'lake', client, eventDataStore: EDS, options: noWait },
      { catalog: loadEventCatalog(new Assumptions(loadAssumptionDefinitions())).data, assumptions: new Assumptions(loadAssumptionDefinitions()), window, recording: { mode: 'daily' }, onQuery: (sql) => seen.push(sql) },
    );
    expect(seen).toEqual(result.queries);
    expect(mock.commandCalls(StartQueryCommand).map((c) => c.args[0].input.QueryStatement)).toEqual(seen);
    for (const sql of seen) {
      expect(sql.length).toBeLessThanOrEqual(10_000);
      expect(sql).toContain("FROM EXAMPLE-f852-4e8f-8bd1-bcf6cEXAMPLE WHERE eventtime>=timestamp '2026-09-03 00:00:00.000' AND eventtime<timestamp '2026-10-06 00:00:00.000'");
    }
    expect(result.recorded.usageType).toBe('ConfigurationItemRecordedDaily');
    expect(result.recorded.counts).toEqual([{ account: '111122223333', region: 'us-east-1', resourceType: 'AWS::ECS::TaskDefinition', count: 2 * seen.length, daily: [0, 2 * seen.length, 0] }]);
    expect(result.inventory[0]).toMatchObject({ resourceType: 'AWS::ECS::Service', count: seen.length });
  });
});

describe('estimateWithSql on Athena', () => {
  it('one statement over database.table in the workgroup, with the partition filter given', async () => {
    const { estimateWithSql } = await import('../src/sources/sql/index.js');
    const { Assumptions } = await import('../src/core/assumptions.js');
    const { loadAssumptionDefinitions, loadEventCatalog } = await import('../src/data/load.js');
    const client = new AthenaClient({ region: 'us-east-1' });
    const mock = mockClient(client);
    mock.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'qe-9' });
    mock.on(GetQueryExecutionCommand).resolves({ QueryExecution: { Status: { State: 'SUCCEEDED' } } });
    const names = ['kind', 'day_index', 'account', 'region', 'item', 'n'];
    mock.on(AthenaGetQueryResultsCommand).resolves({
      ResultSet: {
        ResultSetMetadata: { ColumnInfo: names.map((Name) => ({ Name, Type: 'varchar' })) },
        Rows: [{ Data: names.map((VarCharValue) => ({ VarCharValue })) }, { Data: ['ci', '0.0', '111122223333', 'us-east-1', 'AWS::ECS::Service', '3'].map((VarCharValue) => ({ VarCharValue })) }],
      },
    });
    const window = { fromMs: Date.parse('2026-10-03T00:00:00Z'), toMs: Date.parse('2026-10-05T00:00:00Z'), days: 2 };
    const result = await estimateWithSql(
      { engine: 'athena', client, table: 'cloudtrail.cloudtrail_logs', options: { database: 'cloudtrail', workgroup: 'primary', ...noWait } },
      {
        catalog: loadEventCatalog(new Assumptions(loadAssumptionDefinitions())).data,
        assumptions: new Assumptions(loadAssumptionDefinitions()),
        window,
        recording: { mode: 'continuous' },
        historyDays: 7,
        compile: { where: "region = 'us-east-1'" },
      },
    );
    expect(result.queries).toHaveLength(1);
    const sql = mock.commandCalls(StartQueryExecutionCommand)[0]!.args[0].input.QueryString!;
    expect(sql).toContain("FROM cloudtrail.cloudtrail_logs WHERE eventtime >= '2026-09-26T00:00:00Z' AND eventtime < '2026-10-05T00:00:00Z' AND (region = 'us-east-1')");
    expect(result.recorded.counts).toEqual([{ account: '111122223333', region: 'us-east-1', resourceType: 'AWS::ECS::Service', count: 3, daily: [3, 0] }]);
  });
});
