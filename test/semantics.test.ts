// The configuration-item model, table-driven, on synthetic records (labelled: built by test/helpers/model.ts).
import { describe, expect, it } from 'vitest';
import { ACCOUNT, cisByType, ecs, record, registerTaskDefinition, replay } from './helpers/model.js';

const ecr = (eventName: string, requestParameters: unknown) => record({ eventSource: 'ecr.amazonaws.com', eventName, requestParameters });
const eks = (eventName: string, requestParameters: unknown) => record({ eventSource: 'eks.amazonaws.com', eventName, requestParameters });
const arn = (service: string, resource: string) => `arn:aws:${service}:us-east-1:${ACCOUNT}:${resource}`;

describe('one call, its configuration items', () => {
  const cases: { name: string; records: unknown[]; expected: Record<string, number>; assume?: Record<string, string> }[] = [
    { name: 'RegisterTaskDefinition: 1 TaskDefinition CI', records: [registerTaskDefinition('web', 1, '2026-10-10T10:00:00Z')], expected: { 'AWS::ECS::TaskDefinition': 1 } },
    { name: 'DeleteTaskDefinitions: 0', records: [ecs('DeleteTaskDefinitions', { taskDefinitions: ['web:1'] })], expected: {} },
    { name: 'UpdateService with a new task definition: 1 Service CI', records: [ecs('UpdateService', { cluster: 'prod', service: 'web', taskDefinition: 'web:2' })], expected: { 'AWS::ECS::Service': 1 } },
    { name: 'UpdateService forcing a redeploy only: 0', records: [ecs('UpdateService', { cluster: 'prod', service: 'web', forceNewDeployment: true })], expected: {} },
    {
      name: 'UpdateService forcing a redeploy, assumption overridden: 1',
      records: [ecs('UpdateService', { cluster: 'prod', service: 'web', forceNewDeployment: true })],
      assume: { 'force-new-deployment-records-ci': 'true' },
      expected: { 'AWS::ECS::Service': 1 },
    },
    {
      name: 'UpdateService forcing a redeploy with a new task definition: 1',
      records: [ecs('UpdateService', { cluster: 'prod', service: 'web', forceNewDeployment: true, taskDefinition: 'web:3' })],
      expected: { 'AWS::ECS::Service': 1 },
    },
    {
      name: 'desiredCount change by Application Auto Scaling: 1',
      records: [
        ecs('UpdateService', { cluster: 'prod', service: 'web', desiredCount: 4 }, {
          userIdentity: { type: 'AssumedRole', accountId: ACCOUNT, invokedBy: 'ecs.application-autoscaling.amazonaws.com' },
        }),
      ],
      expected: { 'AWS::ECS::Service': 1 },
    },
    {
      name: 'desiredCount change with the assumption off: 0',
      records: [ecs('UpdateService', { cluster: 'prod', service: 'web', desiredCount: 4 })],
      assume: { 'desired-count-change-records-ci': 'false' },
      expected: {},
    },
    { name: 'CreateService: 1', records: [ecs('CreateService', { cluster: 'prod', serviceName: 'web', taskDefinition: 'web:1' })], expected: { 'AWS::ECS::Service': 1 } },
    { name: 'CreateCluster: 1', records: [ecs('CreateCluster', { clusterName: 'prod' })], expected: { 'AWS::ECS::Cluster': 1 } },
    { name: 'PutClusterCapacityProviders: 1 Cluster CI', records: [ecs('PutClusterCapacityProviders', { cluster: 'prod', capacityProviders: ['FARGATE'] })], expected: { 'AWS::ECS::Cluster': 1 } },
    { name: 'CreateCapacityProvider: 1', records: [ecs('CreateCapacityProvider', { name: 'cp' })], expected: { 'AWS::ECS::CapacityProvider': 1 } },
    { name: 'CreateTaskSet: 1', records: [ecs('CreateTaskSet', { cluster: 'prod', service: 'web', taskDefinition: 'web:1' })], expected: { 'AWS::ECS::TaskSet': 1 } },
    { name: 'ECS TagResource on a service ARN: 1 Service CI', records: [ecs('TagResource', { resourceArn: arn('ecs', 'service/prod/web'), tags: [] })], expected: { 'AWS::ECS::Service': 1 } },
    { name: 'ECS TagResource on a task (not recorded): 0', records: [ecs('TagResource', { resourceArn: arn('ecs', 'task/prod/abc'), tags: [] })], expected: {} },
    { name: 'ECR PutImage: 0', records: [ecr('PutImage', { repositoryName: 'web', imageTag: 'v1' })], expected: {} },
    { name: 'ECR BatchDeleteImage: 0', records: [ecr('BatchDeleteImage', { repositoryName: 'web', imageIds: [] })], expected: {} },
    { name: 'ECR CreateRepository: 1', records: [ecr('CreateRepository', { repositoryName: 'web' })], expected: { 'AWS::ECR::Repository': 1 } },
    { name: 'ECR SetRepositoryPolicy: 1', records: [ecr('SetRepositoryPolicy', { repositoryName: 'web', policyText: '{}' })], expected: { 'AWS::ECR::Repository': 1 } },
    { name: 'ECR PutLifecyclePolicy: 1', records: [ecr('PutLifecyclePolicy', { repositoryName: 'web' })], expected: { 'AWS::ECR::Repository': 1 } },
    { name: 'ECR TagResource: 1 Repository CI', records: [ecr('TagResource', { resourceArn: arn('ecr', 'repository/web'), tags: [] })], expected: { 'AWS::ECR::Repository': 1 } },
    { name: 'ECR PutRegistryPolicy: 1', records: [ecr('PutRegistryPolicy', { policyText: '{}' })], expected: { 'AWS::ECR::RegistryPolicy': 1 } },
    { name: 'ECR CreatePullThroughCacheRule: 1', records: [ecr('CreatePullThroughCacheRule', { ecrRepositoryPrefix: 'hub' })], expected: { 'AWS::ECR::PullThroughCacheRule': 1 } },
    { name: 'ECR PutReplicationConfiguration: 1', records: [ecr('PutReplicationConfiguration', { replicationConfiguration: {} })], expected: { 'AWS::ECR::ReplicationConfiguration': 1 } },
    {
      name: 'ECR Public CreateRepository: 1',
      records: [record({ eventSource: 'ecr-public.amazonaws.com', eventName: 'CreateRepository', requestParameters: { repositoryName: 'pub' } })],
      expected: { 'AWS::ECR::PublicRepository': 1 },
    },
    { name: 'EKS CreateCluster: 1', records: [eks('CreateCluster', { name: 'k' })], expected: { 'AWS::EKS::Cluster': 1 } },
    {
      name: 'EKS CreateCluster with status transitions assumed: 2',
      records: [eks('CreateCluster', { name: 'k' })],
      assume: { 'eks-status-transition-records-ci': 'true' },
      expected: { 'AWS::EKS::Cluster': 2 },
    },
    { name: 'EKS UpdateClusterVersion: 1', records: [eks('UpdateClusterVersion', { name: 'k', version: '1.31' })], expected: { 'AWS::EKS::Cluster': 1 } },
    { name: 'EKS CreateNodegroup: 1', records: [eks('CreateNodegroup', { name: 'k', nodegroupName: 'ng' })], expected: { 'AWS::EKS::Nodegroup': 1 } },
    { name: 'EKS DeleteNodegroup: 1', records: [eks('DeleteNodegroup', { name: 'k', nodegroupName: 'ng' })], expected: { 'AWS::EKS::Nodegroup': 1 } },
    { name: 'EKS CreateFargateProfile: 1', records: [eks('CreateFargateProfile', { name: 'k', fargateProfileName: 'fp' })], expected: { 'AWS::EKS::FargateProfile': 1 } },
    { name: 'EKS CreateAddon: 1', records: [eks('CreateAddon', { name: 'k', addonName: 'vpc-cni' })], expected: { 'AWS::EKS::Addon': 1 } },
    {
      name: 'EKS AssociateIdentityProviderConfig: 1',
      records: [eks('AssociateIdentityProviderConfig', { name: 'k', oidc: { identityProviderConfigName: 'okta' } })],
      expected: { 'AWS::EKS::IdentityProviderConfig': 1 },
    },
    { name: 'EKS TagResource on a nodegroup: 1', records: [eks('TagResource', { resourceArn: arn('eks', 'nodegroup/k/ng/uuid'), tags: {} })], expected: { 'AWS::EKS::Nodegroup': 1 } },
    { name: 'a failed call: 0', records: [ecs('UpdateService', { cluster: 'prod', service: 'web', taskDefinition: 'web:2' }, { errorCode: 'AccessDeniedException' })], expected: {} },
    { name: 'a read-only call: 0', records: [ecs('DescribeServices', { cluster: 'prod', services: ['web'] }, { readOnly: true })], expected: {} },
    { name: 'an unrelated write: 0', records: [record({ eventSource: 'ec2.amazonaws.com', eventName: 'CreateNetworkInterface' })], expected: {} },
  ];

  it.each(cases)('$name', ({ records, expected, assume }) => {
    expect(cisByType(replay(records, { assume }).changes)).toEqual(expected);
  });
});

describe('task-definition deregistration (ECS developer guide: charged only for the latest ACTIVE revision)', () => {
  const dereg = (taskDefinition: string, eventTime: string) => ecs('DeregisterTaskDefinition', { taskDefinition }, { eventTime });
  const tdCIs = (records: unknown[]) => cisByType(replay(records).changes)['AWS::ECS::TaskDefinition'] ?? 0;

  it('charges deregistering the latest active revision', () => {
    expect(tdCIs([registerTaskDefinition('web', 1, '2026-10-10T10:00:00Z'), dereg('web:1', '2026-10-10T11:00:00Z')])).toBe(2);
  });

  it('does not charge deregistering a revision superseded by a later active one (the CI/CD pattern)', () => {
    const records = [
      registerTaskDefinition('web', 1, '2026-10-10T10:00:00Z'),
      registerTaskDefinition('web', 2, '2026-10-10T11:00:00Z'),
      dereg('web:1', '2026-10-10T11:00:05Z'),
    ];
    expect(tdCIs(records)).toBe(2);
  });

  it('reads the deregistered revision from a full ARN', () => {
    const records = [
      registerTaskDefinition('web', 1, '2026-10-10T10:00:00Z'),
      registerTaskDefinition('web', 2, '2026-10-10T11:00:00Z'),
      dereg(`arn:aws:ecs:us-east-1:${ACCOUNT}:task-definition/web:1`, '2026-10-10T11:00:05Z'),
    ];
    expect(tdCIs(records)).toBe(2);
  });

  it('charges it again once the higher revision was itself deregistered first', () => {
    const records = [
      registerTaskDefinition('web', 1, '2026-10-10T10:00:00Z'),
      registerTaskDefinition('web', 2, '2026-10-10T11:00:00Z'),
      dereg('web:2', '2026-10-10T12:00:00Z'), // latest: 1
      dereg('web:1', '2026-10-10T13:00:00Z'), // now the latest active: 1
    ];
    expect(tdCIs(records)).toBe(4);
  });

  it('charges a revision registered before the window when nothing higher is known', () => {
    expect(tdCIs([dereg('web:7', '2026-10-10T13:00:00Z')])).toBe(1);
  });

  it('keeps families apart by name, account and region', () => {
    const records = [
      registerTaskDefinition('web', 5, '2026-10-10T10:00:00Z', '999988887777'),
      registerTaskDefinition('api', 5, '2026-10-10T10:00:00Z'),
      registerTaskDefinition('web', 5, '2026-10-10T10:00:00Z', ACCOUNT, 'eu-west-1'),
      dereg('web:1', '2026-10-10T11:00:00Z'), // no higher 'web' revision in this account and region
    ];
    expect(tdCIs(records)).toBe(4);
  });

  it('replays in eventTime order, whatever order the records come in', () => {
    const records = [
      dereg('web:1', '2026-10-10T11:00:05Z'),
      registerTaskDefinition('web', 2, '2026-10-10T11:00:00Z'),
      registerTaskDefinition('web', 1, '2026-10-10T10:00:00Z'),
    ];
    expect(tdCIs(records)).toBe(2);
    expect(tdCIs([...records].reverse())).toBe(2);
  });
});

describe('a registration whose record lacks responseElements', () => {
  it('still records 1 CI and still supersedes the revisions registered before it', () => {
    const bare = ecs('RegisterTaskDefinition', { family: 'web', containerDefinitions: [] }, { eventTime: '2026-10-10T11:00:00Z' });
    const records = [
      registerTaskDefinition('web', 1, '2026-10-10T10:00:00Z'),
      bare,
      ecs('DeregisterTaskDefinition', { taskDefinition: 'web:1' }, { eventTime: '2026-10-10T11:00:05Z' }),
    ];
    expect(cisByType(replay(records).changes)).toEqual({ 'AWS::ECS::TaskDefinition': 2 });
  });
});

describe('task network interfaces (awsvpc): ENIs ECS creates and deletes record AWS::EC2::NetworkInterface CIs', () => {
  const eni = (eventName: string, identity: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
    record({
      eventSource: 'ec2.amazonaws.com',
      eventName,
      userIdentity: { type: 'AssumedRole', accountId: ACCOUNT, ...identity },
      requestParameters: eventName === 'CreateNetworkInterface' ? { subnetId: 'subnet-1', groupSet: { items: [{ groupId: 'sg-1' }] } } : { networkInterfaceId: 'eni-1' },
      responseElements: eventName === 'CreateNetworkInterface' ? { networkInterface: { networkInterfaceId: 'eni-1', subnetId: 'subnet-1' } } : { _return: true },
      ...extra,
    });
  const byEcs = { invokedBy: 'ecs.amazonaws.com' };
  const byEcsRole = { sessionContext: { sessionIssuer: { type: 'Role', userName: 'AWSServiceRoleForECS' } } };

  it('counts a create and a delete made on behalf of ECS, by invokedBy or by the ECS service role', () => {
    expect(cisByType(replay([eni('CreateNetworkInterface', byEcs), eni('DeleteNetworkInterface', byEcsRole)]).changes)).toEqual({ 'AWS::EC2::NetworkInterface': 2 });
  });

  it('leaves ENIs made by anyone else unrelated (not container resources)', () => {
    const { classification, changes } = replay([eni('CreateNetworkInterface', { arn: 'arn:aws:iam::111122223333:user/alice' })]);
    expect(changes).toEqual([]);
    expect(classification.events.unrelated).toBe(1);
  });

  it('records subnet and security-group CIs too when the relationship assumption is on', () => {
    const { changes } = replay([eni('CreateNetworkInterface', byEcs)], { assume: { 'eni-changes-record-subnet-and-security-group-cis': 'true' } });
    expect(cisByType(changes)).toEqual({ 'AWS::EC2::NetworkInterface': 1, 'AWS::EC2::Subnet': 1, 'AWS::EC2::SecurityGroup': 1 });
    expect(changes.map((c) => c.resourceId)).toEqual(['eni-1', 'subnet-1', 'sg-1']);
  });
});
