/** Checks `config-cost simulate` option values and fills in the defaults. */
import { UsageError } from '../../errors.js';
import { DEFAULT_SIMULATE_OPTIONS, MAX_ACCOUNTS, type SimulateOptions } from '../../simulate/options.js';
import { parseUtcDate } from '../../simulate/time.js';

/** Caps that keep a typo from writing millions of files; generous for any real test. */
const LIMITS = {
  days: 3_660,
  clusters: 100,
  services: 1_000,
  /** Per service per day; a service's actions need 90 seconds each, so ~950 fit in a day. */
  actionsPerDay: 200,
  noisePerDay: 1_000_000,
  /** Each deploy creates and deletes a network interface per task: 1,000 tasks make 2,000 records a deploy. */
  tasksPerService: 1_000,
};

const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;

const show = (value: unknown): string => (typeof value === 'string' ? `'${value}'` : String(value));

function wholeNumber(flag: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new UsageError(`${flag} takes a whole number from ${min} to ${max}, not ${show(value)}`);
  }
  return value;
}

function amount(flag: string, value: number, max: number): number {
  if (!Number.isFinite(value) || value < 0 || value > max) {
    throw new UsageError(`${flag} takes a number from 0 to ${max}, not ${show(value)}`);
  }
  return value;
}

export function resolveSimulateOptions(input: Partial<SimulateOptions>): SimulateOptions {
  const o = { ...DEFAULT_SIMULATE_OPTIONS, ...definedOnly(input) };
  if (parseUtcDate(o.until) === undefined) {
    throw new UsageError(`--until takes a date like 2026-11-02, not ${show(o.until)}`);
  }
  if (!REGION.test(o.region)) throw new UsageError(`--region takes a region code like us-east-1, not ${show(o.region)}`);
  return {
    seed: wholeNumber('--seed', o.seed, 0, Number.MAX_SAFE_INTEGER),
    until: o.until,
    days: wholeNumber('--days', o.days, 1, LIMITS.days),
    accounts: wholeNumber('--accounts', o.accounts, 1, MAX_ACCOUNTS),
    region: o.region,
    clusters: wholeNumber('--clusters', o.clusters, 1, LIMITS.clusters),
    services: wholeNumber('--services', o.services, 1, LIMITS.services),
    deploysPerDay: amount('--deploys-per-day', o.deploysPerDay, LIMITS.actionsPerDay),
    autoscalingPerDay: amount('--autoscaling-per-day', o.autoscalingPerDay, LIMITS.actionsPerDay),
    forcedRedeploysPerDay: amount('--forced-redeploys-per-day', o.forcedRedeploysPerDay, LIMITS.actionsPerDay),
    tasksPerService: wholeNumber('--tasks-per-service', o.tasksPerService, 0, LIMITS.tasksPerService),
    noisePerDay: amount('--noise-per-day', o.noisePerDay, LIMITS.noisePerDay),
    failedRate: amount('--failed-rate', o.failedRate, 1),
    duplicateRate: amount('--duplicate-rate', o.duplicateRate, 1),
    organization: Boolean(o.organization),
    deliveryMinutes: wholeNumber('--delivery-minutes', o.deliveryMinutes, 1, 24 * 60),
    ...(o.putEvaluations !== undefined && o.putEvaluations.length > 0 ? { putEvaluations: o.putEvaluations } : {}),
  };
}

/** Drops keys set to undefined, so they fall back to the defaults instead of erasing them. */
function definedOnly(input: Partial<SimulateOptions>): Partial<SimulateOptions> {
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) as Partial<SimulateOptions>;
}
