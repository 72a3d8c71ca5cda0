/**
 * Packs records into CloudTrail log files the way S3 delivery does: one file per slot (5 minutes by default),
 * delivered 5-10 minutes after the slot ends (so late-evening records land in the next day's
 * folder), records unsorted within a file, and a few records delivered a second time later.
 */
import type { Prng } from '../core/prng.js';
import { SECONDS_PER_MINUTE, compactMinute, datePath, isoSeconds } from './time.js';
import type { CloudTrailRecord, LogFile, TimedRecord } from './types.js';

const DELIVERY_DELAY_MINUTES = { min: 5, max: 10 };
/** How many slots later a duplicate delivery arrives. */
const DUPLICATE_DELAY_SLOTS = { min: 1, max: 12 };
const FILE_SUFFIX_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export interface TrailLocation {
  /** `AWSLogs/` or `AWSLogs/<org-id>/`. */
  prefix: string;
  accountId: string;
  region: string;
}

export interface Delivery {
  logFiles: LogFile[];
  /** Extra deliveries of records already delivered once. */
  duplicates: number;
}

export function logFileKey(location: TrailLocation, deliveredAt: number, suffix: string): string {
  const { prefix, accountId, region } = location;
  return (
    `${prefix}${accountId}/CloudTrail/${region}/${datePath(deliveredAt)}/` +
    `${accountId}_CloudTrail_${region}_${compactMinute(deliveredAt)}_${suffix}.json.gz`
  );
}

export function deliverRecords(
  records: readonly TimedRecord[],
  location: TrailLocation,
  duplicateRate: number,
  prng: Prng,
  slotMinutes = 5,
): Delivery {
  const slotSeconds = slotMinutes * SECONDS_PER_MINUTE;
  const slots = new Map<number, CloudTrailRecord[]>();
  const put = (slot: number, record: CloudTrailRecord): void => {
    const list = slots.get(slot);
    if (list) list.push(record);
    else slots.set(slot, [record]);
  };
  const slotOf = (time: number): number => Math.floor(time / slotSeconds);

  for (const { time, record } of records) put(slotOf(time), record);
  let duplicates = 0;
  for (const { time, record } of records) {
    if (!prng.chance(duplicateRate)) continue;
    put(slotOf(time) + prng.int(DUPLICATE_DELAY_SLOTS.min, DUPLICATE_DELAY_SLOTS.max), record);
    duplicates++;
  }

  const logFiles = [...slots.keys()]
    .sort((a, b) => a - b)
    .map((slot): LogFile => {
      const slotEnd = (slot + 1) * slotSeconds;
      const deliveredAt = slotEnd + prng.int(DELIVERY_DELAY_MINUTES.min, DELIVERY_DELAY_MINUTES.max) * SECONDS_PER_MINUTE;
      const suffix = prng.chars(16, FILE_SUFFIX_ALPHABET);
      return {
        key: logFileKey(location, deliveredAt, suffix),
        deliveredAt: isoSeconds(deliveredAt),
        records: prng.shuffle(slots.get(slot) ?? []),
      };
    });
  return { logFiles, duplicates };
}
