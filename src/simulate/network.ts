/**
 * The network side of the task model: with `awsvpc` networking (all of Fargate) ECS creates one
 * elastic network interface (ENI) for each task it starts and deletes it when the task stops,
 * through its service-linked role. AWS Config records each as an `AWS::EC2::NetworkInterface` CI.
 */
import { partitionOf, type AccountScope } from './arns.js';
import type { Caller } from './callers.js';
import type { Prng } from '../core/prng.js';
import type { CallSpec } from './records.js';

const EC2 = 'ec2.amazonaws.com';

interface Subnet {
  id: string;
  availabilityZone: string;
  /** Third octet of the subnet's first address (each subnet is a /20 of 10.0.0.0/16). */
  thirdOctet: number;
}

/** One VPC per account with a private subnet in each of three zones, and a security group per service. */
export interface AccountNetwork {
  vpcId: string;
  subnets: readonly Subnet[];
  securityGroups: ReadonlyMap<string, string>;
}

/** A running task's network interface. */
export interface TaskEni {
  id: string;
  /** When it was created (epoch seconds); a deletion always comes later. */
  createdAt: number;
}

const resourceId = (prefix: string, prng: Prng): string => `${prefix}-0${prng.hex(16)}`;

export function createAccountNetwork(scope: AccountScope, serviceNames: readonly string[], prng: Prng): AccountNetwork {
  const vpcId = resourceId('vpc', prng);
  const subnets = ['a', 'b', 'c'].map((zone, i) => ({
    id: resourceId('subnet', prng),
    availabilityZone: `${scope.region}${zone}`,
    thirdOctet: i * 16,
  }));
  const securityGroups = new Map(serviceNames.map((name) => [name, resourceId('sg', prng)]));
  return { vpcId, subnets, securityGroups };
}

const privateDnsName = (region: string, ip: string): string =>
  `ip-${ip.replaceAll('.', '-')}.${region === 'us-east-1' ? 'ec2.internal' : `${region}.compute.internal`}`;

/**
 * ECS creating the ENI of a task it is starting for `service`. The request and response carry
 * the fields CloudTrail records for this call (trimmed); the description names the ECS attachment.
 */
export function createNetworkInterface(
  scope: AccountScope,
  network: AccountNetwork,
  caller: Caller,
  time: number,
  service: string,
  eniId: string,
  prng: Prng,
): CallSpec {
  const subnet = prng.pick(network.subnets);
  const groupId = network.securityGroups.get(service) ?? resourceId('sg', prng);
  const description = `arn:${partitionOf(scope.region)}:ecs:${scope.region}:${scope.accountId}:attachment/${prng.uuid()}`;
  const ip = `10.0.${subnet.thirdOctet + prng.int(0, 15)}.${prng.int(4, 254)}`;
  const dnsName = privateDnsName(scope.region, ip);
  const mac = `0e:${Array.from({ length: 5 }, () => prng.hex(2)).join(':')}`;
  return {
    time,
    caller,
    eventSource: EC2,
    eventName: 'CreateNetworkInterface',
    readOnly: false,
    requestParameters: { subnetId: subnet.id, description, groupSet: { items: [{ groupId }] } },
    responseElements: {
      requestId: prng.uuid(),
      networkInterface: {
        networkInterfaceId: eniId,
        subnetId: subnet.id,
        vpcId: network.vpcId,
        availabilityZone: subnet.availabilityZone,
        description,
        ownerId: scope.accountId,
        requesterManaged: false,
        status: 'pending',
        macAddress: mac,
        privateIpAddress: ip,
        privateDnsName: dnsName,
        sourceDestCheck: true,
        interfaceType: 'interface',
        groupSet: { items: [{ groupId, groupName: `${service}-tasks` }] },
        privateIpAddressesSet: { item: [{ privateIpAddress: ip, privateDnsName: dnsName, primary: true }] },
        ipv6AddressesSet: {},
        tagSet: {},
      },
    },
  };
}

/** ECS deleting the ENI of a task that stopped. */
export function deleteNetworkInterface(caller: Caller, time: number, eniId: string, prng: Prng): CallSpec {
  return {
    time,
    caller,
    eventSource: EC2,
    eventName: 'DeleteNetworkInterface',
    readOnly: false,
    requestParameters: { networkInterfaceId: eniId },
    responseElements: { requestId: prng.uuid(), _return: true },
  };
}

export const newEniId = (prng: Prng): string => `eni-0${prng.hex(16)}`;
