import { adviseRecording } from '../../core/advice.js';
import { makeForecast } from '../../core/forecast.js';
import {
  driverMultipliers,
  maxWithinBudget,
  parametricScenario,
  replayBaseline,
  sweepValues,
  windowOfDays,
  type PlanParameters,
} from '../../core/plan.js';
import { UnpricedRegionError, type TierScope } from '../../core/pricing.js';
import type { RecordedItems, RecordingMode } from '../../core/recording.js';
import { roundQuantity } from '../../core/round.js';
import { priceScenario } from '../../core/scenario.js';
import { InputError, UsageError, type ExitCode } from '../../errors.js';
import type { EstimateReport } from '../../report/model.js';
import { renderHtml } from '../../report/html/index.js';
import { renderReport } from '../../report/render.js';
import type { PlanReport, PlanRuleSet, SweepPoint } from '../../report/plan-model.js';
import { renderPlanTable } from '../../report/plan-table.js';
import { emit, eventFiles, exitCodeFor, readReplay, reportReplay, type OutputOptions } from '../estimate/index.js';
import { prepareModel, prepareReplay, type ReplayContext, type ReplayOptions } from '../estimate/prepare.js';
import type { CommandIO } from '../io.js';

export interface PlanOptions extends ReplayOptions, OutputOptions {
  services?: number | undefined;
  deploysPerDay?: number | undefined;
  autoscalingPerDay?: number | undefined;
  tasksPerService?: number | undefined;
  accounts?: number | undefined;
  region?: string | undefined;
  clusters?: number | undefined;
  repositories?: number | undefined;
  /** '2x' or '2': multiply the replay's deploys. */
  scaleDeploys?: string | undefined;
  scaleAutoscaling?: string | undefined;
  budget?: number | undefined;
}

/** The most deploys per service per day a budget search tries. */
export const BUDGET_SEARCH_LIMIT = 10_000;

function parseScale(text: string | undefined, flag: string): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text.trim().replace(/x$/i, ''));
  if (!Number.isFinite(n) || n < 0) throw new UsageError(`${flag} takes a factor such as 2x or 0.5x, not '${text}'`);
  return n;
}

function nonNegative(value: number | undefined, flag: string, whole = false): number | undefined {
  if (value === undefined) return undefined;
  if (value < 0 || (whole && !Number.isInteger(value))) throw new UsageError(`${flag} takes a ${whole ? 'whole ' : ''}number of at least 0, not '${value}'`);
  return value;
}

/** What a scenario costs per rule set, and the monthly CIs. */
interface ScenarioCost {
  totals: Record<string, number>;
  cis: number;
}

/** `config-cost plan`: what a deploy rate, a rule set or a recording mode does to the bill. */
export async function runPlan(options: PlanOptions, io: CommandIO): Promise<{ report: PlanReport; exitCode: ExitCode }> {
  const parametric = options.services !== undefined;
  if (parametric && options.events.length > 0) throw new UsageError('give --events (plan from a replay) or --services (plan with no data), not both');
  if (!parametric && options.events.length === 0) {
    throw new UsageError('give --events PATH to plan from your CloudTrail, or --services N --deploys-per-day D to plan with no data');
  }
  if (options.budget !== undefined && !(options.budget >= 0)) throw new UsageError(`--budget takes a number of dollars, not '${options.budget}'`);
  const report = parametric ? planParametric(options) : await planFromReplay(options, io);
  await emit(renderReport(report, options.format, renderPlanTable, renderHtml), options.out, io, options.force);
  return { report, exitCode: exitCodeFor(report, options, io) };
}

function budgetAnswers(ruleSets: PlanRuleSet[], budget: number | undefined, costAt: (d: number) => ScenarioCost): void {
  if (budget === undefined) return;
  for (const set of ruleSets) {
    const answer = maxWithinBudget((d) => costAt(d).totals[set.name]!, budget, BUDGET_SEARCH_LIMIT);
    set.maxDeploysPerDayWithinBudget = answer.value;
    if (answer.capped) set.budgetSearchCapped = true;
  }
}

function sweepOf(deploysPerDay: number, costAt: (d: number) => ScenarioCost): SweepPoint[] {
  return sweepValues(deploysPerDay).map((d) => {
    const cost = costAt(d);
    return { deploysPerDay: d, configurationItemsMonthly: roundQuantity(cost.cis), monthlyCostUSD: cost.totals };
  });
}

const memo = <T>(f: (d: number) => T) => {
  const cache = new Map<number, T>();
  return (d: number) => {
    if (!cache.has(d)) cache.set(d, f(d));
    return cache.get(d)!;
  };
};

function planParametric(options: PlanOptions): PlanReport {
  const deploysPerDay = nonNegative(options.deploysPerDay, '--deploys-per-day');
  if (deploysPerDay === undefined) throw new UsageError('a plan with --services needs --deploys-per-day D (per service)');
  if (options.scaleDeploys !== undefined || options.scaleAutoscaling !== undefined) {
    throw new UsageError('--scale-deploys and --scale-autoscaling scale a replay; with --services give the rates themselves');
  }
  const services = nonNegative(options.services, '--services', true)!;
  if (services < 1) throw new UsageError('--services takes a whole number of at least 1');
  const parameters: PlanParameters = {
    services,
    deploysPerDay,
    autoscalingPerDay: nonNegative(options.autoscalingPerDay, '--autoscaling-per-day') ?? 0,
    tasksPerService: nonNegative(options.tasksPerService, '--tasks-per-service', true) ?? 0,
    accounts: nonNegative(options.accounts, '--accounts', true) ?? 1,
    region: options.region ?? 'us-east-1',
    clusters: nonNegative(options.clusters, '--clusters', true) ?? 1,
    repositories: nonNegative(options.repositories, '--repositories', true) ?? services,
  };
  if (parameters.accounts < 1) throw new UsageError('--accounts takes a whole number of at least 1');
  const context = prepareModel(options);
  if (!context.priceBook.isPriced(parameters.region)) throw new InputError(new UnpricedRegionError(parameters.region).message);
  const monthDays = context.assumptions.number('month-days');
  const forecast = makeForecast(windowOfDays(monthDays), { monthDays, trend: false });
  const dayWeights = forecast.days.map((d) => d.weight);
  const related = context.assumptions.boolean('eni-changes-record-subnet-and-security-group-cis');
  const tierScope = context.assumptions.string('tier-scope') as TierScope;

  const scenario = (p: PlanParameters, mode: RecordingMode = context.recording.mode) => parametricScenario(p, { ...context.recording, mode }, dayWeights, related);
  const price = (s: ReturnType<typeof scenario>, recorded: RecordedItems = s.recorded, ruleSets = context.ruleSets) =>
    priceScenario({
      recorded,
      inventory: s.inventory,
      accountRegions: s.accountRegions,
      forecast,
      recording: context.recording,
      ruleSets,
      priceBook: context.priceBook,
      tierScope,
      complianceCisPerEvaluatedCi: context.assumptions.number('resource-compliance-cis-per-evaluated-ci'),
      resourceTypes: context.catalog.resourceTypes,
      withRange: false,
    });
  const costAt = memo((d: number): ScenarioCost => {
    const priced = price(scenario({ ...parameters, deploysPerDay: d }));
    return { totals: Object.fromEntries(priced.ruleSets.map((s) => [s.name, s.monthlyCostUSD.total])), cis: priced.configurationItems.monthly.total };
  });

  const main = scenario(parameters);
  const priced = price(main);
  const ruleSets: PlanRuleSet[] = priced.ruleSets;
  budgetAnswers(ruleSets, options.budget, costAt);
  const otherMode: RecordingMode = context.recording.mode === 'continuous' ? 'daily' : 'continuous';
  const byMode = { [context.recording.mode]: main.recorded, [otherMode]: scenario(parameters, otherMode).recorded } as Record<RecordingMode, RecordedItems>;
  const advice = adviseRecording(byMode, context.recording.mode, context.ruleSets[0], (recorded) => price(main, recorded, context.ruleSets.slice(0, 1)).ruleSets[0]!.monthlyCostUSD.total);
  return {
    generator: 'config-cost',
    mode: 'parametric',
    parameters,
    baseline: null,
    scenario: { deploysPerServicePerDay: parameters.deploysPerDay, autoscalingPerServicePerDay: parameters.autoscalingPerDay, multipliers: null },
    forecast: { monthDays },
    recording: recordingOf(context),
    configurationItems: { monthly: priced.configurationItems.monthly, monthlyCostUSD: priced.configurationItems.monthlyCostUSD },
    ruleSets,
    sweep: sweepOf(parameters.deploysPerDay, costAt),
    budgetUSD: options.budget ?? null,
    recordingAdvice: advice,
    incomplete: false,
    assumptions: context.assumptions.list(),
  };
}

function recordingOf(context: ReplayContext): PlanReport['recording'] {
  return {
    mode: context.recording.mode,
    recordTypes: context.recording.recordTypes ? [...context.recording.recordTypes].sort() : null,
    excludeTypes: [...(context.recording.excludeTypes ?? [])].sort(),
  };
}

async function planFromReplay(options: PlanOptions, io: CommandIO): Promise<PlanReport> {
  const context = prepareReplay(options);
  for (const flag of ['tasksPerService', 'accounts', 'region', 'clusters', 'repositories'] as const) {
    if (options[flag] !== undefined) throw new UsageError(`--${flag.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} describes a plan with no data (--services); a replay takes them from the records`);
  }
  const read = options.events.some((e) => e.startsWith('s3://'))
    ? (await (await import('../estimate/s3-replay.js')).readReplayWithS3(options, io, (await import('../../sources/s3/client.js')).createS3ClientFactory(options.profile))).read
    : await readReplay(await eventFiles(options.events), context, io);
  const baseline = replayBaseline(read.classification.counted, read.window.days);
  const scaleDeploys = parseScale(options.scaleDeploys, '--scale-deploys');
  const scaleScaling = parseScale(options.scaleAutoscaling, '--scale-autoscaling');
  if (scaleDeploys !== undefined && options.deploysPerDay !== undefined) throw new UsageError('give --deploys-per-day or --scale-deploys, not both');
  if (scaleScaling !== undefined && options.autoscalingPerDay !== undefined) throw new UsageError('give --autoscaling-per-day or --scale-autoscaling, not both');
  const observedDeploys = baseline.deploysPerServicePerDay;
  if (observedDeploys === 0 && (options.deploysPerDay !== undefined || scaleDeploys !== undefined || options.budget !== undefined)) {
    throw new InputError('the replay holds no task-definition registrations to scale; plan with no data instead (--services N --deploys-per-day D)');
  }
  const deploysPerDay = nonNegative(options.deploysPerDay, '--deploys-per-day') ?? observedDeploys * (scaleDeploys ?? 1);
  const scalingMultiplier = (() => {
    const target = nonNegative(options.autoscalingPerDay, '--autoscaling-per-day');
    if (target === undefined) return scaleScaling ?? 1;
    if (baseline.autoscalingPerServicePerDay === 0) throw new InputError('the replay holds no auto-scaling desiredCount changes to scale');
    return target / baseline.autoscalingPerServicePerDay;
  })();
  const multipliersAt = (d: number) => driverMultipliers(baseline, observedDeploys === 0 ? 1 : d / observedDeploys, scalingMultiplier);
  const newResourcePerCall = context.catalog.newResourcePerCallTypes;
  const reportAt = (d: number, withRange: boolean): EstimateReport =>
    reportReplay(read, context, { scaling: { multipliers: multipliersAt(d), newResourcePerCall }, withRange });
  const costAt = memo((d: number): ScenarioCost => {
    const r = reportAt(d, false);
    return { totals: Object.fromEntries(r.ruleSets.map((s) => [s.name, s.monthlyCostUSD.total])), cis: r.configurationItems.monthly.total };
  });

  const main = reportAt(deploysPerDay, true);
  const ruleSets: PlanRuleSet[] = main.ruleSets;
  budgetAnswers(ruleSets, options.budget, costAt);
  return {
    generator: 'config-cost',
    mode: 'replay',
    parameters: null,
    baseline: { ...baseline, window: main.window },
    scenario: {
      deploysPerServicePerDay: deploysPerDay,
      autoscalingPerServicePerDay: baseline.autoscalingPerServicePerDay * scalingMultiplier,
      multipliers: multipliersAt(deploysPerDay),
    },
    forecast: { monthDays: main.forecast.monthDays },
    recording: recordingOf(context),
    configurationItems: { monthly: main.configurationItems.monthly, monthlyCostUSD: main.configurationItems.monthlyCostUSD },
    ruleSets,
    sweep: observedDeploys === 0 ? [] : sweepOf(deploysPerDay, costAt),
    budgetUSD: options.budget ?? null,
    recordingAdvice: main.recordingAdvice,
    incomplete: main.incomplete,
    assumptions: main.assumptions,
  };
}

