import { DAY_MS, utcDay } from '../../core/event-time.js';
import { windowIsExplicit } from '../../core/window.js';
import { DryRunFinished, InputError } from '../../errors.js';
import type { S3ClientFactory } from '../../sources/s3/client.js';
import { fetchTrail, planFetch } from '../../sources/s3/fetch-trail.js';
import { listTrail } from '../../sources/s3/list-trail.js';
import { withFetchedTrail } from '../../sources/s3/replay-accounting.js';
import { loadRequestPrices } from '../../sources/s3/request-prices.js';
import { s3Settings } from '../../sources/s3/settings.js';
import { emptyListingMessage, fetchLine, implicitWindowLine, listingLines } from '../../sources/s3/summary.js';
import { isS3Url } from '../../sources/s3/url.js';
import type { CommandIO } from '../io.js';
import { eventFiles, MAX_WARNINGS_PRINTED, readReplay, type ReplayRead } from './index.js';
import { prepareReplay, type ReplayContext, type ReplayOptions } from './prepare.js';

/**
 * A replay with s3:// sources (and any local ones): lists only the date folders the window needs, says
 * what fetching costs, fetches what the cache lacks, then reads the local copies like any other files.
 * Warnings name `s3://bucket/key`; objects that failed after the SDK's retries are skipped files.
 */
export async function readReplayWithS3(
  options: ReplayOptions,
  io: CommandIO,
  clients: S3ClientFactory,
  now: number = Date.now(),
): Promise<{ context: ReplayContext; read: ReplayRead }> {
  const settings = s3Settings(options, (io.stderrIsTTY ?? false) && !options.quiet, io.env ?? process.env);
  // Listing needs the window before any record is read: without --from/--to/--until it ends with today (UTC).
  const implicit = !windowIsExplicit(options);
  const context = prepareReplay(implicit ? { ...options, until: utcDay(now + DAY_MS) } : options);
  const window = context.fixedWindow!;
  const urls = options.events.filter(isS3Url);
  const localPaths = options.events.filter((e) => !isS3Url(e));
  const localFiles = localPaths.length > 0 ? await eventFiles(localPaths) : [];
  const listing = await listTrail(urls, window, settings.filters, clients, settings.fetch.parallelism);
  if (listing.objects.length === 0 && localFiles.length === 0) throw new InputError(emptyListingMessage(listing, window, implicit));
  if (implicit) io.stderr(implicitWindowLine(window));
  listingLines(listing).forEach((line) => io.stderr(line));
  const plan = await planFetch(listing, settings.fetch);
  io.stderr(fetchLine(listing, plan, loadRequestPrices(), settings.fetch.cacheDir));
  if (settings.fetch.dryRun) throw new DryRunFinished();
  const trail = await fetchTrail(listing, plan, settings.fetch, io.stderr);
  try {
    trail.failures.slice(0, MAX_WARNINGS_PRINTED).forEach((f) => io.stderr(`warning: ${f.url}: skipped, ${f.reason}\n`));
    if (trail.failures.length > MAX_WARNINGS_PRINTED) io.stderr(`warning: ${trail.failures.length - MAX_WARNINGS_PRINTED} more objects could not be downloaded (--format json lists all)\n`);
    if (trail.files.length === 0 && localFiles.length === 0) {
      const first = trail.failures[0]!;
      throw new InputError(`nothing readable: none of the ${listing.objects.length} objects could be downloaded (${first.url}: ${first.reason})`);
    }
    const renaming: CommandIO = { ...io, stderr: (text) => io.stderr(trail.renamePaths(text)) };
    const read = await readReplay([...localFiles, ...trail.files], context, renaming);
    return { context, read: { ...read, accounting: withFetchedTrail(read.accounting, trail.failures, (path) => trail.sourceOf(path)) } };
  } finally {
    await trail.cleanup();
  }
}

