import type { MatchedEvent } from '../catalog/event-catalog.js';
import type { Driver } from '../catalog/schema.js';
import { parseFamilyRevision, TaskDefinitionState } from './task-definition-state.js';

/** Configuration items one call recorded on one resource. */
export interface ConfigurationItemChange {
  timeMs: number;
  account: string;
  region: string;
  resourceType: string;
  resourceId: string;
  count: number;
  eventName: string;
  driver: Driver;
}

/**
 * Replays calls in eventTime order (the caller sorts) and returns the CIs recorded from `fromMs` on.
 * Only task-definition deregistrations depend on what came before, so calls before the window are
 * replayed for their state and not counted.
 */
export function replayConfigurationItems(events: readonly MatchedEvent[], fromMs = Number.NEGATIVE_INFINITY): ConfigurationItemChange[] {
  const taskDefinitions = new TaskDefinitionState();
  const changes: ConfigurationItemChange[] = [];
  for (const event of events) {
    if (event.resourceType === null) continue;
    let count = event.configurationItems;
    const scope = `${event.account}|${event.region}`;
    if (event.behaviour === 'registerTaskDefinition') {
      const parsed = parseFamilyRevision(event.resourceId);
      if (parsed) taskDefinitions.register(scope, parsed.family, parsed.revision);
      else taskDefinitions.registerUnnumbered(scope, event.resourceId);
    } else if (event.behaviour === 'deregisterTaskDefinition') {
      const parsed = parseFamilyRevision(event.resourceId);
      // Without a revision the call could not have succeeded; charge it as the latest, the dearer reading.
      const latest = parsed ? taskDefinitions.deregister(scope, parsed.family, parsed.revision) : true;
      if (!latest) count = 0;
    }
    if (count === 0 || event.timeMs < fromMs) continue;
    // Plain literals of one shape (not spreads): tens of thousands of these are held at once.
    changes.push(changeOf(event, count, event.resourceType, event.resourceId));
    for (const related of event.related) changes.push(changeOf(event, 1, related.resourceType, related.resourceId));
  }
  return changes;
}

function changeOf(event: MatchedEvent, count: number, resourceType: string, resourceId: string): ConfigurationItemChange {
  return { timeMs: event.timeMs, account: event.account, region: event.region, resourceType, resourceId, count, eventName: event.eventName, driver: event.driver };
}
