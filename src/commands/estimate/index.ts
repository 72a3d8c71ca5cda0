import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { RecordClassifier } from '../../core/classify.js';
import { buildEstimateReport, type EstimateInput } from '../../core/estimate.js';
import type { Classification } from '../../core/classify.js';
import { InputLedger, type InputAccounting, type InputWarning } from '../../core/input-ledger.js';
import { UnpricedRegionError } from '../../core/pricing.js';
import { resolveWindow, type Window } from '../../core/window.js';
import { DryRunFinished, ExitCode, InputError, UsageError } from '../../errors.js';
import { checkOverwrite, writeFileAtomic } from '../../io/write-output.js';
import type { EstimateReport } from '../../report/model.js';
import { choosePaint, PLAIN, type Paint } from '../../report/color.js';
import { formatUSD } from '../../report/format.js';
import { renderHtml } from '../../report/html/index.js';
import { renderReport, type OutputFormat } from '../../report/render.js';
import { renderTable } from '../../report/table.js';
import { listEventFiles } from '../../sources/files.js';
import { ingestFiles } from '../../sources/ingest.js';
import { s3OnlyFlagsGiven } from '../../sources/s3/settings.js';
import { isS3Url } from '../../sources/s3/url.js';
import type { CommandIO } from '../io.js';
import { prepareReplay, type ReplayContext, type ReplayOptions } from './prepare.js';

export { OUTPUT_FORMATS, type OutputFormat } from '../../report/render.js';

/** Output flags every reporting command shares. */
export interface OutputOptions {
  format: OutputFormat;
  out?: string | undefined;
  /** Overwrite --out even when it is not a config-cost report. */
  force?: boolean | undefined;
  /** Exit 0 rather than 3 when some files or records could not be used. */
  allowPartial?: boolean | undefined;
  /** Exit 1 when the first rule set's monthly total is above this many dollars (for CI pipelines). */
  failOver?: number | undefined;
  /** No progress on stderr. */
  quiet?: boolean | undefined;
  /** false: no colour even on a terminal (--no-color). */
  color?: boolean | undefined;
}

export interface EstimateOptions extends ReplayOptions, OutputOptions {}

/**
 * The exit code of a finished run: 1 over the --fail-over budget, else 3 when the input was incomplete
 * (unless the user accepts a partial result), else 0.
 */
export function exitCodeFor(
  report: { incomplete: boolean; ruleSets: readonly { name: string; monthlyCostUSD: { total: number } }[] },
  options: Pick<OutputOptions, 'allowPartial' | 'failOver'>,
  io: CommandIO,
): ExitCode {
  const first = report.ruleSets[0];
  if (options.failOver !== undefined && first && first.monthlyCostUSD.total > options.failOver) {
    io.stderr(`config-cost: over budget: ${formatUSD(first.monthlyCostUSD.total)} a month with '${first.name}' is more than --fail-over ${formatUSD(options.failOver)}\n`);
    return ExitCode.overBudget;
  }
  return report.incomplete && !options.allowPartial ? ExitCode.incomplete : ExitCode.ok;
}

/** Colour for the table view: on a terminal, unless NO_COLOR or --no-color. */
export function paintFor(options: Pick<OutputOptions, 'color' | 'out'>, io: CommandIO): Paint {
  return options.out !== undefined ? PLAIN : choosePaint(io.stdoutIsTTY ?? false, io.env ?? {}, options.color ?? true);
}

export interface EstimateResult {
  report: EstimateReport;
  exitCode: ExitCode;
}

export const MAX_WARNINGS_PRINTED = 50;

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
  const progress = progressReporter(files.length, io, context.quiet ?? false);
  await ingestFiles(files, { ledger, classifier, catalog: context.catalog, assumptions: context.assumptions, onFile: (records) => progress.file(records) });
  progress.done();
  // For the speed benchmark: the deduplication index's size, which the memory target treats apart.
  if ((io.env ?? process.env).CONFIG_COST_STATS === '1') io.stderr(`stats: ${JSON.stringify({ dedupeIndex: classifier.dedupeIndex })}\n`);
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

/** Lists the --events files; none is an input error. s3:// sources are read by replayFromOptions only. */
export async function eventFiles(events: readonly string[]): Promise<string[]> {
  const remote = events.find(isS3Url);
  if (remote !== undefined) {
    throw new UsageError(`--events ${remote}: this command reads local files only; estimate and compare read s3:// sources, and the s3/ folder of their cache can be given here`);
  }
  const files = await listEventFiles(events);
  if (files.length === 0) throw new InputError(`no files under ${events.join(', ')}`);
  return files;
}

/** Loads the data, lists the files and replays them: what every replay-based command starts with. */
export async function replayFromOptions(given: ReplayOptions, io: CommandIO): Promise<EstimateReport> {
  const { options, cleanup } = await withCurrentRules(given, io);
  try {
    return await replayResolved(options, io);
  } finally {
    cleanup();
  }
}

async function replayResolved(options: ReplayOptions, io: CommandIO): Promise<EstimateReport> {
  if (options.source === 'lookup' || options.source === 'lake' || options.source === 'athena') {
    if (options.events.length > 0) throw new UsageError(`give --events or --source ${options.source}, not both`);
    const live = await import('./live-sources.js');
    return options.source === 'lookup' ? live.estimateFromLookup(options, io) : live.estimateFromSql(options, io);
  }
  if (options.events.length === 0) throw new UsageError('give --events PATH (files or s3://), or --source lookup|lake|athena');
  if (options.events.some(isS3Url)) {
    // Loaded only for s3:// sources: the S3 client costs startup time.
    const s3 = await import('./s3-replay.js');
    const { createS3ClientFactory } = await import('../../sources/s3/client.js');
    const { read, context } = await s3.readReplayWithS3(options, io, createS3ClientFactory(options.profile));
    return reportReplay(read, context);
  }
  const s3Only = s3OnlyFlagsGiven(options);
  if (s3Only.length > 0) throw new UsageError(`${s3Only.join(', ')}: only for s3:// sources (--events s3://BUCKET/PREFIX)`);
  const context = prepareReplay(options);
  const files = await eventFiles(options.events);
  if (options.dryRun) throw new DryRunFinished(`dry run: ${files.length.toLocaleString('en-US')} local file${files.length === 1 ? '' : 's'} would be read (run again without --dry-run to estimate)`);
  return estimateFiles(files, context, io);
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
  const paint = paintFor(options, io);
  await emit(renderReport(report, options.format, (r) => renderTable(r, paint), renderHtml), options.out, io, options.force);
  return { report, exitCode: exitCodeFor(report, options, io) };
}

/** "files done of total, records per second, time left" on stderr, rewritten in place, on a terminal only. */
function progressReporter(total: number, io: CommandIO, quiet: boolean) {
  const on = (io.stderrIsTTY ?? false) && !quiet && total > 1;
  const started = Date.now();
  let done = 0;
  let records = 0;
  let last = 0;
  let shown = false;
  return {
    file(recordCount: number) {
      done += 1;
      records += recordCount;
      if (!on) return;
      const now = Date.now();
      if (now - last < 100 && done < total) return;
      last = now;
      const seconds = (now - started) / 1000;
      const rate = seconds > 0 ? Math.round(records / seconds) : 0;
      const left = done > 0 ? Math.round((seconds / done) * (total - done)) : 0;
      io.stderr(`\rreading ${done.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} files, ${rate.toLocaleString('en-US')} records/s, ${left} s left   `);
      shown = true;
    },
    done() {
      if (shown) io.stderr('\r\u001b[2K');
    },
  };
}

/**
 * `--rules current`: read the account's Config setup (discover) and use its rules, inventory and recording
 * settings, unless the user gave them.
 */
async function withCurrentRules(options: ReplayOptions, io: CommandIO): Promise<{ options: ReplayOptions; cleanup: () => void }> {
  // Only then load the Config SDK client behind discover.
  if (!options.rules.some((spec) => spec.split('+').some((part) => part.trim() === 'current'))) return { options, cleanup: () => undefined };
  const discover = await import('../discover/index.js');
  const current = await discover.discoverForEstimate({ regions: options.regions, profile: options.profile }, io);
  // The discovered files live in a temporary folder, read once the replay is prepared: removed after the run.
  const cleanup = () => rmSync(dirname(current.inventoryPath), { recursive: true, force: true });
  return { cleanup, options: {
    ...options,
    rules: options.rules.map((spec) => discover.expandCurrentRules(spec, current.rulesSpec)),
    inventory: options.inventory ?? current.inventoryPath,
    recording: options.recordingGiven === false ? current.recording.mode : options.recording,
    recordTypes: options.recordTypes ?? current.recording.recordTypes,
    excludeTypes: options.excludeTypes ?? current.recording.excludeTypes,
  } };
}
