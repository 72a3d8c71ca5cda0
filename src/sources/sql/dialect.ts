/**
 * The three SQL engines the event catalog compiles to. The query itself (src/sources/sql/compile.ts) is the same
 * text for all of them; a dialect supplies only what the engines spell differently: reading a value out of
 * the JSON columns, listing a JSON object's keys, turning eventTime into epoch milliseconds, and the readOnly flag.
 *
 * Columns are those of the standard Athena CloudTrail table, lower-case (eventid, eventtime, eventsource,
 * eventname, awsregion, recipientaccountid, errorcode, readonly, requestparameters, responseelements, eventtype,
 * useridentity struct). CloudTrail Lake has the same names, with these types changed: eventtime is a timestamp,
 * readonly a boolean, and requestparameters / responseelements are map<string,string> whose nested values are
 * JSON text. DuckDB (the test engine) holds the Athena shape: strings, JSON text, a useridentity struct.
 */
export interface SqlDialect {
  name: 'lake' | 'athena' | 'duckdb';
  /**
   * The scalar at a dotted path ("taskDefinition.taskDefinitionArn", "groupSet.items.0.groupId") inside a JSON
   * column, as text: NULL when absent, JSON null, an object or an array.
   */
  json: (column: string, path: string) => string;
  /**
   * True when every key of the JSON object in `column` whose value is not null is one of `allowed`; true as well
   * for an empty object, a NULL or a value that is not an object (no keys), as the replay reads it.
   */
  keysSubsetOf: (column: string, allowed: readonly string[]) => string;
  /** eventtime as epoch milliseconds (BIGINT); NULL when it cannot be read. */
  epochMs: (column: string) => string;
  /** The readonly column as a boolean that is never NULL. */
  readOnly: (column: string) => string;
  /** A predicate on the raw eventtime column that prunes the scan: `column >= instant` or `column < instant`. */
  timeBound: (column: string, op: '>=' | '<', ms: number) => string;
}

/** A SQL string literal. */
export const sqlString = (text: string): string => `'${text.replaceAll("'", "''")}'`;

const SEGMENT = /^[A-Za-z0-9_]+$/;

/** "a.b.0.c" -> "$.a.b[0].c": the JSON path both Trino and DuckDB read. */
export function jsonPath(segments: readonly string[]): string {
  let path = '$';
  for (const segment of segments) {
    if (!SEGMENT.test(segment)) throw new Error(`cannot compile the JSON path segment '${segment}'`);
    path += /^\d+$/.test(segment) ? `[${segment}]` : `.${segment}`;
  }
  return path;
}

const isoSeconds = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
const list = (values: readonly string[]) => values.map(sqlString).join(', ');

/** Athena engine v3 (Trino) over the CloudTrail table: JSON text columns, ISO-8601 eventtime strings. */
export const athenaDialect: SqlDialect = {
  name: 'athena',
  json: (column, path) => `json_extract_scalar(${column}, ${sqlString(jsonPath(path.split('.')))})`,
  keysSubsetOf: (column, allowed) =>
    `COALESCE(cardinality(map_filter(TRY_CAST(TRY(json_parse(${column})) AS map(varchar, json)), ` +
    `(k, v) -> v IS NOT NULL AND json_format(v) <> 'null' AND NOT contains(ARRAY[${list(allowed)}], k))), 0) = 0`,
  epochMs: (column) => `CAST(round(to_unixtime(TRY(from_iso8601_timestamp(${column}))) * 1000) AS BIGINT)`,
  readOnly: (column) => `COALESCE(${column} = 'true', false)`,
  timeBound: (column, op, ms) => `${column} ${op} ${sqlString(isoSeconds(ms))}`,
};

/** CloudTrail Lake (Trino): map<string,string> request and response columns, a timestamp eventtime. */
export const lakeDialect: SqlDialect = {
  name: 'lake',
  json: (column, path) => {
    const [first, ...rest] = path.split('.');
    if (first === undefined || !SEGMENT.test(first)) throw new Error(`cannot compile the JSON path '${path}'`);
    const top = `element_at(${column}, ${sqlString(first)})`;
    return rest.length === 0 ? top : `json_extract_scalar(${top}, ${sqlString(jsonPath(rest))})`;
  },
  keysSubsetOf: (column, allowed) =>
    `COALESCE(cardinality(map_filter(${column}, (k, v) -> v IS NOT NULL AND NOT contains(ARRAY[${list(allowed)}], k))), 0) = 0`,
  epochMs: (column) => `CAST(round(to_unixtime(${column}) * 1000) AS BIGINT)`,
  readOnly: (column) => `COALESCE(${column}, false)`,
  timeBound: (column, op, ms) => `${column} ${op} timestamp ${sqlString(new Date(ms).toISOString().replace('T', ' ').replace('Z', ''))}`,
};

/**
 * DuckDB over a table of the Athena shape, to prove the query on a real engine in the tests. json_extract_string
 * returns objects and arrays as text where Trino's json_extract_scalar returns NULL: the CASE makes them agree.
 * A zone-less eventtime ("2023-01-22 16:53:53.000", as Lake prints it) is UTC whatever the session's zone.
 */
export const duckdbDialect: SqlDialect = {
  name: 'duckdb',
  json: (column, path) => {
    const p = sqlString(jsonPath(path.split('.')));
    return `CASE WHEN json_type(${column}, ${p}) IN ('OBJECT', 'ARRAY') THEN NULL ELSE json_extract_string(${column}, ${p}) END`;
  },
  keysSubsetOf: (column, allowed) =>
    `COALESCE(len(list_filter(map_entries(TRY_CAST(TRY_CAST(${column} AS JSON) AS MAP(VARCHAR, JSON))), ` +
    `lambda kv: kv.value IS NOT NULL AND NOT list_contains([${list(allowed)}], kv.key))), 0) = 0`,
  epochMs: (column) =>
    `epoch_ms(TRY_CAST(CASE WHEN regexp_matches(${column}, '(Z|[+-][0-9]{2}:?[0-9]{2})$') THEN ${column} ELSE ${column} || 'Z' END AS TIMESTAMPTZ))`,
  readOnly: (column) => `COALESCE(${column} = 'true', false)`,
  timeBound: (column, op, ms) => `${column} ${op} ${sqlString(isoSeconds(ms))}`,
};

export const DIALECTS = { athena: athenaDialect, lake: lakeDialect, duckdb: duckdbDialect } as const;
