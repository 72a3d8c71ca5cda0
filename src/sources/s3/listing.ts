/** ListObjectsV2 over one bucket, page by page, counting the requests it makes (they are billed). */
import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';

/** An object as listed: what the download and the cache need. */
export interface ListedObject {
  bucket: string;
  key: string;
  size: number;
  /** Without the quotes S3 puts around it; '' when the server sent none. */
  etag: string;
}

/** S3 requests made, by billing class. */
export interface RequestCounts {
  list: number;
  /** GET, HEAD and every other read request. */
  get: number;
}

export const noRequests = (): RequestCounts => ({ list: 0, get: 0 });

export class BucketLister {
  constructor(
    readonly client: S3Client,
    readonly bucket: string,
    readonly requests: RequestCounts,
  ) {}

  /** The folder names directly under `prefix` (ListObjectsV2 with Delimiter '/'), without the prefix and slash. */
  async folders(prefix: string): Promise<string[]> {
    const names: string[] = [];
    await this.pages(prefix, '/', (page) => {
      for (const common of page.CommonPrefixes ?? []) {
        if (common.Prefix?.startsWith(prefix)) names.push(common.Prefix.slice(prefix.length).replace(/\/$/, ''));
      }
    });
    return names.filter((name) => name !== '');
  }

  /** Every object under `prefix` (no delimiter: date folders hold files only). */
  async objects(prefix: string): Promise<ListedObject[]> {
    const objects: ListedObject[] = [];
    await this.pages(prefix, undefined, (page) => {
      for (const item of page.Contents ?? []) {
        if (item.Key === undefined) continue;
        objects.push({ bucket: this.bucket, key: item.Key, size: item.Size ?? 0, etag: (item.ETag ?? '').replaceAll('"', '') });
      }
    });
    return objects;
  }

  private async pages(
    prefix: string,
    delimiter: string | undefined,
    onPage: (page: { CommonPrefixes?: { Prefix?: string }[]; Contents?: { Key?: string; Size?: number; ETag?: string }[] }) => void,
  ): Promise<void> {
    let token: string | undefined;
    do {
      this.requests.list += 1;
      const page = await this.client.send(
        new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ...(delimiter ? { Delimiter: delimiter } : {}), ...(token ? { ContinuationToken: token } : {}) }),
      );
      onPage(page);
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token !== undefined);
  }
}
