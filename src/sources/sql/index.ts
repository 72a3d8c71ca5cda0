// Organization scale on existing engines: the event catalog compiled to SQL for CloudTrail Lake and Athena, the
// runners, and the result read back into the model's figures. See compile.ts for the query and what it restates.
export {
  compactSql,
  compileCatalogQuery,
  compileLakeQueries,
  LAKE_MAX_QUERY_CHARS,
  QueryTooLongError,
  RESULT_KINDS,
  type CompileOptions,
  type QueryMode,
  type ResultKind,
} from './compile.js';
export { athenaDialect, DIALECTS, duckdbDialect, lakeDialect, type SqlDialect } from './dialect.js';
export { lakeTableName, runLakeQuery, type LakeQueryOptions } from './lake.js';
export { runAthenaQuery, type AthenaQueryOptions } from './athena.js';
export type { PollOptions } from './poll.js';
export {
  parseAccountRegions,
  parseAggregateRows,
  parseEventCounts,
  parseInventory,
  parseQueryResult,
  recordedFromAggregates,
  recordedItemsFromAggregates,
  type AggregateRow,
  type QueryResult,
  type ResultRow,
  type SqlEventCounts,
} from './results.js';
export { estimateWithSql, type SqlEstimate, type SqlEstimateInput, type SqlSource } from './source.js';
