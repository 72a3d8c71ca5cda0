/**
 * The synthetic archive generator: a pure function from options to the files of a CloudTrail
 * archive plus a manifest of what happened. No I/O, no clock, no Math.random: the same options
 * give the same archive, byte for byte once written.
 */
import { clusterNames, servicePlacements, simulatedAccountIds } from './accounts.js';
import { emptyActionCounts, simulateAccountActivity } from './activity.js';
import { deliverRecords, type TrailLocation } from './delivery.js';
import { simulatePutEvaluations } from './evaluations.js';
import { toRecord } from './records.js';
import { buildDigests } from './digest.js';
import { SIMULATED_ORG_ID, type SimulateOptions } from './options.js';
import { createPrng, deriveSeed } from '../core/prng.js';
import { SECONDS_PER_DAY, isoSeconds, parseUtcDate } from './time.js';
import type {
  ActionCounts,
  DigestFile,
  ExpectedConfigurationItems,
  ExpectedRuleEvaluations,
  LogFile,
  RecordCounts,
  SimulatedArchive,
} from './types.js';

export type { SimulatedArchive, SimulateManifest } from './types.js';
export { DEFAULT_SIMULATE_OPTIONS, type SimulateOptions } from './options.js';

/** Bucket and trail names written into digest files. */
export const SIMULATED_BUCKET = 'config-cost-simulated-trail';
const trailName = (organization: boolean): string => (organization ? 'organization-trail' : 'management-events');

export interface SimulationWindow {
  /** Inclusive start, epoch seconds (UTC midnight). */
  from: number;
  /** Exclusive end, epoch seconds (UTC midnight of `until`). */
  to: number;
  days: number;
}

export function simulationWindow(options: Pick<SimulateOptions, 'until' | 'days'>): SimulationWindow {
  const to = parseUtcDate(options.until);
  if (to === undefined) throw new RangeError(`until must be a YYYY-MM-DD date, got ${JSON.stringify(options.until)}`);
  return { from: to - options.days * SECONDS_PER_DAY, to, days: options.days };
}

export function generateArchive(options: SimulateOptions): SimulatedArchive {
  const window = simulationWindow(options);
  const accountIds = simulatedAccountIds(options.seed, options.accounts);
  const clusters = clusterNames(options.clusters);
  const services = servicePlacements(options.services, clusters);
  const prefix = options.organization ? `AWSLogs/${SIMULATED_ORG_ID}/` : 'AWSLogs/';

  const logFiles: LogFile[] = [];
  const digestFiles: DigestFile[] = [];
  const actions = emptyActionCounts();
  const records: RecordCounts = { total: 0, unique: 0, duplicates: 0, failed: 0, readOnly: 0, unrelatedWrites: 0 };
  const rules = options.putEvaluations ?? [];
  const ruleEvaluations = new Map<string, ExpectedRuleEvaluations>(rules.map((r) => [r.name, { total: 0, byDay: {} }]));

  accountIds.forEach((accountId, index) => {
    // Each account draws from its own stream, so adding accounts leaves earlier ones unchanged.
    const prng = createPrng(deriveSeed(options.seed, index + 1));
    const scope = { accountId, region: options.region };
    const activity = simulateAccountActivity(
      { scope, from: window.from, days: window.days, clusters, services, rates: options },
      prng,
    );
    if (rules.length > 0) {
      // A stream of its own: with or without evaluations, the account's activity is the same.
      const evaluationPrng = createPrng(deriveSeed(options.seed, index + 1, EVALUATIONS_STREAM));
      const evaluations = simulatePutEvaluations(activity.cis, rules, scope, evaluationPrng);
      for (const spec of evaluations.specs) activity.records.push(toRecord(spec, scope, evaluationPrng));
      // The estimator classifies them as unrelated writes (config.amazonaws.com is not in its catalog).
      activity.unrelatedWrites += evaluations.specs.length;
      for (const [name, counts] of evaluations.expected) addRuleEvaluations(ruleEvaluations.get(name)!, counts);
    }
    const location: TrailLocation = { prefix, ...scope };
    const delivery = deliverRecords(activity.records, location, options.duplicateRate, prng, options.deliveryMinutes);
    const trail = { ...location, bucket: SIMULATED_BUCKET, trailName: trailName(options.organization) };

    logFiles.push(...delivery.logFiles);
    digestFiles.push(...buildDigests(delivery.logFiles, trail, window.from, prng));
    addCounts(actions, activity.actions);
    records.unique += activity.records.length;
    records.duplicates += delivery.duplicates;
    records.failed += activity.failed;
    records.readOnly += activity.readOnly;
    records.unrelatedWrites += activity.unrelatedWrites;
  });
  records.total = records.unique + records.duplicates;

  const byKey = (a: { key: string }, b: { key: string }): number => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
  return {
    manifest: {
      synthetic: true,
      generator: 'config-cost simulate',
      seed: options.seed,
      window: { from: isoSeconds(window.from), to: isoSeconds(window.to), days: window.days },
      accounts: accountIds,
      region: options.region,
      files: { logFiles: logFiles.length, digestFiles: digestFiles.length },
      records,
      actions,
      expectedConfigurationItems: expectedConfigurationItems(actions),
      ...(rules.length > 0 ? { expectedRuleEvaluations: Object.fromEntries([...ruleEvaluations].map(([name, c]) => [name, { total: c.total, byDay: sortedDays(c.byDay) }])) } : {}),
    },
    logFiles: logFiles.sort(byKey),
    digestFiles: digestFiles.sort(byKey),
  };
}

/**
 * The documented CI rules applied to the action counts (not to the records, so a replay of the
 * records can be checked against it):
 * - CreateCluster, CreateRepository, CreateService: 1 each.
 * - Every successful RegisterTaskDefinition: 1 (setup revision 1 plus one per deploy).
 * - DeregisterTaskDefinition of a superseded revision: 0 (every deregistration here is one).
 * - UpdateService changing the task definition (a deploy): 1; changing desiredCount: 1;
 *   forceNewDeployment alone: 0. PutImage: 0. Failed calls and duplicate deliveries: 0.
 * - CreateNetworkInterface and DeleteNetworkInterface made by ECS for a task (awsvpc): 1 each.
 */
export function expectedConfigurationItems(actions: ActionCounts): ExpectedConfigurationItems {
  return {
    'AWS::ECS::Cluster': actions.clustersCreated,
    'AWS::ECR::Repository': actions.repositoriesCreated,
    'AWS::ECS::Service': actions.servicesCreated + actions.deploys + actions.autoscalingUpdates,
    'AWS::ECS::TaskDefinition': actions.servicesCreated + actions.deploys,
    'AWS::EC2::NetworkInterface': actions.networkInterfacesCreated + actions.networkInterfacesDeleted,
  };
}

/** Seeds the PutEvaluations stream apart from the account's main stream. */
const EVALUATIONS_STREAM = 0x0e7a1;

function addRuleEvaluations(total: ExpectedRuleEvaluations, add: ExpectedRuleEvaluations): void {
  total.total += add.total;
  for (const [day, n] of Object.entries(add.byDay)) total.byDay[day] = (total.byDay[day] ?? 0) + n;
}

const sortedDays = (byDay: Record<string, number>): Record<string, number> => Object.fromEntries(Object.entries(byDay).sort(([a], [b]) => (a < b ? -1 : 1)));

function addCounts(total: ActionCounts, add: ActionCounts): void {
  for (const key of Object.keys(total) as (keyof ActionCounts)[]) total[key] += add[key];
}
