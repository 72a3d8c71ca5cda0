// Reading the query's rows as Lake and Athena return them (all text; NULL absent or empty), and turning the
// aggregates into the daily series priceScenario prices.
import { describe, expect, it } from 'vitest';
import { InputError } from '../src/errors.js';
import {
  parseAccountRegions,
  parseAggregateRows,
  parseEventCounts,
  parseInventory,
  recordedFromAggregates,
  recordedItemsFromAggregates,
  type AggregateRow,
} from '../src/sources/sql/results.js';

const FROM = Date.parse('2026-10-03T00:00:00Z');
const TYPES = ['AWS::ECS::Cluster', 'AWS::ECS::Service', 'AWS::ECS::TaskDefinition'];
const row = (account: string, resourceType: string, dayIndex: number, configurationItems: number, region = 'us-east-1'): AggregateRow => ({
  day: '',
  dayIndex,
  account,
  region,
  resourceType,
  configurationItems,
});

describe('parsing result rows', () => {
  it('reads doubles Trino prints for day numbers, names or numbers for types, and Lake\'s empty NULLs', () => {
    const rows = [
      { kind: 'ci', day_index: '2.0', account: '111122223333', region: 'us-east-1', item: '2', n: '5' },
      { kind: 'ci', day_index: '0', account: '111122223333', region: 'us-east-1', item: 'AWS::ECS::Cluster', n: '1' },
      { kind: 'events', day_index: '', account: '', region: '', item: 'duplicates', n: '4' },
      { kind: 'events', item: 'skipped', n: '2' },
      { kind: 'events', item: 'counted', n: '9' },
      { kind: 'inventory', day_index: '', account: '111122223333', region: 'us-east-1', item: '3', n: '2' },
      { kind: 'inventory', account: '111122223333', region: 'us-east-1', item: 'AWS::ECS::Cluster', n: '0' },
      { kind: 'scope', account: '444455556666', region: 'eu-west-1', item: '', n: '' },
      { kind: 'scope', account: '111122223333', region: 'us-east-1' },
    ];
    expect(parseAggregateRows(rows, { fromMs: FROM }, TYPES)).toEqual([
      { day: '2026-10-05', dayIndex: 2, account: '111122223333', region: 'us-east-1', resourceType: 'AWS::ECS::Service', configurationItems: 5 },
      { day: '2026-10-03', dayIndex: 0, account: '111122223333', region: 'us-east-1', resourceType: 'AWS::ECS::Cluster', configurationItems: 1 },
    ]);
    expect(parseEventCounts(rows)).toEqual({ read: 13, duplicates: 4, outOfWindow: 0, failed: 0, readOnly: 0, unrelated: 0, counted: 9, skipped: 2 });
    expect(parseInventory(rows, TYPES)).toEqual([{ account: '111122223333', region: 'us-east-1', resourceType: 'AWS::ECS::TaskDefinition', count: 2, source: 'replay' }]);
    expect(parseAccountRegions(rows)).toEqual([
      { account: '111122223333', region: 'us-east-1' },
      { account: '444455556666', region: 'eu-west-1' },
    ]);
  });

  it('refuses what the query cannot have written, in one line', () => {
    const bad = (r: Record<string, string>) => () => parseAggregateRows([{ kind: 'ci', day_index: '0', account: 'a', region: 'r', item: 'AWS::ECS::Cluster', n: '1', ...r }], { fromMs: FROM }, TYPES);
    expect(bad({ n: '-1' })).toThrow(InputError);
    expect(bad({ n: '1.5' })).toThrow(/not a whole number/);
    expect(bad({ item: '9' })).toThrow(/type number 9, which the catalog does not declare/);
    expect(bad({ account: '' })).toThrow(/without account/);
    expect(() => parseEventCounts([{ kind: 'events', item: 'teleported', n: '1' }])).toThrow(/unknown event class 'teleported'/);
  });
});

describe('aggregates as priceScenario takes them', () => {
  it('daily series per account, region and type, sorted; zeros left out; a day past the grid clamped', () => {
    const counts = recordedFromAggregates(
      [row('222', 'AWS::ECS::Service', 1, 2), row('111', 'AWS::ECS::Service', 0, 1), row('111', 'AWS::ECS::Service', 2, 3), row('111', 'AWS::ECS::Cluster', 9, 1), row('111', 'AWS::ECS::TaskSet', 0, 0)],
      { fromMs: FROM, dayCount: 3 },
    );
    expect(counts).toEqual([
      { account: '111', region: 'us-east-1', resourceType: 'AWS::ECS::Cluster', count: 1, daily: [0, 0, 1] },
      { account: '111', region: 'us-east-1', resourceType: 'AWS::ECS::Service', count: 4, daily: [1, 0, 3] },
      { account: '222', region: 'us-east-1', resourceType: 'AWS::ECS::Service', count: 2, daily: [0, 2, 0] },
    ]);
    expect(recordedFromAggregates([row('111', 'AWS::ECS::Service', 0, 1)], { fromMs: FROM, dayCount: 1 }, 'ConfigurationItemRecordedDaily')[0]!.usageType).toBe(
      'ConfigurationItemRecordedDaily',
    );
  });

  it('the recorder\'s settings: the usage type of the mode, excluded types moved aside', () => {
    const items = recordedItemsFromAggregates([row('111', 'AWS::ECS::Service', 0, 2), row('111', 'AWS::EC2::NetworkInterface', 0, 7)], { fromMs: FROM, dayCount: 1 }, {
      mode: 'daily',
      excludeTypes: ['AWS::EC2::NetworkInterface'],
    });
    expect(items.usageType).toBe('ConfigurationItemRecordedDaily');
    expect(items.counts.map((c) => c.resourceType)).toEqual(['AWS::ECS::Service']);
    expect(items.notRecordedByResourceType).toEqual({ 'AWS::EC2::NetworkInterface': 7 });
  });
});
