import { DAY_MS, utcDay } from './event-time.js';
import type { Driver } from '../catalog/schema.js';
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

/** CIs recorded in one account, region and resource type: the total and the series by day of the window. */
export interface RecordedCount {
  account: string;
  region: string;
  resourceType: string;
  count: number;
  daily: number[];
  /** Set when this type is recorded at another frequency than the rest (a recording-mode override). */
  usageType?: string;
}

/** The window's first instant and its number of (whole or partial) days: where each change falls. */
export interface DayGrid {
  fromMs: number;
  dayCount: number;
}

export const dayIndex = (grid: DayGrid, timeMs: number) => Math.min(grid.dayCount - 1, Math.max(0, Math.floor((timeMs - grid.fromMs) / DAY_MS)));

export interface RecordedItems {
  usageType: (typeof USAGE_TYPE_BY_MODE)[RecordingMode];
  counts: RecordedCount[];
  /** CIs the changes would have recorded in types the recorder leaves out. */
  notRecordedByResourceType: Record<string, number>;
}

/**
 * A what-if on the replay (`plan`): each change counts `multipliers[driver]` times. Types in
 * `newResourcePerCall` get that many more resources (a deploy makes a new revision); other resources get
 * that many more changes, which under daily recording still make at most one CI a day.
 */
export interface ChangeScaling {
  multipliers: Readonly<Record<Driver, number>>;
  newResourcePerCall: ReadonlySet<string>;
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
export function recordConfigurationItems(
  changes: readonly ConfigurationItemChange[],
  settings: RecordingSettings,
  grid: DayGrid,
  scaling?: ChangeScaling,
): RecordedItems {
  const totals = new Map<string, RecordedCount>();
  const notRecorded: Record<string, number> = {};
  const record = (change: ConfigurationItemChange, count: number) => {
    if (count === 0) return;
    const key = `${change.account}|${change.region}|${change.resourceType}`;
    let total = totals.get(key);
    if (!total) {
      total = { account: change.account, region: change.region, resourceType: change.resourceType, count: 0, daily: new Array<number>(grid.dayCount).fill(0) };
      totals.set(key, total);
    }
    total.count += count;
    total.daily[dayIndex(grid, change.timeMs)]! += count;
  };
  const multiplier = (change: ConfigurationItemChange) => scaling?.multipliers[change.driver] ?? 1;
  // Daily: per resource and UTC day, the scaled number of changes, and what one CI of it counts for.
  const resourceDays = new Map<string, { change: ConfigurationItemChange; changes: number; newPerCall: boolean; copies: number }>();
  for (const change of changes) {
    if (!isRecorded(change.resourceType, settings)) {
      notRecorded[change.resourceType] = (notRecorded[change.resourceType] ?? 0) + change.count;
      continue;
    }
    const m = multiplier(change);
    if (settings.mode === 'continuous') {
      record(change, change.count * m);
      continue;
    }
    const resourceDay = `${change.account}|${change.region}|${change.resourceType}|${change.resourceId}|${utcDay(change.timeMs)}`;
    const entry = resourceDays.get(resourceDay);
    if (entry) entry.changes += change.count * m;
    else {
      const newPerCall = scaling?.newResourcePerCall.has(change.resourceType) ?? false;
      resourceDays.set(resourceDay, { change, changes: change.count * m, newPerCall, copies: m });
    }
  }
  for (const { change, changes: scaled, newPerCall, copies } of resourceDays.values()) {
    // A resource made per call: `copies` of it, one CI a day each. Otherwise one CI, or the chance of one
    // when scaling leaves less than one change that day.
    record(change, newPerCall ? (scaled > 0 ? copies : 0) : Math.min(1, scaled));
  }
  const counts = [...totals.values()].sort((a, b) =>
    a.account !== b.account ? (a.account < b.account ? -1 : 1) : a.region !== b.region ? (a.region < b.region ? -1 : 1) : a.resourceType < b.resourceType ? -1 : 1,
  );
  return { usageType: USAGE_TYPE_BY_MODE[settings.mode], counts, notRecordedByResourceType: notRecorded };
}
