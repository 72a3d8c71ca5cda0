import type { RuleCatalog } from '../../rules/rule-catalog.js';
import type { Deployment } from '../../rules/rule-set.js';
import { RUNS_PER_DAY, type Frequency, type ManagedRule, type RuleReference, type RuleSetFile, type Trigger } from '../../rules/schema.js';
import { mostFrequent, type AccountConfigSetup, type DiscoveredRule } from './read-setup.js';

export type RuleOrigin = 'account' | 'security-hub' | 'conformance-pack';

/** One rule of the account as it goes into a rule-set file (merged across the regions it exists in). */
export interface ConvertedRule {
  /** The rule's name in the first region it was found in. */
  accountName: string;
  /** Its name in the rule-set file and the estimate. */
  name: string;
  regions: string[];
  deployment: Deployment;
  origin: RuleOrigin;
  owner: string;
  /** The catalog rule it is, when its managed identifier is in catalog/rules.json. */
  catalogRule?: string | undefined;
  trigger: Trigger;
  maximumExecutionFrequency: Frequency | null;
  resourceTypes: string[];
  accountLevel: boolean;
  /** In the catalog, or its scope names a container type the model counts. */
  touchesContainers: boolean;
  entry: RuleReference;
}

export interface DiscoveredRuleSets {
  /** One file per deployment present; 'rules' first. Empty accounts get one empty 'rules' file. */
  files: { deployment: Deployment; file: RuleSetFile }[];
  rules: ConvertedRule[];
  skipped: { name: string; region: string; reason: string }[];
  notes: string[];
  counts: {
    /** Rules found, counting a rule once per region. */
    found: number;
    written: number;
    inCatalog: number;
    outsideCatalog: number;
    /** Outside the catalog but scoped on a container type (evaluated by the model). */
    outsideCatalogOnContainers: number;
    /** Outside the catalog, account-level (the model counts one evaluation per account and region a run). */
    outsideCatalogAccountLevel: number;
    securityHub: number;
    conformancePack: number;
    custom: number;
    skipped: number;
  };
}

const PACK_SUFFIX = /-conformance-pack-[a-z0-9]+$/;
const RESOURCE_TYPE = /^AWS::[A-Za-z0-9]*::[A-Za-z0-9]+$/;
const CHANGE_MESSAGES = new Set(['ConfigurationItemChangeNotification', 'OversizedConfigurationItemChangeNotification']);
const PERIODIC_MESSAGES = new Set(['ScheduledNotification', 'ConfigurationSnapshotDeliveryCompleted']);
const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

interface Interpreted {
  region: string;
  accountName: string;
  baseName: string;
  /** The managed identifier or the (pack-less) name: what pairs a rule across regions. */
  identity: string;
  key: string;
  deployment: Deployment;
  origin: RuleOrigin;
  owner: string;
  catalog?: ManagedRule | undefined;
  trigger: Trigger;
  frequency: Frequency | null;
  resourceTypes: string[];
  accountLevel: boolean;
  notes: string[];
}

function originOf(rule: DiscoveredRule): RuleOrigin {
  if (rule.createdBy === 'securityhub.amazonaws.com' || rule.name.startsWith('securityhub-')) return 'security-hub';
  if (rule.createdBy === 'config-conforms.amazonaws.com' || PACK_SUFFIX.test(rule.name)) return 'conformance-pack';
  return 'account';
}

const triggerOf = (change: boolean, periodic: boolean): Trigger => (change && periodic ? 'both' : change ? 'change' : 'periodic');

function interpret(
  rule: DiscoveredRule,
  region: string,
  catalog: RuleCatalog,
  allChangeTypes: readonly string[],
): Interpreted | { skip: string } {
  if (rule.state === 'DELETING') return { skip: 'being deleted' };
  if (rule.evaluationModes.length > 0 && !rule.evaluationModes.includes('DETECTIVE')) {
    return { skip: 'proactive only (billed as proactive evaluations, which the model does not count)' };
  }
  const origin = originOf(rule);
  const deployment: Deployment = origin === 'conformance-pack' ? 'conformance-pack' : 'rules';
  const baseName = origin === 'conformance-pack' ? rule.name.replace(PACK_SUFFIX, '') : rule.name;
  const notes: string[] = [];
  const managed = rule.owner === 'AWS' && rule.sourceIdentifier !== undefined ? catalog.get(rule.sourceIdentifier) : undefined;
  if (managed) {
    let frequency: Frequency | null = null;
    if (managed.trigger !== 'change') {
      const asked = rule.maximumExecutionFrequency;
      if (asked !== undefined && !managed.allowedMaximumExecutionFrequency.includes(asked)) {
        notes.push(`${rule.name} (${region}): MaximumExecutionFrequency ${asked} is not one the catalog allows for ${managed.name}; written with its default`);
      }
      frequency = asked !== undefined && managed.allowedMaximumExecutionFrequency.includes(asked) ? asked : (managed.defaultMaximumExecutionFrequency ?? 'TwentyFour_Hours');
    } else if (rule.maximumExecutionFrequency !== undefined) {
      notes.push(`${rule.name} (${region}): has MaximumExecutionFrequency ${rule.maximumExecutionFrequency}, but the catalog has ${managed.name} change-triggered; modelled change-triggered`);
    }
    return {
      region,
      accountName: rule.name,
      baseName,
      identity: managed.name,
      key: `${deployment}|${origin}|managed|${managed.name}`,
      deployment,
      origin,
      owner: rule.owner,
      catalog: managed,
      trigger: managed.trigger,
      frequency,
      resourceTypes: [...managed.resourceTypes],
      accountLevel: managed.accountLevel,
      notes,
    };
  }

  // Outside the catalog: the trigger and scope come from the rule itself.
  let change = rule.messageTypes.some((m) => CHANGE_MESSAGES.has(m));
  let periodic = rule.messageTypes.some((m) => PERIODIC_MESSAGES.has(m)) || rule.maximumExecutionFrequency !== undefined;
  if (rule.owner === 'AWS') change ||= rule.scopeResourceTypes.length > 0; // managed rules report no SourceDetails
  if (!change && !periodic) {
    if (rule.owner === 'CUSTOM_POLICY') change = true;
    else periodic = true;
    notes.push(`${rule.name} (${region}): no trigger reported; taken as ${change ? 'change-triggered' : 'periodic'}`);
  }
  const valid = rule.scopeResourceTypes.filter((t) => RESOURCE_TYPE.test(t));
  if (valid.length < rule.scopeResourceTypes.length) {
    notes.push(`${rule.name} (${region}): scope types outside AWS (${rule.scopeResourceTypes.filter((t) => !RESOURCE_TYPE.test(t)).join(', ')}) left out`);
  }
  let resourceTypes = valid;
  let accountLevel = false;
  if (resourceTypes.length === 0) {
    if (rule.scopeResourceTypes.length > 0 && !periodic) return { skip: 'its scope names no AWS resource type' };
    if (change) {
      resourceTypes = [...allChangeTypes];
      notes.push(`${rule.name} (${region}): no scope, so every recorded change triggers it; written with the container types the model counts`);
    } else {
      accountLevel = true;
      resourceTypes = ['AWS::::Account'];
    }
  }
  if (rule.scopeResourceId !== undefined) {
    notes.push(`${rule.name} (${region}): scoped to one resource (${rule.scopeResourceId}); the model evaluates every resource of its types`);
  }
  const trigger = triggerOf(change, periodic);
  const identity = rule.owner === 'AWS' ? (rule.sourceIdentifier ?? baseName) : baseName;
  return {
    region,
    accountName: rule.name,
    baseName,
    identity,
    key: `${deployment}|${origin}|${rule.owner === 'AWS' ? 'managed' : 'custom'}|${identity}`,
    deployment,
    origin,
    owner: rule.owner,
    trigger,
    frequency: trigger === 'change' ? null : (rule.maximumExecutionFrequency ?? 'TwentyFour_Hours'),
    resourceTypes,
    accountLevel,
    notes,
  };
}

const slug = (identifier: string) => identifier.toLowerCase().replace(/_/g, '-');

interface Merged {
  first: Interpreted;
  ordinal: number;
  regions: string[];
  trigger: Trigger;
  frequency: Frequency | null;
  resourceTypes: string[];
}

/**
 * Turns the rules of every region into rule-set files that `ruleSetFromFile` reads: managed rules of the
 * catalog by name (with their frequency), Security Hub's copies, further instances of a catalog rule and
 * everything outside the catalog as custom entries carrying trigger and scope. One file per deployment.
 * `allChangeTypes`: the types a scope-less change-triggered rule is written with (the model's container types).
 */
export function toRuleSetFiles(
  setups: readonly AccountConfigSetup[],
  catalog: RuleCatalog,
  options: { allChangeTypes: readonly string[]; containerTypes: readonly string[]; description: string },
): DiscoveredRuleSets {
  const skipped: DiscoveredRuleSets['skipped'] = [];
  const notes: string[] = [];
  const merged = new Map<string, Merged>();
  let found = 0;
  for (const setup of setups) {
    const ordinals = new Map<string, number>();
    for (const rule of [...setup.rules].sort((a, b) => byName(a.name, b.name))) {
      found++;
      const result = interpret(rule, setup.region, catalog, options.allChangeTypes);
      if ('skip' in result) {
        skipped.push({ name: rule.name, region: setup.region, reason: result.skip });
        continue;
      }
      notes.push(...result.notes);
      // The n-th rule of the same kind in a region pairs with the n-th in the others (names differ per region
      // for conformance packs and Security Hub).
      const ordinal = ordinals.get(result.key) ?? 0;
      ordinals.set(result.key, ordinal + 1);
      const key = `${result.key}|${ordinal}`;
      const existing = merged.get(key);
      if (!existing) {
        merged.set(key, {
          first: result,
          ordinal,
          regions: [setup.region],
          trigger: result.trigger,
          frequency: result.frequency,
          resourceTypes: [...result.resourceTypes],
        });
        continue;
      }
      existing.regions.push(setup.region);
      if (existing.trigger !== result.trigger) existing.trigger = 'both';
      const frequency = mostFrequent(existing.frequency ?? undefined, result.frequency ?? undefined) ?? null;
      if (existing.frequency !== null && result.frequency !== null && existing.frequency !== result.frequency) {
        notes.push(`${result.accountName}: runs ${existing.frequency} in ${existing.regions[0]} and ${result.frequency} in ${setup.region}; written with the more frequent ${frequency}`);
      }
      existing.frequency = existing.trigger === 'change' ? null : (frequency ?? 'TwentyFour_Hours');
      for (const t of result.resourceTypes) if (!existing.resourceTypes.includes(t)) existing.resourceTypes.push(t);
    }
  }

  const containerTypes = new Set(options.containerTypes);
  const regionCount = setups.length;
  const rules: ConvertedRule[] = [];
  const usedNames = new Map<Deployment, Set<string>>([
    ['rules', new Set()],
    ['conformance-pack', new Set()],
  ]);
  const ordered = [...merged.values()].sort((a, b) => byName(a.first.key, b.first.key) || a.ordinal - b.ordinal);
  for (const m of ordered) {
    const r = m.first;
    const used = usedNames.get(r.deployment)!;
    const asCatalogReference = r.catalog !== undefined && r.origin !== 'security-hub' && m.ordinal === 0;
    let name: string;
    if (asCatalogReference) name = r.catalog!.name;
    else if (r.origin === 'security-hub') {
      const base = r.catalog ? `securityhub-${r.catalog.name}` : r.owner === 'AWS' && r.identity !== r.baseName ? `securityhub-${slug(r.identity)}` : r.baseName;
      name = m.ordinal > 0 ? `${base}-${m.ordinal + 1}` : base;
    } else name = m.ordinal === 0 ? r.baseName : r.accountName;
    if (!asCatalogReference) {
      // A custom entry must not be read back as a catalog rule, and names are unique in a file.
      const base = name;
      for (let n = 2; used.has(name) || catalog.get(name) !== undefined; n++) name = `${base}-${n}`;
    }
    used.add(name);
    const frequency = m.trigger === 'change' ? null : m.frequency;
    let entry: RuleReference;
    if (asCatalogReference) {
      entry = frequency === null ? name : { rule: name, maximumExecutionFrequency: frequency };
    } else {
      const accountOnly = r.accountLevel && m.resourceTypes.length === 1 && m.resourceTypes[0] === 'AWS::::Account';
      entry = {
        rule: name,
        trigger: m.trigger,
        ...(accountOnly ? {} : { resourceTypes: [...m.resourceTypes].sort(byName) }),
        ...(r.accountLevel ? { accountLevel: true } : {}),
        ...(frequency !== null ? { maximumExecutionFrequency: frequency } : {}),
      };
    }
    rules.push({
      accountName: r.accountName,
      name,
      regions: m.regions,
      deployment: r.deployment,
      origin: r.origin,
      owner: r.owner,
      catalogRule: r.catalog?.name,
      trigger: m.trigger,
      maximumExecutionFrequency: frequency,
      resourceTypes: [...m.resourceTypes].sort(byName),
      accountLevel: r.accountLevel,
      touchesContainers: r.catalog !== undefined || m.resourceTypes.some((t) => containerTypes.has(t)),
      entry,
    });
  }
  rules.sort((a, b) => (a.deployment !== b.deployment ? (a.deployment === 'rules' ? -1 : 1) : byName(a.name, b.name)));

  const partial = rules.filter((r) => r.regions.length < regionCount);
  if (partial.length > 0) {
    const sample = partial.slice(0, 3).map((r) => `${r.name} only in ${r.regions.join(', ')}`);
    notes.push(`${partial.length} rule(s) exist in only some of the regions (${sample.join('; ')}${partial.length > 3 ? '; ...' : ''}); estimate applies a rule set to every region`);
  }

  const plain = rules.filter((r) => r.deployment === 'rules');
  const packed = rules.filter((r) => r.deployment === 'conformance-pack');
  const files: DiscoveredRuleSets['files'] = [];
  const fileOf = (deployment: Deployment, list: ConvertedRule[], name: string, what: string): RuleSetFile => ({
    name,
    description: `${options.description}: ${list.length} ${what}`,
    deployment,
    rules: list.map((r) => r.entry),
  });
  if (plain.length > 0 || packed.length === 0) files.push({ deployment: 'rules', file: fileOf('rules', plain, 'current', 'rules deployed as rules') });
  if (packed.length > 0) {
    files.push({
      deployment: 'conformance-pack',
      file: fileOf('conformance-pack', packed, plain.length > 0 ? 'current-conformance-packs' : 'current', 'rules deployed by conformance packs'),
    });
  }

  const outside = rules.filter((r) => r.catalogRule === undefined);
  return {
    files,
    rules,
    skipped,
    notes,
    counts: {
      found,
      written: rules.length,
      inCatalog: rules.length - outside.length,
      outsideCatalog: outside.length,
      outsideCatalogOnContainers: outside.filter((r) => r.touchesContainers).length,
      outsideCatalogAccountLevel: outside.filter((r) => r.accountLevel).length,
      securityHub: rules.filter((r) => r.origin === 'security-hub').length,
      conformancePack: packed.length,
      custom: rules.filter((r) => r.owner !== 'AWS').length,
      skipped: skipped.length,
    },
  };
}

/** Periodic runs a day of a written rule (0 for change-triggered): for summaries. */
export const runsPerDay = (rule: ConvertedRule) => (rule.maximumExecutionFrequency ? RUNS_PER_DAY[rule.maximumExecutionFrequency] : 0);
