import type { RuleSet } from '../rules/rule-set.js';
import { FREQUENCY_LABEL, type ManagedRule } from '../rules/schema.js';
import { formatCount, renderColumns } from './format.js';

/** The filters a listing was made with, already resolved to catalog spelling, for the footer. */
export interface RuleListFilters {
  service?: string | undefined;
  trigger?: string | undefined;
  pack?: string | undefined;
}


function triggerLabel(rule: ManagedRule): string {
  const frequency = rule.defaultMaximumExecutionFrequency ? FREQUENCY_LABEL[rule.defaultMaximumExecutionFrequency] : '';
  if (rule.trigger === 'periodic') return `periodic ${frequency}`;
  if (rule.trigger === 'both') return `change + periodic ${frequency}`;
  return 'change';
}

/** Account-level rules evaluate the account once per run, whatever their nominal resource type. */
function scopeLabel(rule: ManagedRule): string {
  return rule.accountLevel ? 'account' : rule.resourceTypes.join(', ');
}

function fsbpControls(rule: ManagedRule): string {
  const controls = rule.securityHubControls.filter((c) => c.fsbp).map((c) => c.control);
  return controls.length > 0 ? controls.join(', ') : '-';
}

function describeFilters(filters: RuleListFilters): string {
  const parts: string[] = [];
  if (filters.service !== undefined) parts.push(`service ${filters.service}`);
  if (filters.trigger !== undefined) parts.push(`trigger ${filters.trigger}`);
  if (filters.pack !== undefined) parts.push(`pack ${filters.pack}`);
  return parts.join(', ');
}

/** `rules list`: one line a rule, then how many are shown of the catalog. */
export function renderRuleList(rules: readonly ManagedRule[], catalogSize: number, filters: RuleListFilters): string {
  const filterText = describeFilters(filters);
  if (rules.length === 0) return `no rules match ${filterText || 'the filters'} (${formatCount(catalogSize)} rules in the catalog)\n`;
  const rows = [
    ['name', 'service', 'trigger', 'scope', 'FSBP controls', 'packs'],
    ...rules.map((r) => [r.name, r.service, triggerLabel(r), scopeLabel(r), fsbpControls(r), formatCount(r.conformancePacks.length)]),
  ];
  const footer = `${formatCount(rules.length)} of ${formatCount(catalogSize)} rules${filterText ? ` (${filterText})` : ''}`;
  return `${[...renderColumns(rows, new Set([5])), '', footer].join('\n')}\n`;
}

function frequencyLines(rule: ManagedRule): string {
  if (rule.trigger === 'change') return 'none (change-triggered)';
  const allowed = rule.allowedMaximumExecutionFrequency.map((f) => FREQUENCY_LABEL[f]).join(', ') || 'not adjustable';
  return `default ${rule.defaultMaximumExecutionFrequency ? FREQUENCY_LABEL[rule.defaultMaximumExecutionFrequency] : '-'}; allowed ${allowed}`;
}

function parameterLine(p: ManagedRule['parameters'][number]): string {
  const details = [p.type ?? 'untyped', p.required ? 'required' : 'optional'];
  if (p.default !== null && p.default !== undefined) details.push(`default ${JSON.stringify(p.default)}`);
  return `${p.name} (${details.join(', ')})`;
}

/** `rules show`: every field of one rule; lists go one item a line under their label. */
export function renderRuleDetail(rule: ManagedRule): string {
  const label = (text: string) => `  ${text.padEnd(19)}`;
  const field = (name: string, value: string) => `${label(name)}${value}`;
  const list = (name: string, items: readonly string[], empty: string) =>
    items.length === 0 ? [field(name, empty)] : items.map((item, i) => (i === 0 ? field(name, item) : `${label('')}${item}`));

  const lines = [
    `${rule.name} (${rule.identifier})`,
    field('service', rule.service),
    field('trigger', rule.trigger),
    field('frequency', frequencyLines(rule)),
    ...list('resource types', rule.resourceTypes, '-'),
    field('account level', rule.accountLevel ? 'yes: evaluates the account once per run' : 'no: evaluates each resource'),
    ...list('parameters', rule.parameters.map(parameterLine), 'none'),
    field('checks', rule.checks),
    ...list(
      'Security Hub',
      rule.securityHubControls.map((c) => `${c.control}${c.fsbp ? ' (FSBP)' : ''}: ${c.note}`),
      'none',
    ),
    ...list(`conformance packs`, rule.conformancePacks, 'none'),
    field('verification', rule.verification),
    ...list('sources', rule.sources, '-'),
  ];
  return `${lines.join('\n')}\n`;
}

const PACK_PREFIX = 'pack:';

/** `rules sets`: the named sets with their descriptions, then the ~40 pack sets compactly. */
export function renderRuleSets(sets: readonly RuleSet[]): string {
  const named = sets.filter((s) => !s.name.startsWith(PACK_PREFIX));
  const packs = sets.filter((s) => s.name.startsWith(PACK_PREFIX));
  const namedLines = renderColumns([['name', 'rules', 'description'], ...named.map((s) => [s.name, formatCount(s.rules.length), s.description])], new Set([1]));
  const out = ['Rule sets (use with --rules NAME; join several with +)', ...namedLines];
  if (packs.length > 0) {
    out.push('');
    out.push(`Conformance pack sets (${packs.length}): the pack's container rules only, billed as conformance pack evaluations`);
    out.push(...renderColumns([['name', 'rules'], ...packs.map((s) => [s.name, formatCount(s.rules.length)])], new Set([1])));
  }
  return `${out.join('\n')}\n`;
}
