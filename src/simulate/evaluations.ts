/**
 * The rule evaluations AWS Config makes on the simulated CIs, as CloudTrail records them: a change-triggered
 * rule evaluates each recorded CI of a type in its scope once, and the managed rule's result comes back as one
 * `config.amazonaws.com` PutEvaluations call (made with the Config service role) carrying one evaluation, with
 * the rule's name in `additionalEventData.configRuleName`. Drawn from a PRNG of its own, so the rest of the
 * archive's activity is the same with or without them.
 */
import type { AccountScope } from './arns.js';
import { partitionOf } from './arns.js';
import { CONFIG_PRINCIPAL, configServiceCaller, newRoleId } from './callers.js';
import type { Prng } from '../core/prng.js';
import type { CallSpec } from './records.js';
import { SECONDS_PER_DAY, isoDate, isoSeconds } from './time.js';
import type { ExpectedRuleEvaluations, SimulatedRule } from './types.js';

/** A configuration item the simulated actions record. */
export interface RecordedCi {
  resourceType: string;
  resourceId: string;
  /** When the call that records it was made (epoch seconds). */
  time: number;
}

/**
 * Seconds from the call to the evaluation: Config records the CI, then runs the rule. Kept on the CI's UTC day
 * (an action ends at least 44 seconds before midnight), so each evaluation counts on the day of its CI.
 */
const EVALUATION_DELAY = { min: 5, max: 40 };

export interface SimulatedEvaluations {
  specs: CallSpec[];
  /** Per rule name: the evaluations made, and by UTC day. */
  expected: Map<string, ExpectedRuleEvaluations>;
}

export function simulatePutEvaluations(cis: readonly RecordedCi[], rules: readonly SimulatedRule[], scope: AccountScope, prng: Prng): SimulatedEvaluations {
  const roleId = newRoleId(prng);
  const ruleIds = rules.map(() => `config-rule-${prng.chars(6, 'abcdefghijklmnopqrstuvwxyz0123456789')}`);
  const specs: CallSpec[] = [];
  const expected = new Map<string, ExpectedRuleEvaluations>(rules.map((r) => [r.name, { total: 0, byDay: {} }]));
  for (const ci of cis) {
    rules.forEach((rule, i) => {
      if (!rule.resourceTypes.includes(ci.resourceType)) return;
      const dayEnd = Math.floor(ci.time / SECONDS_PER_DAY) * SECONDS_PER_DAY + SECONDS_PER_DAY - 1;
      const time = Math.min(ci.time + prng.int(EVALUATION_DELAY.min, EVALUATION_DELAY.max), dayEnd);
      specs.push(putEvaluations(scope, roleId, rule.name, ruleIds[i]!, ci, time, prng));
      const counts = expected.get(rule.name)!;
      counts.total += 1;
      const day = isoDate(time);
      counts.byDay[day] = (counts.byDay[day] ?? 0) + 1;
    });
  }
  return { specs, expected };
}

function putEvaluations(scope: AccountScope, roleId: string, ruleName: string, ruleId: string, ci: RecordedCi, time: number, prng: Prng): CallSpec {
  return {
    time,
    caller: configServiceCaller(scope, roleId, time),
    eventSource: CONFIG_PRINCIPAL,
    eventName: 'PutEvaluations',
    readOnly: false,
    requestParameters: {
      evaluations: [
        {
          complianceResourceType: ci.resourceType,
          complianceResourceId: ci.resourceId,
          complianceType: prng.chance(0.8) ? 'COMPLIANT' : 'NON_COMPLIANT',
          orderingTimestamp: isoSeconds(ci.time),
        },
      ],
      resultToken: prng.hex(32),
      testMode: false,
    },
    responseElements: { failedEvaluations: [] },
    additionalEventData: {
      configRuleName: ruleName,
      configRuleArn: `arn:${partitionOf(scope.region)}:config:${scope.region}:${scope.accountId}:config-rule/${ruleId}`,
    },
  };
}
