/**
 * Who makes each simulated call: the principal (userIdentity), where from, and with which client.
 * Role ids are drawn once per account so the same role keeps the same id, as in real accounts.
 */
import { assumedRoleArn, roleArn, type AccountScope } from './arns.js';
import type { Prng } from '../core/prng.js';
import { isoSeconds } from './time.js';
import type { UserIdentity } from './types.js';

export interface Caller {
  identity: UserIdentity;
  sourceIPAddress: string;
  userAgent: string;
}

interface Role {
  id: string;
  name: string;
  /** IAM path between `role/` and the name. */
  path: string;
}

export interface AccountPrincipals {
  scope: AccountScope;
  ciDeployer: Role;
  autoscaling: Role;
  ecsServiceLinked: Role;
  taskExecution: Role;
  admin: Role;
}

export const AUTOSCALING_ROLE_NAME = 'AWSServiceRoleForApplicationAutoScaling_ECSService';
export const AUTOSCALING_PRINCIPAL = 'ecs.application-autoscaling.amazonaws.com';
const ECS_PRINCIPAL = 'ecs.amazonaws.com';

const UPPER_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

export function createPrincipals(scope: AccountScope, prng: Prng): AccountPrincipals {
  const roleId = (): string => `AROA${prng.chars(17, UPPER_ALNUM)}`;
  return {
    scope,
    ciDeployer: { id: roleId(), name: 'ci-deployer', path: '' },
    autoscaling: { id: roleId(), name: AUTOSCALING_ROLE_NAME, path: `aws-service-role/${AUTOSCALING_PRINCIPAL}/` },
    ecsServiceLinked: { id: roleId(), name: 'AWSServiceRoleForECS', path: `aws-service-role/${ECS_PRINCIPAL}/` },
    taskExecution: { id: roleId(), name: 'ecsTaskExecutionRole', path: '' },
    admin: {
      id: roleId(),
      name: `AWSReservedSSO_AdministratorAccess_${prng.hex(16)}`,
      path: 'aws-reserved/sso.amazonaws.com/',
    },
  };
}

interface SessionOptions {
  sessionName: string;
  /** When the role session began (epoch seconds). */
  createdAt: number;
  accessKeyId?: string;
  invokedBy?: string;
  mfa?: boolean;
}

function assumedRole(scope: AccountScope, role: Role, options: SessionOptions): UserIdentity {
  const identity: UserIdentity = {
    type: 'AssumedRole',
    principalId: `${role.id}:${options.sessionName}`,
    arn: assumedRoleArn(scope, role.name, options.sessionName),
    accountId: scope.accountId,
    ...(options.accessKeyId ? { accessKeyId: options.accessKeyId } : {}),
    sessionContext: {
      sessionIssuer: {
        type: 'Role',
        principalId: role.id,
        arn: roleArn(scope, role.path, role.name),
        accountId: scope.accountId,
        userName: role.name,
      },
      webIdFederationData: {},
      attributes: { creationDate: isoSeconds(options.createdAt), mfaAuthenticated: options.mfa ? 'true' : 'false' },
    },
  };
  if (options.invokedBy) identity.invokedBy = options.invokedBy;
  return identity;
}

const accessKeyId = (prng: Prng): string => `ASIA${prng.chars(16, UPPER_ALNUM)}`;

/** Documentation address ranges (RFC 5737), so no real network is named. */
export function publicIp(prng: Prng): string {
  return `${prng.pick(['192.0.2', '198.51.100', '203.0.113'])}.${prng.int(1, 254)}`;
}

export const userAgents = {
  awsCli: (command: string): string =>
    `aws-cli/2.18.4 md/awscrt#0.22.0 ua/2.0 os/linux#6.8.0-1015-azure md/arch#x86_64 lang/python#3.12.6 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/distrib#ubuntu.24 md/prompt#off md/command#${command}`,
  terraform: (api: string): string =>
    `APN/1.0 HashiCorp/1.0 Terraform/1.9.8 (+https://www.terraform.io) terraform-provider-aws/5.72.1 (+https://registry.terraform.io/providers/hashicorp/aws) aws-sdk-go-v2/1.32.2 ua/2.1 os/linux lang/go#1.23.2 md/GOOS#linux md/GOARCH#amd64 api/${api}`,
  docker: 'docker/27.3.1 go/go1.22.7 git-commit/41ca978 kernel/6.8.0-1015-azure os/linux arch/amd64 UpstreamClient(Docker-Client/27.3.1 (linux))',
  ecsAgent: 'aws-sdk-go/1.55.5 (go1.22.7; linux; amd64) amazon-ecs-agent/1.87.0',
  browser:
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36',
  consoleBackend: 'AWS Internal',
} as const;

/** One CI/CD run: the `ci-deployer` role session that a deploy's calls share. */
export interface CiSession {
  identity: UserIdentity;
  sourceIPAddress: string;
}

export function ciSession(principals: AccountPrincipals, prng: Prng, startsAt: number): CiSession {
  return {
    identity: assumedRole(principals.scope, principals.ciDeployer, {
      sessionName: `gha-${prng.int(1_000_000_000, 9_999_999_999)}`,
      createdAt: startsAt - prng.int(5, 90),
      accessKeyId: accessKeyId(prng),
    }),
    sourceIPAddress: publicIp(prng),
  };
}

export function withAgent(session: CiSession, userAgent: string): Caller {
  return { ...session, userAgent };
}

/** Application Auto Scaling acting through its ECS service-linked role. */
export function autoscalingCaller(principals: AccountPrincipals, at: number): Caller {
  return {
    identity: assumedRole(principals.scope, principals.autoscaling, {
      sessionName: 'AutoScaling',
      createdAt: at - (at % 3_600),
      invokedBy: AUTOSCALING_PRINCIPAL,
    }),
    sourceIPAddress: AUTOSCALING_PRINCIPAL,
    userAgent: AUTOSCALING_PRINCIPAL,
  };
}

/** ECS itself (network interfaces for awsvpc tasks) through AWSServiceRoleForECS. */
export function ecsServiceCaller(principals: AccountPrincipals, at: number): Caller {
  return {
    identity: assumedRole(principals.scope, principals.ecsServiceLinked, {
      sessionName: 'ecs-service-scheduler',
      createdAt: at - (at % 3_600),
      invokedBy: ECS_PRINCIPAL,
    }),
    sourceIPAddress: ECS_PRINCIPAL,
    userAgent: ECS_PRINCIPAL,
  };
}

/** A running task's execution role pulling images, reading secrets, creating log streams. */
export function taskExecutionCaller(principals: AccountPrincipals, prng: Prng, at: number): Caller {
  return {
    identity: assumedRole(principals.scope, principals.taskExecution, {
      sessionName: prng.hex(32),
      createdAt: at - prng.int(1, 600),
      accessKeyId: accessKeyId(prng),
    }),
    sourceIPAddress: publicIp(prng),
    userAgent: userAgents.ecsAgent,
  };
}

export const CONFIG_PRINCIPAL = 'config.amazonaws.com';
export const CONFIG_ROLE_NAME = 'AWSServiceRoleForConfig';

/**
 * AWS Config delivering a managed rule's evaluations (PutEvaluations) through its service-linked role, the
 * role of the configuration recorder. `roleId` is the account's AROA id of that role.
 */
export function configServiceCaller(scope: AccountScope, roleId: string, at: number): Caller {
  const role: Role = { id: roleId, name: CONFIG_ROLE_NAME, path: `aws-service-role/${CONFIG_PRINCIPAL}/` };
  return {
    identity: assumedRole(scope, role, { sessionName: 'AWSConfig-Rules', createdAt: at - (at % 3_600), invokedBy: CONFIG_PRINCIPAL }),
    sourceIPAddress: CONFIG_PRINCIPAL,
    userAgent: CONFIG_PRINCIPAL,
  };
}

/** A fresh role id (AROA...), as IAM gives each role. */
export const newRoleId = (prng: Prng): string => `AROA${prng.chars(17, UPPER_ALNUM)}`;

/** A person in the console through IAM Identity Center. */
export function adminCaller(principals: AccountPrincipals, prng: Prng, at: number): Caller {
  const person = prng.pick(['alice', 'bob', 'carol', 'dev-oncall']);
  return {
    identity: assumedRole(principals.scope, principals.admin, {
      sessionName: `${person}@example.com`,
      createdAt: at - prng.int(60, 7_200),
      accessKeyId: accessKeyId(prng),
      mfa: false,
    }),
    sourceIPAddress: publicIp(prng),
    userAgent: prng.chance(0.5) ? userAgents.browser : userAgents.consoleBackend,
  };
}

/** A CI/CD session calling one API through the AWS CLI. */
export function ciCliCaller(principals: AccountPrincipals, prng: Prng, at: number, command: string): Caller {
  return withAgent(ciSession(principals, prng, at), userAgents.awsCli(command));
}
