/**
 * What one account does over the window, in time order per service: setup in the first minute,
 * then each day's deploys, auto scaling updates, forced redeploys, and background noise.
 * Every action is counted here as it is emitted; the manifest is built from these counts.
 */
import type { AccountScope } from './arns.js';
import {
  autoscalingCaller,
  ciCliCaller,
  ciSession,
  createPrincipals,
  userAgents,
  withAgent,
  type AccountPrincipals,
  type Caller,
} from './callers.js';
import {
  createCluster,
  createRepository,
  createService,
  deregisterTaskDefinition,
  forceNewDeployment,
  putImage,
  registerTaskDefinition,
  updateServiceDesiredCount,
  updateServiceTaskDefinition,
  type ServiceSnapshot,
} from './ecs-calls.js';
import { noiseCall, type NoiseWorld } from './noise.js';
import type { SimulateOptions } from './options.js';
import type { Prng } from './prng.js';
import { asFailedAttempt, toRecord, type CallError, type CallSpec } from './records.js';
import { SECONDS_PER_DAY, SECONDS_PER_HOUR, isWeekend } from './time.js';
import type { ActionCounts, TimedRecord } from './types.js';

export interface ServicePlacement {
  name: string;
  cluster: string;
}

export type ActivityRates = Pick<
  SimulateOptions,
  'deploysPerDay' | 'autoscalingPerDay' | 'forcedRedeploysPerDay' | 'noisePerDay' | 'failedRate'
>;

export interface AccountActivityInput {
  scope: AccountScope;
  /** Start of the window (UTC midnight, epoch seconds). */
  from: number;
  days: number;
  clusters: readonly string[];
  services: readonly ServicePlacement[];
  rates: ActivityRates;
}

export interface AccountActivity {
  /** Unique records in generation order (not time order). */
  records: TimedRecord[];
  actions: ActionCounts;
  failed: number;
  readOnly: number;
  unrelatedWrites: number;
}

export const INITIAL_DESIRED_COUNT = 2;
const MAX_DESIRED_COUNT = 12;
/** Actions start after the setup minute and end before midnight, so each stays on its own day. */
const FIRST_ACTION_OFFSET = 5 * 60;
const LAST_ACTION_OFFSET = SECONDS_PER_DAY - 5 * 60;
/** A deploy's calls span under 30 seconds; keeping actions on a service apart stops them interleaving. */
const MIN_GAP_BETWEEN_ACTIONS = 90;
const BUSINESS_HOURS = { from: 8 * SECONDS_PER_HOUR, to: 19 * SECONDS_PER_HOUR };
/** Share of weekday deploys inside business hours ("mostly"). */
const BUSINESS_HOURS_DEPLOY_SHARE = 0.9;
const BUSY_HOURS_NOISE = { share: 0.7, from: 7 * SECONDS_PER_HOUR, to: 20 * SECONDS_PER_HOUR };

type ActionKind = 'deploy' | 'autoscaling' | 'forcedRedeploy';

interface PlannedAction {
  kind: ActionKind;
  time: number;
}

interface ServiceState {
  cluster: string;
  name: string;
  family: string;
  revision: number;
  desiredCount: number;
}

export function emptyActionCounts(): ActionCounts {
  return {
    clustersCreated: 0,
    repositoriesCreated: 0,
    servicesCreated: 0,
    deploys: 0,
    imagePushes: 0,
    autoscalingUpdates: 0,
    forcedRedeploys: 0,
    deregistrations: 0,
  };
}

const snapshot = (s: ServiceState): ServiceSnapshot => ({ ...s, runningCount: s.desiredCount });

export function simulateAccountActivity(input: AccountActivityInput, prng: Prng): AccountActivity {
  const { scope, rates } = input;
  const principals = createPrincipals(scope, prng);
  const activity: AccountActivity = {
    records: [],
    actions: emptyActionCounts(),
    failed: 0,
    readOnly: 0,
    unrelatedWrites: 0,
  };
  const emit = (spec: CallSpec): void => {
    activity.records.push(toRecord(spec, scope, prng));
  };
  /** With probability failedRate, a rejected copy of `spec` lands a moment before it. */
  const maybeFailFirst = (spec: CallSpec): void => {
    if (!prng.chance(rates.failedRate)) return;
    emit(asFailedAttempt(spec, deployError(spec, prng), spec.time - prng.int(1, 2)));
    activity.failed++;
  };

  const services: ServiceState[] = input.services.map((s) => ({
    cluster: s.cluster,
    name: s.name,
    family: s.name,
    revision: 1,
    desiredCount: INITIAL_DESIRED_COUNT,
  }));

  emitSetup(input, principals, services, prng, emit, activity.actions);

  const world: NoiseWorld = { scope, principals, services };
  for (let day = 0; day < input.days; day++) {
    const dayStart = input.from + day * SECONDS_PER_DAY;
    const weekend = isWeekend(dayStart);
    for (const service of services) {
      for (const action of planServiceDay(dayStart, weekend, rates, prng)) {
        switch (action.kind) {
          case 'deploy':
            emitDeploy(scope, principals, service, action.time, prng, emit, maybeFailFirst);
            activity.actions.deploys++;
            activity.actions.imagePushes++;
            activity.actions.deregistrations++;
            break;
          case 'autoscaling': {
            const desiredCount = nextDesiredCount(service.desiredCount, prng);
            const after = { ...snapshot(service), desiredCount, runningCount: service.desiredCount };
            emit(updateServiceDesiredCount(scope, autoscalingCaller(principals, action.time), action.time, after));
            service.desiredCount = desiredCount;
            activity.actions.autoscalingUpdates++;
            break;
          }
          case 'forcedRedeploy': {
            const caller = ciCliCaller(principals, prng, action.time, 'ecs.update-service');
            emit(forceNewDeployment(scope, caller, action.time, snapshot(service)));
            activity.actions.forcedRedeploys++;
            break;
          }
        }
      }
    }
    const noiseCount = prng.count(rates.noisePerDay);
    for (let i = 0; i < noiseCount; i++) {
      const spec = noiseCall(world, noiseTime(dayStart, prng), prng);
      emit(spec);
      if (spec.readOnly) activity.readOnly++;
      else activity.unrelatedWrites++;
    }
  }
  return activity;
}

/** Infrastructure as code creates everything in the window's first minute, in dependency order. */
function emitSetup(
  input: AccountActivityInput,
  principals: AccountPrincipals,
  services: readonly ServiceState[],
  prng: Prng,
  emit: (spec: CallSpec) => void,
  actions: ActionCounts,
): void {
  const { scope, from } = input;
  const session = ciSession(principals, prng, from);
  const ecs = withAgent(session, userAgents.terraform('ecs#1.47.3'));
  const ecr = withAgent(session, userAgents.terraform('ecr#1.36.2'));
  const calls: ((time: number) => CallSpec)[] = [
    ...input.clusters.map((cluster) => (t: number) => createCluster(scope, ecs, t, cluster)),
    ...services.map((s) => (t: number) => createRepository(scope, ecr, t, s.name)),
    ...services.map((s) => (t: number) => registerTaskDefinition(scope, ecs, t, s.family, s.revision, prng.hex(7))),
    ...services.map((s) => (t: number) => createService(scope, ecs, t, snapshot(s))),
  ];
  calls.forEach((call, i) => emit(call(from + Math.floor((i * 60) / calls.length))));
  actions.clustersCreated += input.clusters.length;
  actions.repositoriesCreated += services.length;
  actions.servicesCreated += services.length;
}

/** Push an image, register a revision, point the service at it, deregister the old revision. */
function emitDeploy(
  scope: AccountScope,
  principals: AccountPrincipals,
  service: ServiceState,
  start: number,
  prng: Prng,
  emit: (spec: CallSpec) => void,
  maybeFailFirst: (spec: CallSpec) => void,
): void {
  const session = ciSession(principals, prng, start);
  const cli = (command: string): Caller => withAgent(session, userAgents.awsCli(command));
  const step = (): number => prng.int(3, 8);
  const imageTag = prng.hex(7);
  const revision = service.revision + 1;
  let t = start;

  emit(putImage(scope, withAgent(session, userAgents.docker), t, service.name, imageTag, `sha256:${prng.hex(64)}`));
  t += step();
  const register = registerTaskDefinition(scope, cli('ecs.register-task-definition'), t, service.family, revision, imageTag);
  maybeFailFirst(register);
  emit(register);
  t += step();
  const update = updateServiceTaskDefinition(scope, cli('ecs.update-service'), t, { ...snapshot(service), revision });
  maybeFailFirst(update);
  emit(update);
  t += step();
  const byArn = prng.chance(0.5);
  emit(deregisterTaskDefinition(scope, cli('ecs.deregister-task-definition'), t, service.family, service.revision, byArn));
  service.revision = revision;
}

function deployError(spec: CallSpec, prng: Prng): CallError {
  const action = `ecs:${spec.eventName}`;
  const errors: CallError[] = [
    {
      code: 'AccessDeniedException',
      message: `User: ${spec.caller.identity.arn} is not authorized to perform: ${action} on resource: * because no identity-based policy allows the ${action} action`,
    },
    { code: 'ThrottlingException', message: 'Rate exceeded' },
    spec.eventName === 'RegisterTaskDefinition'
      ? { code: 'ClientException', message: 'Too many concurrent attempts to create a new revision of the specified family.' }
      : { code: 'ClientException', message: 'Unable to assume the service linked role. Please verify that the ECS service linked role exists.' },
  ];
  return prng.pick(errors);
}

/** The day's actions for one service, sorted and spaced out. */
function planServiceDay(dayStart: number, weekend: boolean, rates: ActivityRates, prng: Prng): PlannedAction[] {
  const anyTime = (): number => dayStart + prng.int(FIRST_ACTION_OFFSET, LAST_ACTION_OFFSET);
  const deployTime = (): number =>
    !weekend && prng.chance(BUSINESS_HOURS_DEPLOY_SHARE)
      ? dayStart + prng.int(BUSINESS_HOURS.from, BUSINESS_HOURS.to - 1)
      : anyTime();

  const deploys = weekend ? Math.round(rates.deploysPerDay / 3) : prng.count(rates.deploysPerDay);
  const plan: PlannedAction[] = [];
  for (let i = 0; i < deploys; i++) plan.push({ kind: 'deploy', time: deployTime() });
  const autoscaling = prng.count(rates.autoscalingPerDay);
  for (let i = 0; i < autoscaling; i++) plan.push({ kind: 'autoscaling', time: anyTime() });
  const forced = prng.count(rates.forcedRedeploysPerDay);
  for (let i = 0; i < forced; i++) plan.push({ kind: 'forcedRedeploy', time: anyTime() });
  plan.sort((a, b) => a.time - b.time);

  const spaced: PlannedAction[] = [];
  let earliest = dayStart;
  for (const action of plan) {
    const time = Math.max(action.time, earliest);
    // Only very high rates reach the end of the day; those actions are dropped, and not counted.
    if (time > dayStart + LAST_ACTION_OFFSET) break;
    spaced.push({ kind: action.kind, time });
    earliest = time + MIN_GAP_BETWEEN_ACTIONS;
  }
  return spaced;
}

/** A real change of desiredCount (never the same value), within 1..12. */
function nextDesiredCount(current: number, prng: Prng): number {
  const next = Math.min(MAX_DESIRED_COUNT, Math.max(1, current + prng.pick([-2, -1, 1, 2, 3])));
  if (next !== current) return next;
  return current === 1 ? 2 : current - 1;
}

function noiseTime(dayStart: number, prng: Prng): number {
  return prng.chance(BUSY_HOURS_NOISE.share)
    ? dayStart + prng.int(BUSY_HOURS_NOISE.from, BUSY_HOURS_NOISE.to - 1)
    : dayStart + prng.int(60, SECONDS_PER_DAY - 1);
}
