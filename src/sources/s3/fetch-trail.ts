/**
 * From a listing to local files: which objects the cache already holds, the line that says what the rest
 * will cost, then the downloads. With --no-cache the files go to a temporary folder that `cleanup` removes.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../../errors.js';
import { ObjectCache } from './cache.js';
import { downloadObjects, type DownloadFailure } from './download.js';
import type { ListedObject } from './listing.js';
import type { TrailListing } from './list-trail.js';
import { DownloadProgress } from './progress.js';
import { s3Url } from './url.js';

export interface FetchSettings {
  /** undefined: --no-cache */
  cacheDir: string | undefined;
  parallelism: number;
  dryRun: boolean;
  /** Draw progress (stderr is a terminal). */
  progress: boolean;
}

/** What is to be fetched, decided before any download: the summary line is made from it. */
export interface FetchPlan {
  cached: ListedObject[];
  toFetch: ListedObject[];
}

export async function planFetch(listing: TrailListing, settings: FetchSettings): Promise<FetchPlan> {
  if (settings.cacheDir === undefined) return { cached: [], toFetch: listing.objects };
  const cache = new ObjectCache(settings.cacheDir);
  const cached: ListedObject[] = [];
  const toFetch: ListedObject[] = [];
  for (const object of listing.objects) ((await cache.has(object)) ? cached : toFetch).push(object);
  return { cached, toFetch };
}

/** The local copies of a trail's objects, and how to name them in messages. */
export class FetchedTrail {
  constructor(
    readonly files: string[],
    readonly failures: DownloadFailure[],
    private readonly urlOfPath: ReadonlyMap<string, string>,
    private readonly root: string,
    private readonly temporary: boolean,
  ) {}

  /** The `s3://bucket/key` a local copy came from, or the path itself. */
  sourceOf(path: string): string {
    return this.urlOfPath.get(path) ?? path;
  }

  /** Rewrites the local copies' paths in a message (cache paths are percent-encoded: no spaces, no colons). */
  renamePaths(text: string): string {
    if (!text.includes(this.root)) return text;
    const escaped = this.root.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    return text.replace(new RegExp(`${escaped}[^\\s:]*`, 'g'), (path) => this.sourceOf(path));
  }

  async cleanup(): Promise<void> {
    if (this.temporary) await rm(this.root, { recursive: true, force: true });
  }
}

export async function fetchTrail(listing: TrailListing, plan: FetchPlan, settings: FetchSettings, stderr: (text: string) => void): Promise<FetchedTrail> {
  const temporary = settings.cacheDir === undefined;
  const root = temporary ? await mkdtemp(join(tmpdir(), 'config-cost-s3-')) : settings.cacheDir!;
  try {
    await mkdir(root, { recursive: true });
  } catch (error) {
    throw new InputError(`--cache-dir ${root}: cannot create it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  const cache = new ObjectCache(root);
  const totalBytes = plan.toFetch.reduce((sum, o) => sum + o.size, 0);
  const progress = settings.progress && plan.toFetch.length > 0 ? new DownloadProgress(plan.toFetch.length, totalBytes, stderr) : undefined;
  let result: Awaited<ReturnType<typeof downloadObjects>>;
  try {
    result = await downloadObjects(plan.toFetch, listing.listers, cache, settings.parallelism, progress);
  } catch (error) {
    if (temporary) await rm(root, { recursive: true, force: true });
    throw error;
  } finally {
    progress?.finish();
  }
  const present = [...plan.cached, ...result.fetched];
  const urlOfPath = new Map(present.map((o) => [cache.pathOf(o), s3Url(o.bucket, o.key)]));
  const failures = [...result.failures].sort((a, b) => (a.url < b.url ? -1 : a.url > b.url ? 1 : 0));
  return new FetchedTrail([...urlOfPath.keys()], failures, urlOfPath, root, temporary);
}
