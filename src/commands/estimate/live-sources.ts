import { buildReportFromRecorded } from '../../core/estimate.js';
import { DAY_MS, startOfUtcDay } from '../../core/event-time.js';
import type { InputAccounting } from '../../core/input-ledger.js';
import { mergeInventory } from '../../core/inventory.js';
import { UnpricedRegionError } from '../../core/pricing.js';
import type { Window } from '../../core/window.js';
import { InputError, UsageError } from '../../errors.js';
import type { EstimateReport } from '../../report/model.js';
import type { CommandIO } from '../io.js';
import { prepareModel, type ReplayContext, type ReplayOptions } from './prepare.js';

export const SOURCES = ['files', 'lookup', 'lake', 'athena'] as const;
export type SourceName = (typeof SOURCES)[number];

/** Flags of the live sources: LookupEvents, CloudTrail Lake, Athena. */
export interface LiveSourceOptions {
  source?: SourceName | undefined;
  regions?: string[] | undefined;
  eventDataStore?: string | undefined;
  database?: string | undefined;
  table?: string | undefined;
  workgroup?: string | undefined;
  outputLocation?: string | undefined;
  partitionFilter?: string | undefined;
  historyDays?: number | undefined;
}

/** Without --from/--until, a live source ends the window at the end of today (UTC): there is no newest record to read first. */
export function liveWindow(context: ReplayContext, nowMs: number): Window {
  if (context.fixedWindow) return context.fixedWindow;
  const toMs = startOfUtcDay(nowMs) + DAY_MS;
  return { fromMs: toMs - context.days * DAY_MS, toMs, days: context.days };
}

const list = (values: string[] | undefined) => (values ?? []).flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v !== '');

/** `--source lookup`: LookupEvents pages, cached on disk, replayed like files. */
export async function estimateFromLookup(options: ReplayOptions & LiveSourceOptions, io: CommandIO): Promise<EstimateReport> {
  const regions = list(options.regions);
  if (regions.length === 0) throw new UsageError('--source lookup needs --regions (comma-separated): LookupEvents is per region');
  const context = prepareModel(options);
  const window = liveWindow(context, Date.now());
  const { fetchLookupEvents, createCloudTrailClient } = await import('../../sources/lookup/index.js');
  const { defaultCacheDir } = await import('../../sources/s3/cache.js');
  const result = await fetchLookupEvents({
    regions,
    window,
    cacheDir: options.cacheDir ?? defaultCacheDir(),
    noCache: options.cache === false,
    nowMs: Date.now(),
    profile: options.profile,
    clientFor: (region) => createCloudTrailClient(region, options.profile),
    eventSources: context.catalog.eventSources,
    // Progress on stderr only on a terminal, and not with --quiet (README, Reports).
    ...((io.stderrIsTTY ?? false) && !options.quiet ? { progress: (line: string) => io.stderr(`${line}\n`) } : {}),
  });
  const { estimateFiles } = await import('./index.js');
  return estimateFiles(result.files, { ...context, fixedWindow: window }, io);
}

/** `--source lake|athena`: the catalog compiled to SQL; the engine counts, only aggregates come back. */
export async function estimateFromSql(options: ReplayOptions & LiveSourceOptions, io: CommandIO): Promise<EstimateReport> {
  const context = prepareModel(options);
  const window = liveWindow(context, Date.now());
  const sql = await import('../../sources/sql/index.js');
  let source: Parameters<typeof sql.estimateWithSql>[0];
  if (options.source === 'lake') {
    if (!options.eventDataStore) throw new UsageError('--source lake needs --event-data-store ARN');
    const region = options.eventDataStore.split(':')[3];
    if (!region) throw new UsageError(`--event-data-store ${options.eventDataStore}: not an event data store ARN`);
    const { createCloudTrailClient } = await import('../../sources/lookup/index.js');
    source = { engine: 'lake', client: createCloudTrailClient(region, options.profile), eventDataStore: options.eventDataStore, options: { region } };
  } else {
    if (!options.database || !options.table || !options.workgroup) throw new UsageError('--source athena needs --database, --table and --workgroup');
    const { AthenaClient } = await import('@aws-sdk/client-athena');
    const client = new AthenaClient(options.profile !== undefined ? { profile: options.profile } : {});
    // Named in the one-line error of a failed call; a missing region fails at the first call, as before.
    const region = await client.config.region().catch(() => undefined);
    source = { engine: 'athena', client, table: options.table, options: { database: options.database, workgroup: options.workgroup, outputLocation: options.outputLocation, region } };
  }
  const run = (mode: 'continuous' | 'daily') =>
    sql.estimateWithSql(source, {
      catalog: context.catalog.data,
      assumptions: context.assumptions,
      window,
      recording: { ...context.recording, mode },
      historyDays: options.historyDays,
      compile: options.partitionFilter ? { where: options.partitionFilter } : undefined,
    });
  const main = await run(context.recording.mode);
  const other = await run(context.recording.mode === 'continuous' ? 'daily' : 'continuous');
  const { skipped, ...classes } = main.events;
  const accounting: InputAccounting = {
    files: { read: 0, digest: 0, insights: 0, skipped: 0 },
    skipped: { files: 0, records: skipped, byReason: skipped > 0 ? { 'unusable-record': skipped } : {} },
    warnings: [],
    incomplete: skipped > 0,
  };
  try {
    return buildReportFromRecorded({
      window,
      input: accounting,
      recording: context.recording,
      assumptions: context.assumptions,
      priceBook: context.priceBook,
      resourceTypes: context.catalog.resourceTypes,
      ruleSets: context.ruleSets,
      forecast: context.forecast,
      events: { ...classes, read: classes.read + skipped },
      recorded: main.recorded,
      recordedOtherMode: other.recorded,
      inventory: mergeInventory(main.inventory, context.inventoryFile ?? []),
      accountRegions: main.accountRegions,
    });
  } catch (error) {
    if (error instanceof UnpricedRegionError) throw new InputError(error.message);
    throw error;
  }
}
