import type { AssumptionDefinition } from '../catalog/schema.js';
import { UsageError } from '../errors.js';

export type AssumptionValue = boolean | number | string;

/** An assumption as used in one run: its definition, the value in force, and whether the user set it. */
export interface AssumptionInForce {
  id: string;
  value: AssumptionValue;
  default: AssumptionValue;
  overridden: boolean;
  description: string;
  reasoning: string;
  source: string;
}

export class Assumptions {
  private readonly byId: Map<string, AssumptionInForce>;

  constructor(
    /** As loaded (validated): the worker threads rebuild the same assumptions from them. */
    readonly definitions: readonly AssumptionDefinition[],
    overrides: Readonly<Record<string, string>> = {},
  ) {
    this.byId = new Map();
    for (const d of definitions) {
      this.byId.set(d.id, {
        id: d.id,
        value: d.default,
        default: d.default,
        overridden: false,
        description: d.description,
        reasoning: d.reasoning,
        source: d.source,
      });
    }
    for (const [id, text] of Object.entries(overrides)) {
      const definition = definitions.find((d) => d.id === id);
      if (!definition) {
        throw new UsageError(`unknown assumption '${id}'; known: ${definitions.map((d) => d.id).join(', ')}`);
      }
      const entry = this.byId.get(id)!;
      entry.value = parseValue(definition, text);
      entry.overridden = entry.value !== definition.default;
    }
  }

  boolean(id: string): boolean {
    const value = this.get(id).value;
    if (typeof value !== 'boolean') throw new Error(`assumption ${id} is not boolean`);
    return value;
  }

  number(id: string): number {
    const value = this.get(id).value;
    if (typeof value !== 'number') throw new Error(`assumption ${id} is not a number`);
    return value;
  }

  string(id: string): string {
    return String(this.get(id).value);
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  get(id: string): AssumptionInForce {
    const entry = this.byId.get(id);
    if (!entry) throw new Error(`no assumption ${id} is defined`);
    return entry;
  }

  list(): AssumptionInForce[] {
    return [...this.byId.values()].map((a) => ({ ...a }));
  }
}

function parseValue(definition: AssumptionDefinition, text: string): AssumptionValue {
  const bad = (expected: string) => new UsageError(`assumption '${definition.id}' takes ${expected}, not '${text}'`);
  switch (definition.type) {
    case 'boolean':
      if (text === 'true') return true;
      if (text === 'false') return false;
      throw bad('true or false');
    case 'number': {
      const n = Number(text);
      const minimum = definition.minimum;
      const ok = text.trim() !== '' && Number.isFinite(n) && (minimum === undefined ? n > 0 : n >= minimum);
      if (!ok) throw bad(minimum === undefined ? 'a positive number' : `a number of at least ${minimum}`);
      return n;
    }
    case 'enum':
      if (definition.values?.includes(text)) return text;
      throw bad(`one of ${definition.values?.join(', ')}`);
  }
}

/** Parses repeated `--assume id=value` flags. */
export function parseAssumeFlags(flags: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const flag of flags) {
    const eq = flag.indexOf('=');
    if (eq <= 0) throw new UsageError(`--assume takes ID=VALUE, not '${flag}'`);
    out[flag.slice(0, eq).trim()] = flag.slice(eq + 1).trim();
  }
  return out;
}
