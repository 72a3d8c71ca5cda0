// Fake CloudTrail Lake and Athena endpoints for end-to-end tests through the real AWS SDK (JSON 1.1 protocol on
// 127.0.0.1), answering with what DuckDB computes from the statement each one receives. Records are SYNTHETIC.
//
//   CloudTrail Lake  X-Amz-Target CloudTrail_20131101.{StartQuery, DescribeQuery, GetQueryResults, CancelQuery}
//                    The event data store is a DuckDB table of Lake's shape, one row per eventID (Lake holds no
//                    duplicates): eventtime TIMESTAMP (UTC), readonly BOOLEAN, requestparameters, responseelements
//                    and additionaleventdata MAP(VARCHAR, VARCHAR) whose top-level strings are kept as they are and
//                    whose nested values (objects, arrays, numbers, booleans) are JSON text, a JSON null a NULL.
//                    StartQuery takes at most 10,000 characters (InvalidQueryStatementException beyond, as Lake).
//                    Results: rows of single-key {column: text} maps, a NULL as '' , paged `pageSize` at a time.
//   Athena           X-Amz-Target AmazonAthena.{StartQueryExecution, GetQueryExecution, GetQueryResults,
//                    StopQueryExecution}. The table is the standard CloudTrail table of the Athena shape
//                    (test/fixtures/sql/duckdb.ts), every record delivered, duplicates included, in a schema named
//                    after the database. The database and workgroup must match; a query needs an output location
//                    (the request's, or the workgroup's), as Athena does. Results: a header row first on the first
//                    page, a NULL as a Datum without VarCharValue, paged `pageSize` rows at a time.
//
// What the fake translates so the engines' texts run on DuckDB (everything else runs as received):
//   - Lake names the event data store by its ID after FROM (`FROM EXAMPLE-id`, not an SQL identifier): the fake
//     rewrites `FROM <id>` to its table, and refuses a statement that names no known store.
//   - Trino's map_filter(m, (k, v) -> body) (both engines' keysSubsetOf) has no DuckDB counterpart: it becomes
//     map_from_entries(list_filter(map_entries(m), lambda __e: body)) with k and v read as __e.key, __e.value.
//   - Trino functions DuckDB lacks, or spells otherwise, are DuckDB macros (not text rewrites):
//       element_at(map, key)       -> map_extract_value(map, key)   (DuckDB's element_at on a map gives a list)
//       json_extract_scalar(j, p)  -> json_extract_string(j, p), NULL for an object or array (as Trino)
//       to_unixtime(ts)            -> epoch(ts)
//       from_iso8601_timestamp(s)  -> CAST(s AS TIMESTAMPTZ)
//       json_parse(s)              -> json(s)
//       json_format(j)             -> CAST(j AS VARCHAR)
//   TRY, TRY_CAST, ARRAY[...], contains, cardinality, array_position, regexp_extract, split_part, timestamp '...'
//   literals, and the window functions are DuckDB's own. The fake never logs or echoes credentials.
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { athenaRow, ATHENA_COLUMNS } from '../fixtures/sql/duckdb.js';
import { readBody, replyError, replyJson } from './aws-json.js';

const reply = (res: ServerResponse, status: number, body: unknown) => replyJson(res, status, body, 'application/x-amz-json-1.1');
const error = (res: ServerResponse, status: number, type: string, message: string) => replyError(res, status, type, message, 'application/x-amz-json-1.1', 'message');


export const LAKE_MAX_STATEMENT_CHARS = 10_000;

export interface FakeSqlOptions {
  records: readonly Record<string, unknown>[];
  lake: { eventDataStoreId: string };
  athena: { database: string; table: string; workgroups: Record<string, { outputLocation?: string }> };
  /** Result rows per GetQueryResults page (default 20; a request's MaxQueryResults / MaxResults can lower it). */
  pageSize?: number;
}

export interface SqlCall {
  target: string;
  /** From the SigV4 credential scope. */
  region: string;
  service: string;
  body: Record<string, unknown>;
}

export interface ReceivedStatement {
  engine: 'lake' | 'athena';
  received: string;
  ran: string;
  /** Rows the statement returned (results pages serve these). */
  rows: number;
  error?: string;
}

export interface FakeSqlEngines {
  url: string;
  calls: SqlCall[];
  statements: ReceivedStatement[];
  /** Rows of each table: Lake's (one per eventID) and Athena's (every delivered record). */
  tableRows: { lake: number; athena: number };
  close(): Promise<void>;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** A top-level JSON object as Lake's map<string,string>: entries, strings kept, other values as JSON text. */
function lakeMap(value: unknown): { key: string; value: string | null }[] | null {
  if (!isObject(value)) return null;
  return Object.entries(value).map(([key, v]) => ({ key, value: v === null || v === undefined ? null : typeof v === 'string' ? v : JSON.stringify(v) }));
}

/** Lake prints and compares eventTime as a zone-less UTC timestamp. */
function lakeTime(value: unknown): string | null {
  const text = str(value);
  if (text === null) return null;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
}

function lakeRow(record: Record<string, unknown>): Record<string, unknown> | undefined {
  const row = athenaRow(record);
  if (row === undefined) return undefined;
  return {
    ...row,
    eventtime: lakeTime(record.eventTime),
    readonly: typeof record.readOnly === 'boolean' ? record.readOnly : record.readOnly === 'true' ? true : record.readOnly === 'false' ? false : null,
    requestparameters: lakeMap(record.requestParameters),
    responseelements: lakeMap(record.responseElements),
    additionaleventdata: lakeMap(record.additionalEventData),
  };
}

/** One record per eventID, the earliest eventTime kept (as CloudTrail Lake and LookupEvents store them). */
function unique(records: readonly Record<string, unknown>[]): Record<string, unknown>[] {
  const byId = new Map<string, Record<string, unknown>>();
  const rest: Record<string, unknown>[] = [];
  for (const r of records) {
    const id = str(r.eventID);
    if (id === null) {
      rest.push(r);
      continue;
    }
    const seen = byId.get(id);
    if (seen === undefined || Date.parse(String(r.eventTime)) < Date.parse(String(seen.eventTime))) byId.set(id, r);
  }
  return [...byId.values(), ...rest];
}

const MACROS = [
  `CREATE MACRO element_at(m, k) AS map_extract_value(m, k)`,
  `CREATE MACRO json_extract_scalar(j, p) AS CASE WHEN json_type(j, p) IN ('OBJECT', 'ARRAY') THEN NULL ELSE json_extract_string(j, p) END`,
  `CREATE MACRO to_unixtime(t) AS epoch(t)`,
  `CREATE MACRO from_iso8601_timestamp(s) AS CAST(s AS TIMESTAMPTZ)`,
  `CREATE MACRO json_parse(s) AS json(s)`,
  `CREATE MACRO json_format(j) AS CAST(j AS VARCHAR)`,
];

/** Index of the parenthesis closing the one at `open`, skipping string literals. */
function closing(sql: string, open: number): number {
  let depth = 0;
  for (let i = open; i < sql.length; i += 1) {
    const ch = sql[i];
    if (ch === "'") {
      i += 1;
      while (i < sql.length && !(sql[i] === "'" && sql[i + 1] !== "'")) i += sql[i] === "'" ? 2 : 1;
    } else if (ch === '(') depth += 1;
    else if (ch === ')' && (depth -= 1) === 0) return i;
  }
  throw new Error('unbalanced parentheses');
}

/** The first comma at depth 0 of `text`, skipping string literals. */
function topLevelComma(text: string): number {
  let depth = 0;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i];
    if (ch === "'") {
      i += 1;
      while (i < text.length && !(text[i] === "'" && text[i + 1] !== "'")) i += text[i] === "'" ? 2 : 1;
    } else if (ch === '(' || ch === '[') depth += 1;
    else if (ch === ')' || ch === ']') depth -= 1;
    else if (ch === ',' && depth === 0) return i;
  }
  return -1;
}

/** Replaces identifiers outside string literals. */
function renameOutsideStrings(text: string, names: Record<string, string>): string {
  const pattern = new RegExp(`\\b(${Object.keys(names).join('|')})\\b`, 'g');
  return text
    .split(/('(?:[^']|'')*')/)
    .map((part, i) => (i % 2 === 1 ? part : part.replace(pattern, (m) => names[m]!)))
    .join('');
}

/** Trino's map_filter(m, (k, v) -> body) as DuckDB list functions over the map's entries. */
export function translateMapFilter(sql: string): string {
  let text = sql;
  for (let at = text.indexOf('map_filter('); at !== -1; at = text.indexOf('map_filter(')) {
    const open = at + 'map_filter'.length;
    const close = closing(text, open);
    const args = text.slice(open + 1, close);
    const comma = topLevelComma(args);
    const lambda = /^\s*\(\s*(\w+)\s*,\s*(\w+)\s*\)\s*->\s*([\s\S]*)$/.exec(args.slice(comma + 1));
    if (comma === -1 || lambda === null) throw new Error(`cannot translate map_filter(${args})`);
    const [, k, v, body] = lambda as unknown as [string, string, string, string];
    const renamed = renameOutsideStrings(body, { [k]: '__e.key', [v]: '__e.value' });
    text = `${text.slice(0, at)}map_from_entries(list_filter(map_entries(${args.slice(0, comma)}),lambda __e: ${renamed}))${text.slice(close + 1)}`;
  }
  return text;
}

interface Query {
  engine: 'lake' | 'athena';
  columns: string[];
  rows: (string | null)[][];
  error?: string;
  request: Record<string, unknown>;
}

async function loadTable(connection: DuckDBConnection, dir: string, name: string, rows: Record<string, unknown>[], columns: Record<string, string>, select: string): Promise<void> {
  const file = join(dir, `${name.replace(/\W/g, '_')}.ndjson`);
  await writeFile(file, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
  const spec = Object.entries(columns)
    .map(([column, type]) => `${column}: '${type}'`)
    .join(', ');
  await connection.run(`CREATE TABLE ${name} AS SELECT ${select} FROM read_json('${file}', format = 'newline_delimited', columns = {${spec}})`);
}

export async function startSqlEngines(options: FakeSqlOptions): Promise<FakeSqlEngines> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  await connection.run(`SET TimeZone = 'UTC'`).catch(() => undefined);
  for (const macro of MACROS) await connection.run(macro);

  const dir = await mkdtemp(join(tmpdir(), 'config-cost-fake-sql-'));
  const lakeRows = unique(options.records).map(lakeRow).filter((r): r is Record<string, unknown> => r !== undefined);
  const entries = 'STRUCT(key VARCHAR, value VARCHAR)[]';
  const lakeColumns = { ...ATHENA_COLUMNS, eventtime: 'VARCHAR', readonly: 'BOOLEAN', requestparameters: entries, responseelements: entries, additionaleventdata: entries };
  const lakeTable = 'lake_event_data_store';
  await loadTable(
    connection,
    dir,
    lakeTable,
    lakeRows,
    lakeColumns,
    `* REPLACE (CAST(eventtime AS TIMESTAMP) AS eventtime, map_from_entries(requestparameters) AS requestparameters, ` +
      `map_from_entries(responseelements) AS responseelements, map_from_entries(additionaleventdata) AS additionaleventdata)`,
  );
  const { database, table } = options.athena;
  await connection.run(`CREATE SCHEMA "${database}"`);
  const athenaRows = options.records.map(athenaRow).filter((r): r is Record<string, unknown> => r !== undefined);
  await loadTable(connection, dir, `"${database}"."${table}"`, athenaRows, ATHENA_COLUMNS, '*');
  await rm(dir, { recursive: true, force: true });

  const pageSize = options.pageSize ?? 20;
  const calls: SqlCall[] = [];
  const statements: ReceivedStatement[] = [];
  const queries = new Map<string, Query>();
  let counter = 0;

  const run = async (engine: 'lake' | 'athena', received: string, ran: string, setup?: string): Promise<Pick<Query, 'columns' | 'rows' | 'error'>> => {
    const statement: ReceivedStatement = { engine, received, ran, rows: 0 };
    statements.push(statement);
    try {
      if (setup !== undefined) await connection.run(setup);
      const reader = await connection.runAndReadAll(ran);
      const columns = reader.columnNames();
      const rows = reader.getRowsJson().map((row) => row.map((v) => (v === null || v === undefined ? null : typeof v === 'string' ? v : JSON.stringify(v))));
      statement.rows = rows.length;
      return { columns, rows };
    } catch (e) {
      statement.error = (e as Error).message;
      return { columns: [], rows: [], error: (e as Error).message.split('\n')[0] };
    } finally {
      if (setup !== undefined) await connection.run(`SET search_path = 'main'`);
    }
  };

  const page = (query: Query, body: Record<string, unknown>, max: unknown): { rows: (string | null)[][]; next?: string } | 'bad-token' => {
    const size = Math.min(pageSize, typeof max === 'number' && max > 0 ? max : pageSize);
    let offset = 0;
    if (typeof body.NextToken === 'string') {
      const match = /^page-(\d+)$/.exec(body.NextToken);
      if (match === null) return 'bad-token';
      offset = Number(match[1]);
    }
    const rows = query.rows.slice(offset, offset + size);
    return { rows, ...(offset + size < query.rows.length ? { next: `page-${offset + size}` } : {}) };
  };

  const lake = async (action: string, body: Record<string, unknown>, res: ServerResponse) => {
    if (action === 'StartQuery') {
      const statement = str(body.QueryStatement);
      if (statement === null) return error(res, 400, 'InvalidParameterException', 'QueryStatement is required');
      if (statement.length > LAKE_MAX_STATEMENT_CHARS) return error(res, 400, 'InvalidQueryStatementException', 'Query statement is too long.');
      const id = options.lake.eventDataStoreId;
      const from = new RegExp(`\\bFROM\\s+${id.replace(/[-]/g, '\\-')}(?![A-Za-z0-9_-])`, 'gi');
      if (!from.test(statement)) return error(res, 400, 'EventDataStoreNotFoundException', 'The specified event data store was not found.');
      const ran = translateMapFilter(statement.replace(from, `FROM ${lakeTable}`));
      const result = await run('lake', statement, ran);
      const queryId = `lake-query-${(counter += 1)}`;
      queries.set(queryId, { engine: 'lake', ...result, request: body });
      return reply(res, 200, { QueryId: queryId });
    }
    const query = queries.get(String(body.QueryId));
    if (query === undefined || query.engine !== 'lake') return error(res, 400, 'QueryIdNotFoundException', 'The query ID does not exist or does not map to a query.');
    const status = query.error !== undefined ? 'FAILED' : 'FINISHED';
    const statistics = { ResultsCount: query.rows.length, TotalResultsCount: query.rows.length, BytesScanned: 1024 };
    if (action === 'DescribeQuery') {
      return reply(res, 200, { QueryId: body.QueryId, QueryString: query.request.QueryStatement, QueryStatus: status, QueryStatistics: { EventsMatched: 0, EventsScanned: 0, BytesScanned: 1024, ExecutionTimeInMillis: 5, CreationTime: Date.now() / 1000 }, ...(query.error ? { ErrorMessage: query.error } : {}) });
    }
    if (action === 'GetQueryResults') {
      if (query.error !== undefined) return reply(res, 200, { QueryStatus: 'FAILED', ErrorMessage: query.error });
      const served = page(query, body, body.MaxQueryResults);
      if (served === 'bad-token') return error(res, 400, 'InvalidNextTokenException', 'A token that is not valid.');
      return reply(res, 200, {
        QueryStatus: status,
        QueryStatistics: statistics,
        QueryResultRows: served.rows.map((row) => row.map((value, i) => ({ [query.columns[i]!]: value ?? '' }))),
        ...(served.next ? { NextToken: served.next } : {}),
      });
    }
    if (action === 'CancelQuery') return reply(res, 200, { QueryId: body.QueryId, QueryStatus: 'CANCELLED' });
    return error(res, 400, 'UnknownOperationException', `this fake does not serve CloudTrail ${action}`);
  };

  const athena = async (action: string, body: Record<string, unknown>, res: ServerResponse) => {
    if (action === 'StartQueryExecution') {
      const sql = str(body.QueryString);
      const context = isObject(body.QueryExecutionContext) ? body.QueryExecutionContext : {};
      const workgroup = str(body.WorkGroup) ?? 'primary';
      const group = options.athena.workgroups[workgroup];
      if (group === undefined) return error(res, 400, 'InvalidRequestException', `WorkGroup ${workgroup} is not found.`);
      const output = isObject(body.ResultConfiguration) ? str(body.ResultConfiguration.OutputLocation) : null;
      if (output === null && group.outputLocation === undefined) {
        return error(res, 400, 'InvalidRequestException', 'No output location provided. An output location is required either through the Workgroup result configuration setting or as an API input.');
      }
      if (sql === null) return error(res, 400, 'InvalidRequestException', 'QueryString is required');
      const queryId = `athena-qe-${(counter += 1)}`;
      const db = str(context.Database) ?? 'default';
      const result =
        db === options.athena.database
          ? await run('athena', sql, translateMapFilter(sql), `SET search_path = '${database},main'`)
          : { columns: [], rows: [], error: `SCHEMA_NOT_FOUND: Schema '${db}' does not exist` };
      queries.set(queryId, { engine: 'athena', ...result, request: { ...body, OutputLocation: output ?? group.outputLocation } });
      return reply(res, 200, { QueryExecutionId: queryId });
    }
    const query = queries.get(String(body.QueryExecutionId));
    if (query === undefined || query.engine !== 'athena') return error(res, 400, 'InvalidRequestException', 'QueryExecution was not found');
    if (action === 'GetQueryExecution') {
      const state = query.error !== undefined ? 'FAILED' : 'SUCCEEDED';
      return reply(res, 200, {
        QueryExecution: {
          QueryExecutionId: body.QueryExecutionId,
          Query: query.request.QueryString,
          StatementType: 'DML',
          ResultConfiguration: { OutputLocation: `${String(query.request.OutputLocation)}${String(body.QueryExecutionId)}.csv` },
          QueryExecutionContext: query.request.QueryExecutionContext,
          Status: { State: state, SubmissionDateTime: Date.now() / 1000, CompletionDateTime: Date.now() / 1000, ...(query.error ? { StateChangeReason: query.error, AthenaError: { ErrorCategory: 2, ErrorMessage: query.error } } : {}) },
          WorkGroup: query.request.WorkGroup,
        },
      });
    }
    if (action === 'GetQueryResults') {
      if (query.error !== undefined) return error(res, 400, 'InvalidRequestException', `Query has not yet finished. Current state: FAILED`);
      const served = page(query, body, body.MaxResults);
      if (served === 'bad-token') return error(res, 400, 'InvalidRequestException', 'NextToken is not valid');
      const header = body.NextToken === undefined ? [{ Data: query.columns.map((c) => ({ VarCharValue: c })) }] : [];
      return reply(res, 200, {
        UpdateCount: 0,
        ResultSet: {
          Rows: [...header, ...served.rows.map((row) => ({ Data: row.map((value) => (value === null ? {} : { VarCharValue: value })) }))],
          ResultSetMetadata: { ColumnInfo: query.columns.map((c) => ({ CatalogName: 'hive', SchemaName: '', TableName: '', Name: c, Label: c, Type: 'varchar', Precision: 0, Scale: 0, Nullable: 'UNKNOWN', CaseSensitive: true })) },
        },
        ...(served.next ? { NextToken: served.next } : {}),
      });
    }
    if (action === 'StopQueryExecution') return reply(res, 200, {});
    return error(res, 400, 'UnknownOperationException', `this fake does not serve Athena ${action}`);
  };

  const server = createServer((req, res) => {
    void (async () => {
      const text = await readBody(req);
      const target = String(req.headers['x-amz-target'] ?? '');
      const scope = /Credential=[^/]+\/\d{8}\/([a-z0-9-]+)\/([a-z0-9-]+)\/aws4_request/.exec(req.headers.authorization ?? '');
      if (scope === null) return error(res, 400, 'MissingAuthenticationTokenException', 'Request is missing Authentication Token');
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(text || '{}') as Record<string, unknown>;
      } catch {
        return error(res, 400, 'SerializationException', 'body is not JSON');
      }
      calls.push({ target, region: scope[1]!, service: scope[2]!, body });
      const [prefix, action = ''] = target.split('.');
      if (prefix === 'CloudTrail_20131101' && scope[2] === 'cloudtrail') return lake(action, body, res);
      if (prefix === 'AmazonAthena' && scope[2] === 'athena') return athena(action, body, res);
      return error(res, 400, 'UnknownOperationException', `this fake does not serve ${target}`);
    })().catch(() => {
      if (!res.headersSent) error(res, 500, 'InternalFailure', 'fake server failure');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    statements,
    tableRows: { lake: lakeRows.length, athena: athenaRows.length },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          connection.closeSync();
          instance.closeSync();
          resolve();
        });
      }),
  };
}
