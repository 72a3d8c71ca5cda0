import type { Assumptions } from '../../core/assumptions.js';
import type { CiCount, EventCatalogData, EventEntry, IdPart } from '../../catalog/schema.js';
import { UsageError } from '../../errors.js';
import { sqlString, type SqlDialect } from './dialect.js';

/**
 * Compiles the event catalog (catalog/events.json) and the assumptions in force into one SQL query over the
 * CloudTrail table, so the engine does the classifying and counting and only aggregates come back. The query
 * restates the replay of src/core (classify.ts, event-catalog.ts, replay.ts, recording.ts, inventory.ts):
 *
 *   b    every row of the table within the scan bounds, and its catalog entry `e` (onlyWhen conditions applied)
 *   r    one survivor per eventID (`cp` = 1): the earliest eventTime, then the classifier's tie-break text `tb`
 *   c    the class `cls`: duplicates, outOfWindow, failed, readOnly, unrelated, counted (the classifier's order)
 *   f, m counted survivors before the window's end (the replay's history and window), resolved: resource type
 *        `rt`, id `rid`, CIs `n`, task-definition behaviour `bh`, deletion `del`, related resources `t0, i0, ...`
 *   td, tr, ts, tbk  task-definition revisions: which are ACTIVE when a deregistration comes (window functions,
 *        one join)
 *   mc, ch  the CIs recorded from the window's start on
 *
 * Result rows (every value text on Lake and Athena): kind, day_index, account, region, item, n.
 *   'ci'         n CIs recorded on window day day_index in account, region and resource type item
 *   'events'     n records of class item (the six classes, and 'skipped': no usable eventTime, eventSource or
 *                eventName, or an Insights event)
 *   'inventory'  n resources of type item live at the window's end (task definitions: families with an active
 *                revision), as src/core/inventory.ts infers them
 *   'scope'      an account and region with container activity
 *
 * CloudTrail Lake takes at most 10,000 characters of SQL (StartQuery QueryStatement), so the query is written
 * tersely: entries are numbered so that each resolved column is a short CASE over ranges of entry numbers, each
 * record field is extracted once, and the Lake text is compacted (compileCatalogQuery checks the limit).
 */

export type QueryMode = 'continuous' | 'daily';
export type ResultKind = 'ci' | 'events' | 'inventory';
export const RESULT_KINDS: readonly ResultKind[] = ['ci', 'events', 'inventory'];

export interface CompileOptions {
  /** Read only rows with eventTime at or after this instant (deregistration history comes from here on). */
  scanFromMs?: number | undefined;
  /** Read only rows with eventTime before this instant (default: all; records after the window are outOfWindow). */
  scanToMs?: number | undefined;
  /** An extra predicate on the table's own columns, ANDed to the scan (Athena partition columns, say). */
  where?: string | undefined;
  /** Which rows to return (default all): CIs, event classes, inventory with the account-regions. */
  kinds?: readonly ResultKind[] | undefined;
  /** Name resource types by number (their place in the catalog's resourceTypes, from 1) to keep Lake's text short. */
  typeCodes?: boolean | undefined;
  /** Collapse white space (default: on for Lake, whose StartQuery takes 10,000 characters at most). */
  compact?: boolean | undefined;
  /** The longest text the engine takes (default: 10,000 on Lake, no limit elsewhere); longer is a UsageError. */
  maxChars?: number | undefined;
}

/** A compiled query longer than its engine takes. */
export class QueryTooLongError extends UsageError {}

/** StartQuery's QueryStatement limit (CloudTrail API reference). */
export const LAKE_MAX_QUERY_CHARS = 10_000;

/** Column names of the CloudTrail table for the top-level record fields the catalog may read. */
const TOP_LEVEL_COLUMNS: Record<string, string> = {
  eventID: 'eventid',
  eventSource: 'eventsource',
  eventName: 'eventname',
  eventType: 'eventtype',
  eventVersion: 'eventversion',
  awsRegion: 'awsregion',
  recipientAccountId: 'recipientaccountid',
  errorCode: 'errorcode',
  sourceIPAddress: 'sourceipaddress',
  userAgent: 'useragent',
};
/** JSON columns, and the short names they are carried under once a row is known to be in the catalog. */
const JSON_COLUMNS: Record<string, { column: string; carried: string }> = {
  requestParameters: { column: 'requestparameters', carried: 'rp' },
  responseElements: { column: 'responseelements', carried: 're' },
  additionalEventData: { column: 'additionaleventdata', carried: 'ad' },
  serviceEventDetails: { column: 'serviceeventdetails', carried: 'sd' },
};
const FIELD = /^[A-Za-z0-9_]+$/;
const TYPE_PREFIX = 'AWS::';
/** A day in milliseconds as a DOUBLE literal: ms/864e5 divides as doubles on every engine. */
const DAY_DOUBLE = '864e5';
const TABLE = /^[A-Za-z0-9_.\-"`]+$/;
/** arn:partition:service:region:account:resource (the resource may hold colons). */
const ARN_RESOURCE = sqlString('^arn:(?:[^:]*:){4}(.*)$');
/** family:revision with a revision of at least 1, as parseFamilyRevision reads it. */
const REVISION = sqlString('^(.+):0*([1-9][0-9]*)$');

type Where = 'raw' | 'carried';

// Columns computed per matched row (fields f0.., id parts p0..) are written as tokens first; once the query is
// whole, one used once is written in place and one used more often becomes a column (inlineDefinitions).
const TOKEN = '\u0001';
const DEFINE = '\u0002';
const token = (name: string) => `${TOKEN}${name}${TOKEN}`;
const definition = (sql: string, alias: string) => `${DEFINE}${alias}${sql}${DEFINE}`;

/** Resolves tokens: a definition used once is written where it is used, else it becomes a column of its name. */
function inlineDefinitions(sql: string): string {
  let text = sql;
  const pattern = new RegExp(`${DEFINE}(${TOKEN}[a-z0-9]+${TOKEN})([^${DEFINE}]*)${DEFINE}`, 'g');
  // Parts first (they read fields), in the order they were defined.
  const definitions = [...text.matchAll(pattern)].map((m) => ({ whole: m[0], alias: m[1]!, body: m[2]! }));
  definitions.sort((a, b) => (a.alias.startsWith(`${TOKEN}p`) === b.alias.startsWith(`${TOKEN}p`) ? 0 : a.alias.startsWith(`${TOKEN}p`) ? -1 : 1));
  for (const d of definitions) {
    const uses = text.split(d.alias).length - 2; // the definition holds one
    // Replacement functions: the SQL holds '$' (regular expressions), which a replacement string would read.
    if (uses <= 1) {
      text = text.includes(`,${d.whole}`) ? text.replace(`,${d.whole}`, () => '') : text.replace(d.whole, () => '');
      text = text.replaceAll(d.alias, () => d.body);
    } else {
      const name = d.alias.slice(1, -1);
      text = text.replace(d.whole, () => `${d.body} ${name}`).replaceAll(d.alias, () => name);
    }
  }
  if (text.includes(TOKEN) || text.includes(DEFINE)) throw new Error('a column token was left in the query');
  return text;
}

/** Reads record fields as SQL: on the table's own columns (raw) or on what the base CTE carries on (carried). */
class Fields {
  /** Top-level and userIdentity columns carried on, by their raw expression. */
  readonly carried = new Map<string, string>();
  readonly jsonCarried = new Set<string>();
  /** Distinct field expressions resolved per matched row, by path. */
  readonly extracted = new Map<string, string>();
  /** Distinct id parts (first non-empty path, normalized, defaulted) resolved per matched row, by their SQL. */
  readonly parts = new Map<string, string>();

  constructor(private readonly dialect: SqlDialect) {}

  expression(path: string, where: Where): string {
    const [root, ...rest] = path.split('.');
    if (root === undefined || !FIELD.test(root) || !rest.every((s) => FIELD.test(s))) throw new Error(`cannot compile the record path '${path}'`);
    const json = JSON_COLUMNS[root];
    if (json !== undefined) {
      if (rest.length === 0) throw new Error(`cannot compile '${path}': a whole JSON column is not a value`);
      if (where === 'carried') this.jsonCarried.add(root);
      return this.dialect.json(where === 'raw' ? json.column : json.carried, rest.join('.'));
    }
    let raw: string;
    if (root === 'userIdentity' && rest.length > 0) raw = `useridentity.${rest.map((s) => s.toLowerCase()).join('.')}`;
    else if (TOP_LEVEL_COLUMNS[root] !== undefined && rest.length === 0) raw = TOP_LEVEL_COLUMNS[root]!;
    else throw new Error(`cannot compile the record path '${path}'`);
    if (where === 'raw') return raw;
    let alias = this.carried.get(raw);
    if (alias === undefined) {
      alias = `x${this.carried.size}`;
      this.carried.set(raw, alias);
    }
    return alias;
  }

  /** A matched row's field as non-empty text or NULL, extracted once (column f0, f1, ...). */
  field(path: string): string {
    let alias = this.extracted.get(path);
    if (alias === undefined) {
      alias = token(`f${this.extracted.size}`);
      this.extracted.set(path, alias);
    }
    return alias;
  }

  /** An id part as resolveId makes it: the first non-empty path, normalized, else the default (column p0, ...). */
  part(part: IdPart): string {
    const values = part.paths.map((p) => this.field(p));
    const value = values.length === 1 ? values[0]! : `COALESCE(${values.join(',')})`;
    const normalized = part.normalize === 'lastPathSegment' ? `regexp_extract(${value},'[^/]*$')` : value;
    const sql = `COALESCE(${normalized},${sqlString(part.default ?? '?')})`;
    let alias = this.parts.get(sql);
    if (alias === undefined) {
      alias = token(`p${this.parts.size}`);
      this.parts.set(sql, alias);
    }
    return alias;
  }
}

const resolveCount = (count: CiCount, assumptions: Assumptions) =>
  typeof count === 'number' ? count : assumptions.boolean(count.assumption) ? count.ifTrue : count.ifFalse;

/**
 * A CASE over entry numbers 1..n, `values[i]` for entry i + 1: one WHEN per run of equal values, the last run as
 * ELSE (a matched row always has an entry).
 */
function caseOverEntries(values: readonly string[]): string {
  const runs: { end: number; value: string }[] = [];
  values.forEach((value, i) => {
    const last = runs.at(-1);
    if (last && last.value === value) last.end = i + 1;
    else runs.push({ end: i + 1, value });
  });
  if (runs.length === 1) return runs[0]!.value;
  const whens = runs.slice(0, -1).map((r) => `WHEN e<=${r.end} THEN ${r.value}`);
  return `CASE ${whens.join(' ')} ELSE ${runs.at(-1)!.value} END`;
}

const entryList = (numbers: readonly number[], column = 'e') => (numbers.length === 1 ? `${column}=${numbers[0]}` : `${column} IN (${numbers.join(',')})`);

/** Collapses white space outside string literals (and drops -- comments). */
export function compactSql(sql: string): string {
  let out = '';
  let i = 0;
  while (i < sql.length) {
    const ch = sql[i]!;
    if (ch === "'") {
      const end = sql.indexOf("'", i + 1);
      let j = end;
      while (j !== -1 && sql[j + 1] === "'") j = sql.indexOf("'", j + 2);
      const stop = j === -1 ? sql.length : j + 1;
      out += sql.slice(i, stop);
      i = stop;
    } else if (ch === '-' && sql[i + 1] === '-') {
      const nl = sql.indexOf('\n', i);
      i = nl === -1 ? sql.length : nl;
    } else if (/\s/.test(ch)) {
      while (i < sql.length && /\s/.test(sql[i]!)) i += 1;
      const prev = out.at(-1);
      const next = sql[i];
      if (prev !== undefined && next !== undefined && /[A-Za-z0-9_'"]/.test(prev) && /[A-Za-z0-9_'"]/.test(next)) out += ' ';
      else if (prev !== undefined && next !== undefined && /[<>=!|*+-]/.test(prev) && /[<>=!|*+-]/.test(next)) out += ' ';
    } else {
      out += ch;
      i += 1;
    }
  }
  return out;
}

/**
 * The whole query. `window` is the estimate's [from, to); `table` the table as the engine names it (the event data
 * store ID on Lake, `database.table` or the table on Athena); `mode` how CIs are counted: every CI (continuous), or
 * one per resource per UTC day it changed (daily), on the window day of its first change that day.
 */
export function compileCatalogQuery(
  catalog: EventCatalogData,
  assumptions: Assumptions,
  dialect: SqlDialect,
  window: { fromMs: number; toMs: number },
  table: string,
  mode: QueryMode,
  options: CompileOptions = {},
): string {
  if (!TABLE.test(table)) throw new UsageError(`'${table}' is not a table name the query can use`);
  if (!(Number.isSafeInteger(window.fromMs) && Number.isSafeInteger(window.toMs) && window.fromMs < window.toMs)) {
    throw new UsageError('the window must be whole milliseconds with its start before its end');
  }
  const F = String(window.fromMs);
  const T = String(window.toMs);
  const fields = new Fields(dialect);

  const kinds = new Set(options.kinds ?? RESULT_KINDS);
  // Calls that record nothing (an image push) count as events and keep resources in the inventory; a statement
  // that returns CIs alone can leave them out (they are then 'unrelated' in it, and it returns no classes).
  const recordsNothing = (e: EventEntry) =>
    resolveCount(e.configurationItems, assumptions) === 0 && (e.exceptions ?? []).length === 0 && e.behaviour === undefined;
  const relevant = (e: EventEntry) => kinds.has('events') || kinds.has('inventory') || !recordsNothing(e);
  // Number the entries so that entries alike (type, count, id) are neighbours: each column is then a few ranges.
  const typeKey = (e: EventEntry) => (typeof e.resourceType === 'string' ? e.resourceType : `~${e.resourceType.fromArn}`);
  const entries = catalog.events
    .filter(relevant)
    .map((entry) => ({ entry, sortKey: JSON.stringify([typeKey(entry), resolveCount(entry.configurationItems, assumptions), entry.exceptions ?? [], entry.resourceId ?? []]) }))
    .sort((a, b) => (a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : 0))
    .map((x) => x.entry);
  const numbers = (predicate: (e: EventEntry) => boolean) => entries.flatMap((e, i) => (predicate(e) ? [i + 1] : []));

  // b: the entry of each row, by its key: a one-letter code for the eventSource, then the eventName.
  const sources = [...new Set(entries.map((e) => e.eventSource))].sort();
  if (sources.length > 26) throw new Error('the SQL compiler codes at most 26 event sources');
  const code = (source: string) => String.fromCharCode(97 + sources.indexOf(source));
  const keys = entries.map((e) => sqlString(`${code(e.eventSource)}${e.eventName}`));
  const key = `CASE eventsource ${sources.map((source) => `WHEN ${sqlString(source)} THEN '${code(source)}'`).join(' ')} END||eventname`;
  const onlyWhenGroups = new Map<string, number[]>();
  entries.forEach((e, i) => {
    if (!e.onlyWhen) return;
    const condition = e.onlyWhen.map((c) => `${fields.expression(c.path, 'raw')} IN (${c.in.map(sqlString).join(',')})`).join(' OR ');
    onlyWhenGroups.set(condition, [...(onlyWhenGroups.get(condition) ?? []), i + 1]);
  });
  const onlyWhen = [...onlyWhenGroups].map(([condition, ns]) => `WHEN ${entryList(ns, 'e0')} AND NOT COALESCE(${condition},false) THEN NULL`);
  const entryExpression = onlyWhen.length === 0 ? 'e0' : `CASE ${onlyWhen.join(' ')} ELSE e0 END`;

  // m: what each entry makes of a matched row. Every type is AWS::<service>::<name> (the schema says so): the
  // prefix is written once; with typeCodes a type is its number in the catalog's resourceTypes instead.
  const typeCodes = options.typeCodes ?? dialect.name === 'lake';
  const declared = catalog.resourceTypes.map((t) => t.type);
  const typeValue = (type: string) => {
    if (!typeCodes) return sqlString(type.slice(TYPE_PREFIX.length));
    const index = declared.indexOf(type);
    if (index === -1) throw new Error(`resource type ${type} is not declared in the catalog's resourceTypes`);
    return String(index + 1);
  };
  const typeOf = (type: string) => (typeCodes ? typeValue(type) : sqlString(type));
  const idOf = (parts: readonly IdPart[]) => parts.map((part) => fields.part(part)).join(`||'/'||`);
  // The ARN is read only for the entries that name their resource by it (rt is theirs alone), so when they
  // share one path it can be read on every row.
  const arnPaths = [...new Set(entries.flatMap((e) => (typeof e.resourceType === 'string' ? [] : [e.resourceType.fromArn])))];
  const arnValue =
    arnPaths.length === 0 ? 'NULL' : arnPaths.length === 1 ? fields.field(arnPaths[0]!) : caseOverEntries(entries.map((e) => (typeof e.resourceType === 'string' ? 'NULL' : fields.field(e.resourceType.fromArn))));
  // An ARN's resource starts "<type>/": the prefix picks the type (null: Config does not record it) and the id.
  const arnTypes = catalog.arnResourceTypes.entries;
  for (const a of arnTypes) {
    if (!/^[^/]+\/$/.test(a.prefix)) throw new Error(`the SQL compiler needs ARN prefixes of the form 'type/', not '${a.prefix}'`);
  }
  const seenKinds = new Set<string>();
  const kindTypes: string[] = [];
  for (const a of arnTypes) {
    const kind = `${a.service}:${a.prefix}`;
    if (seenKinds.has(kind)) continue; // the first entry for a prefix wins, as in resourceFromArn
    seenKinds.add(kind);
    if (a.resourceType !== null) kindTypes.push(`WHEN ${sqlString(kind)} THEN ${typeValue(a.resourceType)}`);
  }
  const segmented = new Map<number, string[]>();
  for (const a of arnTypes) if (a.idSegments && a.idSegments > 1) segmented.set(a.idSegments, [...(segmented.get(a.idSegments) ?? []), sqlString(`${a.service}:${a.prefix}`)]);
  const arnRest = `substr(ares,length(ak)-length(asv))`;
  const arnId =
    segmented.size === 0
      ? arnRest
      : `CASE ${[...segmented].map(([n, kinds]) => `WHEN ak IN (${kinds.join(',')}) THEN regexp_extract(${arnRest},'^[^/]*(?:/[^/]*){0,${n - 1}}')`).join(' ')} ELSE ${arnRest} END`;

  const typeValues = entries.map((e) => (typeof e.resourceType === 'string' ? typeValue(e.resourceType) : 'aty'));
  // Ids matter for daily recording (a resource's days), the inventory and task definitions (family, revision);
  // a continuous count without the inventory needs them for task definitions alone.
  const withInventory = kinds.has('inventory');
  const idNeeded = (e: EventEntry) =>
    withInventory || e.behaviour !== undefined || (mode === 'daily' && (resolveCount(e.configurationItems, assumptions) > 0 || (e.exceptions ?? []).length > 0));
  const idValues = entries.map((e) => (!idNeeded(e) ? "''" : typeof e.resourceType === 'string' ? idOf(e.resourceId ?? []) : `COALESCE(${arnId},'?')`));
  // CIs matter to the 'ci' rows alone.
  const countValues = entries.map((e) => {
    if (!kinds.has('ci')) return '0';
    const base = resolveCount(e.configurationItems, assumptions);
    const exceptions = (e.exceptions ?? []).map(
      (x) => `WHEN ${dialect.keysSubsetOf('rp', x.when.requestKeysSubsetOf)} THEN ${resolveCount(x.configurationItems, assumptions)}`,
    );
    const count = exceptions.length === 0 ? String(base) : `CASE ${exceptions.join(' ')} ELSE ${base} END`;
    return typeof e.resourceType === 'string' ? count : `CASE WHEN aty IS NULL THEN 0 ELSE ${count} END`;
  });
  const registers = numbers((e) => e.behaviour === 'registerTaskDefinition');
  const deregisters = numbers((e) => e.behaviour === 'deregisterTaskDefinition');
  const behaviour = [
    registers.length > 0 ? `WHEN ${entryList(registers)} THEN 'r'` : '',
    deregisters.length > 0 ? `WHEN ${entryList(deregisters)} THEN 'd'` : '',
  ].filter((w) => w !== '');
  const deletes = numbers((e) => e.lifecycle === 'delete');
  const taskDefinitionTypes = [...new Set(entries.filter((e) => e.behaviour !== undefined && typeof e.resourceType === 'string').map((e) => e.resourceType as string))];

  // Related CIs (a subnet and a security group per task ENI) under their assumption.
  const relatedOn = (e: EventEntry) => (kinds.has('ci') && e.related && assumptions.boolean(e.related.assumption) ? e.related.resources : []);
  const relatedSlots = Math.max(0, ...entries.map((e) => relatedOn(e).length));
  const related: string[] = [];
  for (let s = 0; s < relatedSlots; s += 1) {
    related.push(`${caseOverEntries(entries.map((e) => (relatedOn(e)[s] ? sqlString(relatedOn(e)[s]!.resourceType) : 'NULL')))} t${s}`);
    related.push(
      `${caseOverEntries(entries.map((e) => {
        const r = relatedOn(e)[s];
        return r ? fields.part({ paths: r.paths, normalize: 'raw' }) : 'NULL';
      }))} i${s}`,
    );
  }
  const relatedCols = (prefix = '') => Array.from({ length: relatedSlots }, (_, s) => `,${prefix}t${s},${prefix}i${s}`).join('');

  const partColumns = [...fields.parts].map(([sql, alias]) => definition(sql, alias));
  const fieldColumns = [...fields.extracted].map(([path, alias]) => definition(`NULLIF(${fields.expression(path, 'carried')},'')`, alias));
  const jsonRoots = [...fields.jsonCarried, 'requestParameters'].filter((v, i, a) => a.indexOf(v) === i);
  const carriedNames = [...jsonRoots.map((root) => JSON_COLUMNS[root]!.carried), ...fields.carried.values()];
  const carried = [
    ...[...fields.jsonCarried, 'requestParameters'].filter((v, i, a) => a.indexOf(v) === i).map((root) => `CASE WHEN e>0 THEN ${JSON_COLUMNS[root]!.column} END ${JSON_COLUMNS[root]!.carried}`),
    ...[...fields.carried].map(([raw, alias]) => `${raw} ${alias}`),
  ];

  const scan = [
    options.scanFromMs !== undefined ? dialect.timeBound('eventtime', '>=', options.scanFromMs) : undefined,
    options.scanToMs !== undefined ? dialect.timeBound('eventtime', '<', options.scanToMs) : undefined,
    options.where !== undefined ? `(${options.where})` : undefined,
  ].filter((p): p is string => p !== undefined);
  const dayOf = (ms: string) => `floor((${ms}-${F})/${DAY_DOUBLE})`;
  const rows = `PARTITION BY fk ORDER BY ord ROWS UNBOUNDED PRECEDING`;

  const ctes = [
    `b AS (SELECT NULLIF(eventid,'') id,CASE WHEN eventtype='AwsCloudTrailInsight' THEN NULL ELSE ${dialect.epochMs('eventtime')} END ms,NULLIF(eventsource,'') src,NULLIF(eventname,'') nm,
COALESCE(NULLIF(recipientaccountid,''),NULLIF(useridentity.accountid,''),'unknown') acct,COALESCE(NULLIF(awsregion,''),'unknown') reg,
NULLIF(errorcode,'') err,${dialect.readOnly('readonly')} ro,e,
${carried.join(',')}
FROM (SELECT *,${entryExpression} e FROM (SELECT *,NULLIF(array_position(ARRAY[${keys.join(',')}],
${key}),0) e0 FROM ${table}${scan.length > 0 ? ` WHERE ${scan.join(' AND ')}` : ''}) t0) t1)`,
    // The classifier: one survivor per eventID, then the classes in the classifier's order.
    `r AS (SELECT *,CASE WHEN id IS NULL THEN 1 ELSE row_number() OVER (PARTITION BY id ORDER BY ms,tb) END cp
FROM (SELECT *,src||'|'||nm||'|'||acct||'|'||reg||'|'||COALESCE(err,'')||'|'||CASE WHEN ro THEN '1' ELSE '0' END tb
FROM b WHERE ms IS NOT NULL AND src IS NOT NULL AND nm IS NOT NULL) u)`,
    `c AS (SELECT *,CASE WHEN cp>1 THEN 'duplicates' WHEN ms<${F} OR ms>=${T} THEN 'outOfWindow' ELSE ic END cls
FROM (SELECT *,CASE WHEN err IS NOT NULL THEN 'failed' WHEN ro THEN 'readOnly' WHEN e IS NULL THEN 'unrelated' ELSE 'counted' END ic FROM r) x)`,
  ];
  // The replay's input: counted survivors before the window's end, each field extracted once, the ARN parsed.
  ctes.push(`f AS (SELECT *,asv||':'||regexp_extract(ares,'^[^/]*/') ak FROM (SELECT *${partColumns.map((c) => `,${c}`).join('')},
split_part(${arnValue},':',3) asv,regexp_extract(${arnValue},${ARN_RESOURCE},1) ares FROM (SELECT acct,reg,ms,id,src,nm,e,${carriedNames.join(',')}${fieldColumns.map((c) => `,${c}`).join('')}
FROM c WHERE cp=1 AND ic='counted' AND ms<${T}) y) z)`);
  ctes.push(
    `m AS (SELECT acct,reg,ms,rt,rid,CASE WHEN rt IS NULL THEN 0 ELSE n END n,bh${withInventory ? ',del' : ''}${relatedCols()},COALESCE(id,'')||'|'||src||'|'||nm||'|'||rid ok
FROM (SELECT *,${typeCodes ? '' : `${sqlString(TYPE_PREFIX)}||`}${caseOverEntries(typeValues)} rt,${caseOverEntries(idValues)} rid,${caseOverEntries(countValues)} n,
${behaviour.length > 0 ? `CASE ${behaviour.join(' ')} END` : 'CAST(NULL AS VARCHAR)'} bh${withInventory ? `,${deletes.length > 0 ? entryList(deletes) : 'false'} del` : ''}${related.map((x) => `,${x}`).join('')}
FROM (SELECT *,CASE ak ${kindTypes.join(' ')} END aty FROM f) g) h)`,
    // Task definitions: a deregistration records a CI only when no higher revision of the family is ACTIVE then.
    // fk: the family's key (account, region, family), ord: the replay's order within the family.
    `td AS (SELECT *,row_number() OVER (PARTITION BY fk ORDER BY ms,ok) ord
FROM (SELECT *,TRY_CAST(regexp_extract(rid,${REVISION},2) AS BIGINT) rev,acct||'|'||reg||'|'||COALESCE(NULLIF(regexp_extract(rid,${REVISION},1),''),rid) fk
FROM m WHERE bh IS NOT NULL AND rt IS NOT NULL) t)`,
    // A registration without a revision stands just above the family's highest so far (registerUnnumbered). In
    // halves (v = 2 x revision): highest = u + max(0, max over numbered registrations so far of 2 x revision - their u),
    // u = registrations without a revision so far.
    `tr AS (SELECT acct,reg,fk,ord,CASE WHEN rev IS NOT NULL THEN 2*rev ELSE u+GREATEST(0,COALESCE(MAX(CASE WHEN rev IS NOT NULL THEN 2*rev-u END) OVER (${rows}),0)) END v
FROM (SELECT *,SUM(CASE WHEN rev IS NULL THEN 1 ELSE 0 END) OVER (${rows}) u FROM td WHERE bh='r') t)`,
    // A revision is ACTIVE from its registration to its next event (a deregistration, or a registration again).
    `ts AS (SELECT *,lead(ord) OVER (PARTITION BY fk,v ORDER BY ord) nx
FROM (SELECT acct,reg,fk,v,ord,'r' a FROM tr UNION ALL SELECT acct,reg,fk,2*rev,ord,'d' FROM td WHERE bh='d' AND rev IS NOT NULL) t)`,
    // hi: revisions of the family above the deregistered one and ACTIVE when it is deregistered.
    `tbk AS (SELECT d.fk,d.ord,COUNT(h.ord) hi FROM ts d LEFT JOIN ts h ON h.fk=d.fk AND h.a='r' AND h.v>d.v AND h.ord<d.ord AND (h.nx IS NULL OR h.nx>d.ord)
WHERE d.a='d' GROUP BY d.fk,d.ord)`,
    `mc AS (SELECT acct,reg,ms,rt,rid,n${relatedCols()} FROM m WHERE bh IS NULL AND n>0 AND ms>=${F}
UNION ALL SELECT acct,reg,ms,rt,rid,CASE WHEN bh='d' AND hi>0 THEN 0 ELSE n END${relatedCols()} FROM td LEFT JOIN tbk USING (fk,ord) WHERE n>0 AND ms>=${F})`,
    `ch AS (SELECT acct,reg,ms,rt,rid,n FROM mc WHERE n>0${Array.from({ length: relatedSlots }, (_, s) => ` UNION ALL SELECT acct,reg,ms,t${s},i${s},1 FROM mc WHERE n>0 AND t${s} IS NOT NULL`).join('')})`,
  );

  // The result: the first SELECT names the columns, every item is text.
  const item = (column: string) => (typeCodes ? `CAST(${column} AS VARCHAR)` : column);
  const selects: string[] = [];
  const select = (kind: string, day: string, account: string, region: string, it: string, n: string, rest: string) => {
    const first = selects.length === 0;
    const as = (value: string, name: string) => (first ? `${value} ${name}` : value);
    selects.push(`SELECT ${as(`'${kind}'`, 'kind')},${as(day, 'day_index')},${as(account, 'account')},${as(region, 'region')},${as(it, 'item')},${as(n, 'n')} ${rest}`);
  };
  if (kinds.has('ci')) {
    if (mode === 'continuous') select('ci', 'd', 'acct', 'reg', item('rt'), 'CAST(SUM(n) AS BIGINT)', `FROM (SELECT *,${dayOf('ms')} d FROM ch) q GROUP BY d,acct,reg,rt`);
    else {
      select('ci', 'd', 'acct', 'reg', item('rt'), 'COUNT(*)', `FROM (SELECT acct,reg,rt,${dayOf('MIN(ms)')} d
FROM (SELECT *,floor(ms/${DAY_DOUBLE}) ud FROM ch) q GROUP BY acct,reg,rt,rid,ud) p GROUP BY d,acct,reg,rt`);
    }
  }
  if (kinds.has('events')) {
    select('events', 'NULL', 'NULL', 'NULL', 'cls', 'COUNT(*)', 'FROM c GROUP BY cls');
    select('events', 'NULL', 'NULL', 'NULL', "'skipped'", 'COUNT(*)', 'FROM b WHERE ms IS NULL OR src IS NULL OR nm IS NULL');
  }
  if (withInventory) {
    const tdTypes = taskDefinitionTypes.map(typeOf);
    select('inventory', 'NULL', 'acct', 'reg', item('rt'), 'COUNT(*)', `FROM (SELECT acct,reg,rt,del,row_number() OVER (PARTITION BY acct,reg,rt,rid ORDER BY ms DESC,ok DESC) k
FROM m WHERE rt IS NOT NULL AND rid<>'?'${tdTypes.length > 0 ? ` AND rt NOT IN (${tdTypes.join(',')})` : ''}) l WHERE k=1 AND NOT del GROUP BY acct,reg,rt`);
    if (tdTypes.length > 0) select('inventory', 'NULL', 'acct', 'reg', item(tdTypes[0]!), 'COUNT(DISTINCT fk)', "FROM ts WHERE a='r' AND nx IS NULL AND fk NOT LIKE '%|?' GROUP BY acct,reg");
    select('scope', 'NULL', 'acct', 'reg', 'NULL', 'NULL', 'FROM m GROUP BY acct,reg');
  }
  if (selects.length === 0) throw new UsageError('the query must return at least one kind of row');
  // Leave out what the rows asked for do not read.
  const needed = new Set(['b', 'r', 'c']);
  if (kinds.has('ci') || withInventory) ['f', 'm', 'td', 'tr', 'ts'].forEach((n) => needed.add(n));
  if (kinds.has('ci')) ['tbk', 'mc', 'ch'].forEach((n) => needed.add(n));
  const usedCtes = ctes.filter((cte) => needed.has(cte.slice(0, cte.indexOf(' '))));
  const sql = `-- config-cost: AWS Config CIs (${mode} recording) from CloudTrail, ${dialect.name} dialect, window [${new Date(window.fromMs).toISOString()}, ${new Date(window.toMs).toISOString()})
WITH ${usedCtes.join(',\n')}
${selects.join('\nUNION ALL ')}`;
  const compact = options.compact ?? dialect.name === 'lake';
  const resolved = inlineDefinitions(sql);
  const text = compact ? compactSql(resolved) : resolved;
  const maxChars = options.maxChars ?? (dialect.name === 'lake' ? LAKE_MAX_QUERY_CHARS : Number.POSITIVE_INFINITY);
  if (text.length > maxChars) {
    throw new QueryTooLongError(`the compiled query has ${text.length} characters, more than the ${maxChars} ${dialect.name} takes; split it (compileLakeQueries)`);
  }
  return text;
}

/**
 * The query for CloudTrail Lake, as few statements as fit its 10,000 characters: all rows in one if it fits, else
 * the CIs with the event classes and the inventory apart, else each kind alone. Run them all and parse their rows
 * together (every statement scans the store again).
 */
export function compileLakeQueries(
  catalog: EventCatalogData,
  assumptions: Assumptions,
  dialect: SqlDialect,
  window: { fromMs: number; toMs: number },
  table: string,
  mode: QueryMode,
  options: Omit<CompileOptions, 'kinds'> & { kinds?: readonly ResultKind[] | undefined } = {},
): string[] {
  const wanted = options.kinds ?? RESULT_KINDS;
  const groupings: ResultKind[][][] = [[[...wanted]], [wanted.filter((k) => k !== 'inventory'), wanted.filter((k) => k === 'inventory')], wanted.map((k) => [k])];
  let last: unknown;
  for (const grouping of groupings) {
    try {
      return grouping.filter((kinds) => kinds.length > 0).map((kinds) => compileCatalogQuery(catalog, assumptions, dialect, window, table, mode, { ...options, kinds }));
    } catch (error) {
      if (!(error instanceof QueryTooLongError)) throw error;
      last = error;
    }
  }
  throw last;
}
