import type { MatchedEvent } from '../catalog/event-catalog.js';
import { parseFamilyRevision, TaskDefinitionState } from './task-definition-state.js';

export type InventorySource = 'inventory-file' | 'replay' | 'plan';

/** How many resources of a type exist in an account and region, and where that figure came from. */
export interface InventoryEntry {
  account: string;
  region: string;
  resourceType: string;
  count: number;
  source: InventorySource;
}

const TASK_DEFINITION = 'AWS::ECS::TaskDefinition';
const key = (account: string, region: string, type: string) => `${account}|${region}|${type}`;

/**
 * The resources a periodic rule would find at the end of the window, inferred from the replay: each
 * resource seen in the input and not deleted since. Task-definition rules evaluate only the latest active
 * revision, so task definitions count as families with an active revision.
 */
export function inferInventory(events: readonly MatchedEvent[]): InventoryEntry[] {
  const live = new Set<string>();
  const taskDefinitions = new TaskDefinitionState();
  const families = new Map<string, Set<string>>();
  for (const event of events) {
    if (event.resourceType === null || event.resourceId === '?') continue;
    const scope = `${event.account}|${event.region}`;
    if (event.resourceType === TASK_DEFINITION) {
      const parsed = parseFamilyRevision(event.resourceId);
      const family = parsed?.family ?? event.resourceId;
      if (!families.has(scope)) families.set(scope, new Set());
      families.get(scope)!.add(family);
      if (event.behaviour === 'registerTaskDefinition') {
        if (parsed) taskDefinitions.register(scope, parsed.family, parsed.revision);
        else taskDefinitions.registerUnnumbered(scope, family);
      } else if (event.behaviour === 'deregisterTaskDefinition' && parsed) {
        taskDefinitions.deregister(scope, parsed.family, parsed.revision);
      }
      continue;
    }
    const id = `${key(event.account, event.region, event.resourceType)}|${event.resourceId}`;
    if (event.lifecycle === 'delete') live.delete(id);
    else live.add(id);
  }
  const counts = new Map<string, InventoryEntry>();
  const bump = (account: string, region: string, resourceType: string) => {
    const k = key(account, region, resourceType);
    const entry = counts.get(k) ?? { account, region, resourceType, count: 0, source: 'replay' as const };
    entry.count += 1;
    counts.set(k, entry);
  };
  for (const id of live) {
    const [account, region, resourceType] = id.split('|') as [string, string, string];
    bump(account, region, resourceType);
  }
  for (const [scope, names] of families) {
    const [account, region] = scope.split('|') as [string, string];
    for (const family of names) if (taskDefinitions.hasActive(scope, family)) bump(account, region, TASK_DEFINITION);
  }
  return sortInventory([...counts.values()]);
}

/** A user's inventory file is authoritative for each account, region and type it lists. */
export function mergeInventory(inferred: readonly InventoryEntry[], fromFile: readonly Omit<InventoryEntry, 'source'>[]): InventoryEntry[] {
  const merged = new Map(inferred.map((e) => [key(e.account, e.region, e.resourceType), e]));
  for (const e of fromFile) merged.set(key(e.account, e.region, e.resourceType), { ...e, source: 'inventory-file' });
  return sortInventory([...merged.values()]);
}

function sortInventory(entries: InventoryEntry[]): InventoryEntry[] {
  return entries.sort((a, b) => {
    const ka = key(a.account, a.region, a.resourceType);
    const kb = key(b.account, b.region, b.resourceType);
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  });
}
