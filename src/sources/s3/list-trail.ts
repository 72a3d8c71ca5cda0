/** Lists the objects of every s3:// source that can hold the window's records, and nothing else. */
import type { Window } from '../../core/window.js';
import { CliError } from '../../errors.js';
import { openBucket } from './bucket.js';
import type { S3ClientFactory } from './client.js';
import { discoverTrail, type TrailFilters } from './discovery.js';
import { s3InputError } from './errors.js';
import { dateFolders, isEventObjectKey } from './layout.js';
import { noRequests, type BucketLister, type ListedObject, type RequestCounts } from './listing.js';
import { mapBounded } from './pool.js';
import { parseS3Url } from './url.js';

export interface SourceListing {
  url: string;
  accounts: number;
  regions: number;
  /** Date folders listed per account and region, and the first and last of them. */
  dateFolders: string[];
  objects: number;
  notes: string[];
}

export interface TrailListing {
  sources: SourceListing[];
  /** Every object found, once (sources may overlap), in bucket and key order. */
  objects: ListedObject[];
  listers: Map<string, BucketLister>;
  requests: RequestCounts;
}

export async function listTrail(urls: readonly string[], window: Window, filters: TrailFilters, clients: S3ClientFactory, parallelism: number): Promise<TrailListing> {
  const requests = noRequests();
  const listers = new Map<string, BucketLister>();
  const sources: SourceListing[] = [];
  const found = new Map<string, ListedObject>();
  for (const url of urls) {
    const { bucket, prefix } = parseS3Url(url);
    let lister = listers.get(bucket);
    if (lister === undefined) {
      lister = await openBucket(clients, bucket, requests);
      listers.set(bucket, lister);
    }
    const source = await listSource(lister, url, prefix, window, filters, parallelism);
    sources.push(source.listing);
    for (const object of source.objects) found.set(`${object.bucket}/${object.key}`, object);
  }
  const objects = [...found.values()].sort((a, b) => (a.bucket !== b.bucket ? (a.bucket < b.bucket ? -1 : 1) : a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { sources, objects, listers, requests };
}

async function listSource(lister: BucketLister, url: string, prefix: string, window: Window, filters: TrailFilters, parallelism: number) {
  try {
    const trail = await discoverTrail(lister, url, prefix, filters, parallelism);
    const days = dateFolders(window, trail.position.datePart);
    const prefixes = trail.folders.flatMap((folder) => days.map((day) => `${folder.prefix}${day}`));
    const objects = (await mapBounded(prefixes, parallelism, (p) => lister.objects(p))).flat().filter((o) => isEventObjectKey(o.key));
    const listing: SourceListing = {
      url,
      accounts: new Set(trail.folders.map((f) => f.account)).size,
      regions: new Set(trail.folders.map((f) => f.region)).size,
      dateFolders: days,
      objects: objects.length,
      notes: trail.notes,
    };
    return { listing, objects };
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw s3InputError(error, url);
  }
}
