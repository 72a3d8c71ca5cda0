/** The lines printed before anything is downloaded: what was listed, what will be fetched, what it costs. */
import { isoSeconds, utcDay } from '../../core/event-time.js';
import type { Window } from '../../core/window.js';
import type { FetchPlan } from './fetch-trail.js';
import { formatBytes, formatCount, formatUsd } from './format.js';
import type { TrailListing } from './list-trail.js';
import { requestCostUSD, type RequestPrices } from './request-prices.js';

const plural = (n: number, one: string, many = `${one}s`) => `${formatCount(n)} ${n === 1 ? one : many}`;
const sizeOf = (objects: readonly { size: number }[]) => objects.reduce((sum, o) => sum + o.size, 0);
const day = (folder: string) => folder.slice(0, -1).replaceAll('/', '-');

/** The one line of a run that found nothing to read. */
export function emptyListingMessage(listing: TrailListing, window: Window, implicit: boolean): string {
  const accounts = listing.sources.reduce((n, s) => n + s.accounts, 0);
  const regions = Math.max(0, ...listing.sources.map((s) => s.regions));
  const end = implicit ? ' (no --until, --to or --from: it ends today)' : '';
  return (
    `nothing to read: no CloudTrail log files under ${listing.sources.map((s) => s.url).join(', ')} for the window ${utcDay(window.fromMs)} to ${utcDay(window.toMs)}${end} ` +
    `(date folders listed: the window's days and the day after, in ${plural(accounts, 'account')} and up to ${plural(regions, 'region')})`
  );
}

/** Said when the command, not the user, chose where the window ends. */
export function implicitWindowLine(window: Window): string {
  return `s3: no --until, --to or --from: the window ends at the end of today (UTC), ${isoSeconds(window.fromMs)} to ${isoSeconds(window.toMs)} (${window.days} days)\n`;
}

export function listingLines(listing: TrailListing): string[] {
  return listing.sources.flatMap((source) => {
    const folders = source.dateFolders;
    const range = folders.length === 0 ? 'no date folders' : `date folders ${day(folders[0]!)} to ${day(folders.at(-1)!)} (the window's days and the day after, for late deliveries)`;
    const lines = [`s3: ${source.url}: ${plural(source.accounts, 'account')}, ${plural(source.regions, 'region')}, ${range}: ${plural(source.objects, 'log file')}\n`];
    return [...lines, ...source.notes.map((note) => `warning: ${note}\n`)];
  });
}

export function fetchLine(listing: TrailListing, plan: FetchPlan, prices: RequestPrices, cacheDir: string | undefined): string {
  const total = listing.objects.length;
  const where = cacheDir === undefined ? 'a temporary folder (--no-cache)' : cacheDir;
  const cached = cacheDir === undefined ? '' : `; ${formatCount(plan.cached.length)} already in the cache`;
  const listCost = requestCostUSD({ list: listing.requests.list, get: listing.requests.get }, prices);
  const getCost = requestCostUSD({ get: plan.toFetch.length }, prices);
  return (
    `s3: ${plural(total, 'object')} (${formatBytes(sizeOf(listing.objects))}) in the window${cached}; ` +
    `fetching ${formatCount(plan.toFetch.length)} (${formatBytes(sizeOf(plan.toFetch))}) to ${where}: ` +
    `${plural(plan.toFetch.length, 'GET request')}, ${formatUsd(getCost)}, after ${plural(listing.requests.list, 'LIST request')} and ${plural(listing.requests.get, 'HEAD request')}, ${formatUsd(listCost)} ` +
    `(${prices.storageClass} request prices in ${prices.region}; data transfer not included)\n`
  );
}
