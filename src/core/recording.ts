import { utcDay } from './event-time.js';
import type { ConfigurationItemChange } from './replay.js';

export type RecordingMode = 'continuous' | 'daily';

export interface RecordingSettings {
  mode: RecordingMode;
  /** Record only these types (the recorder's INCLUSION_BY_RESOURCE_TYPES); undefined: all types. */
  recordTypes?: readonly string[] | undefined;
  /** Record all types but these (EXCLUSION_BY_RESOURCE_TYPES). */
  excludeTypes?: readonly string[] | undefined;
}

export const USAGE_TYPE_BY_MODE = {
  continuous: 'ConfigurationItemRecorded',
  daily: 'ConfigurationItemRecordedDaily',
} as const satisfies Record<RecordingMode, string>;

/** CIs recorded in one account, region and resource type. */
export interface RecordedCount {
  account: string;
  region: string;
  resourceType: string;
  count: number;
}

export interface RecordedItems {
  usageType: (typeof USAGE_TYPE_BY_MODE)[RecordingMode];
  counts: RecordedCount[];
  /** CIs the changes would have recorded in types the recorder leaves out. */
  notRecordedByResourceType: Record<string, number>;
}

export function isRecorded(resourceType: string, settings: RecordingSettings): boolean {
  if (settings.recordTypes !== undefined && !settings.recordTypes.includes(resourceType)) return false;
  if (settings.excludeTypes !== undefined && settings.excludeTypes.includes(resourceType)) return false;
  return true;
}

/**
 * Turns CI changes into what the recorder records. Continuous: every change. Daily: one CI for each
 * resource on each UTC day it changed ("a CI representing the most recent state over the last 24-hour
 * period, only if it's different from the previous CI").
 */
export function recordConfigurationItems(changes: readonly ConfigurationItemChange[], settings: RecordingSettings): RecordedItems {
  const totals = new Map<string, RecordedCount>();
  const notRecorded: Record<string, number> = {};
  const seenResourceDays = new Set<string>();
  for (const change of changes) {
    if (!isRecorded(change.resourceType, settings)) {
      notRecorded[change.resourceType] = (notRecorded[change.resourceType] ?? 0) + change.count;
      continue;
    }
    let count = change.count;
    if (settings.mode === 'daily') {
      const resourceDay = `${change.account}|${change.region}|${change.resourceType}|${change.resourceId}|${utcDay(change.timeMs)}`;
      count = seenResourceDays.has(resourceDay) ? 0 : 1;
      seenResourceDays.add(resourceDay);
    }
    if (count === 0) continue;
    const key = `${change.account}|${change.region}|${change.resourceType}`;
    const total = totals.get(key);
    if (total) total.count += count;
    else totals.set(key, { account: change.account, region: change.region, resourceType: change.resourceType, count });
  }
  const counts = [...totals.values()].sort((a, b) =>
    a.account !== b.account ? (a.account < b.account ? -1 : 1) : a.region !== b.region ? (a.region < b.region ? -1 : 1) : a.resourceType < b.resourceType ? -1 : 1,
  );
  return { usageType: USAGE_TYPE_BY_MODE[settings.mode], counts, notRecordedByResourceType: notRecorded };
}
