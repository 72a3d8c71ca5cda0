import type { EventCatalog, MatchedEvent } from '../catalog/event-catalog.js';
import type { TrailRecord } from './record.js';
import type { Window } from './window.js';

export const EVENT_CLASSES = ['duplicates', 'outOfWindow', 'failed', 'readOnly', 'unrelated', 'counted'] as const;
export type EventClass = (typeof EVENT_CLASSES)[number];
export type EventCounts = { read: number } & Record<EventClass, number>;

/** The class a record has on its own, before the window is known. */
type IntrinsicClass = 'failed' | 'readOnly' | 'unrelated' | 'counted';

interface Kept {
  timeMs: number;
  /** Orders records that share an eventID, so the survivor does not depend on reading order. */
  tieBreak: string;
  intrinsic: IntrinsicClass;
  matched: MatchedEvent | undefined;
}

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

function intrinsicClass(record: TrailRecord, catalog: EventCatalog): IntrinsicClass {
  if (record.errorCode !== undefined) return 'failed';
  if (record.readOnly) return 'readOnly';
  if (!catalog.applies(record)) return 'unrelated';
  return 'counted';
}

function tieBreakOf(record: TrailRecord): string {
  return [record.eventSource, record.eventName, record.account, record.region, record.errorCode ?? '', record.readOnly ? '1' : '0'].join('|');
}

/** a before b: the earlier eventTime survives deduplication, then the smaller tie-break text. */
function precedes(a: Kept, b: Kept): boolean {
  return a.timeMs !== b.timeMs ? a.timeMs < b.timeMs : a.tieBreak < b.tieBreak;
}

/**
 * Classifies every record exactly once, in the order duplicates, outOfWindow, failed, readOnly, unrelated,
 * counted. Records may arrive in any order: the window and the survivor of each duplicated eventID are
 * settled in `finish`, so the result does not depend on the order of files or records.
 */
export class RecordClassifier {
  private readonly byEventId = new Map<string, Kept>();
  private readonly withoutEventId: Kept[] = [];
  private duplicates = 0;
  private newest: number | undefined;

  /** fixedWindow: when the flags give the window up front, matched events after it are not kept. */
  constructor(
    private readonly catalog: EventCatalog,
    private readonly fixedWindow?: Window,
  ) {}

  get newestMs(): number | undefined {
    return this.newest;
  }

  add(record: TrailRecord): void {
    if (this.newest === undefined || record.timeMs > this.newest) this.newest = record.timeMs;
    const intrinsic = intrinsicClass(record, this.catalog);
    const beforeFixedEnd = this.fixedWindow === undefined || record.timeMs < this.fixedWindow.toMs;
    const kept: Kept = {
      timeMs: record.timeMs,
      tieBreak: tieBreakOf(record),
      intrinsic,
      matched: intrinsic === 'counted' && beforeFixedEnd ? this.catalog.match(record) : undefined,
    };
    if (record.eventID === undefined) {
      this.withoutEventId.push(kept);
      return;
    }
    const previous = this.byEventId.get(record.eventID);
    if (previous === undefined) {
      this.byEventId.set(record.eventID, kept);
      return;
    }
    this.duplicates += 1;
    if (precedes(kept, previous)) this.byEventId.set(record.eventID, kept);
  }

  finish(window: Window): Classification {
    const events: EventCounts = { read: 0, duplicates: this.duplicates, outOfWindow: 0, failed: 0, readOnly: 0, unrelated: 0, counted: 0 };
    const counted: MatchedEvent[] = [];
    const history: MatchedEvent[] = [];
    const visit = (kept: Kept) => {
      if (kept.timeMs < window.fromMs || kept.timeMs >= window.toMs) {
        events.outOfWindow += 1;
        if (kept.timeMs < window.fromMs && kept.intrinsic === 'counted' && kept.matched) history.push(kept.matched);
        return;
      }
      events[kept.intrinsic] += 1;
      if (kept.intrinsic === 'counted' && kept.matched) counted.push(kept.matched);
    };
    for (const kept of this.byEventId.values()) visit(kept);
    for (const kept of this.withoutEventId) visit(kept);
    events.read = EVENT_CLASSES.reduce((sum, c) => sum + events[c], 0);
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
