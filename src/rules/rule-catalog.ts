import { distance } from 'fastest-levenshtein';
import type { ManagedRule, RuleCatalogData, Trigger } from './schema.js';

export interface RuleFilter {
  service?: string | undefined;
  trigger?: Trigger | undefined;
  pack?: string | undefined;
}

/** The managed-rule catalog (catalog/rules.json): lookup, filters and near-miss suggestions. */
export class RuleCatalog {
  private readonly byName: Map<string, ManagedRule>;

  constructor(readonly data: RuleCatalogData) {
    this.byName = new Map(data.rules.map((r) => [r.name, r]));
    if (this.byName.size !== data.rules.length) throw new Error('a rule is listed twice in the rule catalog');
    for (const [setName, set] of Object.entries(data.ruleSets)) {
      for (const name of set.rules) if (!this.byName.has(name)) throw new Error(`rule set ${setName} names unknown rule ${name}`);
    }
  }

  get rules(): readonly ManagedRule[] {
    return this.data.rules;
  }

  get(name: string): ManagedRule | undefined {
    return this.byName.get(name) ?? this.data.rules.find((r) => r.identifier === name);
  }

  /** Conformance packs that hold at least one rule of the catalog, sorted. */
  packs(): string[] {
    return [...new Set(this.data.rules.flatMap((r) => r.conformancePacks))].sort();
  }

  filter(filter: RuleFilter): ManagedRule[] {
    return this.data.rules.filter(
      (r) =>
        (filter.service === undefined || r.service.toLowerCase() === filter.service.toLowerCase()) &&
        (filter.trigger === undefined || r.trigger === filter.trigger || r.trigger === 'both') &&
        (filter.pack === undefined || r.conformancePacks.some((p) => p.toLowerCase() === filter.pack!.toLowerCase())),
    );
  }

  /** Up to three catalog names nearest to a misspelt one. */
  nearest(name: string, candidates: readonly string[] = this.data.rules.map((r) => r.name)): string[] {
    return [...candidates]
      .map((candidate) => ({ candidate, d: distance(name.toLowerCase(), candidate.toLowerCase()) }))
      .sort((a, b) => a.d - b.d || (a.candidate < b.candidate ? -1 : 1))
      .slice(0, 3)
      .map((c) => c.candidate);
  }
}
