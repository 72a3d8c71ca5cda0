// The compiler's text: Lake's 10,000-character limit, the dialects' differences, what it refuses; and the one
// place where the SQL and the replay may keep different copies of a duplicated eventID.
import { describe, expect, it } from 'vitest';
import type { EventCatalogData } from '../src/catalog/schema.js';
import { Assumptions } from '../src/core/assumptions.js';
import { RecordClassifier } from '../src/core/classify.js';
import { InputLedger } from '../src/core/input-ledger.js';
import { loadAssumptionDefinitions, loadEventCatalog } from '../src/data/load.js';
import { UsageError } from '../src/errors.js';
import { compactSql, compileCatalogQuery, compileLakeQueries, LAKE_MAX_QUERY_CHARS, QueryTooLongError, RESULT_KINDS } from '../src/sources/sql/compile.js';
import { athenaDialect, duckdbDialect, jsonPath, lakeDialect } from '../src/sources/sql/dialect.js';
import { lakeTableName } from '../src/sources/sql/lake.js';
import { parseEventCounts } from '../src/sources/sql/results.js';
import { cloudTrailTable, runDuckQuery } from './fixtures/sql/duckdb.js';
import { conflictingCopies } from './fixtures/sql/edge-records.js';

const catalog = loadEventCatalog(new Assumptions(loadAssumptionDefinitions())).data;
const window = { fromMs: Date.parse('2026-10-03T00:00:00Z'), toMs: Date.parse('2026-11-02T00:00:00Z') };
const assumptionsWith = (assume: Record<string, string> = {}) => new Assumptions(loadAssumptionDefinitions(), assume);
const BOOLEAN_ASSUMPTIONS = ['force-new-deployment-records-ci', 'desired-count-change-records-ci', 'eks-status-transition-records-ci', 'eni-changes-record-subnet-and-security-group-cis'];

/** Every combination of the boolean assumptions. */
function* assumptionCombinations(): Generator<Record<string, string>> {
  for (let bits = 0; bits < 1 << BOOLEAN_ASSUMPTIONS.length; bits++) {
    yield Object.fromEntries(BOOLEAN_ASSUMPTIONS.map((id, i) => [id, String(Boolean(bits & (1 << i)))]));
  }
}

describe('CloudTrail Lake: at most 10,000 characters a statement', () => {
  it('fits every mode and combination of assumptions, in at most three statements, with scan bounds', () => {
    const counts: Record<string, number> = {};
    for (const mode of ['continuous', 'daily'] as const) {
      for (const assume of assumptionCombinations()) {
        const queries = compileLakeQueries(catalog, assumptionsWith(assume), lakeDialect, window, 'EXAMPLE-f852-4e8f-8bd1-bcf6cEXAMPLE', mode, {
          scanFromMs: window.fromMs - 30 * 86_400_000,
          scanToMs: window.toMs,
        });
        for (const q of queries) expect(q.length).toBeLessThanOrEqual(LAKE_MAX_QUERY_CHARS);
        expect(queries.length).toBeLessThanOrEqual(3);
        counts[`${mode} ${queries.length}`] = (counts[`${mode} ${queries.length}`] ?? 0) + 1;
      }
    }
    // With the default assumptions one statement holds everything for either recording.
    for (const mode of ['continuous', 'daily'] as const) {
      expect(compileLakeQueries(catalog, assumptionsWith(), lakeDialect, window, 'EDS', mode)).toHaveLength(1);
    }
    expect(Object.keys(counts).length).toBeGreaterThan(1);
  });

  it('a statement longer than the engine takes is an error that names the limit; the splitter recovers from it', () => {
    const compile = () => compileCatalogQuery(catalog, assumptionsWith(), lakeDialect, window, 'EDS', 'daily', { maxChars: 4_000 });
    expect(compile).toThrow(QueryTooLongError);
    expect(compile).toThrow(/more than the 4000 lake takes/);
    const parts = compileLakeQueries(catalog, assumptionsWith(), lakeDialect, window, 'EDS', 'daily', { maxChars: 9_500 });
    expect(parts.length).toBeGreaterThan(1);
    expect(() => compileLakeQueries(catalog, assumptionsWith(), lakeDialect, window, 'EDS', 'daily', { maxChars: 1_000 })).toThrow(QueryTooLongError);
  });

  it('reads the event data store by the ID part of its ARN', () => {
    expect(lakeTableName('arn:aws:cloudtrail:us-east-1:123456789012:eventdatastore/EXAMPLE-f852-4e8f-8bd1-bcf6cEXAMPLE')).toBe('EXAMPLE-f852-4e8f-8bd1-bcf6cEXAMPLE');
    expect(lakeTableName('EXAMPLE-f852')).toBe('EXAMPLE-f852');
    expect(() => lakeTableName('x; DROP TABLE y')).toThrow(UsageError);
  });
});

describe('one query, three dialects', () => {
  const texts = {
    athena: compileCatalogQuery(catalog, assumptionsWith(), athenaDialect, window, 'cloudtrail_logs', 'continuous'),
    lake: compileCatalogQuery(catalog, assumptionsWith(), lakeDialect, window, 'EDS', 'continuous', { compact: false, typeCodes: false, maxChars: Infinity }),
    duckdb: compileCatalogQuery(catalog, assumptionsWith(), duckdbDialect, window, 'cloudtrail_logs', 'continuous'),
  };

  it('differ only in reading JSON, listing request keys, reading eventTime and readOnly', () => {
    const strip = (sql: string, dialect: typeof athenaDialect) => {
      // Replace each dialect-specific expression by a marker; what is left must be the same text.
      let text = sql.split('\n').slice(1).join('\n');
      for (const column of ['rp', 're', 'requestparameters', 'responseelements']) {
        for (const path of ['resourceArn', 'networkInterfaceId', 'networkInterface.networkInterfaceId', 'repositoryName', 'ecrRepositoryPrefix', 'name', 'capacityProvider', 'cluster', 'clusterName', 'service', 'serviceName', 'taskDefinitions', 'taskDefinition', 'taskDefinition.taskDefinitionArn', 'family', 'primaryTaskSet', 'taskSet', 'taskSet.id', 'taskSet.taskSetArn', 'externalId', 'addonName', 'fargateProfileName', 'identityProviderConfig.name', 'oidc.identityProviderConfigName', 'nodegroupName'].sort((a, b) => b.length - a.length)) {
          text = text.replaceAll(dialect.json(column, path), 'JSON');
        }
      }
      text = text.replaceAll(dialect.keysSubsetOf('rp', ['cluster', 'service', 'forceNewDeployment']), 'KEYS');
      text = text.replaceAll(dialect.keysSubsetOf('rp', ['cluster', 'service', 'desiredCount']), 'KEYS');
      text = text.replaceAll(dialect.epochMs('eventtime'), 'TIME').replaceAll(dialect.readOnly('readonly'), 'READONLY');
      return text.replace(/FROM [A-Za-z_]+\)/g, 'FROM TABLE)').replace(/FROM EDS\)/g, 'FROM TABLE)');
    };
    const athena = strip(texts.athena, athenaDialect);
    expect(strip(texts.duckdb, duckdbDialect)).toBe(athena);
    expect(strip(texts.lake, lakeDialect)).toBe(athena);
  });

  it('uses no engine-specific function outside its dialect', () => {
    for (const duckOnly of ['json_extract_string', 'list_filter', 'epoch_ms', 'lambda ', 'TIMESTAMPTZ', 'regexp_matches']) {
      expect(texts.athena).not.toContain(duckOnly);
      expect(texts.lake).not.toContain(duckOnly);
    }
    expect(texts.athena).toContain('from_iso8601_timestamp(eventtime)');
    expect(texts.athena).toContain("json_extract_scalar(rp, '$.cluster')");
    expect(texts.lake).toContain("element_at(rp, 'cluster')");
    expect(texts.lake).toContain("json_extract_scalar(element_at(re, 'taskDefinition'), '$.taskDefinitionArn')");
    expect(texts.lake).toContain('to_unixtime(eventtime)');
  });

  it('compiles the assumptions in force: UpdateService exceptions and related ENI CIs', () => {
    const withDefaults = compileCatalogQuery(catalog, assumptionsWith(), athenaDialect, window, 't', 'continuous');
    const flipped = compileCatalogQuery(catalog, assumptionsWith({ 'force-new-deployment-records-ci': 'true', 'eni-changes-record-subnet-and-security-group-cis': 'true' }), athenaDialect, window, 't', 'continuous');
    const forced = athenaDialect.keysSubsetOf('rp', ['cluster', 'service', 'forceNewDeployment']);
    expect(withDefaults).toContain(`WHEN ${forced} THEN 0`);
    expect(flipped).toContain(`WHEN ${forced} THEN 1`);
    expect(withDefaults).not.toContain('AWS::EC2::Subnet');
    expect(flipped).toContain("'AWS::EC2::Subnet'");
    expect(withDefaults).toContain("useridentity.invokedby IN ('ecs.amazonaws.com') OR useridentity.sessioncontext.sessionissuer.username IN ('AWSServiceRoleForECS')");
  });

  it('bounds the scan on eventtime as each engine stores it, and adds a partition filter', () => {
    const bounds = { scanFromMs: Date.parse('2026-09-03T00:00:00Z'), scanToMs: window.toMs, where: "timestamp >= '2026/09/03'", maxChars: Infinity };
    expect(compileCatalogQuery(catalog, assumptionsWith(), athenaDialect, window, 't', 'daily', bounds)).toContain(
      "WHERE eventtime >= '2026-09-03T00:00:00Z' AND eventtime < '2026-11-02T00:00:00Z' AND (timestamp >= '2026/09/03')",
    );
    expect(compileCatalogQuery(catalog, assumptionsWith(), lakeDialect, window, 'EDS', 'daily', bounds)).toContain(
      "WHERE eventtime>=timestamp '2026-09-03 00:00:00.000' AND eventtime<timestamp '2026-11-02 00:00:00.000'",
    );
  });

  it('refuses what it cannot write safely', () => {
    expect(() => compileCatalogQuery(catalog, assumptionsWith(), athenaDialect, window, "t; DROP TABLE x --", 'daily')).toThrow(UsageError);
    expect(() => compileCatalogQuery(catalog, assumptionsWith(), athenaDialect, { fromMs: 2, toMs: 1 }, 't', 'daily')).toThrow(UsageError);
    const badPrefix: EventCatalogData = {
      ...catalog,
      arnResourceTypes: { ...catalog.arnResourceTypes, entries: [{ service: 'ecs', prefix: 'cluster', resourceType: 'AWS::ECS::Cluster' }] },
    };
    expect(() => compileCatalogQuery(badPrefix, assumptionsWith(), athenaDialect, window, 't', 'daily')).toThrow(/ARN prefixes of the form 'type\/'/);
    expect(() => jsonPath(["a'b"])).toThrow();
    expect(() => compileCatalogQuery(catalog, assumptionsWith(), athenaDialect, window, 't', 'daily', { kinds: [] })).toThrow(UsageError);
  });

  it('compacts white space outside string literals only', () => {
    expect(compactSql("SELECT  a ,\n  'x  y' AS b -- note\nFROM  t WHERE c = 'it''s  ok'")).toBe("SELECT a,'x  y' AS b FROM t WHERE c='it''s  ok'");
    expect(compactSql('a - -1')).toBe('a- -1');
    expect(compactSql('x < = y')).toBe('x< =y');
  });

  it('leaves no column placeholder in any text it writes', () => {
    for (const dialect of [athenaDialect, lakeDialect, duckdbDialect]) {
      for (const mode of ['continuous', 'daily'] as const) {
        for (const kind of RESULT_KINDS) {
          const sql = compileCatalogQuery(catalog, assumptionsWith(), dialect, window, 't', mode, { kinds: [kind], maxChars: Infinity });
          expect(sql).not.toMatch(/[\u0001\u0002]/);
        }
      }
    }
  });
});

describe('duplicated eventIDs that differ: each side keeps one copy by its own fixed tie-break', () => {
  it('counts the same duplicates and reads; the survivor of a conflicting pair may differ, and no real input has one', async () => {
    const records = conflictingCopies();
    const assumptions = assumptionsWith();
    const eventCatalog = loadEventCatalog(assumptions);
    const classifier = new RecordClassifier(eventCatalog);
    new InputLedger().ingest({ path: 'synthetic.json', kind: 'records', format: 'array', records, badRecords: [] }, classifier, eventCatalog);
    const local = classifier.finish({ ...window, fromMs: Date.parse('2026-03-01T00:00:00Z'), toMs: Date.parse('2026-04-01T00:00:00Z'), days: 31 }).events;
    const table = await cloudTrailTable(records);
    try {
      const sqlWindow = { fromMs: Date.parse('2026-03-01T00:00:00Z'), toMs: Date.parse('2026-04-01T00:00:00Z') };
      const rows = await runDuckQuery(table.connection, compileCatalogQuery(catalog, assumptions, duckdbDialect, sqlWindow, table.table, 'continuous', { kinds: ['events'] }));
      const sql = parseEventCounts(rows);
      expect(sql.read).toBe(local.read);
      expect(sql.duplicates).toBe(local.duplicates);
      expect(sql.failed + sql.counted).toBe(local.failed + local.counted);
      // The SQL keeps the copy with the smaller tie-break text ("...|AccessDenied|0" < "...||0"): the failed one.
      expect(sql.failed).toBe(1);
    } finally {
      await table.close();
    }
  });
});
