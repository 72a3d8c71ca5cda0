/**
 * CloudTrail's LookupEvents API as an input: the last 90 days of management events, fetched per region and
 * event source, cached per UTC hour on disk, and handed to the file reader as `lookup-events` files.
 *
 * The API takes one lookup attribute per call, so each of the event catalog's sources is queried on its
 * own; read-only records come back too and are kept (the reader classifies them, as it does for S3 files).
 * Calls go through a token bucket per region at the API's limit (2 a second per account and region).
 */
import { LookupEventsCommand, type CloudTrailClient, type Event as LookupEvent, type LookupEventsCommandInput, type LookupEventsCommandOutput } from '@aws-sdk/client-cloudtrail';
import { Assumptions } from '../../core/assumptions.js';
import { DAY_MS, isoSeconds, parseEventTime } from '../../core/event-time.js';
import { loadAssumptionDefinitions, loadEventCatalog } from '../../data/load.js';
import { InputError, UsageError } from '../../errors.js';
import { EMPTY_HOUR, HOUR_MS, LookupCache, writeAtomic } from './cache.js';
import { attemptsOf, isThrottling, lookupFailure } from './errors.js';
import { TokenBucket } from './token-bucket.js';

export { createCloudTrailClient, suppressSdkNodeVersionWarning, SDK_NODE_WARNING_ENV } from './client.js';

/** How far back LookupEvents reaches. */
export const LOOKUP_HISTORY_DAYS = 90;
/** An hour is complete, and cached, once its end is more than this before now: CloudTrail delivers late. */
export const LATE_DELIVERY_MS = 15 * 60_000;
/** The API's page size limit. */
export const LOOKUP_PAGE_SIZE = 50;
/** The API's limit per account and region. */
export const LOOKUP_REQUESTS_PER_SECOND = 2;
/**
 * Extra spacing per request at the API's rate: a loaded machine can delay one send and not the next, and two
 * calls that arrive closer than 500 ms count as three in a second. 40 ms keeps 1.85 requests a second.
 */
const PACING_SLACK_MS = 40;
/** Hours one query spans at most: a failure loses at most this much paging, and quiet sources cost a call a week. */
export const DEFAULT_MAX_QUERY_HOURS = 168;
/** A busy source (ec2.amazonaws.com's read-only calls) can take many pages: say how far it got now and then. */
const PROGRESS_EVERY_PAGES = 100;

export interface LookupSourceOptions {
  /** At least one. */
  regions: string[];
  /** Half-open [fromMs, toMs); whole UTC hours around it are fetched, the reader drops what lies outside. */
  window: { fromMs: number; toMs: number };
  /** Pages are cached under <cacheDir>/lookup/<cacheKey>/<region>/... */
  cacheDir: string;
  /** Fetch every hour again (complete hours are still written back to the cache). */
  noCache?: boolean;
  /** The clock: the 90-day check and which hours are complete. */
  nowMs: number;
  /** Injected: tests pass fakes, the CLI passes createCloudTrailClient(region, profile). */
  clientFor: (region: string) => CloudTrailClient;
  /** Progress lines for stderr (no newline); omit in tests. */
  progress?: (line: string) => void;
  /** The named profile the clients use: named in error messages, and the default cache key. */
  profile?: string | undefined;
  /** The cache directory's key: an account id or profile name. Default: profile, else AWS_PROFILE, else 'default'. */
  cacheKey?: string | undefined;
  /** Event sources to query. Default: the distinct eventSources of catalog/events.json. */
  eventSources?: readonly string[] | undefined;
  /** Knobs for tests and measurements. */
  tuning?: LookupTuning | undefined;
}

export interface LookupTuning {
  /** Default 2 (the API's limit). */
  requestsPerSecond?: number;
  /** Default 168 (a week). */
  maxQueryHours?: number;
  /** Retries of a call the SDK gave up on because of throttling (default 5), waiting throttleDelayMs x 2^n. */
  throttleRetries?: number;
  /** Default 1000. */
  throttleDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

export interface LookupSourceResult {
  /** Local files in lookup-events format ({"Events":[...]}) that the file reader reads; never empty. */
  files: string[];
  /** LookupEvents calls made this run, counting the SDK's retries (HTTP attempts). */
  requests: number;
  /** Hour slices (one region, one event source, one UTC hour) served from the cache. */
  fromCache: number;
  /** Hour slices fetched from the API this run. */
  fetched: number;
  /** Events fetched from the API this run. */
  events: number;
  /** Throttled calls the SDK gave up on and this module retried (the SDK's own retries are in `requests`). */
  throttled: number;
  /** The account the records belong to, when known (from the records, or from the cache). */
  account?: string;
}

/** One event as stored: what the reader and a person need, without the caller's access key id. */
interface StoredEvent {
  EventId?: string | undefined;
  EventName?: string | undefined;
  EventSource?: string | undefined;
  EventTime?: string | undefined;
  CloudTrailEvent?: string | undefined;
}

interface Query {
  fromMs: number;
  toMs: number;
}

interface HourSlice {
  path: string;
  /** 'cached': a complete hour from an earlier run; undefined: still to fetch. */
  state: 'cached' | 'fetched' | undefined;
  hasEvents: boolean;
}

interface SourcePlan {
  source: string;
  /** Every hour of the window: where its file is, and whether it holds events. */
  hours: Map<number, HourSlice>;
  queries: Query[];
}

interface RegionPlan {
  region: string;
  sources: SourcePlan[];
}

const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;

class Aborted extends Error {}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isoHour = (ms: number) => `${new Date(ms).toISOString().slice(0, 13)}Z`;

/** The catalog's event sources, the ones the replay can count. */
export function catalogEventSources(): readonly string[] {
  return loadEventCatalog(new Assumptions(loadAssumptionDefinitions())).eventSources;
}

function validate(options: LookupSourceOptions): void {
  if (options.regions.length === 0) throw new UsageError('give at least one region to look events up in (--regions us-east-1,eu-west-1)');
  for (const region of options.regions) {
    if (!REGION.test(region)) throw new UsageError(`--regions takes region codes such as us-east-1, not '${region}'`);
  }
  const { fromMs, toMs } = options.window;
  if (!Number.isFinite(fromMs) || !Number.isFinite(toMs) || fromMs >= toMs) throw new UsageError('the LookupEvents window is empty: its start must come before its end');
  if (!Number.isFinite(options.nowMs)) throw new UsageError('the clock gave no time');
  if (options.cacheDir.trim() === '') throw new UsageError('--cache-dir takes a directory');
}

/** Consecutive hours that need fetching, as queries of at most `maxHours`. */
function queriesFor(hours: number[], maxHours: number): Query[] {
  const queries: Query[] = [];
  for (const hourMs of hours) {
    const last = queries[queries.length - 1];
    if (last !== undefined && last.toMs === hourMs && (last.toMs - last.fromMs) / HOUR_MS < maxHours) last.toMs = hourMs + HOUR_MS;
    else queries.push({ fromMs: hourMs, toMs: hourMs + HOUR_MS });
  }
  return queries;
}

/**
 * Fetches the window's events from LookupEvents in every region, per event source and UTC hour, using the
 * cache for hours already complete. Errors are one-line InputErrors (credentials, access, network) or a
 * UsageError (the window reaches past the 90 days LookupEvents keeps); nothing half-written is left behind.
 */
export async function fetchLookupEvents(options: LookupSourceOptions): Promise<LookupSourceResult> {
  validate(options);
  const tuning = options.tuning ?? {};
  const regions = [...new Set(options.regions)];
  const sources = [...new Set(options.eventSources ?? catalogEventSources())];
  const maxQueryHours = Math.max(1, Math.floor(tuning.maxQueryHours ?? DEFAULT_MAX_QUERY_HOURS));
  const cache = new LookupCache(options.cacheDir, options.cacheKey ?? options.profile ?? process.env.AWS_PROFILE ?? 'default');
  const { fromMs, toMs } = options.window;
  const earliestMs = options.nowMs - LOOKUP_HISTORY_DAYS * DAY_MS;

  const windowHours: number[] = [];
  for (let h = Math.floor(fromMs / HOUR_MS) * HOUR_MS; h < toMs; h += HOUR_MS) windowHours.push(h);

  // Plan every region before any call: what the cache holds, what to fetch, and whether the API still has it.
  const plans: RegionPlan[] = regions.map((region) => ({
    region,
    sources: sources.map((source) => {
      const hours = new Map<number, HourSlice>();
      for (const hourMs of windowHours) {
        const path = cache.hourPath(region, source, hourMs, true);
        const size = options.noCache ? undefined : cache.cachedSize(path);
        hours.set(hourMs, { path, state: size !== undefined ? 'cached' : undefined, hasEvents: size !== undefined && size > EMPTY_HOUR.length });
      }
      const missing = windowHours.filter((hourMs) => hours.get(hourMs)!.state === undefined);
      return { source, hours, queries: queriesFor(missing, maxQueryHours) };
    }),
  }));
  const tooOld = plans.some((p) => p.sources.some((s) => s.queries.some((q) => Math.max(q.fromMs, fromMs) < earliestMs)));
  if (tooOld) {
    throw new UsageError(
      `the window starts at ${isoSeconds(fromMs)}, but LookupEvents keeps ${LOOKUP_HISTORY_DAYS} days of history: the earliest it can return is ${isoSeconds(earliestMs)}; ` +
        `start the window then or later (--from), or read the trail's log files from S3 (--events)`,
    );
  }
  cache.ensureRoot();

  const shared = { aborted: false };
  const knownAccount = cache.readAccount();
  const state = { account: knownAccount, requests: 0, fetched: 0, events: 0, throttled: 0, fromCache: 0 };
  const sleep = tuning.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const rate = tuning.requestsPerSecond ?? LOOKUP_REQUESTS_PER_SECOND;

  /** Learns the account from the records; credentials that now reach another account must not mix caches. */
  const noteAccounts = async (accounts: Set<string>, region: string): Promise<void> => {
    if (accounts.size !== 1) return;
    const [account] = [...accounts] as [string];
    if (state.account === undefined) {
      state.account = account;
      await cache.writeAccount(account);
    } else if (state.account !== account) {
      throw new InputError(
        `LookupEvents in ${region}: the records are account ${account}'s, but the cache ${cache.root} holds account ${state.account}'s; ` +
          `give another --cache-dir, or a --profile for that account`,
      );
    }
  };

  const fetchRegion = async (plan: RegionPlan): Promise<void> => {
    const { region } = plan;
    const planned = plan.sources.reduce((n, s) => n + s.queries.length, 0);
    const cachedSlices = plan.sources.reduce((n, s) => n + [...s.hours.values()].filter((h) => h.state === 'cached').length, 0);
    state.fromCache += cachedSlices;
    options.progress?.(
      `lookup ${region}: ${windowHours.length} hours x ${plan.sources.length} event sources, ${cachedSlices} hour slices from the cache, ` +
        `${planned} queries to run (at most ${rate} requests a second)`,
    );
    if (planned === 0) return;
    const client = options.clientFor(region);
    const bucket = new TokenBucket(rate, 1, rate === LOOKUP_REQUESTS_PER_SECOND ? PACING_SLACK_MS : 0);
    const started = performance.now();
    let regionRequests = 0;

    const call = async (input: LookupEventsCommandInput): Promise<LookupEventsCommandOutput> => {
      const retries = tuning.throttleRetries ?? 5;
      for (let attempt = 0; ; attempt += 1) {
        if (shared.aborted) throw new Aborted();
        await bucket.take();
        if (shared.aborted) throw new Aborted();
        try {
          const output = await client.send(new LookupEventsCommand(input));
          const n = attemptsOf(output) ?? 1;
          state.requests += n;
          regionRequests += n;
          return output;
        } catch (error) {
          const n = attemptsOf(error) ?? 1;
          state.requests += n;
          regionRequests += n;
          if (!isThrottling(error) || attempt >= retries) throw lookupFailure(error, region, options.profile);
          state.throttled += 1;
          const wait = (tuning.throttleDelayMs ?? 1000) * 2 ** attempt;
          options.progress?.(`lookup ${region}: throttled (other LookupEvents callers share the limit); retrying in ${(wait / 1000).toFixed(1)} s`);
          await sleep(wait);
        }
      }
    };

    for (const sourcePlan of plan.sources) {
      const { source } = sourcePlan;
      for (const query of sourcePlan.queries) {
        const byHour = new Map<number, Map<string, StoredEvent>>();
        for (let h = query.fromMs; h < query.toMs; h += HOUR_MS) byHour.set(h, new Map());
        const accounts = new Set<string>();
        const seenTokens = new Set<string>();
        let nextToken: string | undefined;
        let pages = 0;
        let unnamed = 0;
        do {
          const output = await call({
            LookupAttributes: [{ AttributeKey: 'EventSource', AttributeValue: source }],
            StartTime: new Date(query.fromMs),
            EndTime: new Date(query.toMs),
            MaxResults: LOOKUP_PAGE_SIZE,
            ...(nextToken !== undefined ? { NextToken: nextToken } : {}),
          });
          pages += 1;
          if (pages % PROGRESS_EVERY_PAGES === 0) {
            const sofar = [...byHour.values()].reduce((n, slot) => n + slot.size, 0);
            options.progress?.(`lookup ${region}: ${source} ${isoHour(query.fromMs)} to ${isoHour(query.toMs)}: ${sofar} events in ${pages} pages so far`);
          }
          for (const event of output.Events ?? []) {
            const placed = place(event, query.fromMs);
            // The API's StartTime and EndTime are both inclusive: an event on the boundary belongs to the next hour.
            const slot = byHour.get(placed.hourMs);
            if (slot === undefined) continue;
            slot.set(event.EventId ?? placed.eventID ?? `unnamed-${(unnamed += 1)}`, placed.stored);
            if (placed.account !== undefined) accounts.add(placed.account);
          }
          nextToken = output.NextToken !== undefined && output.NextToken !== '' ? output.NextToken : undefined;
          if (nextToken !== undefined) {
            if (seenTokens.has(nextToken)) throw new InputError(`LookupEvents in ${region}: the service returned the same NextToken twice for ${source}; rerun`);
            seenTokens.add(nextToken);
          }
        } while (nextToken !== undefined);

        await noteAccounts(accounts, region);
        let events = 0;
        for (const [hourMs, slot] of byHour) {
          const complete = hourMs + HOUR_MS < options.nowMs - LATE_DELIVERY_MS && hourMs >= earliestMs;
          const path = cache.hourPath(region, source, hourMs, complete);
          const list = [...slot.values()].sort(byTimeThenId);
          events += list.length;
          await writeAtomic(path, list.length === 0 ? EMPTY_HOUR : JSON.stringify({ Events: list }));
          sourcePlan.hours.set(hourMs, { path, state: 'fetched', hasEvents: list.length > 0 });
          state.fetched += 1;
        }
        state.events += events;
        options.progress?.(`lookup ${region}: ${source} ${isoHour(query.fromMs)} to ${isoHour(query.toMs)}: ${events} events in ${pages} pages`);
      }
      // Incomplete copies of hours that are complete now are of no more use.
      await cache.pruneIncomplete(region, source);
    }
    options.progress?.(`lookup ${region}: done, ${regionRequests} requests in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  };

  const settled = await Promise.allSettled(
    plans.map((plan) =>
      fetchRegion(plan).catch((error: unknown) => {
        shared.aborted = true;
        throw error;
      }),
    ),
  );
  const failure = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected' && !(s.reason instanceof Aborted));
  if (failure !== undefined) throw failure.reason;

  const slices = plans.flatMap((p) => p.sources.flatMap((s) => [...s.hours.values()]));
  const files = slices.filter((h) => h.hasEvents).map((h) => h.path);
  // An account with no such events still gets a (readable, empty) file, so the replay reports zero rather than nothing.
  if (files.length === 0 && slices[0] !== undefined) files.push(slices[0].path);
  return {
    files,
    requests: state.requests,
    fromCache: state.fromCache,
    fetched: state.fetched,
    events: state.events,
    throttled: state.throttled,
    ...(state.account !== undefined ? { account: state.account } : {}),
  };
}

/** Which hour an event belongs to (by the API's EventTime, which its time filter uses), and what to store. */
function place(event: LookupEvent, fallbackMs: number): { hourMs: number; stored: StoredEvent; eventID?: string; account?: string } {
  let record: unknown;
  try {
    record = event.CloudTrailEvent !== undefined ? JSON.parse(event.CloudTrailEvent) : undefined;
  } catch {
    record = undefined; // the reader reports it as a bad record, as it would in a file
  }
  const fields = isObject(record) ? record : {};
  const recordTime = typeof fields.eventTime === 'string' ? parseEventTime(fields.eventTime) : undefined;
  const apiTime = event.EventTime instanceof Date && !Number.isNaN(event.EventTime.getTime()) ? event.EventTime.getTime() : undefined;
  const timeMs = apiTime ?? recordTime ?? fallbackMs;
  const identity = isObject(fields.userIdentity) ? fields.userIdentity : {};
  const account = typeof fields.recipientAccountId === 'string' ? fields.recipientAccountId : typeof identity.accountId === 'string' ? identity.accountId : undefined;
  return {
    hourMs: Math.floor(timeMs / HOUR_MS) * HOUR_MS,
    stored: {
      EventId: event.EventId,
      EventName: event.EventName,
      EventSource: event.EventSource,
      EventTime: apiTime !== undefined ? new Date(apiTime).toISOString() : undefined,
      CloudTrailEvent: event.CloudTrailEvent,
    },
    ...(typeof fields.eventID === 'string' ? { eventID: fields.eventID } : {}),
    ...(account !== undefined ? { account } : {}),
  };
}

function byTimeThenId(a: StoredEvent, b: StoredEvent): number {
  const ta = a.EventTime ?? '';
  const tb = b.EventTime ?? '';
  if (ta !== tb) return ta < tb ? -1 : 1;
  const ia = a.EventId ?? '';
  const ib = b.EventId ?? '';
  return ia < ib ? -1 : ia > ib ? 1 : 0;
}
