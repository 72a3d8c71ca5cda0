// catalog/rules.json must say what the research in ../shared/reference/container-rules.json says.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadRuleCatalog } from '../src/data/load.js';
import { SHARED } from './helpers/run.js';

const reference = JSON.parse(readFileSync(`${SHARED}reference/container-rules.json`, 'utf8')) as {
  name: string;
  identifier: string;
  triggerType: string;
  resourceTypes: string[];
  defaultMaximumExecutionFrequency: string | null;
  conformancePacks_awslabs: string[];
  sources: string[];
  accountLevel?: boolean;
}[];
const TRIGGER: Record<string, string> = { CONFIGURATION_CHANGE: 'change', PERIODIC: 'periodic' };

describe('the rule catalog', () => {
  const catalog = loadRuleCatalog();

  it('holds every rule of the reference list, and no other', () => {
    expect(catalog.rules.map((r) => r.name).sort()).toEqual(reference.map((r) => r.name).sort());
  });

  it.each(reference.map((r) => [r.name, r] as const))('%s: trigger, scope, frequency, packs and sources as researched', (name, ref) => {
    const rule = catalog.get(name)!;
    expect(rule.identifier).toBe(ref.identifier);
    expect(rule.trigger).toBe(TRIGGER[ref.triggerType]);
    expect(rule.resourceTypes).toEqual(ref.resourceTypes);
    expect(rule.defaultMaximumExecutionFrequency).toBe(ref.defaultMaximumExecutionFrequency);
    expect(rule.conformancePacks).toEqual(ref.conformancePacks_awslabs);
    expect(rule.sources).toEqual(ref.sources);
    expect(rule.accountLevel).toBe(ref.accountLevel === true);
  });
});
