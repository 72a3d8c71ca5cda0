import { ruleSetDetails, ruleSetSummary } from './rule-set-tables.js';
import { formatUSD } from './format.js';
import type { EstimateReport } from './model.js';

const minutes = (iso: string) => iso.replace(/:00Z$/, 'Z').replace('T', ' ');

/** `config-cost compare`: the rule sets side by side, then each set's rules, most expensive first. */
export function renderCompareTable(report: EstimateReport): string {
  const out: string[] = [];
  out.push(`Rule sets compared on ${minutes(report.window.from)} to ${minutes(report.window.to)} (${report.window.days} days, monthly = observed x ${report.forecast.factor.toFixed(4)})`);
  out.push(`Configuration items: ${formatUSD(report.configurationItems.monthlyCostUSD.total)} per month in every set (${report.recording.mode} recording)`);
  out.push('');
  out.push(...ruleSetSummary(report));
  out.push(...ruleSetDetails(report, (set) => `${set.name}: ${set.description}`));
  out.push('');
  out.push('marginal: what the set costs with the rule minus without it (tiers make it differ from the rule\'s share).');
  out.push('setup: the first run of each rule evaluates every in-scope resource once; not in the monthly figures.');
  if (report.incomplete) out.push('', 'Incomplete: some files or records could not be used (warnings on stderr; --format json lists them).');
  return `${out.join('\n')}\n`;
}
