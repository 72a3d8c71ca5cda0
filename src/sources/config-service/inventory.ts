import type { InventoryFile } from '../../rules/schema.js';
import type { AccountConfigSetup } from './read-setup.js';
import { isRecordedBy } from './recording.js';

/** Config counts every recorded revision; the model counts task-definition families (see README, inventory). */
export const TASK_DEFINITION = 'AWS::ECS::TaskDefinition';

export interface DiscoveredInventory {
  file: InventoryFile;
  /** Discovered types and resources not written (outside the types the model evaluates). */
  leftOut: { types: number; resources: number };
  /** Task-definition revisions Config counts, per region: not written, see TASK_DEFINITION. */
  taskDefinitionRevisions: { region: string; count: number }[];
  notes: string[];
}

const RESOURCE_TYPE = /^AWS::[A-Za-z0-9]*::[A-Za-z0-9]+$/;

/**
 * The inventory file from GetDiscoveredResourceCounts. `types`: the types to write (the model's container
 * types), or 'all'. A type the region's customer-managed recorder records but Config has not discovered is
 * written as 0 (none exist now); a type it does not record is left out, so `estimate` infers it from the replay.
 * Task definitions are left out: Config counts every revision, the model counts families with an active one.
 */
export function toInventory(setups: readonly AccountConfigSetup[], account: string, types: readonly string[] | 'all'): DiscoveredInventory {
  const resources: InventoryFile['resources'] = [];
  const leftOutTypes = new Set<string>();
  let leftOutResources = 0;
  const taskDefinitionRevisions: DiscoveredInventory['taskDefinitionRevisions'] = [];
  const wanted = (t: string) => RESOURCE_TYPE.test(t) && t !== TASK_DEFINITION && (types === 'all' || types.includes(t));
  for (const setup of setups) {
    const counted = new Map<string, number>();
    for (const { resourceType, count } of setup.resourceCounts) {
      if (resourceType === TASK_DEFINITION) {
        taskDefinitionRevisions.push({ region: setup.region, count });
        continue;
      }
      if (!wanted(resourceType)) {
        leftOutTypes.add(resourceType);
        leftOutResources += count;
        continue;
      }
      counted.set(resourceType, count);
    }
    const paid = setup.recorders.find((r) => r.recordingScope === 'PAID' && r.described);
    if (paid && types !== 'all') {
      for (const t of types) if (wanted(t) && !counted.has(t) && isRecordedBy(paid, t)) counted.set(t, 0);
    }
    for (const [resourceType, count] of [...counted].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
      resources.push({ account, region: setup.region, resourceType, count });
    }
  }
  const notes: string[] = [];
  const revisions = taskDefinitionRevisions.reduce((sum, r) => sum + r.count, 0);
  if (revisions > 0) {
    notes.push(
      `${TASK_DEFINITION}: Config counts ${revisions} revision(s); not written, since the model counts task-definition families with an active revision and infers them from the replay`,
    );
  }
  return { file: { resources }, leftOut: { types: leftOutTypes.size, resources: leftOutResources }, taskDefinitionRevisions, notes };
}
