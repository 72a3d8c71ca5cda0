import type { EventCatalog, MatchedEvent } from '../catalog/event-catalog.js';
import { CountedIndex } from './counted-index.js';
import { DedupeTable } from './dedupe-table.js';
import { COUNTED, digestOutcome, INTRINSIC_CLASSES, type FileDigest } from './file-digest.js';
import type { TrailRecord } from './record.js';
import type { Window } from './window.js';

export const EVENT_CLASSES = ['duplicates', 'outOfWindow', 'failed', 'readOnly', 'unrelated', 'counted'] as const;
export type EventClass = (typeof EVENT_CLASSES)[number];
export type EventCounts = { read: number } & Record<EventClass, number>;

export interface Classification {
  events: EventCounts;
  /** Counted records in the window, in eventTime order. */
  counted: MatchedEvent[];
  /**
   * Catalog records before the window, in eventTime order: not counted, but they tell the replay which
   * task-definition revisions are active and which resources exist when the window opens.
   */
  history: MatchedEvent[];
}

/** One shared empty list for events with no related resources (most): a copy from a worker brings its own. */
const NO_RELATED: MatchedEvent['related'] = [];

/**
 * Classifies every record exactly once, in the order duplicates, outOfWindow, failed, readOnly, unrelated,
 * counted. Records may arrive in any order: the window and the survivor of each duplicated eventID (the
 * earliest second, then a tie-break hash) are settled in `finish`, so the result does not depend on the order
 * of files or records. Memory: the dedupe table (under 24 bytes per unique eventID) and the counted matches.
 */
export class RecordClassifier {
  private table = new DedupeTable();
  private finished = false;
  /** Matches of counted records with an eventID, and where each eventID's survivor sits among them (-1: none). */
  private readonly matches: (MatchedEvent | undefined)[] = [];
  private readonly matchAt = new CountedIndex();
  private readonly withoutEventId: { seconds: number; cls: number; matched: MatchedEvent | undefined }[] = [];
  private duplicates = 0;
  private newest: number | undefined;
  /** One copy of each repeated text (sources, names, accounts, regions, types): events from worker threads arrive as copies. */
  private readonly texts = new Map<string, string>();

  private intern(text: string): string {
    const held = this.texts.get(text);
    if (held !== undefined) return held;
    this.texts.set(text, text);
    return text;
  }

  /** The event as one fixed-shape object with its repeated texts shared (a copy from a worker has its own). */
  private compact(event: MatchedEvent): MatchedEvent {
    return {
      eventID: event.eventID,
      timeMs: event.timeMs,
      account: this.intern(event.account),
      region: this.intern(event.region),
      eventSource: this.intern(event.eventSource),
      eventName: this.intern(event.eventName),
      resourceType: event.resourceType === null ? null : this.intern(event.resourceType),
      resourceId: event.resourceId,
      configurationItems: event.configurationItems,
      behaviour: event.behaviour === undefined ? undefined : (this.intern(event.behaviour) as MatchedEvent['behaviour']),
      lifecycle: event.lifecycle === undefined ? undefined : (this.intern(event.lifecycle) as MatchedEvent['lifecycle']),
      driver: this.intern(event.driver) as MatchedEvent['driver'],
      related: event.related.length === 0 ? NO_RELATED : event.related,
    };
  }

  /** fixedWindow: when the flags give the window up front, matches after it are not kept. */
  constructor(
    private readonly catalog: EventCatalog,
    private readonly fixedWindow?: Window,
  ) {}

  get newestMs(): number | undefined {
    return this.newest;
  }

  /** The dedupe index's size in bytes, and the unique eventIDs it holds (for the speed benchmark). */
  get dedupeIndex(): { bytes: number; unique: number } {
    return { bytes: this.table.bytes, unique: this.table.size };
  }

  /** One record (tests and small inputs); files go through `addDigest`. */
  add(record: TrailRecord): void {
    this.addDigest(digestOutcome({ path: '', kind: 'records', format: 'array', records: [record.raw], badRecords: [] }, this.catalog));
  }

  addDigest(digest: FileDigest): void {
    if (digest.newestMs !== undefined && (this.newest === undefined || digest.newestMs > this.newest)) this.newest = digest.newestMs;
    const matchedAt = new Map<number, MatchedEvent>();
    for (const m of digest.matched) {
      if (this.fixedWindow === undefined || m.event.timeMs < this.fixedWindow.toMs) matchedAt.set(m.index, this.compact(m.event));
    }
    for (let i = 0; i < digest.count; i++) {
      const cls = digest.cls[i]!;
      const matched = cls === COUNTED ? matchedAt.get(i) : undefined;
      if (digest.hasId[i] === 0) {
        this.withoutEventId.push({ seconds: digest.seconds[i]!, cls, matched });
        continue;
      }
      const hi = digest.hi[i]!;
      const lo = digest.lo[i]!;
      const { outcome, previousClass } = this.table.offer(hi, lo, digest.seconds[i]!, digest.tie[i]!, cls);
      if (outcome === 'duplicate') {
        this.duplicates += 1;
        continue;
      }
      if (outcome === 'replaced') {
        this.duplicates += 1;
        const at = previousClass === COUNTED ? this.matchAt.get(hi, lo) : undefined;
        if (at !== undefined && at >= 0) {
          this.matches[at] = undefined;
          this.matchAt.set(hi, lo, -1);
        }
      }
      if (matched) {
        this.matchAt.set(hi, lo, this.matches.length);
        this.matches.push(matched);
      }
    }
  }

  /** Settles the window and duplicates. Once: it lets the index go (the classifier is spent). */
  finish(window: Window): Classification {
    if (this.finished) throw new Error('RecordClassifier.finish called twice');
    this.finished = true;
    const events: EventCounts = { read: 0, duplicates: this.duplicates, outOfWindow: 0, failed: 0, readOnly: 0, unrelated: 0, counted: 0 };
    const counted: MatchedEvent[] = [];
    const history: MatchedEvent[] = [];
    // Times are kept to the second: compare the window's edges at the second too.
    const from = Math.ceil(window.fromMs / 1000);
    const to = Math.ceil(window.toMs / 1000);
    const visit = (seconds: number, cls: number, matched: MatchedEvent | undefined) => {
      if (seconds < from || seconds >= to) {
        events.outOfWindow += 1;
        if (seconds < from && matched) history.push(matched);
        return;
      }
      events[INTRINSIC_CLASSES[cls]!] += 1;
      if (cls === COUNTED && matched) counted.push(matched);
    };
    const matchOf = (hi: number, lo: number) => {
      const at = this.matchAt.get(hi, lo);
      return at === undefined || at < 0 ? undefined : this.matches[at];
    };
    this.table.forEach((seconds, cls, hi, lo) => visit(seconds, cls, cls === COUNTED ? matchOf(hi, lo) : undefined));
    for (const r of this.withoutEventId) visit(r.seconds, r.cls, r.matched);
    events.read = EVENT_CLASSES.reduce((sum, c) => sum + events[c], 0);
    // The index is done with: let it go before the replay builds its own structures (peak memory).
    this.table = new DedupeTable(0);
    counted.sort(compareMatched);
    history.sort(compareMatched);
    return { events, counted, history };
  }
}

export function compareMatched(a: MatchedEvent, b: MatchedEvent): number {
  if (a.timeMs !== b.timeMs) return a.timeMs - b.timeMs;
  const ka = `${a.eventID ?? ''}|${a.eventSource}|${a.eventName}|${a.resourceId}`;
  const kb = `${b.eventID ?? ''}|${b.eventSource}|${b.eventName}|${b.resourceId}`;
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

