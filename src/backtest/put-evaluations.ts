/**
 * The evaluations AWS recorded, from CloudTrail: every `config.amazonaws.com` PutEvaluations call delivers
 * `requestParameters.evaluations` (up to 100) for the rule named in `additionalEventData.configRuleName`
 * (the method of AWS's blog "Use Amazon Athena and AWS CloudTrail to estimate billing for AWS Config rule
 * evaluations"). Counted per rule and per UTC day of the window, each eventID once (the earliest delivery
 * wins, as in the estimate), leaving out failed calls and TestMode calls (they record nothing).
 *
 * The estimator's reader classifies these records as `unrelated` and keeps only digests of the catalog's
 * events, so this is a second pass over the same files: the counter is pure, the pass feeds it record by record.
 */
import { DAY_MS } from '../core/event-time.js';
import { parseEventTime } from '../core/event-time.js';
import type { Window } from '../core/window.js';
import { readEventFile } from '../sources/files.js';
import type { PutEvaluationsSource } from './model.js';

export const CONFIG_SOURCE = 'config.amazonaws.com';
export const PUT_EVALUATIONS = 'PutEvaluations';
/** The key for records that name no rule. */
export const NO_RULE_NAME = '(no rule name)';

export interface RuleEvaluationSeries {
  total: number;
  /** By day of the window (index 0 is the window's first day). */
  daily: number[];
}

export interface PutEvaluationsCount {
  source: PutEvaluationsSource;
  /** Per rule name as AWS holds it. */
  byRule: Map<string, RuleEvaluationSeries>;
}

interface Kept {
  timeMs: number;
  rule: string;
  evaluations: number;
  failed: boolean;
  testMode: boolean;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** True for a CloudTrail record of AWS Config's PutEvaluations. */
export function isPutEvaluations(record: unknown): record is Record<string, unknown> {
  return isObject(record) && record.eventSource === CONFIG_SOURCE && record.eventName === PUT_EVALUATIONS;
}

/** Counts PutEvaluations records given one by one, in any order; `result` settles duplicates and the window. */
export class PutEvaluationsCounter {
  private readonly byId = new Map<string, Kept>();
  private readonly withoutId: Kept[] = [];
  private records = 0;
  private duplicates = 0;

  constructor(private readonly window: Window) {}

  /** Any record: those that are not PutEvaluations (or have no usable eventTime) are passed over. */
  add(record: unknown): void {
    if (!isPutEvaluations(record)) return;
    const timeMs = typeof record.eventTime === 'string' ? parseEventTime(record.eventTime) : undefined;
    if (timeMs === undefined) return;
    this.records += 1;
    const request = isObject(record.requestParameters) ? record.requestParameters : {};
    const extra = isObject(record.additionalEventData) ? record.additionalEventData : {};
    const rule = typeof extra.configRuleName === 'string' && extra.configRuleName !== '' ? extra.configRuleName : NO_RULE_NAME;
    const kept: Kept = {
      timeMs,
      rule,
      evaluations: Array.isArray(request.evaluations) ? request.evaluations.length : 0,
      failed: record.errorCode !== undefined && record.errorCode !== null && record.errorCode !== '',
      testMode: request.testMode === true || request.testMode === 'true',
    };
    const id = typeof record.eventID === 'string' && record.eventID !== '' ? record.eventID : undefined;
    if (id === undefined) {
      this.withoutId.push(kept);
      return;
    }
    const previous = this.byId.get(id);
    if (previous !== undefined) {
      this.duplicates += 1;
      if (previous.timeMs <= timeMs) return;
    }
    this.byId.set(id, kept);
  }

  result(): PutEvaluationsCount {
    const dayCount = Math.max(1, Math.ceil((this.window.toMs - this.window.fromMs) / DAY_MS - 1e-9));
    const byRule = new Map<string, RuleEvaluationSeries>();
    const source: PutEvaluationsSource = {
      kind: 'cloudtrail-put-evaluations',
      records: this.records,
      duplicates: this.duplicates,
      failed: 0,
      outOfWindow: 0,
      testMode: 0,
      counted: 0,
      evaluations: 0,
      withoutRuleName: 0,
    };
    for (const k of [...this.byId.values(), ...this.withoutId]) {
      if (k.timeMs < this.window.fromMs || k.timeMs >= this.window.toMs) source.outOfWindow += 1;
      else if (k.failed) source.failed += 1;
      else if (k.testMode) source.testMode += 1;
      else {
        source.counted += 1;
        source.evaluations += k.evaluations;
        if (k.rule === NO_RULE_NAME) source.withoutRuleName += 1;
        let series = byRule.get(k.rule);
        if (!series) {
          series = { total: 0, daily: new Array<number>(dayCount).fill(0) };
          byRule.set(k.rule, series);
        }
        series.total += k.evaluations;
        series.daily[Math.min(dayCount - 1, Math.floor((k.timeMs - this.window.fromMs) / DAY_MS))]! += k.evaluations;
      }
    }
    return { source, byRule: new Map([...byRule].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) };
  }
}

/** The second pass: reads each file (as the estimate does, gzip by content) and counts its PutEvaluations records. */
export async function countPutEvaluationsInFiles(files: readonly string[], window: Window): Promise<PutEvaluationsCount> {
  const counter = new PutEvaluationsCounter(window);
  for (const path of files) {
    const outcome = await readEventFile(path);
    if (outcome.kind !== 'records') continue;
    for (const record of outcome.records) counter.add(record);
  }
  return counter.result();
}
