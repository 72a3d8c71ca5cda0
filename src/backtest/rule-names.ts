/**
 * Matches the rule names AWS records (PutEvaluations configRuleName) to the rules of a rule set. AWS names a
 * managed rule as its deployer chose: the catalog name (`ecs-containers-nonprivileged`), Security Hub's copy
 * (`securityhub-<rule>-<suffix>`), a conformance pack's (`<rule>-conformance-pack-<id>`), an organization rule
 * (`OrgConfigRule-<rule>-<suffix>`), the identifier (`ECS_CONTAINERS_NONPRIVILEGED`), or the catalog name with a
 * suffix of its own. Security Hub's copies are separate rules, billed separately: they match only a Security
 * Hub instance of the set (security-hub-fsbp), never the plain rule.
 */
import type { RuleInstance } from '../rules/rule-set.js';

export interface RuleNameMatch {
  /** The set's rule name, or undefined with the reason. */
  instance: string | undefined;
  reason: string;
}

const SECURITY_HUB = /^securityhub-(.+)-[a-z0-9]{1,12}$/i;
const CONFORMANCE_PACK = /^(.+)-conformance-pack-[a-z0-9]+$/i;
const ORGANIZATION = /^OrgConfigRule-(.+)-[a-z0-9]+$/i;
const SECURITY_HUB_PREFIX = 'securityhub-';

const normalize = (name: string) => name.toLowerCase().replace(/_/g, '-');

export function matchRuleName(awsName: string, rules: readonly RuleInstance[], setName = 'SET'): RuleNameMatch {
  const byName = new Map(rules.map((r) => [normalize(r.name), r]));
  const plain = rules.filter((r) => !r.name.startsWith(SECURITY_HUB_PREFIX));
  const name = normalize(awsName);

  const exact = byName.get(name);
  if (exact) return { instance: exact.name, reason: 'same name' };

  const hub = SECURITY_HUB.exec(name);
  if (hub || name.startsWith(SECURITY_HUB_PREFIX)) {
    const base = hub ? hub[1]! : name.slice(SECURITY_HUB_PREFIX.length);
    const copy = byName.get(`${SECURITY_HUB_PREFIX}${base}`) ?? longestPrefix(name, rules.filter((r) => r.name.startsWith(SECURITY_HUB_PREFIX)));
    if (copy) return { instance: copy.name, reason: "Security Hub's copy" };
    return {
      instance: undefined,
      reason: `Security Hub's own copy of ${base}, a separate rule evaluated and billed beside any other: add security-hub-fsbp to the set (--rules ${setName === 'none' ? '' : `${setName}+`}security-hub-fsbp)`,
    };
  }

  const pack = CONFORMANCE_PACK.exec(name);
  if (pack) {
    const candidates = plain.filter((r) => normalize(r.rule) === pack[1]);
    const chosen = candidates.find((r) => r.deployment === 'conformance-pack') ?? candidates[0];
    if (chosen) return { instance: chosen.name, reason: chosen.deployment === 'conformance-pack' ? 'conformance pack copy' : 'conformance pack copy (the set deploys it as a rule: billed as ConformancePackEvaluations in AWS)' };
  }

  const org = ORGANIZATION.exec(awsName);
  if (org) {
    const inner = matchRuleName(org[1]!, rules, setName);
    if (inner.instance) return { instance: inner.instance, reason: `organization rule (${inner.reason})` };
  }

  const suffixed = longestPrefix(name, plain);
  if (suffixed) return { instance: suffixed.name, reason: 'catalog name with a suffix' };
  return { instance: undefined, reason: 'no rule of the set has this name' };
}

/** The rule whose name, followed by '-', starts `name` (the longest such). */
function longestPrefix(name: string, rules: readonly RuleInstance[]): RuleInstance | undefined {
  let best: RuleInstance | undefined;
  for (const r of rules) {
    const n = normalize(r.name);
    if (name.startsWith(`${n}-`) && (!best || n.length > best.name.length)) best = r;
  }
  return best;
}
