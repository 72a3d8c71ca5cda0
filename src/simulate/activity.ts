/**
 * What one account does over the window, in time order per service: setup in the first minute,
 * then each day's deploys, auto scaling updates, forced redeploys, and background noise.
 * Each service runs tasks with awsvpc networking, so every task ECS starts or stops creates or
 * deletes a network interface: at service creation, on each deploy and forced redeploy (all tasks
 * replaced), and on each auto scaling change (one task more or fewer).
 * Every action is counted here as it is emitted; the manifest is built from these counts.
 */
import { clusterArn, serviceArn, taskDefinitionArn, type AccountScope } from './arns.js';
import {
  autoscalingCaller,
  ciCliCaller,
  ciSession,
  createPrincipals,
  ecsServiceCaller,
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
import {
  createAccountNetwork,
  createNetworkInterface,
  deleteNetworkInterface,
  newEniId,
  type AccountNetwork,
  type TaskEni,
} from './network.js';
import { noiseCall, type NoiseWorld } from './noise.js';
import type { SimulateOptions } from './options.js';
import type { Prng } from '../core/prng.js';
import { asFailedAttempt, toRecord, type CallError, type CallSpec } from './records.js';
import { SECONDS_PER_DAY, SECONDS_PER_HOUR, isWeekend } from './time.js';
import type { ActionCounts, TimedRecord } from './types.js';
import type { RecordedCi } from './evaluations.js';

export interface ServicePlacement {
  name: string;
  cluster: string;
}

export type ActivityRates = Pick<
  SimulateOptions,
  'deploysPerDay' | 'autoscalingPerDay' | 'forcedRedeploysPerDay' | 'noisePerDay' | 'failedRate' | 'tasksPerService'
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
  /** Every CI the actions record (the manifest's expectedConfigurationItems, one by one), in generation order. */
  cis: RecordedCi[];
  failed: number;
  readOnly: number;
  unrelatedWrites: number;
}

const CLUSTER = 'AWS::ECS::Cluster';
const REPOSITORY = 'AWS::ECR::Repository';
const SERVICE = 'AWS::ECS::Service';
const TASK_DEFINITION = 'AWS::ECS::TaskDefinition';
const NETWORK_INTERFACE = 'AWS::EC2::NetworkInterface';

/** Actions start after the setup minute and end before midnight, so each stays on its own day. */
const FIRST_ACTION_OFFSET = 5 * 60;
const LAST_ACTION_OFFSET = SECONDS_PER_DAY - 5 * 60;
/** A deploy's calls span under 30 seconds; keeping actions on a service apart stops them interleaving. */
const MIN_GAP_BETWEEN_ACTIONS = 90;
/**
 * Seconds from the ECS call to the network interface records it causes. New tasks get their ENI
 * within seconds; old tasks stop (and lose theirs) once the new ones are healthy and drained.
 * A new ENI always exists before the service's next action (UpdateService comes at most 16 s
 * into a deploy, 16 + 30 < 90), so a later deletion never precedes the creation it undoes; the
 * last deletion (16 + 240 s) still falls before midnight (LAST_ACTION_OFFSET leaves 300 s).
 */
const TASK_START_DELAY = { min: 2, max: 30 };
const TASK_STOP_DELAY = { min: 60, max: 240 };
const SCALE_IN_DELAY = { min: 20, max: 120 };
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
  /** The running tasks: tasksPerService, moved one up or down by each auto scaling change. */
  desiredCount: number;
  /** The next auto scaling change adds a task (else removes one). */
  scaleOutNext: boolean;
  /** The ENIs of the running tasks, oldest first (empty when tasksPerService is 0). */
  enis: TaskEni[];
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
    networkInterfacesCreated: 0,
    networkInterfacesDeleted: 0,
  };
}

const snapshot = (s: ServiceState): ServiceSnapshot => ({
  cluster: s.cluster,
  name: s.name,
  family: s.family,
  revision: s.revision,
  desiredCount: s.desiredCount,
  runningCount: s.desiredCount,
});

/** Starts and stops tasks of a service, emitting the network interface records ECS makes for them. */
interface TaskChurn {
  /** Starts `count` tasks: one ENI created each, `TASK_START_DELAY` after `at`. */
  start(service: ServiceState, count: number, at: number): void;
  /** Stops the given tasks: their ENIs are deleted `delay` after `at`. */
  stop(enis: readonly TaskEni[], at: number, delay: { min: number; max: number }): void;
  /** Replaces every running task: new ENIs first, then the old ones deleted. */
  replaceAll(service: ServiceState, at: number): void;
}

export function simulateAccountActivity(input: AccountActivityInput, prng: Prng): AccountActivity {
  const { scope, rates } = input;
  const principals = createPrincipals(scope, prng);
  const activity: AccountActivity = {
    records: [],
    actions: emptyActionCounts(),
    cis: [],
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
    desiredCount: rates.tasksPerService,
    scaleOutNext: prng.chance(0.5),
    enis: [],
  }));
  const network = createAccountNetwork(scope, services.map((s) => s.name), prng);
  const recordCi = (resourceType: string, resourceId: string, time: number): void => {
    activity.cis.push({ resourceType, resourceId, time });
  };
  const tasks = taskChurn(scope, principals, network, rates.tasksPerService > 0, prng, emit, activity.actions, recordCi);

  emitSetup(input, principals, services, prng, emit, activity.actions, tasks, recordCi);

  const world: NoiseWorld = { scope, principals, services };
  for (let day = 0; day < input.days; day++) {
    const dayStart = input.from + day * SECONDS_PER_DAY;
    const weekend = isWeekend(dayStart);
    for (const service of services) {
      for (const action of planServiceDay(dayStart, weekend, rates, prng)) {
        switch (action.kind) {
          case 'deploy': {
            const { registeredAt, updatedAt } = emitDeploy(scope, principals, service, action.time, prng, emit, maybeFailFirst);
            recordCi(TASK_DEFINITION, taskDefinitionArn(scope, service.family, service.revision), registeredAt);
            recordCi(SERVICE, serviceArn(scope, service.cluster, service.name), updatedAt);
            tasks.replaceAll(service, updatedAt);
            activity.actions.deploys++;
            activity.actions.imagePushes++;
            activity.actions.deregistrations++;
            break;
          }
          case 'autoscaling': {
            // Alternately one task more and one fewer, so the service stays around tasksPerService;
            // never below one task (a scale-in from one scales out instead).
            const scaleOut = service.scaleOutNext || service.desiredCount <= 1;
            const desiredCount = service.desiredCount + (scaleOut ? 1 : -1);
            const after = { ...snapshot(service), desiredCount, runningCount: service.desiredCount };
            emit(updateServiceDesiredCount(scope, autoscalingCaller(principals, action.time), action.time, after));
            recordCi(SERVICE, serviceArn(scope, service.cluster, service.name), action.time);
            service.desiredCount = desiredCount;
            service.scaleOutNext = !scaleOut;
            if (scaleOut) tasks.start(service, 1, action.time);
            else if (service.enis.length > 0) {
              const [stopped] = service.enis.splice(prng.int(0, service.enis.length - 1), 1);
              if (stopped) tasks.stop([stopped], action.time, SCALE_IN_DELAY);
            }
            activity.actions.autoscalingUpdates++;
            break;
          }
          case 'forcedRedeploy': {
            // Records no Service CI (nothing recorded changes) but replaces every task.
            const caller = ciCliCaller(principals, prng, action.time, 'ecs.update-service');
            emit(forceNewDeployment(scope, caller, action.time, snapshot(service)));
            tasks.replaceAll(service, action.time);
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

function taskChurn(
  scope: AccountScope,
  principals: AccountPrincipals,
  network: AccountNetwork,
  enabled: boolean,
  prng: Prng,
  emit: (spec: CallSpec) => void,
  actions: ActionCounts,
  recordCi: (resourceType: string, resourceId: string, time: number) => void,
): TaskChurn {
  const delayed = (at: number, delay: { min: number; max: number }): number => at + prng.int(delay.min, delay.max);
  const churn: TaskChurn = {
    start(service, count, at) {
      if (!enabled) return;
      for (let i = 0; i < count; i++) {
        const eni: TaskEni = { id: newEniId(prng), createdAt: delayed(at, TASK_START_DELAY) };
        const caller = ecsServiceCaller(principals, eni.createdAt);
        emit(createNetworkInterface(scope, network, caller, eni.createdAt, service.name, eni.id, prng));
        recordCi(NETWORK_INTERFACE, eni.id, eni.createdAt);
        service.enis.push(eni);
        actions.networkInterfacesCreated++;
      }
    },
    stop(enis, at, delay) {
      if (!enabled) return;
      for (const eni of enis) {
        const time = Math.max(delayed(at, delay), eni.createdAt + 1);
        emit(deleteNetworkInterface(ecsServiceCaller(principals, time), time, eni.id, prng));
        recordCi(NETWORK_INTERFACE, eni.id, time);
        actions.networkInterfacesDeleted++;
      }
    },
    replaceAll(service, at) {
      if (!enabled) return;
      const old = service.enis;
      service.enis = [];
      churn.start(service, old.length, at);
      churn.stop(old, at, TASK_STOP_DELAY);
    },
  };
  return churn;
}

/** Infrastructure as code creates everything in the window's first minute, in dependency order. */
function emitSetup(
  input: AccountActivityInput,
  principals: AccountPrincipals,
  services: readonly ServiceState[],
  prng: Prng,
  emit: (spec: CallSpec) => void,
  actions: ActionCounts,
  tasks: TaskChurn,
  recordCi: (resourceType: string, resourceId: string, time: number) => void,
): void {
  const { scope, from } = input;
  const session = ciSession(principals, prng, from);
  const ecs = withAgent(session, userAgents.terraform('ecs#1.47.3'));
  const ecr = withAgent(session, userAgents.terraform('ecr#1.36.2'));
  // Each call with the CI it records (type and id).
  const calls: { make: (time: number) => CallSpec; ci: [string, string] }[] = [
    ...input.clusters.map((cluster) => ({ make: (t: number) => createCluster(scope, ecs, t, cluster), ci: [CLUSTER, clusterArn(scope, cluster)] as [string, string] })),
    ...services.map((s) => ({ make: (t: number) => createRepository(scope, ecr, t, s.name), ci: [REPOSITORY, s.name] as [string, string] })),
    ...services.map((s) => ({
      make: (t: number) => registerTaskDefinition(scope, ecs, t, s.family, s.revision, prng.hex(7)),
      ci: [TASK_DEFINITION, taskDefinitionArn(scope, s.family, s.revision)] as [string, string],
    })),
    ...services.map((s) => ({ make: (t: number) => createService(scope, ecs, t, snapshot(s)), ci: [SERVICE, serviceArn(scope, s.cluster, s.name)] as [string, string] })),
  ];
  const times = calls.map((_, i) => from + Math.floor((i * 60) / calls.length));
  calls.forEach((call, i) => {
    const time = times[i] ?? from;
    emit(call.make(time));
    recordCi(call.ci[0], call.ci[1], time);
  });
  // Each new service starts its tasks right after CreateService (the last calls of the minute).
  const firstCreateService = calls.length - services.length;
  services.forEach((s, i) => tasks.start(s, s.desiredCount, times[firstCreateService + i] ?? from));
  actions.clustersCreated += input.clusters.length;
  actions.repositoriesCreated += services.length;
  actions.servicesCreated += services.length;
}

/**
 * Push an image, register a revision, point the service at it, deregister the old revision.
 * Returns when the registration and UpdateService succeeded (UpdateService: the moment ECS starts replacing the tasks).
 */
function emitDeploy(
  scope: AccountScope,
  principals: AccountPrincipals,
  service: ServiceState,
  start: number,
  prng: Prng,
  emit: (spec: CallSpec) => void,
  maybeFailFirst: (spec: CallSpec) => void,
): { registeredAt: number; updatedAt: number } {
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
  const registeredAt = t;
  t += step();
  const update = updateServiceTaskDefinition(scope, cli('ecs.update-service'), t, { ...snapshot(service), revision });
  maybeFailFirst(update);
  emit(update);
  const updatedAt = t;
  t += step();
  const byArn = prng.chance(0.5);
  emit(deregisterTaskDefinition(scope, cli('ecs.deregister-task-definition'), t, service.family, service.revision, byArn));
  service.revision = revision;
  return { registeredAt, updatedAt };
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

function noiseTime(dayStart: number, prng: Prng): number {
  return prng.chance(BUSY_HOURS_NOISE.share)
    ? dayStart + prng.int(BUSY_HOURS_NOISE.from, BUSY_HOURS_NOISE.to - 1)
    : dayStart + prng.int(60, SECONDS_PER_DAY - 1);
}
