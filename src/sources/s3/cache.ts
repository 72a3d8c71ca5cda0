/**
 * The local copy of fetched objects, keyed by bucket, key and ETag: a rerun over an overlapping window
 * finds the files it already has. Files are written to a temporary name and renamed, so a file under its
 * final name is always complete. The path mirrors the key (readable, and the readers still see the file's
 * own name: `.jsonl`, `CloudTrail-Digest/`); every segment is percent-encoded so no key can leave the folder.
 */
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, stat, unlink } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ListedObject } from './listing.js';

/** `$XDG_CACHE_HOME/config-cost`, else `~/.cache/config-cost` (the XDG spec ignores a relative XDG_CACHE_HOME). */
export function defaultCacheDir(env: Readonly<Record<string, string | undefined>> = process.env, home: string = homedir()): string {
  const xdg = env.XDG_CACHE_HOME;
  return join(xdg !== undefined && isAbsolute(xdg) ? xdg : join(home, '.cache'), 'config-cost');
}

const MAX_SEGMENT = 200; // file names are limited to 255 bytes

function encodeSegment(segment: string): string {
  if (segment === '') return '%';
  if (segment === '.' || segment === '..') return segment.replaceAll('.', '%2E');
  const encoded = encodeURIComponent(segment);
  return encoded.length <= MAX_SEGMENT ? encoded : createHash('sha256').update(segment).digest('hex');
}

export class ObjectCache {
  constructor(readonly root: string) {}

  /** `<root>/s3/<bucket>/<key folders>/<etag>_<file name>` */
  pathOf(object: ListedObject): string {
    const segments = object.key.split('/');
    const name = segments.pop()!;
    const etag = object.etag.replace(/[^A-Za-z0-9-]/g, '') || 'no-etag';
    return join(this.root, 's3', object.bucket, ...segments.map(encodeSegment), encodeSegment(`${etag}_${name}`));
  }

  /** True when the object is here, whole (same size as listed). */
  async has(object: ListedObject): Promise<boolean> {
    const info = await stat(this.pathOf(object)).catch(() => undefined);
    return info !== undefined && info.isFile() && info.size === object.size;
  }

  /** Streams `body` to the object's path through a temporary file; returns the bytes written. */
  async write(object: ListedObject, body: Readable, onBytes: (n: number) => void = () => {}): Promise<number> {
    const path = this.pathOf(object);
    await mkdir(dirname(path), { recursive: true });
    const temporary = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.part`;
    let bytes = 0;
    const count = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        bytes += chunk.length;
        onBytes(chunk.length);
        done(null, chunk);
      },
    });
    try {
      await pipeline(body, count, createWriteStream(temporary));
      if (bytes !== object.size) throw new Error(`got ${bytes} of ${object.size} bytes`);
      await rename(temporary, path);
      return bytes;
    } catch (error) {
      await unlink(temporary).catch(() => {});
      throw error;
    }
  }
}
