// The evaluation model, table-driven on small hand-made inputs (synthetic).
import { describe, expect, it } from 'vitest';
import { countComplianceItems, countRuleEvaluations } from '../src/core/evaluations.js';
import { inferInventory, mergeInventory, type InventoryEntry } from '../src/core/inventory.js';
import type { RecordedCount } from '../src/core/recording.js';
import type { RuleInstance } from '../src/rules/rule-set.js';
import { ACCOUNT, ecs, record, recordedCount, registerTaskDefinition, replay, ruleInstance } from './helpers/model.js';

const rule = ruleInstance;

const recorded: RecordedCount[] = [
  recordedCount('A', 'us-east-1', 'AWS::ECS::TaskDefinition', 90),
  recordedCount('A', 'us-east-1', 'AWS::ECS::Service', 150),
  recordedCount('B', 'eu-west-1', 'AWS::ECS::TaskDefinition', 10),
];
const THIRTY_DAYS = new Array<number>(30).fill(1);
const inventory: InventoryEntry[] = [
  { account: 'A', region: 'us-east-1', resourceType: 'AWS::ECS::TaskDefinition', count: 3, source: 'replay' },
  { account: 'A', region: 'us-east-1', resourceType: 'AWS::ECR::Repository', count: 5, source: 'replay' },
  { account: 'B', region: 'eu-west-1', resourceType: 'AWS::ECR::Repository', count: 2, source: 'inventory-file' },
];
const accountRegions = [
  { account: 'A', region: 'us-east-1' },
  { account: 'B', region: 'eu-west-1' },
];

describe('countRuleEvaluations', () => {
  const cases: { name: string; rule: RuleInstance; expected: { account: string; observed: number; setup: number }[] }[] = [
    {
      name: 'change-triggered: 1 evaluation per recorded CI of an in-scope type; setup = inventory',
      rule: rule({}),
      expected: [
        { account: 'A', observed: 90, setup: 3 },
        { account: 'B', observed: 10, setup: 0 },
      ],
    },
    {
      name: 'change-triggered over two types',
      rule: rule({ resourceTypes: ['AWS::ECS::TaskDefinition', 'AWS::ECS::Service'] }),
      expected: [
        { account: 'A', observed: 240, setup: 3 },
        { account: 'B', observed: 10, setup: 0 },
      ],
    },
    {
      name: 'periodic, every 24 hours: inventory x 1 x 30 days',
      rule: rule({ trigger: 'periodic', resourceTypes: ['AWS::ECR::Repository'], maximumExecutionFrequency: 'TwentyFour_Hours', runsPerDay: 1 }),
      expected: [
        { account: 'A', observed: 5 * 30, setup: 5 },
        { account: 'B', observed: 2 * 30, setup: 2 },
      ],
    },
    {
      name: 'periodic, every 6 hours: inventory x 4 x 30 days',
      rule: rule({ trigger: 'periodic', resourceTypes: ['AWS::ECR::Repository'], maximumExecutionFrequency: 'Six_Hours', runsPerDay: 4 }),
      expected: [
        { account: 'A', observed: 5 * 4 * 30, setup: 5 },
        { account: 'B', observed: 2 * 4 * 30, setup: 2 },
      ],
    },
    {
      name: 'account-level periodic: once per account and region per run',
      rule: rule({ trigger: 'periodic', resourceTypes: ['AWS::::Account'], accountLevel: true, maximumExecutionFrequency: 'TwentyFour_Hours', runsPerDay: 1 }),
      expected: [
        { account: 'A', observed: 30, setup: 1 },
        { account: 'B', observed: 30, setup: 1 },
      ],
    },
    {
      name: 'both triggers: the change evaluations plus the periodic runs',
      rule: rule({ trigger: 'both', maximumExecutionFrequency: 'Twelve_Hours', runsPerDay: 2 }),
      expected: [
        { account: 'A', observed: 90 + 3 * 2 * 30, setup: 3 },
        { account: 'B', observed: 10, setup: 0 },
      ],
    },
    { name: 'a type with no CIs and no inventory: nothing', rule: rule({ resourceTypes: ['AWS::EKS::Cluster'] }), expected: [] },
  ];

  it.each(cases)('$name', ({ rule: r, expected }) => {
    const rows = countRuleEvaluations(r, recorded, inventory, accountRegions, THIRTY_DAYS).map(({ account, observed, setup }) => ({ account, observed, setup }));
    expect(rows).toEqual(expected);
  });
});

describe('compliance CIs (AWS::Config::ResourceCompliance)', () => {
  it('spreads periodic runs over the days and keeps change evaluations on the day of their CI', () => {
    const [row] = countRuleEvaluations(
      rule({ trigger: 'periodic', resourceTypes: ['AWS::ECR::Repository'], maximumExecutionFrequency: 'TwentyFour_Hours', runsPerDay: 1 }),
      recorded,
      inventory,
      accountRegions,
      [1, 1, 0.5],
    );
    expect(row!.daily).toEqual([5, 5, 2.5]);
    const [change] = countRuleEvaluations(rule({}), [recordedCount('A', 'us-east-1', 'AWS::ECS::TaskDefinition', 7, 3, 1)], [], [], [1, 1, 1]);
    expect(change!.daily).toEqual([0, 7, 0]);
  });

  it('one per recorded CI that a change-triggered rule evaluates, counted once however many rules evaluate it', () => {
    const rules = [rule({ name: 'a' }), rule({ name: 'b' }), rule({ name: 'c', trigger: 'periodic', resourceTypes: ['AWS::ECS::Service'], runsPerDay: 1 })];
    const items = countComplianceItems(rules, recorded, 1);
    expect(items.map((i) => [i.account, i.count])).toEqual([
      ['A', 90],
      ['B', 10],
    ]);
    expect(countComplianceItems(rules, recorded, 0.5).map((i) => i.count)).toEqual([45, 5]);
  });
});

describe('inventory inferred from the replay', () => {
  it('counts resources seen and not deleted, and task-definition families with an active revision', () => {
    const records = [
      ecs('CreateService', { cluster: 'prod', serviceName: 'web' }),
      ecs('CreateService', { cluster: 'prod', serviceName: 'api' }),
      ecs('UpdateService', { cluster: 'arn:aws:ecs:us-east-1:111122223333:cluster/prod', service: 'web', desiredCount: 3 }),
      ecs('DeleteService', { cluster: 'prod', service: 'api' }, { eventTime: '2026-10-11T00:00:00Z' }),
      registerTaskDefinition('web', 1, '2026-10-10T10:00:00Z'),
      registerTaskDefinition('web', 2, '2026-10-10T11:00:00Z'),
      registerTaskDefinition('batch', 1, '2026-10-10T10:00:00Z'),
      ecs('DeregisterTaskDefinition', { taskDefinition: 'batch:1' }, { eventTime: '2026-10-12T00:00:00Z' }),
      record({ eventSource: 'eks.amazonaws.com', eventName: 'CreateNodegroup', requestParameters: { name: 'k', nodegroupName: 'ng' } }),
      record({ eventSource: 'eks.amazonaws.com', eventName: 'TagResource', requestParameters: { resourceArn: `arn:aws:eks:us-east-1:${ACCOUNT}:nodegroup/k/ng/0abc`, tags: {} } }),
    ];
    const { classification } = replay(records);
    const inventory = inferInventory([...classification.history, ...classification.counted]);
    expect(inventory.map((e) => [e.resourceType, e.count])).toEqual([
      ['AWS::ECS::Service', 1],
      ['AWS::ECS::TaskDefinition', 1],
      ['AWS::EKS::Nodegroup', 1],
    ]);
  });

  it('takes an inventory file as authoritative for the account, region and type it lists', () => {
    const merged = mergeInventory(inventory, [{ account: 'A', region: 'us-east-1', resourceType: 'AWS::ECR::Repository', count: 50 }]);
    expect(merged.find((e) => e.resourceType === 'AWS::ECR::Repository' && e.account === 'A')).toEqual({
      account: 'A',
      region: 'us-east-1',
      resourceType: 'AWS::ECR::Repository',
      count: 50,
      source: 'inventory-file',
    });
    expect(merged).toHaveLength(3);
  });
});
