// An S3-compatible server on 127.0.0.1 for end-to-end tests through the real AWS SDK: s3rver (pure JS,
// filesystem-backed), with a front that records every request and can answer some with an error.
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
// @ts-expect-error s3rver ships no types
import S3rver from 's3rver';

export interface RecordedRequest {
  method: string;
  bucket: string;
  key: string;
  query: URLSearchParams;
}

/** An S3 error to answer instead of the server, e.g. { status: 403, code: 'AccessDenied' }. */
export interface Fault {
  status: number;
  code: string;
}

export type FaultRule = (request: RecordedRequest) => Fault | undefined;

/** What the SDK needs to talk to the server (the SDK honours AWS_ENDPOINT_URL_S3), isolated from any real AWS set-up. */
export function s3Environment(endpoint: string, dir: string): Record<string, string> {
  return {
    AWS_ENDPOINT_URL_S3: endpoint,
    AWS_ACCESS_KEY_ID: 'S3RVER',
    AWS_SECRET_ACCESS_KEY: 'S3RVER',
    AWS_REGION: 'us-east-1',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CONFIG_FILE: join(dir, 'aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(dir, 'aws-credentials'),
    AWS_MAX_ATTEMPTS: '2',
  };
}

interface StoredObject {
  key: string;
}
interface ListResult {
  objects: StoredObject[];
  commonPrefixes: string[];
  isTruncated: boolean;
}
interface ListOptions {
  delimiter?: string;
  prefix?: string;
  maxKeys?: number;
  startAfter?: string;
}

export class S3TestServer {
  readonly requests: RecordedRequest[] = [];
  readonly faults: FaultRule[] = [];
  readonly client: S3Client;
  /** The keys put through this helper, per bucket: what a Delimiter listing groups. */
  private readonly keys = new Map<string, Set<string>>();

  private constructor(
    private readonly s3rver: { close(): Promise<void>; store: { listObjects(bucket: string, options: ListOptions): Promise<ListResult> } },
    readonly endpoint: string,
    readonly dir: string,
  ) {
    this.client = new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } });
  }

  static async start(): Promise<S3TestServer> {
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
    const dir = mkdtempSync(join(tmpdir(), 'config-cost-s3rver-'));
    const s3rver = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: join(dir, 'store') });
    const { port } = (await s3rver.run()) as { port: number };
    const server = new S3TestServer(s3rver, `http://127.0.0.1:${port}`, dir);
    server.fixDelimiterListing();
    server.interceptRequests(s3rver.httpServer as Server);
    return server;
  }

  env(): Record<string, string> {
    return s3Environment(this.endpoint, this.dir);
  }

  async createBucket(bucket: string): Promise<void> {
    await this.client.send(new CreateBucketCommand({ Bucket: bucket }));
  }

  async put(bucket: string, key: string, body: Buffer | string): Promise<void> {
    await this.client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: typeof body === 'string' ? Buffer.from(body) : body }));
    const keys = this.keys.get(bucket) ?? new Set<string>();
    keys.add(key);
    this.keys.set(bucket, keys);
  }

  /** Uploads every file under `dir` as `keyPrefix + its path relative to dir`; returns the keys. */
  async putTree(bucket: string, dir: string, keyPrefix = ''): Promise<string[]> {
    const files = (readdirSync(dir, { recursive: true, withFileTypes: true }) as { isFile(): boolean; parentPath: string; name: string }[])
      .filter((e) => e.isFile())
      .map((e) => join(e.parentPath, e.name));
    const keys = files.map((f) => `${keyPrefix}${relative(dir, f).split('\\').join('/')}`);
    let next = 0;
    const worker = async () => {
      while (next < files.length) {
        const i = next++;
        await this.put(bucket, keys[i]!, readFileSync(files[i]!));
      }
    };
    await Promise.all(Array.from({ length: 16 }, worker));
    return keys.sort();
  }

  /** Requests since `from` (an index into `requests`) that list objects, with their prefixes. */
  listRequests(from = 0): RecordedRequest[] {
    return this.requests.slice(from).filter((r) => r.method === 'GET' && r.key === '' && r.query.get('list-type') === '2');
  }

  getRequests(from = 0): RecordedRequest[] {
    return this.requests.slice(from).filter((r) => r.method === 'GET' && r.key !== '');
  }

  async close(): Promise<void> {
    await this.s3rver.close();
    rmSync(this.dir, { recursive: true, force: true });
  }

  /**
   * s3rver 3.7's filesystem store never descends below a common prefix, so a Delimiter listing misses every
   * folder whose objects sit two or more levels down (all of a CloudTrail tree). Group the keys put through
   * this helper as S3 does; objects right at the level come from the store. (No max-keys paging for
   * delimiter listings: the tests' trees are small.)
   */
  private fixDelimiterListing(): void {
    const store = this.s3rver.store;
    const listAll = store.listObjects.bind(store);
    store.listObjects = async (bucket, options) => {
      if (!options.delimiter) return listAll(bucket, options);
      const prefix = options.prefix ?? '';
      const commonPrefixes = new Set<string>();
      let objectsHere = false;
      for (const key of this.keys.get(bucket) ?? []) {
        if (!key.startsWith(prefix)) continue;
        const at = key.slice(prefix.length).indexOf(options.delimiter);
        if (at === -1) objectsHere = true;
        else commonPrefixes.add(key.slice(0, prefix.length + at + options.delimiter.length));
      }
      const objects = objectsHere ? (await listAll(bucket, { ...options, delimiter: '', maxKeys: Infinity })).objects.filter((o: StoredObject) => !o.key.slice(prefix.length).includes(options.delimiter!)) : [];
      return { objects, commonPrefixes: [...commonPrefixes].sort(), isTruncated: false };
    };
  }

  /** Records each request, and answers it with a fault when a rule says so. */
  private interceptRequests(http: Server): void {
    const handlers = http.listeners('request') as ((req: IncomingMessage, res: ServerResponse) => void)[];
    http.removeAllListeners('request');
    http.on('request', (req: IncomingMessage, res: ServerResponse) => {
      const url = new URL(req.url ?? '/', this.endpoint);
      const [bucket = '', ...key] = url.pathname.slice(1).split('/');
      const request: RecordedRequest = { method: req.method ?? 'GET', bucket: decodeURIComponent(bucket), key: key.map(decodeURIComponent).join('/'), query: url.searchParams };
      this.requests.push(request);
      const fault = this.faults.map((rule) => rule(request)).find((f) => f !== undefined);
      if (fault === undefined) {
        for (const handler of handlers) handler(req, res);
        return;
      }
      req.resume();
      const body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${fault.code}</Code><Message>${fault.code} (injected by the test server)</Message></Error>`;
      res.writeHead(fault.status, { 'content-type': 'application/xml', 'content-length': request.method === 'HEAD' ? 0 : Buffer.byteLength(body) });
      res.end(request.method === 'HEAD' ? undefined : body);
    });
  }
}
