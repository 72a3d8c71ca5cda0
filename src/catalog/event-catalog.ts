import type { Assumptions } from '../core/assumptions.js';
import { readPath, type TrailRecord } from '../core/record.js';
import type { CiCount, Driver, EventCatalogData, EventEntry, IdPart } from './schema.js';

export type Behaviour = NonNullable<EventEntry['behaviour']>;

/** A counted record after the catalog has said what it does to which resource. */
export interface MatchedEvent {
  eventID: string | undefined;
  timeMs: number;
  account: string;
  region: string;
  eventSource: string;
  eventName: string;
  /** null: the call touches a resource AWS Config does not record (an ECS task, say). */
  resourceType: string | null;
  resourceId: string;
  /** CIs the call records before any replay state (task-definition revisions) is applied. */
  configurationItems: number;
  behaviour: Behaviour | undefined;
  /** 'delete': the call removes the resource. */
  lifecycle: 'delete' | undefined;
  /** What drives the call (deploys, auto scaling, task churn, other), for `plan`. */
  driver: Driver;
  /** Other resources the call records a CI on (a related-CI assumption is on). */
  related: { resourceType: string; resourceId: string }[];
}

/** Thrown when the catalog file contradicts itself; the loader turns it into an input error. */
export class CatalogError extends Error {}

const key = (eventSource: string, eventName: string) => `${eventSource} ${eventName}`;

/**
 * The event catalog: which CloudTrail calls record configuration items on which container resources.
 * Matching is a map lookup; the knowledge lives in catalog/events.json.
 */
export class EventCatalog {
  private readonly entries = new Map<string, EventEntry>();
  readonly resourceTypes: readonly string[];
  /** Types whose every call makes a new resource (task-definition revisions, task ENIs). */
  readonly newResourcePerCallTypes: ReadonlySet<string>;
  readonly eventSources: readonly string[];

  constructor(
    /** As loaded (validated): the worker threads rebuild the same catalog from it. */
    readonly data: EventCatalogData,
    private readonly assumptions: Assumptions,
  ) {
    this.resourceTypes = data.resourceTypes.map((t) => t.type);
    this.newResourcePerCallTypes = new Set(data.resourceTypes.filter((t) => t.newResourcePerCall).map((t) => t.type));
    const declared = new Set(this.resourceTypes);
    const checkCount = (count: CiCount, where: string) => {
      if (typeof count === 'number') return;
      if (!assumptions.has(count.assumption)) throw new CatalogError(`${where}: unknown assumption '${count.assumption}'`);
      if (typeof assumptions.get(count.assumption).default !== 'boolean') {
        throw new CatalogError(`${where}: assumption '${count.assumption}' is not boolean`);
      }
    };
    for (const entry of data.events) {
      const where = `${entry.eventSource} ${entry.eventName}`;
      const k = key(entry.eventSource, entry.eventName);
      if (this.entries.has(k)) throw new CatalogError(`${where}: listed twice`);
      if (typeof entry.resourceType === 'string' && !declared.has(entry.resourceType)) {
        throw new CatalogError(`${where}: resource type ${entry.resourceType} is not declared in resourceTypes`);
      }
      checkCount(entry.configurationItems, where);
      if (entry.related) checkCount({ assumption: entry.related.assumption, ifTrue: 1, ifFalse: 0 }, where);
      for (const exception of entry.exceptions ?? []) checkCount(exception.configurationItems, where);
      this.entries.set(k, entry);
    }
    for (const arn of data.arnResourceTypes.entries) {
      if (arn.resourceType !== null && !declared.has(arn.resourceType)) {
        throw new CatalogError(`ARN prefix ${arn.service}:${arn.prefix}: resource type ${arn.resourceType} is not declared`);
      }
    }
    this.eventSources = [...new Set(data.events.map((e) => e.eventSource))].sort();
  }

  has(eventSource: string, eventName: string): boolean {
    return this.entries.has(key(eventSource, eventName));
  }

  /** True when the catalog lists the call and its conditions hold (an ENI call counts only when made by ECS). */
  applies(record: TrailRecord): boolean {
    const entry = this.entries.get(key(record.eventSource, record.eventName));
    if (!entry) return false;
    if (!entry.onlyWhen) return true;
    return entry.onlyWhen.some((condition) => {
      const value = readPath(record.raw, condition.path);
      return typeof value === 'string' && condition.in.includes(value);
    });
  }

  /** Resolves a record the catalog lists; call only when `has` is true. */
  match(record: TrailRecord): MatchedEvent {
    const entry = this.entries.get(key(record.eventSource, record.eventName));
    if (!entry) throw new Error(`not in the catalog: ${record.eventSource} ${record.eventName}`);
    const { resourceType, resourceId } = this.resolveResource(entry, record);
    const { count, driver } = resourceType === null ? { count: 0, driver: entry.driver ?? 'other' } : this.countFor(entry, record);
    return {
      eventID: record.eventID,
      timeMs: record.timeMs,
      account: record.account,
      region: record.region,
      eventSource: record.eventSource,
      eventName: record.eventName,
      resourceType,
      resourceId,
      configurationItems: count,
      behaviour: entry.behaviour,
      lifecycle: entry.lifecycle,
      driver,
      related: this.relatedResources(entry, record),
    };
  }

  private relatedResources(entry: EventEntry, record: TrailRecord): MatchedEvent['related'] {
    if (!entry.related || !this.assumptions.boolean(entry.related.assumption)) return [];
    return entry.related.resources.map((r) => ({ resourceType: r.resourceType, resourceId: resolveId([{ paths: r.paths, normalize: 'raw' }], record) }));
  }

  private countFor(entry: EventEntry, record: TrailRecord): { count: number; driver: Driver } {
    const request = record.raw.requestParameters;
    const keys =
      typeof request === 'object' && request !== null
        ? Object.entries(request)
            .filter(([, v]) => v !== null && v !== undefined)
            .map(([k]) => k)
        : [];
    for (const exception of entry.exceptions ?? []) {
      const allowed = exception.when.requestKeysSubsetOf;
      if (keys.every((k) => allowed.includes(k))) {
        return { count: this.resolveCount(exception.configurationItems), driver: exception.driver ?? entry.driver ?? 'other' };
      }
    }
    return { count: this.resolveCount(entry.configurationItems), driver: entry.driver ?? 'other' };
  }

  private resolveCount(count: CiCount): number {
    if (typeof count === 'number') return count;
    return this.assumptions.boolean(count.assumption) ? count.ifTrue : count.ifFalse;
  }

  private resolveResource(entry: EventEntry, record: TrailRecord): { resourceType: string | null; resourceId: string } {
    if (typeof entry.resourceType === 'string') {
      return { resourceType: entry.resourceType, resourceId: resolveId(entry.resourceId ?? [], record) };
    }
    const arn = readPath(record.raw, entry.resourceType.fromArn);
    return typeof arn === 'string' ? this.resourceFromArn(arn) : { resourceType: null, resourceId: '?' };
  }

  /** arn:partition:service:region:account:resource, where resource is "type/name..." */
  private resourceFromArn(arn: string): { resourceType: string | null; resourceId: string } {
    const parts = arn.split(':');
    if (parts.length < 6 || parts[0] !== 'arn') return { resourceType: null, resourceId: arn };
    const service = parts[2];
    const resource = parts.slice(5).join(':');
    for (const candidate of this.data.arnResourceTypes.entries) {
      if (candidate.service === service && resource.startsWith(candidate.prefix)) {
        const id = resource.slice(candidate.prefix.length);
        const segments = candidate.idSegments;
        return { resourceType: candidate.resourceType, resourceId: segments ? id.split('/').slice(0, segments).join('/') : id };
      }
    }
    return { resourceType: null, resourceId: resource };
  }
}

function resolveId(parts: readonly IdPart[], record: TrailRecord): string {
  return parts
    .map((part) => {
      for (const path of part.paths) {
        const value = readPath(record.raw, path);
        if (value === undefined || value === null || value === '') continue;
        const text = Array.isArray(value) ? value.join(',') : String(value);
        return part.normalize === 'lastPathSegment' ? lastPathSegment(text) : text;
      }
      return part.default ?? '?';
    })
    .join('/');
}

export function lastPathSegment(text: string): string {
  const slash = text.lastIndexOf('/');
  return slash === -1 ? text : text.slice(slash + 1);
}
