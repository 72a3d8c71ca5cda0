import { describe, expect, it } from 'vitest';
import { parseEventTime } from '../src/core/event-time.js';
import { resolveWindow } from '../src/core/window.js';
import { ecs, record, replay } from './helpers/model.js';

const window = (from: string, to: string) => ({ fromMs: Date.parse(from), toMs: Date.parse(to), days: (Date.parse(to) - Date.parse(from)) / 86_400_000 });

describe('classification, in order: duplicates, outOfWindow, failed, readOnly, unrelated, counted', () => {
  it('classifies each record exactly once and read is the sum of the six', () => {
    const dup = ecs('CreateCluster', { clusterName: 'a' });
    const records = [
      dup,
      { ...dup }, // duplicate delivery
      ecs('CreateCluster', { clusterName: 'b' }, { eventTime: '2026-09-01T00:00:00Z' }), // out of window
      ecs('CreateCluster', { clusterName: 'c' }, { errorCode: 'ClientException', eventTime: '2026-09-01T00:00:00Z' }), // out of window beats failed
      ecs('CreateCluster', { clusterName: 'd' }, { errorCode: 'ClientException' }),
      ecs('DescribeClusters', {}, { readOnly: true, errorCode: 'AccessDenied' }), // failed beats readOnly
      ecs('DescribeClusters', {}, { readOnly: true }),
      record({ eventSource: 'ec2.amazonaws.com', eventName: 'CreateNetworkInterface' }),
      ecs('CreateCluster', { clusterName: 'e' }),
    ];
    const { classification } = replay(records, { window: window('2026-10-01T00:00:00Z', '2026-10-31T00:00:00Z') });
    expect(classification.events).toEqual({ read: 9, duplicates: 1, outOfWindow: 2, failed: 2, readOnly: 1, unrelated: 1, counted: 2 });
  });

  it('treats the window as half-open [from, to)', () => {
    const at = (t: string) => ecs('CreateCluster', { clusterName: t }, { eventTime: t });
    const records = [at('2026-10-01T00:00:00Z'), at('2026-10-30T23:59:59Z'), at('2026-10-31T00:00:00Z'), at('2026-09-30T23:59:59Z')];
    const { classification } = replay(records, { window: window('2026-10-01T00:00:00Z', '2026-10-31T00:00:00Z') });
    expect(classification.events.counted).toBe(2);
    expect(classification.events.outOfWindow).toBe(2);
  });

  it('keeps the same survivor of a duplicated eventID whatever the reading order', () => {
    // Two different records sharing one eventID, as the AWS documentation examples do (e3c6f4ce-EXAMPLE).
    const early = ecs('CreateCluster', { clusterName: 'a' }, { eventID: 'shared', eventTime: '2026-10-02T00:00:00Z' });
    const late = record({ eventSource: 'ecr.amazonaws.com', eventName: 'CreateRepository', eventID: 'shared', eventTime: '2026-10-05T00:00:00Z', requestParameters: { repositoryName: 'r' } });
    for (const records of [[early, late], [late, early]]) {
      const { changes, classification } = replay(records);
      expect(classification.events.duplicates).toBe(1);
      expect(changes.map((c) => c.resourceType)).toEqual(['AWS::ECS::Cluster']);
    }
  });

  it('counts records without an eventID and never treats them as duplicates', () => {
    const a = ecs('CreateCluster', { clusterName: 'a' });
    delete a.eventID;
    const { classification } = replay([a, { ...a }]);
    expect(classification.events.counted).toBe(2);
    expect(classification.events.duplicates).toBe(0);
  });

  it('takes the account from userIdentity when recipientAccountId is missing (eventVersion 1.01)', () => {
    const old = ecs('CreateCluster', { clusterName: 'a' }, { eventVersion: '1.01', userIdentity: { accountId: '444455556666' } });
    delete old.recipientAccountId;
    expect(replay([old]).changes[0]!.account).toBe('444455556666');
  });

  it('skips records it cannot use, with the reason, and does not count them as read', () => {
    const noTime = ecs('CreateCluster', {});
    delete noTime.eventTime;
    const records = [noTime, ecs('CreateCluster', {}, { eventTime: 'yesterday' }), 1, 'x', null, {}];
    const { classification, accounting } = replay(records);
    expect(classification.events.read).toBe(0);
    expect(accounting.skipped.records).toBe(6);
    expect(accounting.skipped.byReason).toEqual({ 'missing-eventTime': 2, 'unparseable-eventTime': 1, 'not-an-object': 3 });
    expect(accounting.incomplete).toBe(true);
  });
});

describe('eventTime', () => {
  it('reads ISO-8601 and the zone-less form as UTC', () => {
    expect(parseEventTime('2026-10-03T08:15:00Z')).toBe(Date.UTC(2026, 9, 3, 8, 15, 0));
    expect(parseEventTime('2020-11-20 06:19:05.000')).toBe(Date.UTC(2020, 10, 20, 6, 19, 5));
    expect(parseEventTime('2021-11-18T09:41:02-08:00')).toBe(Date.UTC(2021, 10, 18, 17, 41, 2));
    expect(parseEventTime('2026-02-30T00:00:00Z')).toBeUndefined();
    expect(parseEventTime('Jul 11, 2018 10:17:44 PM')).toBeUndefined();
  });
});

describe('resolveWindow', () => {
  it('ends by default at the end of the UTC day of the newest record', () => {
    const w = resolveWindow({ days: 30 }, Date.parse('2026-11-01T13:45:00Z'));
    expect(new Date(w.fromMs).toISOString()).toBe('2026-10-03T00:00:00.000Z');
    expect(new Date(w.toMs).toISOString()).toBe('2026-11-02T00:00:00.000Z');
    expect(w.days).toBe(30);
  });

  it('takes --until as the exclusive end, and --from/--to as given', () => {
    expect(resolveWindow({ days: 7, until: '2026-11-02' }, undefined).fromMs).toBe(Date.parse('2026-10-26T00:00:00Z'));
    const w = resolveWindow({ days: 30, from: '2026-10-01', to: '2026-10-16' }, undefined);
    expect(w.days).toBe(15);
    expect(resolveWindow({ days: 10, from: '2026-10-01' }, undefined).toMs).toBe(Date.parse('2026-10-11T00:00:00Z'));
  });

  it('refuses an empty or backwards window, and bad days', () => {
    expect(() => resolveWindow({ days: 30, from: '2026-10-16', to: '2026-10-01' }, undefined)).toThrow(/window is empty/);
    expect(() => resolveWindow({ days: 0 }, 0)).toThrow(/--days/);
    expect(() => resolveWindow({ days: 1.5 }, 0)).toThrow(/--days/);
    expect(() => resolveWindow({ days: 30, from: 'soon' }, 0)).toThrow(/--from takes a date/);
  });
});
