import { readFileSync } from 'node:fs';
import { eventCatalogSchema, type EventCatalogData } from '../../catalog/schema.js';
import { DATA_FILES } from '../../data/load.js';
import { InputError } from '../../errors.js';

/**
 * The event catalog as data, for compiling to SQL (loadEventCatalog keeps its data private). Validated by the
 * same schema; load it beside loadEventCatalog, which checks what the schema cannot (assumptions, types).
 */
export function loadEventCatalogData(path: string = DATA_FILES.events): EventCatalogData {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new InputError(`${path}: ${(error as Error).message}`);
  }
  const result = eventCatalogSchema.safeParse(value);
  if (!result.success) throw new InputError(`${path}: ${result.error.issues[0]?.message ?? 'not a valid event catalog'}`);
  return result.data;
}
