/**
 * `config-cost backtest`: holds the model's observed-window figures against what AWS recorded and billed:
 * - evaluations: CloudTrail PutEvaluations records in the same files (always, when there are any);
 * - CIs: the AWS/Config ConfigurationItemsRecorded metric, from CloudWatch (--cloudwatch) or an export (--observed-cis);
 * - the bill: Cost Explorer (--billing, billed by AWS per request) or a Cost and Usage Report CSV (--cur).
 * Each row (resource type, rule, usage type) gets the ratio observed / modeled and a flag beyond ±10 %; each
 * flagged row the named assumptions acting on it and the setting that would make the model match, found by
 * running the model again with it.
 */
import type { AssumptionValue } from '../../core/assumptions.js';
import { isoSeconds } from '../../core/event-time.js';
import { ExitCode, InputError, UsageError } from '../../errors.js';
import { renderJson } from '../../report/json.js';
import { isS3Url } from '../../sources/s3/url.js';
import { billedInWindow, parseCur, type Billed } from '../../backtest/billing.js';
import { createCloudWatchClientFactory, fetchConfigurationItemsRecorded, USD_PER_1000_METRICS, type CloudWatchClientFactory } from '../../backtest/cloudwatch.js';
import { billingRows, configurationItemRows, explain, ruleEvaluationRows, type ExplainContext } from '../../backtest/compare.js';
import { createCostExplorerClientFactory, fetchBilledUsage, PRICING_URL, USD_PER_REQUEST, type CostExplorerClientFactory } from '../../backtest/cost-explorer.js';
import { assumptionsActingOn, assumptionsByResourceType, COMPLIANCE_ASSUMPTION, hintsFor, type FiguresWith } from '../../backtest/hints.js';
import { TOLERANCE_PERCENT, type BacktestReport, type BacktestRow, type BillingSource, type ObservedCisSource } from '../../backtest/model.js';
import { modeledFigures, type ModeledFigures } from '../../backtest/modeled.js';
import { observedFromPoints, parseObservedCis, type ObservedCis } from '../../backtest/observed-cis.js';
import { countPutEvaluationsInFiles } from '../../backtest/put-evaluations.js';
import { renderBacktestTable } from '../../backtest/render.js';
import type { CommandIO } from '../io.js';
import { emit, eventFiles, paintFor, readReplay, reportReplay } from '../estimate/index.js';
import { prepareReplay, type ReplayOptions } from '../estimate/prepare.js';

export interface BacktestOptions extends ReplayOptions {
  /** A CloudWatch export of ConfigurationItemsRecorded (JSON or CSV). */
  observedCis?: string | undefined;
  /** Read ConfigurationItemsRecorded from CloudWatch (GetMetricData). */
  cloudwatch?: boolean | undefined;
  /** A Cost and Usage Report CSV (legacy or CUR 2.0 columns, optionally gzipped). */
  cur?: string | undefined;
  /** Ask Cost Explorer (GetCostAndUsage; AWS bills each request). */
  billing?: boolean | undefined;
  /** Exit 1 when any row is off by more than this many percent. */
  failOverError?: number | undefined;
  format: 'table' | 'json';
  out?: string | undefined;
  force?: boolean | undefined;
  /** Exit 0 rather than 3 when some files or records could not be used. */
  allowPartial?: boolean | undefined;
  color?: boolean | undefined;
}

/** The AWS clients, injectable for tests; by default the SDK's, with --profile and the usual endpoint variables. */
export interface BacktestClients {
  cloudwatch?: CloudWatchClientFactory;
  costExplorer?: CostExplorerClientFactory;
}

export interface BacktestResult {
  report: BacktestReport;
  exitCode: ExitCode;
}

const SILENT: CommandIO = { stdout: () => undefined, stderr: () => undefined };

function validate(options: BacktestOptions): void {
  if (options.format !== 'table' && options.format !== 'json') throw new UsageError(`--format takes table or json for backtest, not '${String(options.format)}'`);
  if (options.observedCis !== undefined && options.cloudwatch) throw new UsageError('give --observed-cis FILE or --cloudwatch, not both (both are the ConfigurationItemsRecorded metric)');
  if (options.cur !== undefined && options.billing) throw new UsageError('give --cur FILE or --billing, not both (both are the bill)');
  if (options.failOverError !== undefined && (!Number.isFinite(options.failOverError) || options.failOverError < 0)) {
    throw new UsageError(`--fail-over-error takes a percentage of at least 0, not '${options.failOverError}'`);
  }
  if (options.rules.length > 1) throw new UsageError(`give one --rules set for backtest: the rules deployed in the accounts (join sets with +, e.g. ${options.rules.join('+')})`);
  if (options.events.some(isS3Url)) throw new UsageError('--events: backtest reads local files only; run estimate with the s3:// source first and give its cache folder here');
  const s3Only = [options.s3Accounts !== undefined && '--s3-accounts', options.s3Regions !== undefined && '--s3-regions', options.cacheDir !== undefined && '--cache-dir', options.cache === false && '--no-cache', options.parallelism !== undefined && '--parallelism', options.dryRun && '--dry-run'].filter(
    (f): f is string => typeof f === 'string',
  );
  if (s3Only.length > 0) throw new UsageError(`${s3Only.join(', ')}: not for backtest (local files only)`);
}

/** The assumption flags with `id` set to `value` (an earlier setting of the same id replaced). */
const withAssumption = (assume: readonly string[], id: string, value: AssumptionValue) => [...assume.filter((a) => a.split('=')[0]!.trim() !== id), `${id}=${String(value)}`];

export async function runBacktest(options: BacktestOptions, io: CommandIO, clients: BacktestClients = {}): Promise<BacktestResult> {
  validate(options);
  const context = prepareReplay(options);
  const files = await eventFiles(options.events);
  const read = await readReplay(files, context, io);
  const base = reportReplay(read, context, { withRange: false });
  const set = context.ruleSets[0]!;
  const figures = modeledFigures(base, set);
  const window = read.window;
  const notes: string[] = [];
  const regions = [...new Set([...base.byAccountRegion.map((r) => r.region), ...base.inventory.accountRegions.map((r) => r.region)])].sort();
  const accounts = [...new Set([...base.byAccountRegion.map((r) => r.account), ...base.inventory.accountRegions.map((r) => r.account)])].sort();
  if (window.fromMs % 86_400_000 !== 0 || window.toMs % 86_400_000 !== 0) {
    notes.push('the window does not start and end at UTC midnight; CloudWatch, Cost Explorer and CUR figures cover whole UTC days');
  }

  // 1. Evaluations AWS recorded: PutEvaluations in the same files (a second pass; the estimate keeps only catalog events).
  const evaluations = await countPutEvaluationsInFiles(files, window);
  let evaluationSection: BacktestReport['ruleEvaluations'] = null;
  if (evaluations.source.records > 0) {
    const { rows, unmatched } = ruleEvaluationRows(figures, evaluations, set);
    evaluationSection = { source: evaluations.source, rows, unmatched };
    if (set.rules.length === 0) notes.push(`the input holds PutEvaluations for ${evaluations.byRule.size} rules; name the deployed rules with --rules to compare them`);
  } else {
    notes.push('no PutEvaluations records (config.amazonaws.com) in the input: rule evaluations are not compared (the trail may leave out AWS Config management events, or no managed or Lambda rule evaluated in the window)');
  }
  notes.push(
    'PutEvaluations: AWS documents it as the call that delivers evaluation results to AWS Config: every custom Lambda rule calls it (API reference, PutEvaluations), and managed rules deliver theirs with the configuration recorder\'s role (API reference, DescribeComplianceByConfigRule); no AWS source says custom policy (Guard) rules or proactive evaluations (StartResourceEvaluation) leave PutEvaluations records, so those are not seen here',
  );

  // 2. CIs AWS recorded: the ConfigurationItemsRecorded metric, from a file or CloudWatch.
  let observedCis: ObservedCis | undefined;
  let ciSource: ObservedCisSource | undefined;
  if (options.observedCis !== undefined) {
    observedCis = observedFromPoints(parseObservedCis(options.observedCis), window);
    ciSource = { kind: 'observed-cis-file', detail: options.observedCis, daysWithData: observedCis.daysWithData, windowDays: 0, pointsOutsideWindow: observedCis.pointsOutsideWindow };
  } else if (options.cloudwatch) {
    if (regions.length === 0) throw new InputError('--cloudwatch: the replay names no region to ask CloudWatch in');
    const fetched = await fetchConfigurationItemsRecorded(regions, window, [...context.catalog.resourceTypes, 'AWS::Config::ResourceCompliance'], clients.cloudwatch ?? createCloudWatchClientFactory(options.profile), options.profile);
    io.stderr(`CloudWatch: ${fetched.metricsRequested} metrics requested in ${regions.join(', ')} (${fetched.calls} calls; AWS bills GetMetricData at $${USD_PER_1000_METRICS} per 1,000 metrics)\n`);
    observedCis = observedFromPoints(fetched.points, window);
    ciSource = {
      kind: 'cloudwatch',
      detail: `AWS/Config ConfigurationItemsRecorded (Sum, 1 day) in ${regions.join(', ')}`,
      regions,
      daysWithData: observedCis.daysWithData,
      windowDays: 0,
      pointsOutsideWindow: observedCis.pointsOutsideWindow,
    };
  }
  if (ciSource) ciSource.windowDays = base.configurationItems.daily.days.length;
  if (ciSource && ciSource.daysWithData !== null && ciSource.daysWithData < ciSource.windowDays) notes.push(`the CI data covers ${ciSource.daysWithData} of the window's ${ciSource.windowDays} days`);
  const ciSection = observedCis && ciSource ? { source: ciSource, ...configurationItemRows(figures, observedCis, context.catalog.resourceTypes, ciSource.kind === 'observed-cis-file') } : null;
  if (ciSection && ciSection.notObserved.length > 0) notes.push(`modeled types the CI file does not name, not compared: ${ciSection.notObserved.join(', ')}`);

  // 3. The bill: a CUR file or Cost Explorer (billed per request: said before asking).
  let billed: Billed | undefined;
  let billingSource: BillingSource | undefined;
  if (options.cur !== undefined) {
    const cur = parseCur(options.cur, { accounts: new Set(accounts), regions: new Set(regions) });
    billed = billedInWindow(cur.lines, window);
    billingSource = { kind: 'cur-file', detail: options.cur, costUSD: {}, lines: billed.lines, estimated: false };
    if (cur.otherAccountsOrRegions > 0) notes.push(`${cur.otherAccountsOrRegions} AWS Config CUR line${cur.otherAccountsOrRegions === 1 ? '' : 's'} of other accounts or regions than the replay's left out`);
  } else if (options.billing) {
    io.stderr(`Cost Explorer: AWS bills each GetCostAndUsage request ($${USD_PER_REQUEST.toFixed(2)}, ${PRICING_URL}); asking for AWS Config usage by usage type, daily, ${isoSeconds(window.fromMs).slice(0, 10)} to ${isoSeconds(window.toMs).slice(0, 10)} (1 request, more if the answer is paged)\n`);
    const fetched = await fetchBilledUsage(window, regions, accounts, clients.costExplorer ?? createCostExplorerClientFactory(options.profile), options.profile);
    io.stderr(`Cost Explorer: ${fetched.requests} request${fetched.requests === 1 ? '' : 's'} made ($${(fetched.requests * USD_PER_REQUEST).toFixed(2)})\n`);
    billed = billedInWindow(fetched.lines, window);
    billingSource = { kind: 'cost-explorer', detail: `GetCostAndUsage, SERVICE 'AWS Config' in ${regions.join(', ') || 'all regions'}`, costUSD: {}, lines: billed.lines, estimated: fetched.estimated };
  }
  if (billed && billingSource) billingSource.costUSD = Object.fromEntries([...billed.byUsageType].map(([k, v]) => [k, Math.round(v.costUSD * 1e6) / 1e6]));
  const billingSection = billed && billingSource ? { source: billingSource, ...billingRows(figures, billed) } : null;

  if (!evaluationSection && !ciSection && !billingSection) {
    throw new InputError('nothing to compare: the input has no PutEvaluations records; give --observed-cis FILE or --cloudwatch for CIs, --cur FILE or --billing for the bill');
  }

  // Hints for flagged rows: rerun the model with each acting assumption's other value (cached per value).
  const byType = assumptionsByResourceType();
  const catalogBound = new Set([...byType.values()].flatMap((s) => [...s]).filter((id) => id !== COMPLIANCE_ASSUMPTION));
  const cache = new Map<string, Promise<ModeledFigures | undefined>>();
  const explicitWindow = { from: isoSeconds(window.fromMs), to: isoSeconds(window.toMs), until: undefined };
  const figuresWith: FiguresWith = (id, value) => {
    const key = `${id}=${String(value)}`;
    let pending = cache.get(key);
    if (!pending) {
      pending = (async () => {
        const ctx = prepareReplay({ ...options, ...explicitWindow, assume: withAssumption(options.assume, id, value), quiet: true });
        // Catalog assumptions decide CI counts as records are read: read again. Others act on the priced report only.
        const again = catalogBound.has(id) ? await readReplay(files, ctx, SILENT) : read;
        return modeledFigures(reportReplay(again, ctx, { withRange: false }), ctx.ruleSets[0]!);
      })();
      cache.set(key, pending);
    }
    return pending;
  };
  const explainContext: ExplainContext = {
    rules: set.rules,
    setName: set.name,
    setupByRule: base.ruleSets[0]?.ruleEvaluations.setup.byRule ?? {},
    cloudWatchAccounts: options.cloudwatch ? accounts.length : undefined,
    recording: context.recording.mode,
    unmatchedEvaluations: unmatchedByUsageType(evaluationSection?.unmatched ?? []),
  };
  const allRows: BacktestRow[] = [...(ciSection?.rows ?? []), ...(evaluationSection?.rows ?? []), ...(billingSection?.rows ?? [])];
  for (const row of allRows.filter((r) => r.flagged)) {
    const acting = assumptionsActingOn(row, byType, set.rules, context.recording.mode).map((id) => ({ id, value: context.assumptions.get(id).value }));
    row.assumptionsActing = acting;
    row.hints = await hintsFor(row, acting, figuresWith);
    row.explanation = explain(row, acting, row.hints, explainContext);
  }

  const unbounded = allRows.some((r) => r.offPercent === null);
  const report: BacktestReport = {
    generator: 'config-cost',
    command: 'backtest',
    window: base.window,
    days: base.configurationItems.daily.days,
    tolerancePercent: TOLERANCE_PERCENT,
    incomplete: base.incomplete,
    ruleSet: set.name,
    recording: context.recording.mode,
    assumptions: base.assumptions.map((a) => ({ id: a.id, value: a.value, overridden: a.overridden })),
    configurationItems: ciSection,
    ruleEvaluations: evaluationSection,
    billing: billingSection,
    summary: {
      rows: allRows.length,
      flagged: allRows.filter((r) => r.flagged).length,
      maxOffPercent: unbounded ? null : allRows.reduce((m, r) => Math.max(m, r.offPercent ?? 0), 0),
    },
    notes,
  };

  const text = options.format === 'json' ? renderJson(report) : renderBacktestTable(report, paintFor(options, io));
  await emit(text, options.out, io, options.force);
  return { report, exitCode: exitCodeOf(report, allRows, options, io) };
}

/** Unmatched rules' evaluations by the usage type they bill under (conformance pack names: packs). */
function unmatchedByUsageType(unmatched: readonly { awsRuleName: string; observed: number }[]): Record<string, { total: number; names: string[] }> {
  const out: Record<string, { total: number; names: string[] }> = {};
  for (const u of unmatched) {
    const key = /-conformance-pack-[a-z0-9]+$/i.test(u.awsRuleName) ? 'ConformancePackEvaluations' : 'ConfigRuleEvaluations';
    const entry = (out[key] ??= { total: 0, names: [] });
    entry.total += u.observed;
    entry.names.push(u.awsRuleName);
  }
  return out;
}

function exitCodeOf(report: BacktestReport, rows: readonly BacktestRow[], options: BacktestOptions, io: CommandIO): ExitCode {
  if (options.failOverError !== undefined) {
    const limit = options.failOverError;
    const over = rows.filter((r) => r.offPercent === null || r.offPercent > limit);
    if (over.length > 0) {
      const shown = over.slice(0, 5).map((r) => `${r.key} ${r.offPercent === null ? '(none modeled)' : `${r.offPercent.toFixed(1)} %`}`);
      io.stderr(`config-cost: ${over.length} row${over.length === 1 ? '' : 's'} off by more than --fail-over-error ${limit} %: ${shown.join(', ')}${over.length > 5 ? ', ...' : ''}\n`);
      return ExitCode.overBudget;
    }
  }
  return report.incomplete && !options.allowPartial ? ExitCode.incomplete : ExitCode.ok;
}
