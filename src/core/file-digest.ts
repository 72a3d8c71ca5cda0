import type { EventCatalog, MatchedEvent } from '../catalog/event-catalog.js';
import type { FileOutcome } from '../sources/files.js';
import { hash16, hash64 } from './eventid-hash.js';
import { normalizeRecord, type TrailRecord } from './record.js';

/** The class a record has on its own, before the window and duplicates are known. */
export const INTRINSIC_CLASSES = ['failed', 'readOnly', 'unrelated', 'counted'] as const;
export type IntrinsicClass = (typeof INTRINSIC_CLASSES)[number];
export const CLASS_CODE: Record<IntrinsicClass, number> = { failed: 0, readOnly: 1, unrelated: 2, counted: 3 };
export const COUNTED = CLASS_CODE.counted;

/**
 * What one file contributes, in a compact form that crosses from a worker thread cheaply: the file's fate,
 * its unusable records with their reasons, and per usable record the eventID hash, second, tie-break and
 * class (typed arrays), plus the catalog match of each counted record.
 */
export interface FileDigest {
  path: string;
  kind: FileOutcome['kind'];
  code?: string | undefined;
  reason?: string | undefined;
  skipped: { index: number; reason: string }[];
  count: number;
  hi: Uint32Array;
  lo: Uint32Array;
  /** 1: the record has an eventID (deduplicated); 0: it has none (never a duplicate). */
  hasId: Uint8Array;
  seconds: Uint32Array;
  tie: Uint16Array;
  cls: Uint8Array;
  /** For counted records: the record's position in the arrays and its match. */
  matched: { index: number; event: MatchedEvent }[];
  newestMs: number | undefined;
}

function intrinsicClass(record: TrailRecord, catalog: EventCatalog): IntrinsicClass {
  if (record.errorCode !== undefined) return 'failed';
  if (record.readOnly) return 'readOnly';
  if (!catalog.applies(record)) return 'unrelated';
  return 'counted';
}

function tieBreakOf(record: TrailRecord): number {
  return hash16([record.eventSource, record.eventName, record.account, record.region, record.errorCode ?? '', record.readOnly ? '1' : '0'].join('|'));
}

/** Reduces a file to its digest. Pure: the same file gives the same digest in a worker or inline. */
export function digestOutcome(outcome: FileOutcome, catalog: EventCatalog): FileDigest {
  const empty = (n: number) => ({ hi: new Uint32Array(n), lo: new Uint32Array(n), hasId: new Uint8Array(n), seconds: new Uint32Array(n), tie: new Uint16Array(n), cls: new Uint8Array(n) });
  if (outcome.kind !== 'records') {
    return {
      path: outcome.path,
      kind: outcome.kind,
      code: outcome.kind === 'unreadable' ? outcome.code : undefined,
      reason: outcome.kind === 'unreadable' ? outcome.reason : undefined,
      skipped: [],
      count: 0,
      ...empty(0),
      matched: [],
      newestMs: undefined,
    };
  }
  const skipped = outcome.badRecords.map((b) => ({ index: b.index, reason: b.reason }));
  const arrays = empty(outcome.records.length);
  const matched: FileDigest['matched'] = [];
  let count = 0;
  let newestMs: number | undefined;
  outcome.records.forEach((value, index) => {
    const result = normalizeRecord(value);
    if ('skip' in result) {
      skipped.push({ index, reason: result.skip });
      return;
    }
    const record = result.record;
    const cls = intrinsicClass(record, catalog);
    if (record.eventID !== undefined) {
      const [hi, lo] = hash64(record.eventID);
      arrays.hi[count] = hi;
      arrays.lo[count] = lo;
      arrays.hasId[count] = 1;
    }
    arrays.seconds[count] = Math.floor(record.timeMs / 1000);
    arrays.tie[count] = tieBreakOf(record);
    arrays.cls[count] = CLASS_CODE[cls];
    if (cls === 'counted') matched.push({ index: count, event: catalog.match(record) });
    if (newestMs === undefined || record.timeMs > newestMs) newestMs = record.timeMs;
    count += 1;
  });
  return { path: outcome.path, kind: outcome.kind, skipped, count, ...arrays, matched, newestMs };
}
