/**
 * The container control-plane calls the scenario makes (ECS and ECR), as CallSpecs.
 * Request and response shapes follow what CloudTrail records for these APIs, trimmed to the
 * fields a replay needs plus enough context to look real.
 */
import {
  clusterArn,
  repositoryArn,
  repositoryUri,
  roleArn,
  serviceArn,
  taskDefinitionArn,
  type AccountScope,
} from './arns.js';
import type { Caller } from './callers.js';
import type { CallSpec } from './records.js';
import type { JsonObject } from './types.js';

const ECS = 'ecs.amazonaws.com';
const ECR = 'ecr.amazonaws.com';

/** What a service looks like at one moment: the state its CloudTrail responses echo. */
export interface ServiceSnapshot {
  cluster: string;
  name: string;
  /** Task definition family; equal to the service and repository name in this scenario. */
  family: string;
  revision: number;
  desiredCount: number;
  runningCount: number;
}

const write = (
  time: number,
  caller: Caller,
  eventSource: string,
  eventName: string,
  requestParameters: JsonObject,
  responseElements: JsonObject | null,
): CallSpec => ({ time, caller, eventSource, eventName, readOnly: false, requestParameters, responseElements });

function serviceDescription(scope: AccountScope, s: ServiceSnapshot): JsonObject {
  return {
    service: {
      serviceArn: serviceArn(scope, s.cluster, s.name),
      serviceName: s.name,
      clusterArn: clusterArn(scope, s.cluster),
      status: 'ACTIVE',
      desiredCount: s.desiredCount,
      runningCount: s.runningCount,
      pendingCount: 0,
      launchType: 'FARGATE',
      platformVersion: 'LATEST',
      taskDefinition: taskDefinitionArn(scope, s.family, s.revision),
      schedulingStrategy: 'REPLICA',
      deploymentController: { type: 'ECS' },
    },
  };
}

export function createCluster(scope: AccountScope, caller: Caller, time: number, cluster: string): CallSpec {
  return write(time, caller, ECS, 'CreateCluster', { clusterName: cluster }, {
    cluster: {
      clusterArn: clusterArn(scope, cluster),
      clusterName: cluster,
      status: 'ACTIVE',
      registeredContainerInstancesCount: 0,
      runningTasksCount: 0,
      pendingTasksCount: 0,
      activeServicesCount: 0,
    },
  });
}

export function createRepository(scope: AccountScope, caller: Caller, time: number, repository: string): CallSpec {
  const settings = { imageTagMutability: 'MUTABLE', imageScanningConfiguration: { scanOnPush: true } };
  return write(time, caller, ECR, 'CreateRepository', { repositoryName: repository, ...settings }, {
    repository: {
      repositoryArn: repositoryArn(scope, repository),
      registryId: scope.accountId,
      repositoryName: repository,
      repositoryUri: repositoryUri(scope, repository),
      ...settings,
      encryptionConfiguration: { encryptionType: 'AES256' },
    },
  });
}

export function registerTaskDefinition(
  scope: AccountScope,
  caller: Caller,
  time: number,
  family: string,
  revision: number,
  imageTag: string,
): CallSpec {
  const container: JsonObject = {
    name: family,
    image: `${repositoryUri(scope, family)}:${imageTag}`,
    cpu: 0,
    essential: true,
    portMappings: [{ containerPort: 8080, hostPort: 8080, protocol: 'tcp' }],
    logConfiguration: {
      logDriver: 'awslogs',
      options: { 'awslogs-group': `/ecs/${family}`, 'awslogs-region': scope.region, 'awslogs-stream-prefix': 'ecs' },
    },
  };
  return write(
    time,
    caller,
    ECS,
    'RegisterTaskDefinition',
    {
      family,
      containerDefinitions: [container],
      executionRoleArn: roleArn(scope, '', 'ecsTaskExecutionRole'),
      networkMode: 'awsvpc',
      requiresCompatibilities: ['FARGATE'],
      cpu: '256',
      memory: '512',
    },
    { taskDefinition: { taskDefinitionArn: taskDefinitionArn(scope, family, revision), family, revision, status: 'ACTIVE' } },
  );
}

export function createService(scope: AccountScope, caller: Caller, time: number, service: ServiceSnapshot): CallSpec {
  return write(
    time,
    caller,
    ECS,
    'CreateService',
    {
      cluster: service.cluster,
      serviceName: service.name,
      taskDefinition: `${service.family}:${service.revision}`,
      desiredCount: service.desiredCount,
      launchType: 'FARGATE',
    },
    serviceDescription(scope, { ...service, runningCount: 0 }),
  );
}

export function putImage(
  scope: AccountScope,
  caller: Caller,
  time: number,
  repository: string,
  imageTag: string,
  imageDigest: string,
): CallSpec {
  const mediaType = 'application/vnd.docker.distribution.manifest.v2+json';
  return write(
    time,
    caller,
    ECR,
    'PutImage',
    { repositoryName: repository, imageTag, registryId: scope.accountId, imageManifestMediaType: mediaType },
    {
      image: {
        registryId: scope.accountId,
        repositoryName: repository,
        imageId: { imageDigest, imageTag },
        imageManifestMediaType: mediaType,
      },
    },
  );
}

/** A deploy: point the service at a new revision. `after` is the service once updated. */
export function updateServiceTaskDefinition(scope: AccountScope, caller: Caller, time: number, after: ServiceSnapshot): CallSpec {
  return write(
    time,
    caller,
    ECS,
    'UpdateService',
    { cluster: after.cluster, service: after.name, taskDefinition: `${after.family}:${after.revision}` },
    serviceDescription(scope, after),
  );
}

/** Application Auto Scaling changing desiredCount: request is exactly {cluster, service, desiredCount}. */
export function updateServiceDesiredCount(scope: AccountScope, caller: Caller, time: number, after: ServiceSnapshot): CallSpec {
  return write(
    time,
    caller,
    ECS,
    'UpdateService',
    { cluster: after.cluster, service: after.name, desiredCount: after.desiredCount },
    serviceDescription(scope, after),
  );
}

/** A forced redeploy: request is exactly {cluster, service, forceNewDeployment}; nothing recorded changes. */
export function forceNewDeployment(scope: AccountScope, caller: Caller, time: number, service: ServiceSnapshot): CallSpec {
  return write(
    time,
    caller,
    ECS,
    'UpdateService',
    { cluster: service.cluster, service: service.name, forceNewDeployment: true },
    serviceDescription(scope, service),
  );
}

/** Deregisters a revision, named either `family:revision` or by full ARN (clients use both). */
export function deregisterTaskDefinition(
  scope: AccountScope,
  caller: Caller,
  time: number,
  family: string,
  revision: number,
  nameByArn: boolean,
): CallSpec {
  const arn = taskDefinitionArn(scope, family, revision);
  return write(
    time,
    caller,
    ECS,
    'DeregisterTaskDefinition',
    { taskDefinition: nameByArn ? arn : `${family}:${revision}` },
    { taskDefinition: { taskDefinitionArn: arn, family, revision, status: 'INACTIVE' } },
  );
}
