/**
 * The report model of `config-cost backtest`: the model's observed-window figures held against what AWS
 * recorded (CloudTrail PutEvaluations, the AWS/Config ConfigurationItemsRecorded metric) and billed (Cost
 * Explorer, a Cost and Usage Report). Every format renders from it; `--format json` is this object as it stands.
 */
import type { AssumptionValue } from '../core/assumptions.js';

/** ±10 %: a row whose observed figure is further than this from the modeled one is flagged. */
export const TOLERANCE_PERCENT = 10;

export type RowKind = 'configurationItems' | 'ruleEvaluations' | 'billing';

/** What one assumption's other value does to a row, found by running the model again with it. */
export interface AssumptionHint {
  assumption: string;
  current: AssumptionValue;
  /** The value tried: the other boolean, or for a number the value that would make the row match. */
  suggested: AssumptionValue;
  /** The row's modeled figure with the suggested value. */
  modeledWith: number;
  ratioWith: number | null;
  offPercentWith: number | null;
  /** The ratio moves toward 1 with the suggested value. */
  closer: boolean;
  /** ... and lands within the tolerance. */
  withinTolerance: boolean;
  /** `--assume ID=VALUE`. */
  flag: string;
}

export interface BacktestRow {
  kind: RowKind;
  /** The resource type, the rule's name in the rule set, or the usage type (without its region prefix). */
  key: string;
  modeled: number;
  observed: number;
  /** observed / modeled; null when nothing was modeled. */
  ratio: number | null;
  /** |observed - modeled| / modeled x 100; null when nothing was modeled but something was observed (unbounded). */
  offPercent: number | null;
  flagged: boolean;
  /** By UTC day of the window (the report's `days`); null where a side has no daily figures. */
  daily: { modeled: number[] | null; observed: number[] | null };
  /** Rule rows: the names AWS used for the rule (PutEvaluations configRuleName). */
  awsRuleNames?: string[];
  /** Flagged rows: the named assumptions that act on the row, with their values in force. */
  assumptionsActing: { id: string; value: AssumptionValue }[];
  /** Flagged rows: each acting assumption's other value, tried; `closer` ones are the suggestions. */
  hints: AssumptionHint[];
  /** Flagged rows: the one-line explanations, suggestions first. */
  explanation: string[];
}

export interface BacktestSection<Source> {
  source: Source;
  rows: BacktestRow[];
}

export interface ObservedCisSource {
  kind: 'cloudwatch' | 'observed-cis-file';
  /** The file, or "AWS/Config ConfigurationItemsRecorded (Sum, 1 day) in REGIONS". */
  detail: string;
  regions?: string[];
  /** Days of the window with at least one data point, of the window's days; null for window totals (no days). */
  daysWithData: number | null;
  windowDays: number;
  /** Data points outside the window, left out. */
  pointsOutsideWindow: number;
}

export interface PutEvaluationsSource {
  kind: 'cloudtrail-put-evaluations';
  /** PutEvaluations records read (every delivery), and what was left out. */
  records: number;
  duplicates: number;
  failed: number;
  outOfWindow: number;
  testMode: number;
  /** Records counted, and the evaluations they carry. */
  counted: number;
  evaluations: number;
  /** Counted records with no additionalEventData.configRuleName (counted under "(no rule name)"). */
  withoutRuleName: number;
}

export interface BillingSource {
  kind: 'cost-explorer' | 'cur-file';
  detail: string;
  /** Billed cost over the window per usage type (without region prefix), USD. */
  costUSD: Record<string, number>;
  /** Line items (CUR) or groups (Cost Explorer) read and used. */
  lines: number;
  /** Cost Explorer: some days are still estimated. */
  estimated: boolean;
}

export interface BacktestReport {
  generator: 'config-cost';
  command: 'backtest';
  window: { from: string; to: string; days: number };
  /** UTC days of the window, the index of every `daily` series. */
  days: string[];
  tolerancePercent: number;
  /** Some input files or records could not be used. */
  incomplete: boolean;
  ruleSet: string;
  recording: 'continuous' | 'daily';
  /** The assumptions in force for the modeled side. */
  assumptions: { id: string; value: AssumptionValue; overridden: boolean }[];
  configurationItems:
    | (BacktestSection<ObservedCisSource> & {
        /** Observed types the model does not cover (not container types). */
        notModeled: { resourceType: string; observed: number }[];
        /** Modeled types an export file does not name (not compared). */
        notObserved: string[];
      })
    | null;
  ruleEvaluations:
    | (BacktestSection<PutEvaluationsSource> & {
        /** AWS rule names that match no rule of the set. */
        unmatched: { awsRuleName: string; observed: number; reason: string }[];
      })
    | null;
  billing: (BacktestSection<BillingSource> & { notModeled: { usageType: string; quantity: number; costUSD: number }[] }) | null;
  summary: { rows: number; flagged: number; maxOffPercent: number | null };
  notes: string[];
}
