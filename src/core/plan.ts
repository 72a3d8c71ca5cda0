import type { MatchedEvent } from '../catalog/event-catalog.js';
import type { Driver } from '../catalog/schema.js';
import { DAY_MS } from './event-time.js';
import type { AccountRegion } from './evaluations.js';
import type { InventoryEntry } from './inventory.js';
import { isRecorded, USAGE_TYPE_BY_MODE, type RecordedCount, type RecordedItems, type RecordingMode, type RecordingSettings } from './recording.js';

/** `plan --services N --deploys-per-day D ...`: a month with no data behind it. */
export interface PlanParameters {
  services: number;
  deploysPerDay: number;
  autoscalingPerDay: number;
  tasksPerService: number;
  accounts: number;
  region: string;
  clusters: number;
  repositories: number;
}

const TYPES = {
  taskDefinition: 'AWS::ECS::TaskDefinition',
  service: 'AWS::ECS::Service',
  networkInterface: 'AWS::EC2::NetworkInterface',
  subnet: 'AWS::EC2::Subnet',
  securityGroup: 'AWS::EC2::SecurityGroup',
  cluster: 'AWS::ECS::Cluster',
  repository: 'AWS::ECR::Repository',
} as const;

export const planAccount = (index: number) => `account-${index + 1}`;

/**
 * CIs a day per account, for the parametric model:
 * - a deploy registers a revision (1 TaskDefinition CI), updates its service (1 Service CI) and deregisters the
 *   previous revision (0 CI); an auto-scaling action updates desiredCount (1 Service CI);
 * - each deploy replaces T tasks (T ENIs created, T deleted) and each scaling action starts or stops one task;
 * - daily recording: a service records 1 CI on a day it changed (min(1, D + A)); every revision is its own
 *   resource (N x D); an ENI lives about 1/D days, so it records 2 daily CIs when its creation and deletion
 *   fall on different days and 1 otherwise: T x (D + min(D, 1)) a service, plus one per scaling action.
 * With the related-CI assumption, each ENI change also records a subnet and a security-group CI.
 */
export function parametricDailyCis(p: PlanParameters, mode: RecordingMode, relatedCis: boolean): Record<string, number> {
  const { services: n, deploysPerDay: d, autoscalingPerDay: a, tasksPerService: t } = p;
  const eni = t > 0 ? (mode === 'continuous' ? n * (2 * t * d + a) : n * (t * (d + Math.min(d, 1)) + a)) : 0;
  const perDay: Record<string, number> = {
    [TYPES.taskDefinition]: n * d,
    [TYPES.service]: mode === 'continuous' ? n * (d + a) : n * Math.min(1, d + a),
    [TYPES.networkInterface]: eni,
  };
  if (relatedCis && eni > 0) {
    const related = mode === 'continuous' ? eni : Math.min(n, eni);
    perDay[TYPES.subnet] = related;
    perDay[TYPES.securityGroup] = related;
  }
  return perDay;
}

/** The recorded CIs, inventory and account-regions of a parametric month, as a replay would give them. */
export function parametricScenario(
  p: PlanParameters,
  recording: RecordingSettings,
  dayWeights: readonly number[],
  relatedCis: boolean,
): { recorded: RecordedItems; inventory: InventoryEntry[]; accountRegions: AccountRegion[] } {
  const perDay = parametricDailyCis(p, recording.mode, relatedCis);
  const counts: RecordedCount[] = [];
  const notRecorded: Record<string, number> = {};
  const inventory: InventoryEntry[] = [];
  const accountRegions: AccountRegion[] = [];
  for (let i = 0; i < p.accounts; i++) {
    const account = planAccount(i);
    accountRegions.push({ account, region: p.region });
    for (const [resourceType, value] of Object.entries(perDay).sort(([x], [y]) => (x < y ? -1 : 1))) {
      if (value === 0) continue;
      const daily = dayWeights.map((w) => value * w);
      const count = daily.reduce((s, v) => s + v, 0);
      if (!isRecorded(resourceType, recording)) {
        notRecorded[resourceType] = (notRecorded[resourceType] ?? 0) + count;
        continue;
      }
      counts.push({ account, region: p.region, resourceType, count, daily });
    }
    const own = (resourceType: string, count: number) => count > 0 && inventory.push({ account, region: p.region, resourceType, count, source: 'plan' });
    own(TYPES.repository, p.repositories);
    own(TYPES.cluster, p.clusters);
    own(TYPES.service, p.services);
    own(TYPES.taskDefinition, p.services);
  }
  return { recorded: { usageType: USAGE_TYPE_BY_MODE[recording.mode], counts, notRecordedByResourceType: notRecorded }, inventory, accountRegions };
}

/** What the replay shows of deploys, auto scaling and task churn, per service and day. */
export interface ReplayBaseline {
  services: number;
  deploys: number;
  autoscalingActions: number;
  taskNetworkInterfaceChanges: number;
  deploysPerServicePerDay: number;
  autoscalingPerServicePerDay: number;
  /** Tasks a deploy replaces, from ENI changes = 2 x T x deploys + scaling actions. */
  tasksPerDeploy: number;
}

export function replayBaseline(counted: readonly MatchedEvent[], windowDays: number): ReplayBaseline {
  const services = new Set<string>();
  const families = new Set<string>();
  let deploys = 0;
  let scaling = 0;
  let enis = 0;
  for (const e of counted) {
    if (e.resourceType === TYPES.service) services.add(`${e.account}|${e.region}|${e.resourceId}`);
    if (e.behaviour === 'registerTaskDefinition') {
      deploys += 1;
      families.add(`${e.account}|${e.region}|${e.resourceId.replace(/:\d+$/, '')}`);
    }
    if (e.driver === 'scaling') scaling += 1;
    if (e.driver === 'tasks' && e.resourceType === TYPES.networkInterface) enis += 1;
  }
  const serviceCount = Math.max(services.size, families.size);
  const perServiceDay = (n: number) => (serviceCount === 0 ? 0 : n / serviceCount / windowDays);
  return {
    services: serviceCount,
    deploys,
    autoscalingActions: scaling,
    taskNetworkInterfaceChanges: enis,
    deploysPerServicePerDay: perServiceDay(deploys),
    autoscalingPerServicePerDay: perServiceDay(scaling),
    tasksPerDeploy: deploys === 0 ? 0 : Math.max(0, (enis - Math.min(enis, scaling)) / (2 * deploys)),
  };
}

/**
 * Multipliers on the replay's changes for a target rate: deploys x (target / observed); task churn follows
 * deploys and scaling in proportion to the share each has of the ENI changes.
 */
export function driverMultipliers(baseline: ReplayBaseline, deployScale: number, scalingScale: number): Record<Driver, number> {
  const fromDeploys = 2 * baseline.tasksPerDeploy * baseline.deploys;
  const fromScaling = Math.min(baseline.taskNetworkInterfaceChanges, baseline.autoscalingActions);
  const enis = baseline.taskNetworkInterfaceChanges;
  const tasks = enis === 0 ? 1 : (fromDeploys * deployScale + fromScaling * scalingScale + (enis - fromDeploys - fromScaling)) / enis;
  return { deploy: deployScale, scaling: scalingScale, tasks, other: 1 };
}

/** The largest whole number in [0, limit] whose cost stays within the budget (cost rises with it); null if 0 does not fit. */
export function maxWithinBudget(costAt: (n: number) => number, budget: number, limit: number): { value: number | null; capped: boolean } {
  if (costAt(0) > budget) return { value: null, capped: false };
  if (costAt(limit) <= budget) return { value: limit, capped: true };
  let lo = 0; // fits
  let hi = 1;
  while (hi < limit && costAt(hi) <= budget) {
    lo = hi;
    hi = Math.min(limit, hi * 2);
  }
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (costAt(mid) <= budget) lo = mid;
    else hi = mid;
  }
  return { value: lo, capped: false };
}

/** Deploys per day to show: 1 to 2 x D (at least 2), at most `points` rows, evenly spread. */
export function sweepValues(deploysPerDay: number, points = 12): number[] {
  const top = Math.max(2, Math.ceil(2 * deploysPerDay));
  if (top <= points) return Array.from({ length: top }, (_, i) => i + 1);
  return [...new Set(Array.from({ length: points }, (_, i) => Math.round(1 + (i * (top - 1)) / (points - 1))))];
}

export const windowOfDays = (days: number) => ({ fromMs: 0, toMs: days * DAY_MS, days });
