import { RecordClassifier } from '../../core/classify.js';
import { buildEstimateReport, type EstimateInput } from '../../core/estimate.js';
import type { Classification } from '../../core/classify.js';
import { InputLedger, type InputAccounting, type InputWarning } from '../../core/input-ledger.js';
import { UnpricedRegionError } from '../../core/pricing.js';
import { resolveWindow, type Window } from '../../core/window.js';
import { ExitCode, InputError } from '../../errors.js';
import { checkOverwrite, writeFileAtomic } from '../../io/write-output.js';
import type { EstimateReport } from '../../report/model.js';
import { renderJson } from '../../report/json.js';
import { renderTable } from '../../report/table.js';
import { listEventFiles, readEventFiles } from '../../sources/files.js';
import type { CommandIO } from '../io.js';
import { prepareReplay, type ReplayContext, type ReplayOptions } from './prepare.js';

export const OUTPUT_FORMATS = ['table', 'json'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** Output flags every reporting command shares. */
export interface OutputOptions {
  format: OutputFormat;
  out?: string | undefined;
  /** Overwrite --out even when it is not a config-cost report. */
  force?: boolean | undefined;
  /** Exit 0 rather than 3 when some files or records could not be used. */
  allowPartial?: boolean | undefined;
}

export interface EstimateOptions extends ReplayOptions, OutputOptions {}

/** 3 when the input was incomplete, unless the user accepts a partial result. */
export function exitCodeFor(incomplete: boolean, options: Pick<OutputOptions, 'allowPartial'>): ExitCode {
  return incomplete && !options.allowPartial ? ExitCode.incomplete : ExitCode.ok;
}

export interface EstimateResult {
  report: EstimateReport;
  exitCode: ExitCode;
}

const MAX_WARNINGS_PRINTED = 50;

function formatWarning(w: InputWarning): string {
  return `warning: ${w.file}${w.record !== undefined ? ` (record ${w.record})` : ''}: skipped, ${w.reason}`;
}

/** What reading the files gives: the window and every record classified, before any pricing. */
export interface ReplayRead {
  window: Window;
  classification: Classification;
  accounting: InputAccounting;
}

/** Reads the given files (in any order: the result does not depend on it) and classifies their records. */
export async function readReplay(files: readonly string[], context: ReplayContext, io: CommandIO): Promise<ReplayRead> {
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
  return { window, classification: classifier.finish(window), accounting };
}

/** Prices a replay; unpriced regions become input errors. */
export function reportReplay(read: ReplayRead, context: ReplayContext, extra: Pick<EstimateInput, 'scaling' | 'withRange'> = {}): EstimateReport {
  try {
    return buildEstimateReport({
      window: read.window,
      classification: read.classification,
      input: read.accounting,
      recording: context.recording,
      assumptions: context.assumptions,
      priceBook: context.priceBook,
      resourceTypes: context.catalog.resourceTypes,
      ruleSets: context.ruleSets,
      inventoryFile: context.inventoryFile,
      forecast: context.forecast,
      ...extra,
    });
  } catch (error) {
    if (error instanceof UnpricedRegionError) throw new InputError(error.message);
    throw error;
  }
}

/** Reads the given files and builds the report. */
export async function estimateFiles(files: readonly string[], context: ReplayContext, io: CommandIO): Promise<EstimateReport> {
  return reportReplay(await readReplay(files, context, io), context);
}

/** Lists the --events files; none is an input error. */
export async function eventFiles(events: readonly string[]): Promise<string[]> {
  const files = await listEventFiles(events);
  if (files.length === 0) throw new InputError(`no files under ${events.join(', ')}`);
  return files;
}

/** Loads the data, lists the files and replays them: what every replay-based command starts with. */
export async function replayFromOptions(options: ReplayOptions, io: CommandIO): Promise<EstimateReport> {
  const context = prepareReplay(options);
  return estimateFiles(await eventFiles(options.events), context, io);
}

/** Writes a rendered report to --out (atomically; never over a file config-cost did not write, unless forced) or stdout. */
export async function emit(text: string, out: string | undefined, io: CommandIO, force = false): Promise<void> {
  if (out === undefined) {
    io.stdout(text);
    return;
  }
  checkOverwrite(out, force);
  await writeFileAtomic(out, text);
}

/** `config-cost estimate`: replay CloudTrail files into configuration items and a monthly bill. */
export async function runEstimate(options: EstimateOptions, io: CommandIO): Promise<EstimateResult> {
  const report = await replayFromOptions(options, io);
  await emit(options.format === 'json' ? renderJson(report) : renderTable(report), options.out, io, options.force);
  return { report, exitCode: exitCodeFor(report.incomplete, options) };
}
