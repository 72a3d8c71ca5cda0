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
 * What one file contributes, in a compact form that crosses from a worker thread cheaply (the typed arrays
 * of a finished digest are views on one buffer): the file's fate,
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

/**
 * Collects a file's digest record by record, growing its arrays as needed: from parsed records (`addValue`,
 * the ordinary path) or from fields a scanner read off the bytes (`addFields`).
 */
export class DigestBuilder {
  private capacity: number;
  private arrays: DigestArrays;
  private readonly skipped: FileDigest['skipped'] = [];
  private readonly matched: FileDigest['matched'] = [];
  private count = 0;
  private newestMs: number | undefined;

  constructor(
    private readonly catalog: EventCatalog,
    capacity = 256,
  ) {
    this.capacity = Math.max(1, capacity);
    this.arrays = emptyArrays(this.capacity);
  }

  /** A record position in the file that could not be used. */
  skip(index: number, reason: string): void {
    this.skipped.push({ index, reason });
  }

  /** One parsed record at `index` in its file. */
  addValue(value: unknown, index: number): void {
    const result = normalizeRecord(value);
    if ('skip' in result) {
      this.skip(index, result.skip);
      return;
    }
    const record = result.record;
    const cls = intrinsicClass(record, this.catalog);
    let hi = 0;
    let lo = 0;
    if (record.eventID !== undefined) [hi, lo] = hash64(record.eventID);
    const at = this.addFields(record.eventID !== undefined, hi, lo, record.timeMs, tieBreakOf(record), CLASS_CODE[cls]);
    if (cls === 'counted') this.matched.push({ index: at, event: this.catalog.match(record) });
  }

  /** One usable record from its digested fields; returns its position in the digest. */
  addFields(hasId: boolean, hi: number, lo: number, timeMs: number, tie: number, classCode: number): number {
    if (this.count === this.capacity) this.grow();
    const at = this.count;
    const a = this.arrays;
    if (hasId) {
      a.hi[at] = hi;
      a.lo[at] = lo;
      a.hasId[at] = 1;
    }
    a.seconds[at] = Math.floor(timeMs / 1000);
    a.tie[at] = tie;
    a.cls[at] = classCode;
    if (this.newestMs === undefined || timeMs > this.newestMs) this.newestMs = timeMs;
    this.count += 1;
    return at;
  }

  finish(path: string): FileDigest {
    return { path, kind: 'records', skipped: this.skipped, count: this.count, ...packArrays(this.arrays, this.count), matched: this.matched, newestMs: this.newestMs };
  }

  private grow(): void {
    const old = this.arrays;
    this.capacity *= 2;
    this.arrays = emptyArrays(this.capacity);
    this.arrays.hi.set(old.hi);
    this.arrays.lo.set(old.lo);
    this.arrays.hasId.set(old.hasId);
    this.arrays.seconds.set(old.seconds);
    this.arrays.tie.set(old.tie);
    this.arrays.cls.set(old.cls);
  }
}

/** The first n entries of each array, as views on one buffer: a worker transfers the digest in one piece. */
function packArrays(from: DigestArrays, n: number): DigestArrays {
  const buffer = new ArrayBuffer(16 * n);
  const packed: DigestArrays = {
    hi: new Uint32Array(buffer, 0, n),
    lo: new Uint32Array(buffer, 4 * n, n),
    seconds: new Uint32Array(buffer, 8 * n, n),
    tie: new Uint16Array(buffer, 12 * n, n),
    hasId: new Uint8Array(buffer, 14 * n, n),
    cls: new Uint8Array(buffer, 15 * n, n),
  };
  packed.hi.set(from.hi.subarray(0, n));
  packed.lo.set(from.lo.subarray(0, n));
  packed.seconds.set(from.seconds.subarray(0, n));
  packed.tie.set(from.tie.subarray(0, n));
  packed.hasId.set(from.hasId.subarray(0, n));
  packed.cls.set(from.cls.subarray(0, n));
  return packed;
}

type DigestArrays = Pick<FileDigest, 'hi' | 'lo' | 'hasId' | 'seconds' | 'tie' | 'cls'>;

function emptyArrays(n: number): DigestArrays {
  return { hi: new Uint32Array(n), lo: new Uint32Array(n), hasId: new Uint8Array(n), seconds: new Uint32Array(n), tie: new Uint16Array(n), cls: new Uint8Array(n) };
}

/** Reduces a file to its digest. Pure: the same file gives the same digest in a worker or inline. */
export function digestOutcome(outcome: FileOutcome, catalog: EventCatalog): FileDigest {
  if (outcome.kind !== 'records') {
    return {
      path: outcome.path,
      kind: outcome.kind,
      code: outcome.kind === 'unreadable' ? outcome.code : undefined,
      reason: outcome.kind === 'unreadable' ? outcome.reason : undefined,
      skipped: [],
      count: 0,
      ...emptyArrays(0),
      matched: [],
      newestMs: undefined,
    };
  }
  const builder = new DigestBuilder(catalog, outcome.records.length);
  for (const bad of outcome.badRecords) builder.skip(bad.index, bad.reason);
  outcome.records.forEach((value, index) => builder.addValue(value, index));
  return builder.finish(outcome.path);
}
