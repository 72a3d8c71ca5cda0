import type { AthenaClient } from '@aws-sdk/client-athena';
import type { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import type { EventCatalogData } from '../../catalog/schema.js';
import type { Assumptions } from '../../core/assumptions.js';
import { DAY_MS } from '../../core/event-time.js';
import type { RecordedItems, RecordingSettings } from '../../core/recording.js';
import { runAthenaQuery, type AthenaQueryOptions } from './athena.js';
import { compileCatalogQuery, compileLakeQueries, type CompileOptions } from './compile.js';
import { athenaDialect, lakeDialect } from './dialect.js';
import { lakeTableName, runLakeQuery, type LakeQueryOptions } from './lake.js';
import { parseQueryResult, recordedItemsFromAggregates, type QueryResult } from './results.js';

/** Where the CloudTrail records are, and the client to reach them (the caller builds it: region, credentials). */
export type SqlSource =
  | { engine: 'lake'; client: CloudTrailClient; eventDataStore: string; options?: LakeQueryOptions }
  | { engine: 'athena'; client: AthenaClient; table: string; options: AthenaQueryOptions };

export interface SqlEstimateInput {
  catalog: EventCatalogData;
  assumptions: Assumptions;
  window: { fromMs: number; toMs: number; days: number };
  recording: RecordingSettings;
  /** Scan bounds, partition filter: see CompileOptions. By default the scan is the window with `historyDays` before. */
  compile?: Omit<CompileOptions, 'kinds' | 'typeCodes' | 'compact'> | undefined;
  /** Days before the window read for deregistration history and the inventory (default 30). */
  historyDays?: number | undefined;
  /** Called with each statement before it runs (--verbose, --dry-run). */
  onQuery?: ((sql: string) => void) | undefined;
}

export interface SqlEstimate extends QueryResult {
  /** What the recorder records, ready for priceScenario (recording mode, excluded types applied). */
  recorded: RecordedItems;
  /** The statements that ran. */
  queries: string[];
}

/**
 * The replay done by the engine: compiles the catalog for the recording mode, runs it (on Lake in as many
 * statements as its 10,000-character limit needs), and reads the aggregates, the event classes, the inventory
 * and the account-regions back.
 */
export async function estimateWithSql(source: SqlSource, input: SqlEstimateInput): Promise<SqlEstimate> {
  const historyMs = (input.historyDays ?? 30) * DAY_MS;
  const options: CompileOptions = { scanFromMs: input.window.fromMs - historyMs, scanToMs: input.window.toMs, ...input.compile };
  const mode = input.recording.mode;
  let rows: Record<string, string>[] = [];
  let queries: string[];
  if (source.engine === 'lake') {
    queries = compileLakeQueries(input.catalog, input.assumptions, lakeDialect, input.window, lakeTableName(source.eventDataStore), mode, options);
    for (const sql of queries) {
      input.onQuery?.(sql);
      rows = rows.concat(await runLakeQuery(source.client, source.eventDataStore, sql, source.options));
    }
  } else {
    queries = [compileCatalogQuery(input.catalog, input.assumptions, athenaDialect, input.window, source.table, mode, options)];
    input.onQuery?.(queries[0]!);
    rows = await runAthenaQuery(source.client, queries[0]!, source.options);
  }
  const result = parseQueryResult(rows, input.window, input.catalog.resourceTypes.map((t) => t.type));
  const grid = { fromMs: input.window.fromMs, dayCount: Math.ceil(input.window.days - 1e-9) };
  return { ...result, recorded: recordedItemsFromAggregates(result.aggregates, grid, input.recording), queries };
}
