/** ARN and URI builders for the simulated resources. */

export interface AccountScope {
  accountId: string;
  region: string;
}

/** The ARN partition a region belongs to. */
export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

const prefix = (scope: AccountScope, service: string): string =>
  `arn:${partitionOf(scope.region)}:${service}:${scope.region}:${scope.accountId}`;

export const clusterArn = (scope: AccountScope, cluster: string): string => `${prefix(scope, 'ecs')}:cluster/${cluster}`;

export const serviceArn = (scope: AccountScope, cluster: string, service: string): string =>
  `${prefix(scope, 'ecs')}:service/${cluster}/${service}`;

export const taskDefinitionArn = (scope: AccountScope, family: string, revision: number): string =>
  `${prefix(scope, 'ecs')}:task-definition/${family}:${revision}`;

export const repositoryArn = (scope: AccountScope, repository: string): string =>
  `${prefix(scope, 'ecr')}:repository/${repository}`;

export function repositoryUri(scope: AccountScope, repository: string): string {
  const domain = partitionOf(scope.region) === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com';
  return `${scope.accountId}.dkr.ecr.${scope.region}.${domain}/${repository}`;
}

/** IAM role ARN; `path` is e.g. `aws-service-role/ecs.amazonaws.com/` or empty. */
export const roleArn = (scope: AccountScope, path: string, roleName: string): string =>
  `arn:${partitionOf(scope.region)}:iam::${scope.accountId}:role/${path}${roleName}`;

export const assumedRoleArn = (scope: AccountScope, roleName: string, sessionName: string): string =>
  `arn:${partitionOf(scope.region)}:sts::${scope.accountId}:assumed-role/${roleName}/${sessionName}`;
