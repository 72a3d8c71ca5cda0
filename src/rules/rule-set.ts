import { describeFirstIssue } from '../data/validation.js';
import { InputError, UsageError } from '../errors.js';
import type { RuleCatalog } from './rule-catalog.js';
import { RUNS_PER_DAY, ruleSetFileSchema, type Frequency, type ManagedRule, type RuleReference, type Trigger } from './schema.js';

/** How a rule is deployed decides how its evaluations are billed. */
export type Deployment = 'rules' | 'conformance-pack';

export const EVALUATION_USAGE_TYPE: Record<Deployment, string> = {
  rules: 'ConfigRuleEvaluations',
  'conformance-pack': 'ConformancePackEvaluations',
};

/** One deployed rule: what it evaluates, how often, and how it is billed. */
export interface RuleInstance {
  /** Unique in its set: the rule's name, or Security Hub's `securityhub-<rule>` copy. */
  name: string;
  rule: string;
  managed: boolean;
  trigger: Trigger;
  resourceTypes: string[];
  accountLevel: boolean;
  maximumExecutionFrequency: Frequency | null;
  /** Periodic runs a day; 0 for a change-triggered rule. */
  runsPerDay: number;
  deployment: Deployment;
  source: string;
}

export interface RuleSet {
  name: string;
  description: string;
  rules: RuleInstance[];
}

/** Reads a user's rule-set file (JSON or YAML) into a plain value; throws InputError naming the file. */
export type RuleSetFileReader = (path: string) => unknown;

const SECURITY_HUB_PREFIX = 'securityhub-';

function instanceOf(rule: ManagedRule, deployment: Deployment, name = rule.name, frequency?: Frequency): RuleInstance {
  const periodic = rule.trigger !== 'change';
  const maximumExecutionFrequency = periodic ? (frequency ?? rule.defaultMaximumExecutionFrequency ?? 'TwentyFour_Hours') : null;
  return {
    name,
    rule: rule.name,
    managed: true,
    trigger: rule.trigger,
    resourceTypes: [...rule.resourceTypes],
    accountLevel: rule.accountLevel,
    maximumExecutionFrequency,
    runsPerDay: maximumExecutionFrequency ? RUNS_PER_DAY[maximumExecutionFrequency] : 0,
    deployment,
    source: rule.sources[0]!,
  };
}

/** The built-in sets, by name: none, containers-2022, containers-all, security-hub-fsbp, pack:<name>. */
export function builtInRuleSets(catalog: RuleCatalog): Map<string, () => RuleSet> {
  const sets = new Map<string, () => RuleSet>();
  sets.set('none', () => ({ name: 'none', description: 'no rules: configuration items only', rules: [] }));
  for (const [name, set] of Object.entries(catalog.data.ruleSets)) {
    sets.set(name, () => ({ name, description: set.description, rules: set.rules.map((r) => instanceOf(catalog.get(r)!, 'rules')) }));
  }
  sets.set('containers-all', () => ({
    name: 'containers-all',
    description: `all ${catalog.rules.length} container rules of the catalog, deployed as rules`,
    rules: catalog.rules.map((r) => instanceOf(r, 'rules')),
  }));
  sets.set('security-hub-fsbp', () => ({
    name: 'security-hub-fsbp',
    description:
      "the container controls of AWS Foundational Security Best Practices: Security Hub deploys its own service-linked copies (securityhub-<rule>), in addition to any rules the account already has",
    rules: catalog.rules
      .filter((r) => r.securityHubControls.some((c) => c.fsbp))
      .map((r) => instanceOf(r, 'rules', `${SECURITY_HUB_PREFIX}${r.name}`)),
  }));
  for (const pack of catalog.packs()) {
    const name = `pack:${pack}`;
    sets.set(name, () => ({
      name,
      description: `the container rules of the awslabs conformance pack ${pack} (its other rules are not container rules and are not counted), billed as conformance pack evaluations`,
      rules: catalog.filter({ pack }).map((r) => instanceOf(r, 'conformance-pack')),
    }));
  }
  return sets;
}

/**
 * Resolves a --rules value: a built-in name, a file path (JSON or YAML), or several joined with '+'
 * (e.g. containers-2022+security-hub-fsbp: both deployed at once, each copy billed).
 */
export function resolveRuleSet(spec: string, catalog: RuleCatalog, readFile: RuleSetFileReader, isFile: (path: string) => boolean): RuleSet {
  const parts = spec.split('+').map((p) => p.trim());
  if (parts.some((p) => p === '')) throw new UsageError(`--rules ${spec}: an empty rule-set name`);
  const sets = parts.map((part) => resolveOne(part, catalog, readFile, isFile));
  if (sets.length === 1) return sets[0]!;
  const rules: RuleInstance[] = [];
  for (const set of sets) {
    for (const rule of set.rules) {
      const same = rules.find((r) => r.name === rule.name);
      if (!same) rules.push(rule);
      else if (same.deployment !== rule.deployment) rules.push({ ...rule, name: `${rule.name} (${rule.deployment})` });
      // the same rule deployed the same way twice is one rule
    }
  }
  return { name: spec, description: sets.map((s) => s.name).join(' and '), rules };
}

function resolveOne(spec: string, catalog: RuleCatalog, readFile: RuleSetFileReader, isFile: (path: string) => boolean): RuleSet {
  const builtIn = builtInRuleSets(catalog);
  const make = builtIn.get(spec);
  if (make) return make();
  if (isFile(spec)) return ruleSetFromFile(spec, readFile(spec), catalog);
  const suggestions = catalog.nearest(spec, [...builtIn.keys()]);
  throw new UsageError(`--rules ${spec}: not a built-in rule set or a file; did you mean ${suggestions.join(', ')}? ('config-cost rules sets' lists them)`);
}

export function ruleSetFromFile(path: string, value: unknown, catalog: RuleCatalog): RuleSet {
  const parsed = ruleSetFileSchema.safeParse(value);
  if (!parsed.success) {
    throw new InputError(`${path}: ${describeFirstIssue(parsed.error)}`);
  }
  const file = parsed.data;
  const rules = file.rules.map((reference, index) => ruleFromReference(reference, file.deployment, catalog, `${path}: rules.${index}`));
  const seen = new Set<string>();
  for (const rule of rules) {
    if (seen.has(rule.name)) throw new InputError(`${path}: rule ${rule.name} is listed twice`);
    seen.add(rule.name);
  }
  return { name: file.name, description: file.description ?? `from ${path}`, rules };
}

function ruleFromReference(reference: RuleReference, deployment: Deployment, catalog: RuleCatalog, where: string): RuleInstance {
  const ref = typeof reference === 'string' ? { rule: reference } : reference;
  const managed = catalog.get(ref.rule);
  if (managed) {
    if (ref.maximumExecutionFrequency !== undefined) {
      if (managed.trigger === 'change') {
        throw new InputError(`${where}: ${managed.name} is change-triggered; maximumExecutionFrequency applies to periodic rules`);
      }
      if (!managed.allowedMaximumExecutionFrequency.includes(ref.maximumExecutionFrequency)) {
        throw new InputError(`${where}: ${managed.name} allows maximumExecutionFrequency ${managed.allowedMaximumExecutionFrequency.join(', ')}`);
      }
    }
    if (ref.trigger !== undefined || ref.resourceTypes !== undefined) {
      throw new InputError(`${where}: ${managed.name} is a managed rule; its trigger and resource types come from the catalog`);
    }
    return instanceOf(managed, deployment, managed.name, ref.maximumExecutionFrequency);
  }
  if (ref.trigger === undefined || (ref.resourceTypes === undefined && ref.accountLevel !== true)) {
    throw new InputError(
      `${where}: unknown rule '${ref.rule}'; did you mean ${catalog.nearest(ref.rule).join(', ')}? (a custom rule needs "trigger" and "resourceTypes")`,
    );
  }
  const periodic = ref.trigger !== 'change';
  if (!periodic && ref.maximumExecutionFrequency !== undefined) {
    throw new InputError(`${where}: ${ref.rule} is change-triggered; maximumExecutionFrequency applies to periodic rules`);
  }
  const frequency = periodic ? (ref.maximumExecutionFrequency ?? 'TwentyFour_Hours') : null;
  return {
    name: ref.rule,
    rule: ref.rule,
    managed: false,
    trigger: ref.trigger,
    resourceTypes: ref.resourceTypes ?? ['AWS::::Account'],
    accountLevel: ref.accountLevel ?? false,
    maximumExecutionFrequency: frequency,
    runsPerDay: frequency ? RUNS_PER_DAY[frequency] : 0,
    deployment,
    source: 'custom rule from a rule-set file',
  };
}
