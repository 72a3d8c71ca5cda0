import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { EventCatalog, CatalogError } from '../catalog/event-catalog.js';
import { assumptionsFileSchema, eventCatalogSchema, type AssumptionDefinition } from '../catalog/schema.js';
import type { Assumptions } from '../core/assumptions.js';
import { PriceBook } from '../core/pricing.js';
import { RuleCatalog } from '../rules/rule-catalog.js';
import { inventoryFileSchema, ruleCatalogSchema, type InventoryFile } from '../rules/schema.js';
import { InputError } from '../errors.js';
import { describeFirstIssue } from './validation.js';
import { yaml } from './yaml.js';

/** The package root: data files ship beside src/ and dist/. */
const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export const DATA_FILES = {
  events: `${PACKAGE_ROOT}catalog/events.json`,
  assumptions: `${PACKAGE_ROOT}catalog/assumptions.json`,
  pricing: `${PACKAGE_ROOT}pricing/aws-config.json`,
  rules: `${PACKAGE_ROOT}catalog/rules.json`,
} as const;

const tierSchema = z.object({ upTo: z.number().positive().nullable(), usd: z.number().nonnegative() }).strict();
const priceListSchema = z
  .object({
    description: z.string(),
    currency: z.literal('USD'),
    checked: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    priceSets: z
      .array(
        z
          .object({
            name: z.string().min(1),
            description: z.string(),
            source: z.string().min(1),
            regions: z.array(z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d+$/)).min(1),
            usageTypes: z
              .array(
                z
                  .object({
                    usageType: z.string().min(1),
                    description: z.string().min(1),
                    unit: z.string().min(1),
                    tiers: z
                      .array(tierSchema)
                      .min(1)
                      .refine((tiers) => tiers.at(-1)!.upTo === null, 'the last tier must have no upper bound (upTo: null)')
                      .refine(
                        (tiers) => tiers.every((t, i) => i === 0 || (t.upTo ?? Infinity) > (tiers[i - 1]!.upTo ?? Infinity)),
                        'tiers must rise',
                      ),
                    since: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
                    status: z.enum(['verified', 'third-party', 'assumed']),
                    source: z.string().min(1),
                  })
                  .strict(),
              )
              .min(1),
          })
          .strict(),
      )
      .min(1),
  })
  .strict();

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new InputError(`${path}: ${(error as Error).message}`);
  }
}

function validate<T>(schema: z.ZodType<T>, value: unknown, path: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new InputError(`${path}: ${describeFirstIssue(result.error)}`);
}

export function loadAssumptionDefinitions(path: string = DATA_FILES.assumptions): AssumptionDefinition[] {
  return validate(assumptionsFileSchema, readJson(path), path).assumptions;
}

export function loadEventCatalog(assumptions: Assumptions, path: string = DATA_FILES.events): EventCatalog {
  const data = validate(eventCatalogSchema, readJson(path), path);
  try {
    return new EventCatalog(data, assumptions);
  } catch (error) {
    if (error instanceof CatalogError) throw new InputError(`${path}: ${error.message}`);
    throw error;
  }
}

export function loadPriceBook(path: string = DATA_FILES.pricing): PriceBook {
  return new PriceBook(validate(priceListSchema, readJson(path), path).priceSets);
}

export function loadRuleCatalog(path: string = DATA_FILES.rules): RuleCatalog {
  const data = validate(ruleCatalogSchema, readJson(path), path);
  try {
    return new RuleCatalog(data);
  } catch (error) {
    throw new InputError(`${path}: ${(error as Error).message}`);
  }
}

/** A user's JSON or YAML file (by extension; YAML also reads JSON), or an InputError naming it. */
export function readUserDataFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(`${path}: ${code === 'ENOENT' ? 'no such file' : (code ?? (error as Error).message)}`);
  }
  try {
    return /\.ya?ml$/i.test(path) ? yaml().parse(text) : JSON.parse(text);
  } catch (error) {
    throw new InputError(`${path}: not valid ${/\.ya?ml$/i.test(path) ? 'YAML' : 'JSON'} (${(error as Error).message.split('\n')[0]})`);
  }
}

export function loadInventoryFile(path: string): InventoryFile['resources'] {
  return validate(inventoryFileSchema, readUserDataFile(path), path).resources;
}
