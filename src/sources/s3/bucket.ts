/** Opens a bucket: checks it exists and is readable, and picks a client in the bucket's region. */
import { HeadBucketCommand } from '@aws-sdk/client-s3';
import type { S3ClientFactory } from './client.js';
import { s3InputError } from './errors.js';
import { BucketLister, type RequestCounts } from './listing.js';

export async function openBucket(clients: S3ClientFactory, bucket: string, requests: RequestCounts): Promise<BucketLister> {
  const client = clients();
  requests.get += 1; // HEAD is billed with GET
  try {
    const head = await client.send(new HeadBucketCommand({ Bucket: bucket }));
    // Requests to another region's endpoint are redirected one by one; a client in the bucket's region avoids that.
    const home = head.BucketRegion !== undefined && head.BucketRegion !== (await client.config.region()) ? clients(head.BucketRegion) : client;
    return new BucketLister(home, bucket, requests);
  } catch (error) {
    throw s3InputError(error, `s3://${bucket}`);
  }
}
