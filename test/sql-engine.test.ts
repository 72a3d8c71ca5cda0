// The compiled catalog query run on a real engine (DuckDB, in memory, over a table shaped like Athena's CloudTrail
// table) against the project's own replay of the same records: event classes, CIs per account, region, type and
// day under continuous and daily recording, the inventory, the account-regions, and the priced month.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Assumptions } from '../src/core/assumptions.js';
import { RecordClassifier } from '../src/core/classify.js';
import { buildEstimateReport } from '../src/core/estimate.js';
import { DAY_MS } from '../src/core/event-time.js';
import { makeForecast } from '../src/core/forecast.js';
import { InputLedger } from '../src/core/input-ledger.js';
import { inferInventory } from '../src/core/inventory.js';
import { recordConfigurationItems, type RecordingMode } from '../src/core/recording.js';
import { replayConfigurationItems } from '../src/core/replay.js';
import { priceScenario } from '../src/core/scenario.js';
import type { Window } from '../src/core/window.js';
import { loadAssumptionDefinitions, loadEventCatalog, loadPriceBook, loadRuleCatalog, readUserDataFile } from '../src/data/load.js';
import { resolveRuleSet } from '../src/rules/rule-set.js';
import { listEventFiles, readEventFile, type FileOutcome } from '../src/sources/files.js';
import { compileCatalogQuery, RESULT_KINDS, type CompileOptions } from '../src/sources/sql/compile.js';
import { duckdbDialect } from '../src/sources/sql/dialect.js';
import { parseQueryResult, recordedFromAggregates, recordedItemsFromAggregates } from '../src/sources/sql/results.js';
import { cloudTrailTable, runDuckQuery, type CloudTrailTable } from './fixtures/sql/duckdb.js';
import { EDGE_WINDOWS, edgeRecords } from './fixtures/sql/edge-records.js';
import { cli, DATASETS } from './helpers/run.js';

const catalogData = loadEventCatalog(new Assumptions(loadAssumptionDefinitions())).data;
const resourceTypes = catalogData.resourceTypes.map((t) => t.type);

async function readOutcomes(paths: string[]): Promise<FileOutcome[]> {
  const outcomes: FileOutcome[] = [];
  for (const file of await listEventFiles(paths)) outcomes.push(await readEventFile(file));
  return outcomes;
}
const recordsOf = (outcomes: readonly FileOutcome[]) => outcomes.flatMap((o) => (o.kind === 'records' ? o.records : []));
const asOutcome = (records: unknown[]): FileOutcome => ({ path: 'synthetic-sql-fixture.json', kind: 'records', format: 'array', records, badRecords: [] });
const windowOf = (from: string, to: string): Window => {
  const fromMs = Date.parse(from);
  const toMs = Date.parse(to);
  return { fromMs, toMs, days: (toMs - fromMs) / DAY_MS };
};
const gridOf = (window: Window) => ({ fromMs: window.fromMs, dayCount: Math.ceil(window.days - 1e-9) });

/** The project's pipeline, as the estimate runs it after reading. */
function localReplay(outcomes: readonly FileOutcome[], window: Window, mode: RecordingMode, assume: Record<string, string>) {
  const assumptions = new Assumptions(loadAssumptionDefinitions(), assume);
  const catalog = loadEventCatalog(assumptions);
  const classifier = new RecordClassifier(catalog);
  const ledger = new InputLedger();
  for (const o of outcomes) ledger.ingest(o, classifier, catalog);
  const classification = classifier.finish(window);
  const replayed = [...classification.history, ...classification.counted];
  const changes = replayConfigurationItems(replayed, window.fromMs);
  const seen = new Map<string, { account: string; region: string }>();
  for (const e of replayed) seen.set(`${e.account}|${e.region}`, { account: e.account, region: e.region });
  return {
    classification,
    events: classification.events,
    skipped: ledger.result().skipped.records,
    counts: recordConfigurationItems(changes, { mode }, gridOf(window)).counts,
    inventory: inferInventory(replayed),
    accountRegions: [...seen.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, v]) => v),
    deregistrations: changes.filter((c) => c.eventName === 'DeregisterTaskDefinition').length,
    ledger,
  };
}

/**
 * The readable query in one statement, or Lake's shape of it run on DuckDB: compact, types by number, and split
 * into one statement per kind of row, as compileLakeQueries splits it when it must.
 */
type Shape = 'readable' | 'lake-shaped';
async function sqlReplay(table: CloudTrailTable, window: Window, mode: RecordingMode, assume: Record<string, string>, shape: Shape) {
  const assumptions = new Assumptions(loadAssumptionDefinitions(), assume);
  const compile = (options: CompileOptions) => compileCatalogQuery(catalogData, assumptions, duckdbDialect, window, table.table, mode, options);
  const queries = shape === 'lake-shaped' ? RESULT_KINDS.map((kind) => compile({ compact: true, typeCodes: true, kinds: [kind] })) : [compile({})];
  const rows = (await Promise.all(queries.map((sql) => runDuckQuery(table.connection, sql)))).flat();
  const result = parseQueryResult(rows, window, resourceTypes);
  const { skipped, ...events } = result.events;
  return { ...result, events, skipped, counts: recordedFromAggregates(result.aggregates, gridOf(window)), queries };
}

const FLIPPED = {
  'force-new-deployment-records-ci': 'true',
  'desired-count-change-records-ci': 'false',
  'eks-status-transition-records-ci': 'true',
  'eni-changes-record-subnet-and-security-group-cis': 'true',
};
const ASSUMPTION_SETS: [string, Record<string, string>][] = [
  ['default assumptions', {}],
  ['every boolean assumption flipped', FLIPPED],
];

async function expectSame(outcomes: readonly FileOutcome[], table: CloudTrailTable, window: Window, mode: RecordingMode, assume: Record<string, string>, shape: Shape) {
  const local = localReplay(outcomes, window, mode, assume);
  const sql = await sqlReplay(table, window, mode, assume, shape);
  expect(sql.events).toEqual(local.events);
  expect(sql.skipped).toBe(local.skipped);
  expect(sql.counts).toEqual(local.counts);
  expect(sql.inventory).toEqual(local.inventory);
  expect(sql.accountRegions).toEqual(local.accountRegions);
  return { local, sql };
}

describe('simulated archive (simulate --days 5 --until 2026-06-10)', () => {
  let dir: string;
  let outcomes: FileOutcome[];
  let table: CloudTrailTable;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'config-cost-sql-sim-'));
    const result = await cli(['simulate', '--out', dir, '--days', '5', '--until', '2026-06-10']);
    expect(result.code).toBe(0);
    outcomes = await readOutcomes([dir]);
    table = await cloudTrailTable(recordsOf(outcomes));
  });
  afterAll(async () => {
    await table?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const windows: [string, Window][] = [
    ['the simulated window', windowOf('2026-06-05T00:00:00Z', '2026-06-10T00:00:00Z')],
    ['a window cutting it mid-day', windowOf('2026-06-06T13:30:00Z', '2026-06-09T02:00:00Z')],
  ];
  for (const [label, window] of windows) {
    for (const mode of ['continuous', 'daily'] as const) {
      for (const shape of ['readable', 'lake-shaped'] as const) {
        it(`${label}, ${mode}, ${shape}: classes, CIs per type per day, inventory equal the replay`, async () => {
          const { local } = await expectSame(outcomes, table, window, mode, {}, shape);
          expect(local.counts.reduce((s, c) => s + c.count, 0)).toBeGreaterThan(100);
          expect(local.events.duplicates).toBeGreaterThan(0);
          expect(local.events.counted).toBeGreaterThan(0);
        });
      }
    }
  }
  it('every boolean assumption flipped, both recordings', async () => {
    for (const mode of ['continuous', 'daily'] as const) await expectSame(outcomes, table, windows[0]![1], mode, FLIPPED, 'readable');
  });

  it('prices the same month through priceScenario as the estimate does', async () => {
    const window = windows[0]![1];
    const assumptions = new Assumptions(loadAssumptionDefinitions());
    const catalog = loadEventCatalog(assumptions);
    const priceBook = loadPriceBook();
    const ruleCatalog = loadRuleCatalog();
    const ruleSets = ['none', 'containers-2022'].map((spec) => resolveRuleSet(spec, ruleCatalog, readUserDataFile, () => false));
    for (const mode of ['continuous', 'daily'] as const) {
      const local = localReplay(outcomes, window, mode, {});
      const report = buildEstimateReport({
        window,
        classification: local.classification,
        input: local.ledger.result(),
        recording: { mode },
        assumptions,
        priceBook,
        resourceTypes: catalog.resourceTypes,
        ruleSets,
        withRange: false,
      });
      const sql = await sqlReplay(table, window, mode, {}, 'lake-shaped');
      const forecast = makeForecast(window, { monthDays: assumptions.number('month-days'), trend: false });
      const priced = priceScenario({
        recorded: recordedItemsFromAggregates(sql.aggregates, gridOf(window), { mode }),
        inventory: sql.inventory,
        accountRegions: sql.accountRegions,
        forecast,
        recording: { mode },
        ruleSets,
        priceBook,
        tierScope: 'region',
        complianceCisPerEvaluatedCi: assumptions.number('resource-compliance-cis-per-evaluated-ci'),
        resourceTypes: catalog.resourceTypes,
        withRange: false,
      });
      expect(priced.configurationItems.observed).toEqual(report.configurationItems.observed);
      expect(priced.configurationItems.monthlyCostUSD).toEqual(report.configurationItems.monthlyCostUSD);
      expect(priced.byAccountRegion).toEqual(report.byAccountRegion);
      expect(priced.ruleSets.map((s) => s.monthlyCostUSD)).toEqual(report.ruleSets.map((s) => s.monthlyCostUSD));
      expect(report.ruleSets[1]!.monthlyCostUSD.total).toBeGreaterThan(report.ruleSets[0]!.monthlyCostUSD.total);
    }
  });
});

describe('synthetic edge cases (test/fixtures/sql/edge-records.ts)', () => {
  const records = edgeRecords();
  const outcomes = [asOutcome(records)];
  let table: CloudTrailTable;
  beforeAll(async () => {
    table = await cloudTrailTable(records);
  });
  afterAll(async () => table?.close());

  for (const { label, from, to } of EDGE_WINDOWS) {
    for (const [assumptionLabel, assume] of ASSUMPTION_SETS) {
      for (const mode of ['continuous', 'daily'] as const) {
        for (const shape of ['readable', 'lake-shaped'] as const) {
          it(`${label}, ${assumptionLabel}, ${mode}, ${shape}`, async () => {
            await expectSame(outcomes, table, windowOf(from, to), mode, assume, shape);
          });
        }
      }
    }
  }

  it('reaches what it was written for', () => {
    const local = localReplay(outcomes, windowOf(EDGE_WINDOWS[0]!.from, EDGE_WINDOWS[0]!.to), 'continuous', {});
    expect(local.events).toMatchObject({ duplicates: 3, failed: 1, readOnly: 2 });
    expect(local.events.outOfWindow).toBeGreaterThan(5);
    expect(local.events.unrelated).toBeGreaterThanOrEqual(3);
    expect(local.skipped).toBe(5);
    // Deregistrations that record a CI: web:2, web:1 (then latest), api:5, batch:3, 'batch' (no revision),
    // twice:1, ghost:9, zero:0 (no revision), web:3 in eu-west-1, web:4 in the other account; not web:1 again,
    // api:005 (api:6 is active) nor batch:2 (an unnumbered registration stands above it).
    expect(local.deregistrations).toBe(10);
    expect(local.accountRegions).toHaveLength(5); // A and B in two regions each, and 'unknown' (no account in the record)
  });

});

describe('real CloudTrail files (../shared/datasets)', () => {
  let outcomes: FileOutcome[];
  let table: CloudTrailTable;
  beforeAll(async () => {
    outcomes = await readOutcomes([DATASETS]);
    table = await cloudTrailTable(recordsOf(outcomes));
  });
  afterAll(async () => table?.close());

  it('every dataset, a window over all of them: classes, CIs and inventory equal the replay', async () => {
    // The records span years: one wide window, and the AWS documentation's examples' own dates.
    const wide = windowOf('2015-01-01T00:00:00Z', '2027-01-01T00:00:00Z');
    for (const mode of ['continuous', 'daily'] as const) {
      for (const [, assume] of ASSUMPTION_SETS) {
        const { local } = await expectSame(outcomes, table, wide, mode, assume, 'readable');
        expect(local.events.read).toBeGreaterThan(1000);
      }
    }
  });

  it('the AWS documentation examples alone: EKS CreateCluster records 1 CI, ECR PutImage none, shared eventIDs dedupe', async () => {
    const docs = await readOutcomes([`${DATASETS}aws-docs-examples`]);
    const docsTable = await cloudTrailTable(recordsOf(docs));
    try {
      const window = windowOf('2015-01-01T00:00:00Z', '2027-01-01T00:00:00Z');
      const { sql } = await expectSame(docs, docsTable, window, 'continuous', {}, 'lake-shaped');
      const byType = Object.fromEntries(sql.counts.map((c) => [c.resourceType, c.count]));
      expect(byType['AWS::EKS::Cluster']).toBe(1);
      // ecs_CreateCluster (2018-06-20) and ecr_CreateRepository (2018-07-11) share eventID e3c6f4ce-EXAMPLE: the
      // earlier survives, in SQL as in the replay; PutImage records nothing.
      expect(byType['AWS::ECS::Cluster']).toBe(1);
      expect(byType['AWS::ECR::Repository']).toBeUndefined();
      expect(sql.events.duplicates).toBeGreaterThanOrEqual(1);
      expect(sql.events.counted).toBeGreaterThanOrEqual(3);
    } finally {
      await docsTable.close();
    }
  });
});
