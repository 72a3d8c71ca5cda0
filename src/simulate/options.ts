import type { SimulatedRule } from './types.js';

/** Options of the synthetic archive generator, with the defaults `config-cost simulate` documents. */
export interface SimulateOptions {
  seed: number;
  /** `YYYY-MM-DD`; the archive covers the `days` whole UTC days before this date (exclusive). */
  until: string;
  days: number;
  accounts: number;
  region: string;
  /** Clusters per account. */
  clusters: number;
  /** Services per account, spread over its clusters. */
  services: number;
  /** Per service per weekday; weekends get round(deploysPerDay / 3). */
  deploysPerDay: number;
  /** Per service per day (Application Auto Scaling changing desiredCount). */
  autoscalingPerDay: number;
  /** Per service per day, expected value. */
  forcedRedeploysPerDay: number;
  /**
   * Running tasks per service (awsvpc networking, as on Fargate): each task started or stopped
   * creates or deletes one network interface. 0 leaves tasks out: no network interface records.
   */
  tasksPerService: number;
  /** Read-only and unrelated records per account per day. */
  noisePerDay: number;
  /** Fraction of deploy calls preceded by a failed attempt. */
  failedRate: number;
  /** Fraction of records delivered a second time in another log file. */
  duplicateRate: number;
  /** Use the organization trail layout `AWSLogs/<org-id>/<account>/...`. */
  organization: boolean;
  /** Minutes of records per log file; CloudTrail delivers about every 5, a longer slot makes fewer files. */
  deliveryMinutes: number;
  /**
   * Change-triggered rules whose evaluations AWS Config records in CloudTrail: one PutEvaluations call
   * (config.amazonaws.com, by the Config service role) per evaluated CI per rule, drawn from a PRNG
   * stream of their own so every other record stays as it is. Absent or empty: none (the default archive).
   */
  putEvaluations?: readonly SimulatedRule[];
}

export const DEFAULT_SIMULATE_OPTIONS: Readonly<SimulateOptions> = Object.freeze({
  seed: 1,
  until: '2026-11-02',
  days: 30,
  accounts: 1,
  region: 'us-east-1',
  clusters: 1,
  services: 4,
  deploysPerDay: 3,
  autoscalingPerDay: 2,
  forcedRedeploysPerDay: 0.5,
  tasksPerService: 2,
  noisePerDay: 200,
  failedRate: 0.02,
  duplicateRate: 0.01,
  organization: false,
  deliveryMinutes: 5,
});

/** Account ids are limited by their naming scheme (`aaaabbbbcccc`, digits 1-9). */
export const MAX_ACCOUNTS = 100;

/** The organization id used by the organization layout. */
export const SIMULATED_ORG_ID = 'o-exampleorgid';
