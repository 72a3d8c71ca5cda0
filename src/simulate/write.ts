/** Writes a simulated archive to disk as gzipped JSON at S3-style keys under a folder. */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { SimulatedArchive } from './types.js';

export interface ArchiveEntry {
  /** S3 key, `/`-separated, relative to the bucket root. */
  key: string;
  body: unknown;
}

export interface WrittenArchive {
  files: number;
  /** Compressed bytes written. */
  bytes: number;
}

/** Files written at once; enough to keep the disk busy without exhausting file handles. */
const WRITE_CONCURRENCY = 64;

/** Log files as `{"Records":[...]}`, then digest files. */
export function archiveEntries(archive: SimulatedArchive): ArchiveEntry[] {
  return [
    ...archive.logFiles.map((f) => ({ key: f.key, body: { Records: f.records } })),
    ...archive.digestFiles.map((f) => ({ key: f.key, body: f.body })),
  ];
}

/**
 * Compact JSON, gzipped at the default level. gzipSync writes no timestamp or file name in the
 * header, so equal input gives equal bytes.
 */
export function encodeJsonGzip(body: unknown): Buffer {
  return gzipSync(JSON.stringify(body));
}

export async function writeArchive(archive: SimulatedArchive, outDir: string): Promise<WrittenArchive> {
  const entries = archiveEntries(archive).map((e) => ({ path: join(outDir, ...e.key.split('/')), body: e.body }));
  for (const dir of new Set(entries.map((e) => dirname(e.path)))) await mkdir(dir, { recursive: true });

  let bytes = 0;
  for (let i = 0; i < entries.length; i += WRITE_CONCURRENCY) {
    await Promise.all(
      entries.slice(i, i + WRITE_CONCURRENCY).map(async (entry) => {
        const data = encodeJsonGzip(entry.body);
        bytes += data.length;
        await writeFile(entry.path, data);
      }),
    );
  }
  return { files: entries.length, bytes };
}
