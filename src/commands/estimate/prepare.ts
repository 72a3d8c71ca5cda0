import { existsSync, statSync } from 'node:fs';
import type { S3Flags } from '../../sources/s3/settings.js';
import type { LiveSourceOptions } from './live-sources.js';
import type { EventCatalog } from '../../catalog/event-catalog.js';
import { Assumptions, parseAssumeFlags } from '../../core/assumptions.js';
import type { InventoryEntry } from '../../core/inventory.js';
import type { PriceBook } from '../../core/pricing.js';
import type { RecordingMode, RecordingSettings } from '../../core/recording.js';
import { resolveWindow, validateDays, windowIsExplicit, type Window } from '../../core/window.js';
import { loadAssumptionDefinitions, loadEventCatalog, loadInventoryFile, loadPriceBook, loadRuleCatalog, readUserDataFile } from '../../data/load.js';
import { UsageError } from '../../errors.js';
import { resolveRuleSet, type RuleSet } from '../../rules/rule-set.js';

/** The input flags `estimate`, `compare` (and later `plan`) share. */
/** The input flags; the s3:// ones (--profile, --s3-accounts, --cache-dir, ...) are validated in src/sources/s3/settings.ts. */
export interface ReplayOptions extends LiveSourceOptions, S3Flags {
  events: string[];
  days: number;
  from?: string | undefined;
  to?: string | undefined;
  until?: string | undefined;
  recording: RecordingMode;
  recordTypes?: string[] | undefined;
  excludeTypes?: string[] | undefined;
  rules: string[];
  inventory?: string | undefined;
  tierScope?: 'region' | 'account' | undefined;
  monthDays?: number | undefined;
  month?: string | undefined;
  trend?: boolean | undefined;
  /** A price list in the format of pricing/aws-config.json, instead of the bundled one. */
  priceList?: string | undefined;
  /** No progress on stderr. */
  quiet?: boolean | undefined;
  /** False when --recording was not given (so --rules current may take the account's). */
  recordingGiven?: boolean | undefined;
  assume: string[];
}

/** Everything a replay needs, loaded and validated before any file is read. */
export interface ReplayContext {
  events: string[];
  days: number;
  from?: string | undefined;
  to?: string | undefined;
  until?: string | undefined;
  fixedWindow: Window | undefined;
  recording: RecordingSettings;
  assumptions: Assumptions;
  catalog: EventCatalog;
  priceBook: PriceBook;
  ruleSets: RuleSet[];
  inventoryFile?: Omit<InventoryEntry, 'source'>[] | undefined;
  forecast: { month?: string | undefined; trend: boolean };
  quiet?: boolean | undefined;
}

const RESOURCE_TYPE = /^AWS::[A-Za-z0-9]+::[A-Za-z0-9]+$/;

function parseTypeList(values: string[] | undefined, flag: string): string[] | undefined {
  if (values === undefined) return undefined;
  const types = values.flatMap((v) => v.split(',')).map((t) => t.trim()).filter((t) => t !== '');
  for (const type of types) {
    if (!RESOURCE_TYPE.test(type)) throw new UsageError(`${flag}: '${type}' is not a resource type such as AWS::ECS::TaskDefinition`);
  }
  return types;
}

function recordingSettings(options: ReplayOptions): RecordingSettings {
  const recordTypes = parseTypeList(options.recordTypes, '--record-types');
  const excludeTypes = parseTypeList(options.excludeTypes, '--exclude-types');
  if (recordTypes !== undefined && excludeTypes !== undefined) {
    throw new UsageError('give --record-types or --exclude-types, not both (a recorder either includes or excludes types)');
  }
  return { mode: options.recording, recordTypes, excludeTypes };
}

const isFile = (path: string) => existsSync(path) && statSync(path).isFile();

export function prepareReplay(options: ReplayOptions): ReplayContext {
  if (options.events.length === 0) throw new UsageError('give at least one --events PATH (a CloudTrail file or folder)');
  return prepareModel(options);
}

/** The model and prices, validated: all a replay needs but the files (a parametric plan has none). */
export function prepareModel(options: ReplayOptions): ReplayContext {
  validateDays(options.days);
  const fixedWindow = windowIsExplicit(options) ? resolveWindow(options, undefined) : undefined;
  const recording = recordingSettings(options);
  const overrides = parseAssumeFlags(options.assume);
  if (options.tierScope !== undefined) overrides['tier-scope'] = options.tierScope;
  if (options.monthDays !== undefined) overrides['month-days'] = String(options.monthDays);
  if (options.month !== undefined && !/^\d{4}-(0[1-9]|1[0-2])$/.test(options.month)) {
    throw new UsageError(`--month takes a calendar month such as 2026-12, not '${options.month}'`);
  }
  if (options.month !== undefined && options.monthDays !== undefined) throw new UsageError('give --month or --month-days, not both (a calendar month has its own days)');
  const assumptions = new Assumptions(loadAssumptionDefinitions(), overrides);
  const ruleCatalog = loadRuleCatalog();
  const specs = options.rules.length > 0 ? options.rules : ['none'];
  const ruleSets = specs.map((spec) => resolveRuleSet(spec, ruleCatalog, readUserDataFile, isFile));
  return {
    events: options.events,
    days: options.days,
    from: options.from,
    to: options.to,
    until: options.until,
    fixedWindow,
    recording,
    assumptions,
    catalog: loadEventCatalog(assumptions),
    priceBook: loadPriceBook(options.priceList),
    ruleSets,
    inventoryFile: options.inventory !== undefined ? loadInventoryFile(options.inventory) : undefined,
    forecast: { month: options.month, trend: options.trend ?? false },
    quiet: options.quiet,
  };
}
