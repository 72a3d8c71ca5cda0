/**
 * The AWS Config usage types config-cost prices, and how Price List usage types map onto them.
 * Price List usage types carry an irregular region prefix (USE1-, EU-, APS2-, UGW1- ...), so they are
 * matched by suffix; the suffix must follow a '-' (or be the whole usage type), or
 * 'USE1-ProactiveConfigRuleEvaluations' would also match 'ConfigRuleEvaluations'.
 */

export interface ConfigUsageType {
  usageType: string;
  description: string;
  unit: string;
}

/** In the order of the bundled price list. */
export const CONFIG_USAGE_TYPES: readonly ConfigUsageType[] = [
  { usageType: 'ConfigurationItemRecorded', description: 'configuration item, continuous recording', unit: 'configuration items' },
  { usageType: 'ConfigurationItemRecordedDaily', description: 'configuration item, daily (periodic) recording', unit: 'configuration items' },
  { usageType: 'CustomConfigItemRecorded', description: 'custom or third-party configuration item', unit: 'configuration items' },
  { usageType: 'ConfigRuleEvaluations', description: 'rule evaluations', unit: 'rule evaluations' },
  { usageType: 'ConformancePackEvaluations', description: 'conformance pack evaluations', unit: 'conformance pack evaluations' },
  { usageType: 'ProactiveConfigRuleEvaluations', description: 'proactive rule evaluations', unit: 'proactive rule evaluations' },
];

/** The config-cost usage type a Price List `usagetype` attribute stands for, or undefined. */
export function matchUsageType(priceListUsageType: string): string | undefined {
  for (const { usageType } of CONFIG_USAGE_TYPES) {
    if (priceListUsageType === usageType || priceListUsageType.endsWith(`-${usageType}`)) return usageType;
  }
  return undefined;
}
