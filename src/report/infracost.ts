import { yaml } from '../data/yaml.js';
import type { EstimateReport } from './model.js';
import type { PlanReport } from './plan-model.js';

/** Terraform-style resource names: infracost keys resource_usage by address, rule names become `aws_config_config_rule.<name>`. */
const address = (rule: string) => `aws_config_config_rule.${rule.replace(/[^A-Za-z0-9_]/g, '_')}`;

/**
 * An infracost usage file (https://www.infracost.io/docs/features/usage_based_resources/) with the monthly
 * figures of the first rule set: CIs for every configuration recorder, evaluations per rule. Rename the rule
 * addresses to your Terraform resources.
 */
export function renderInfracostUsage(report: EstimateReport | PlanReport): string {
  const set = report.ruleSets[0]!;
  const cis = Math.round(report.configurationItems.monthly.total + set.resourceCompliance.monthly);
  const resourceUsage: Record<string, { monthly_rule_evaluations: number }> = {};
  for (const rule of set.rules) resourceUsage[address(rule.name)] = { monthly_rule_evaluations: Math.round(set.ruleEvaluations.monthly.byRule[rule.name] ?? 0) };
  const source = 'mode' in report ? `a ${report.mode} plan` : `a CloudTrail replay of ${report.window.from.slice(0, 10)} to ${report.window.to.slice(0, 10)}`;
  const header = [
    `# Usage for infracost, made by config-cost from ${source}, rule set '${set.name}'.`,
    '# monthly_config_items: resource CIs plus the AWS::Config::ResourceCompliance CIs the rules add.',
    '# Rule addresses are named after the rules: rename them to your Terraform resource addresses.',
    '# infracost prices each rule on its own tiers; AWS pools them per region (config-cost does).',
  ];
  const body = yaml().stringify({
    version: '0.1',
    resource_type_default_usage: { aws_config_configuration_recorder: { monthly_config_items: cis, monthly_custom_config_items: 0 } },
    ...(set.rules.length > 0 ? { resource_usage: resourceUsage } : {}),
  });
  return `${header.join('\n')}\n${body}`;
}
