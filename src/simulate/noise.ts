/**
 * Background records every real trail is full of: read-only calls (about 80%) and writes that
 * touch no resource type the estimate counts (log streams, SSM parameters). A replay must skip
 * all of them. Network interfaces are not noise: they follow the task model (activity.ts).
 */
import { repositoryUri, roleArn, type AccountScope } from './arns.js';
import {
  adminCaller,
  ciCliCaller,
  taskExecutionCaller,
  type AccountPrincipals,
  type Caller,
} from './callers.js';
import type { Prng } from '../core/prng.js';
import type { CallSpec } from './records.js';
import { responseDate } from './time.js';
import type { JsonObject } from './types.js';

/** The share of noise records that are read-only. */
export const NOISE_READ_ONLY_SHARE = 0.8;

export interface NoiseWorld {
  scope: AccountScope;
  principals: AccountPrincipals;
  services: readonly { name: string; cluster: string }[];
}

type Template = (world: NoiseWorld, time: number, prng: Prng) => CallSpec;

function call(
  time: number,
  caller: Caller,
  eventSource: string,
  eventName: string,
  readOnly: boolean,
  requestParameters: JsonObject | null,
  responseElements: JsonObject | null = null,
): CallSpec {
  return { time, caller, eventSource, eventName, readOnly, requestParameters, responseElements };
}

/** Someone looking: a person in the console or a pipeline checking on a rollout. */
const looker = (world: NoiseWorld, prng: Prng, time: number, command: string): Caller =>
  prng.chance(0.5) ? adminCaller(world.principals, prng, time) : ciCliCaller(world.principals, prng, time, command);

const READ_ONLY: readonly Template[] = [
  (w, t, p) => {
    const s = p.pick(w.services);
    return call(t, looker(w, p, t, 'ecs.describe-services'), 'ecs.amazonaws.com', 'DescribeServices', true, {
      cluster: s.cluster,
      services: [s.name],
    });
  },
  (w, t, p) => {
    const s = p.pick(w.services);
    return call(t, looker(w, p, t, 'ecs.list-tasks'), 'ecs.amazonaws.com', 'ListTasks', true, {
      cluster: s.cluster,
      serviceName: s.name,
    });
  },
  (w, t, p) =>
    call(t, looker(w, p, t, 'ecs.describe-task-definition'), 'ecs.amazonaws.com', 'DescribeTaskDefinition', true, {
      taskDefinition: p.pick(w.services).name,
    }),
  (w, t, p) =>
    call(t, looker(w, p, t, 'ecs.describe-clusters'), 'ecs.amazonaws.com', 'DescribeClusters', true, {
      clusters: [p.pick(w.services).cluster],
    }),
  (w, t, p) => call(t, taskExecutionCaller(w.principals, p, t), 'ecr.amazonaws.com', 'GetAuthorizationToken', true, null),
  (w, t, p) => {
    const repositoryName = p.pick(w.services).name;
    return call(t, taskExecutionCaller(w.principals, p, t), 'ecr.amazonaws.com', 'BatchGetImage', true, {
      registryId: w.scope.accountId,
      repositoryName,
      imageIds: [{ imageTag: p.hex(7) }],
      acceptedMediaTypes: ['application/vnd.docker.distribution.manifest.v2+json', 'application/vnd.oci.image.manifest.v1+json'],
    });
  },
  (w, t, p) =>
    call(t, looker(w, p, t, 'ecr.describe-images'), 'ecr.amazonaws.com', 'DescribeImages', true, {
      repositoryName: p.pick(w.services).name,
      registryId: w.scope.accountId,
    }),
  (w, t, p) => call(t, looker(w, p, t, 'sts.get-caller-identity'), 'sts.amazonaws.com', 'GetCallerIdentity', true, null),
  (w, t, p) => {
    const roleSessionName = `report-${p.hex(8)}`;
    const role = roleArn(w.scope, '', 'observability-reader');
    return call(
      t,
      adminCaller(w.principals, p, t),
      'sts.amazonaws.com',
      'AssumeRole',
      true,
      { roleArn: role, roleSessionName, durationSeconds: 3600 },
      {
        credentials: { accessKeyId: `ASIA${p.hex(16).toUpperCase()}`, sessionToken: p.hex(48), expiration: responseDate(t + 3600) },
        assumedRoleUser: { assumedRoleId: `AROA${p.hex(17).toUpperCase()}:${roleSessionName}`, arn: `${role}/${roleSessionName}` },
      },
    );
  },
  (w, t, p) =>
    call(t, looker(w, p, t, 'ec2.describe-instances'), 'ec2.amazonaws.com', 'DescribeInstances', true, {
      instancesSet: {},
      filterSet: {},
    }),
  (w, t, p) =>
    call(t, taskExecutionCaller(w.principals, p, t), 'kms.amazonaws.com', 'Decrypt', true, {
      encryptionAlgorithm: 'SYMMETRIC_DEFAULT',
    }),
  (w, t, p) =>
    call(t, taskExecutionCaller(w.principals, p, t), 'secretsmanager.amazonaws.com', 'GetSecretValue', true, {
      secretId: `arn:aws:secretsmanager:${w.scope.region}:${w.scope.accountId}:secret:${p.pick(w.services).name}/db-${p.chars(6, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz')}`,
    }),
  (w, t, p) =>
    call(t, looker(w, p, t, 'logs.describe-log-groups'), 'logs.amazonaws.com', 'DescribeLogGroups', true, {
      logGroupNamePrefix: '/ecs/',
    }),
];

const UNRELATED_WRITES: readonly Template[] = [
  (w, t, p) => {
    const service = p.pick(w.services).name;
    return call(t, taskExecutionCaller(w.principals, p, t), 'logs.amazonaws.com', 'CreateLogStream', false, {
      logGroupName: `/ecs/${service}`,
      logStreamName: `ecs/${service}/${p.hex(32)}`,
    });
  },
  (w, t, p) =>
    call(
      t,
      ciCliCaller(w.principals, p, t, 'ssm.put-parameter'),
      'ssm.amazonaws.com',
      'PutParameter',
      false,
      { name: `/${p.pick(w.services).name}/feature-flags`, type: 'String', overwrite: true },
      { version: p.int(2, 400), tier: 'Standard' },
    ),
  // A pipeline recording which image it deployed (SSM parameters are no Config resource type).
  (w, t, p) =>
    call(
      t,
      ciCliCaller(w.principals, p, t, 'ssm.put-parameter'),
      'ssm.amazonaws.com',
      'PutParameter',
      false,
      { name: `/deploy/${p.pick(w.services).name}/image-tag`, type: 'String', overwrite: true },
      { version: p.int(2, 900), tier: 'Standard' },
    ),
  // Someone rotating a secret kept as a SecureString (CloudTrail hides the value).
  (w, t, p) =>
    call(
      t,
      adminCaller(w.principals, p, t),
      'ssm.amazonaws.com',
      'PutParameter',
      false,
      {
        name: `/${p.pick(w.services).name}/${p.pick(['db-password', 'api-key', 'signing-secret'])}`,
        type: 'SecureString',
        keyId: 'alias/aws/ssm',
        overwrite: true,
        value: 'HIDDEN_DUE_TO_SECURITY_REASONS',
      },
      { version: p.int(2, 40), tier: 'Standard' },
    ),
];

/** One background call at `time`. */
export function noiseCall(world: NoiseWorld, time: number, prng: Prng): CallSpec {
  const templates = prng.chance(NOISE_READ_ONLY_SHARE) ? READ_ONLY : UNRELATED_WRITES;
  return prng.pick(templates)(world, time, prng);
}
