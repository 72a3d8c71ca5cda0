import { Assumptions, parseAssumeFlags } from '../../core/assumptions.js';
import { RecordClassifier } from '../../core/classify.js';
import { buildEstimateReport } from '../../core/estimate.js';
import { InputLedger, type InputWarning } from '../../core/input-ledger.js';
import { UnpricedRegionError, type PriceBook } from '../../core/pricing.js';
import type { EventCatalog } from '../../catalog/event-catalog.js';
import type { RecordingMode, RecordingSettings } from '../../core/recording.js';
import { resolveWindow, validateDays, windowIsExplicit, type Window } from '../../core/window.js';
import { loadAssumptionDefinitions, loadEventCatalog, loadPriceBook } from '../../data/load.js';
import { ExitCode, InputError, UsageError } from '../../errors.js';
import { writeFileAtomic } from '../../io/write-output.js';
import type { EstimateReport } from '../../report/model.js';
import { renderJson } from '../../report/json.js';
import { renderTable } from '../../report/table.js';
import { listEventFiles, readEventFiles } from '../../sources/files.js';
import type { CommandIO } from '../io.js';

export const OUTPUT_FORMATS = ['table', 'json'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export interface EstimateOptions {
  events: string[];
  days: number;
  from?: string | undefined;
  to?: string | undefined;
  until?: string | undefined;
  recording: RecordingMode;
  recordTypes?: string[] | undefined;
  excludeTypes?: string[] | undefined;
  rules: string;
  tierScope?: 'region' | 'account' | undefined;
  monthDays?: number | undefined;
  assume: string[];
  format: OutputFormat;
  out?: string | undefined;
}

export interface EstimateResult {
  report: EstimateReport;
  exitCode: ExitCode;
}

const RESOURCE_TYPE = /^AWS::[A-Za-z0-9]+::[A-Za-z0-9]+$/;
const MAX_WARNINGS_PRINTED = 50;

function parseTypeList(values: string[] | undefined, flag: string): string[] | undefined {
  if (values === undefined) return undefined;
  const types = values.flatMap((v) => v.split(',')).map((t) => t.trim()).filter((t) => t !== '');
  for (const type of types) {
    if (!RESOURCE_TYPE.test(type)) throw new UsageError(`${flag}: '${type}' is not a resource type such as AWS::ECS::TaskDefinition`);
  }
  return types;
}

function recordingSettings(options: EstimateOptions): RecordingSettings {
  const recordTypes = parseTypeList(options.recordTypes, '--record-types');
  const excludeTypes = parseTypeList(options.excludeTypes, '--exclude-types');
  if (recordTypes !== undefined && excludeTypes !== undefined) {
    throw new UsageError('give --record-types or --exclude-types, not both (a recorder either includes or excludes types)');
  }
  return { mode: options.recording, recordTypes, excludeTypes };
}

function formatWarning(w: InputWarning): string {
  return `warning: ${w.file}${w.record !== undefined ? ` (record ${w.record})` : ''}: skipped, ${w.reason}`;
}

interface EstimateContext {
  days: number;
  from?: string | undefined;
  to?: string | undefined;
  until?: string | undefined;
  fixedWindow: Window | undefined;
  recording: RecordingSettings;
  assumptions: Assumptions;
  catalog: EventCatalog;
  priceBook: PriceBook;
  events: string[];
}

/** Reads the given files (in any order: the report does not depend on it) and builds the report. */
export async function estimateFiles(files: readonly string[], context: EstimateContext, io: CommandIO): Promise<EstimateReport> {
  const classifier = new RecordClassifier(context.catalog, context.fixedWindow);
  const ledger = new InputLedger();
  await readEventFiles(files, (outcome) => ledger.ingest(outcome, classifier));
  const accounting = ledger.result();
  accounting.warnings.slice(0, MAX_WARNINGS_PRINTED).forEach((w) => io.stderr(`${formatWarning(w)}\n`));
  if (accounting.warnings.length > MAX_WARNINGS_PRINTED) {
    io.stderr(`warning: ${accounting.warnings.length - MAX_WARNINGS_PRINTED} more skipped files or records (--format json lists all)\n`);
  }
  if (ledger.usableFiles === 0) {
    throw new InputError(`nothing readable: none of the ${files.length} files under ${context.events.join(', ')} holds CloudTrail records`);
  }
  const window = context.fixedWindow ?? resolveWindow(context, classifier.newestMs);
  try {
    return buildEstimateReport({
      window,
      classification: classifier.finish(window),
      input: accounting,
      recording: context.recording,
      assumptions: context.assumptions,
      priceBook: context.priceBook,
      resourceTypes: context.catalog.resourceTypes,
    });
  } catch (error) {
    if (error instanceof UnpricedRegionError) throw new InputError(error.message);
    throw error;
  }
}

/** `config-cost estimate`: replay CloudTrail files into configuration items and a monthly bill. */
export async function runEstimate(options: EstimateOptions, io: CommandIO): Promise<EstimateResult> {
  validateDays(options.days);
  if (options.rules !== 'none') {
    throw new UsageError(`--rules ${options.rules}: only the rule set 'none' is available in this version (rule sets come with 'config-cost compare')`);
  }
  const fixedWindow: Window | undefined = windowIsExplicit(options) ? resolveWindow(options, undefined) : undefined;
  const recording = recordingSettings(options);
  const overrides = parseAssumeFlags(options.assume);
  if (options.tierScope !== undefined) overrides['tier-scope'] = options.tierScope;
  if (options.monthDays !== undefined) overrides['month-days'] = String(options.monthDays);
  const assumptions = new Assumptions(loadAssumptionDefinitions(), overrides);
  const catalog = loadEventCatalog(assumptions);
  const priceBook = loadPriceBook();

  if (options.events.length === 0) throw new UsageError('give at least one --events PATH (a CloudTrail file or folder)');
  const files = await listEventFiles(options.events);
  if (files.length === 0) throw new InputError(`no files under ${options.events.join(', ')}`);
  const report = await estimateFiles(files, { ...options, fixedWindow, recording, assumptions, catalog, priceBook }, io);
  const text = options.format === 'json' ? renderJson(report) : renderTable(report);
  if (options.out !== undefined) await writeFileAtomic(options.out, text);
  else io.stdout(text);
  return { report, exitCode: report.incomplete ? ExitCode.incomplete : ExitCode.ok };
}
