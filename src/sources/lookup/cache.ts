import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { mkdir, readdir, rename, rm, unlink, writeFile } from 'node:fs/promises';
import { createHash, randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { InputError } from '../../errors.js';

export const HOUR_MS = 3_600_000;

/**
 * Where LookupEvents pages live on disk, one file per event source and UTC hour, in the format of
 * `aws cloudtrail lookup-events` output ({"Events":[...]}) so the file reader reads them as they are:
 *
 *   <cacheDir>/lookup/<key>/<region>/<eventSource>/<YYYY-MM-DD>/<HH>.json              complete hours
 *   <cacheDir>/lookup/<key>/.incomplete/<region>/<eventSource>/<YYYY-MM-DD>/<HH>.json  this run's other hours
 *   <cacheDir>/lookup/<key>/account.json                                               the account seen
 *
 * Only complete hours are ever read back. The `.incomplete` tree holds hours that may still grow (CloudTrail
 * delivers late) or that reach past the 90-day history; each run rewrites the ones it needs.
 */
export class LookupCache {
  readonly root: string;

  constructor(cacheDir: string, key: string) {
    this.root = join(cacheDir, 'lookup', safeSegment(key));
  }

  hourPath(region: string, eventSource: string, hourMs: number, complete: boolean): string {
    const iso = new Date(hourMs).toISOString();
    const day = iso.slice(0, 10);
    const hour = iso.slice(11, 13);
    const base = complete ? this.root : join(this.root, '.incomplete');
    return join(base, region, eventSource, day, `${hour}.json`);
  }

  /** The size of a complete hour's file, or undefined when the hour is not cached. */
  cachedSize(path: string): number | undefined {
    try {
      const info = statSync(path);
      return info.isFile() ? info.size : undefined;
    } catch {
      return undefined;
    }
  }

  /** Removes the incomplete copies of hours that have a complete one. */
  async pruneIncomplete(region: string, eventSource: string): Promise<void> {
    const base = join(this.root, '.incomplete', region, eventSource);
    let days: string[];
    try {
      days = await readdir(base);
    } catch {
      return;
    }
    for (const day of days) {
      const hours = await readdir(join(base, day)).catch(() => [] as string[]);
      for (const hour of hours) {
        if (!/^\d\d\.json$/.test(hour)) continue;
        if (this.cachedSize(join(this.root, region, eventSource, day, hour)) !== undefined) await rm(join(base, day, hour), { force: true });
      }
    }
  }

  get accountPath(): string {
    return join(this.root, 'account.json');
  }

  readAccount(): string | undefined {
    try {
      const value = JSON.parse(readFileSync(this.accountPath, 'utf8')) as { account?: unknown };
      return typeof value.account === 'string' ? value.account : undefined;
    } catch {
      return undefined;
    }
  }

  async writeAccount(account: string): Promise<void> {
    await writeAtomic(this.accountPath, `${JSON.stringify({ account })}\n`);
  }

  /** Fails early, with the directory named, when the cache cannot be created. */
  ensureRoot(): void {
    try {
      mkdirSync(this.root, { recursive: true });
    } catch (error) {
      throw new InputError(`cannot create the cache directory ${this.root}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}; give another --cache-dir`);
    }
  }
}

/** The text of an empty hour: the size tells a cached empty hour without reading it. */
export const EMPTY_HOUR = '{"Events":[]}';

/** A profile name or account id as one directory name: anything but letters, digits, '_' and '-' is %-escaped (a very long key is hashed). */
export function safeSegment(key: string): string {
  const escaped = key.replace(/[^A-Za-z0-9_-]/g, (c) => `%${c.codePointAt(0)!.toString(16).padStart(2, '0')}`);
  if (escaped === '') return '%';
  // File names are limited to 255 bytes.
  return escaped.length <= 200 ? escaped : createHash('sha256').update(key).digest('hex');
}

/** Writes through a temporary file in the same directory and a rename: a reader sees all of it or none. */
export async function writeAtomic(path: string, text: string): Promise<void> {
  const temporary = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(temporary, text);
    await rename(temporary, path);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw new InputError(`cannot write the LookupEvents cache file ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}
