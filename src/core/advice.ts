import type { RuleSet } from '../rules/rule-set.js';
import { USAGE_TYPE_BY_MODE, type RecordedItems, type RecordingMode } from './recording.js';
import { roundQuantity, roundUSD } from './round.js';

export type RecordingOption = RecordingMode | 'excluded';

/** Continuous, daily or excluded for one resource type: what each costs and what it gives up. */
export interface RecordingAdvice {
  resourceType: string;
  /** Changes per resource on a day it changed: daily recording wins above 4 ($0.012 / $0.003). */
  changesPerResourceDay: number;
  current: RecordingMode;
  /** The whole monthly bill (first rule set) with this type recorded each way, everything else as it is. */
  monthlyCostUSD: Record<RecordingOption, number>;
  recommended: RecordingMode;
  /** What the recommendation saves against the current setting. */
  savingsUSD: number;
  /** Change-triggered rules of the set that evaluate this type: they wait for the day's CI under daily recording and never run when it is excluded. */
  changeTriggeredRules: string[];
}

/** Break-even of daily against continuous recording: $0.012 / $0.003 = 4 changes a day. */
export const DAILY_BREAK_EVEN_CHANGES = 4;

/**
 * Prices the bill with one type switched to each option. `price` returns the monthly total of the first
 * rule set for a set of recorded counts; `byMode` holds the same changes recorded continuously and daily.
 */
export function adviseRecording(
  byMode: Readonly<Record<RecordingMode, RecordedItems>>,
  current: RecordingMode,
  ruleSet: RuleSet | undefined,
  price: (recorded: RecordedItems) => number,
): RecordingAdvice[] {
  const base = byMode[current];
  const types = [...new Set(base.counts.map((c) => c.resourceType))].sort();
  return types.map((resourceType) => {
    const withOption = (option: RecordingOption): RecordedItems => {
      const others = base.counts.filter((c) => c.resourceType !== resourceType);
      if (option === 'excluded') return { ...base, counts: others };
      const own = byMode[option].counts.filter((c) => c.resourceType === resourceType).map((c) => ({ ...c, usageType: USAGE_TYPE_BY_MODE[option] }));
      return { ...base, counts: [...others, ...own] };
    };
    const cost = {
      continuous: price(withOption('continuous')),
      daily: price(withOption('daily')),
      excluded: price(withOption('excluded')),
    };
    const total = (mode: RecordingMode) => byMode[mode].counts.filter((c) => c.resourceType === resourceType).reduce((s, c) => s + c.count, 0);
    const recommended: RecordingMode = cost.daily < cost.continuous ? 'daily' : 'continuous';
    return {
      resourceType,
      changesPerResourceDay: total('daily') === 0 ? 0 : roundQuantity(total('continuous') / total('daily')),
      current,
      monthlyCostUSD: { continuous: roundUSD(cost.continuous), daily: roundUSD(cost.daily), excluded: roundUSD(cost.excluded) },
      recommended,
      savingsUSD: roundUSD(cost[current] - cost[recommended]),
      changeTriggeredRules: (ruleSet?.rules ?? []).filter((r) => r.trigger !== 'periodic' && r.resourceTypes.includes(resourceType)).map((r) => r.name),
    };
  });
}
