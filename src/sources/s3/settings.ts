/** The s3:// flags, validated into what listing and fetching take. */
import { availableParallelism } from 'node:os';
import { UsageError } from '../../errors.js';
import { defaultCacheDir } from './cache.js';
import type { TrailFilters } from './discovery.js';
import type { FetchSettings } from './fetch-trail.js';
import { isAccountId, isRegion } from './layout.js';

export interface S3Flags {
  profile?: string | undefined;
  s3Accounts?: string[] | undefined;
  s3Regions?: string[] | undefined;
  cacheDir?: string | undefined;
  /** false: --no-cache */
  cache?: boolean | undefined;
  parallelism?: number | undefined;
  dryRun?: boolean | undefined;
}

export interface S3Settings {
  filters: TrailFilters;
  fetch: FetchSettings;
}

/** Requests are latency-bound, not CPU-bound: several in flight per core, within the SDK's 50 sockets. */
export function defaultParallelism(cores: number = availableParallelism()): number {
  return Math.min(48, Math.max(8, 8 * cores));
}

const MAX_PARALLELISM = 256;

function idList(values: string[] | undefined, flag: string, valid: (id: string) => boolean, what: string): string[] | undefined {
  if (values === undefined) return undefined;
  const ids = [...new Set(values.flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v !== ''))];
  const bad = ids.find((id) => !valid(id));
  if (bad !== undefined) throw new UsageError(`${flag}: '${bad}' is not ${what}`);
  if (ids.length === 0) throw new UsageError(`${flag} takes a comma-separated list`);
  return ids;
}

/** `progress`: draw download progress (stderr is a terminal and not --quiet). */
export function s3Settings(flags: S3Flags, progress: boolean, env: Readonly<Record<string, string | undefined>> = process.env): S3Settings {
  const parallelism = flags.parallelism ?? defaultParallelism();
  if (!Number.isInteger(parallelism) || parallelism < 1 || parallelism > MAX_PARALLELISM) {
    throw new UsageError(`--parallelism takes a whole number from 1 to ${MAX_PARALLELISM}, not '${parallelism}'`);
  }
  if (flags.cache === false && flags.cacheDir !== undefined) throw new UsageError('give --cache-dir or --no-cache, not both');
  if (flags.cacheDir !== undefined && flags.cacheDir.trim() === '') throw new UsageError('--cache-dir takes a folder');
  return {
    filters: {
      accounts: idList(flags.s3Accounts, '--s3-accounts', isAccountId, 'a 12-digit account id'),
      regions: idList(flags.s3Regions, '--s3-regions', isRegion, 'a region such as us-east-1'),
    },
    fetch: {
      cacheDir: flags.cache === false ? undefined : (flags.cacheDir ?? defaultCacheDir(env)),
      parallelism,
      dryRun: flags.dryRun ?? false,
      progress,
    },
  };
}

/** The flags that mean something only with an s3:// source, as typed. */
export function s3OnlyFlagsGiven(flags: S3Flags): string[] {
  return [
    flags.profile !== undefined && '--profile',
    flags.s3Accounts !== undefined && '--s3-accounts',
    flags.s3Regions !== undefined && '--s3-regions',
    flags.cacheDir !== undefined && '--cache-dir',
    flags.cache === false && '--no-cache',
    flags.parallelism !== undefined && '--parallelism',
  ].filter((f): f is string => typeof f === 'string');
}
