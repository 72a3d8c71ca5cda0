/**
 * Fetches listed objects into the cache, `parallelism` at a time, with the SDK's retries. An object that
 * still fails is a failure to report (the run goes on without it), never an exception.
 */
import { GetObjectCommand } from '@aws-sdk/client-s3';
import type { Readable } from 'node:stream';
import type { BucketLister, ListedObject } from './listing.js';
import type { ObjectCache } from './cache.js';
import { describeDownloadFailure } from './errors.js';
import { mapBounded } from './pool.js';
import { s3Url } from './url.js';

export interface DownloadFailure {
  url: string;
  reason: string;
}

export interface DownloadProgressSink {
  bytes(n: number): void;
  objectDone(): void;
}

export interface DownloadResult {
  /** The objects now in the cache. */
  fetched: ListedObject[];
  failures: DownloadFailure[];
  bytes: number;
}

export async function downloadObjects(
  objects: readonly ListedObject[],
  listers: ReadonlyMap<string, BucketLister>,
  cache: ObjectCache,
  parallelism: number,
  progress?: DownloadProgressSink,
): Promise<DownloadResult> {
  const result: DownloadResult = { fetched: [], failures: [], bytes: 0 };
  await mapBounded(objects, parallelism, async (object) => {
    const lister = listers.get(object.bucket)!;
    lister.requests.get += 1;
    try {
      // If-Match: the bytes must be the ones the cache key (the listed ETag) names.
      const response = await lister.client.send(new GetObjectCommand({ Bucket: object.bucket, Key: object.key, ...(object.etag ? { IfMatch: `"${object.etag}"` } : {}) }));
      if (response.Body === undefined) throw new Error('empty response');
      result.bytes += await cache.write(object, response.Body as Readable, (n) => progress?.bytes(n));
      result.fetched.push(object);
    } catch (error) {
      result.failures.push({ url: s3Url(object.bucket, object.key), reason: describeDownloadFailure(error) });
    } finally {
      progress?.objectDone();
    }
  });
  return result;
}
