import { loadRuleCatalog } from '../../data/load.js';
import { UsageError } from '../../errors.js';
import { renderRuleDetail, renderRuleList, renderRuleSets } from '../../report/rules-table.js';
import type { RuleCatalog } from '../../rules/rule-catalog.js';
import { builtInRuleSets } from '../../rules/rule-set.js';
import type { Trigger } from '../../rules/schema.js';
import type { CommandIO } from '../io.js';

export interface RulesOptions {
  action: 'list' | 'show' | 'sets';
  name?: string;
  service?: string;
  trigger?: Trigger;
  pack?: string;
  format: 'table' | 'json';
}

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/** Returns the catalog's spelling of a value matched case-insensitively, or undefined. */
function matchIgnoringCase(value: string, candidates: readonly string[]): string | undefined {
  return candidates.find((c) => c.toLowerCase() === value.toLowerCase());
}

function resolveService(catalog: RuleCatalog, service: string): string {
  const services = [...new Set(catalog.rules.map((r) => r.service))];
  const match = matchIgnoringCase(service, services);
  if (match === undefined) throw new UsageError(`--service ${service}: not a service of the catalog; use one of ${services.join(', ')}`);
  return match;
}

function resolvePack(catalog: RuleCatalog, pack: string): string {
  const packs = catalog.packs();
  const match = matchIgnoringCase(pack, packs);
  if (match === undefined) {
    throw new UsageError(`--pack ${pack}: no container rule of the catalog is in that conformance pack; did you mean ${catalog.nearest(pack, packs).join(', ')}?`);
  }
  return match;
}

function listRules(catalog: RuleCatalog, options: RulesOptions, io: CommandIO): void {
  // Typos in --service and --pack are usage errors; a valid combination that matches nothing is just an empty list.
  const filters = {
    service: options.service === undefined ? undefined : resolveService(catalog, options.service),
    trigger: options.trigger,
    pack: options.pack === undefined ? undefined : resolvePack(catalog, options.pack),
  };
  const rules = catalog.filter(filters);
  io.stdout(options.format === 'json' ? json(rules) : renderRuleList(rules, catalog.rules.length, filters));
}

function showRule(catalog: RuleCatalog, options: RulesOptions, io: CommandIO): void {
  if (options.name === undefined || options.name.trim() === '') throw new UsageError("'rules show' needs a rule name ('config-cost rules list' lists them)");
  const rule = catalog.get(options.name);
  if (rule === undefined) throw new UsageError(`unknown rule '${options.name}'; did you mean ${catalog.nearest(options.name).join(', ')}?`);
  io.stdout(options.format === 'json' ? json(rule) : renderRuleDetail(rule));
}

function listRuleSets(catalog: RuleCatalog, options: RulesOptions, io: CommandIO): void {
  const sets = [...builtInRuleSets(catalog).values()].map((make) => make());
  const data = sets.map((s) => ({ name: s.name, description: s.description, rules: s.rules.map((r) => r.name) }));
  io.stdout(options.format === 'json' ? json(data) : renderRuleSets(sets));
}

/** `config-cost rules list|show|sets`: browse the managed-rule catalog and the built-in rule sets. */
export async function runRules(options: RulesOptions, io: CommandIO): Promise<void> {
  const catalog = loadRuleCatalog();
  if (options.action === 'list') listRules(catalog, options, io);
  else if (options.action === 'show') showRule(catalog, options, io);
  else listRuleSets(catalog, options, io);
}
