import { UsageError } from '../../errors.js';

/** An `s3://bucket/prefix` source: the prefix is '' (the bucket root) or ends with '/'. */
export interface S3Location {
  bucket: string;
  prefix: string;
}

const S3_SCHEME = /^s3:\/\//i;
// The general-purpose bucket naming rules, loosely: 3-63 characters of lower case, digits, dots and hyphens.
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

export function isS3Url(path: string): boolean {
  return S3_SCHEME.test(path);
}

/** Parses `s3://bucket[/prefix]`. A prefix names a folder: `s3://b/trails` means `trails/`. */
export function parseS3Url(url: string): S3Location {
  const rest = url.replace(S3_SCHEME, '');
  const slash = rest.indexOf('/');
  const bucket = slash === -1 ? rest : rest.slice(0, slash);
  let prefix = slash === -1 ? '' : rest.slice(slash + 1).replace(/^\/+/, '');
  if (!BUCKET_NAME.test(bucket)) {
    throw new UsageError(`--events ${url}: '${bucket}' is not an S3 bucket name (give s3://BUCKET or s3://BUCKET/PREFIX)`);
  }
  if (prefix !== '' && !prefix.endsWith('/')) prefix += '/';
  return { bucket, prefix };
}

export function s3Url(bucket: string, key: string): string {
  return `s3://${bucket}/${key}`;
}
