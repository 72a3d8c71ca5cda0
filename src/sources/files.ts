import { readFileSync } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import { normalize, sep } from 'node:path';
import { isUtf8 } from 'node:buffer';
import { gunzipSync } from 'node:zlib';
import { InputError } from '../errors.js';
import type { EventCatalog } from '../catalog/event-catalog.js';
import { digestOutcome, type FileDigest } from '../core/file-digest.js';
import { classifyPath, JSON_LINES_NAME, parseTrailText, type ParsedFile } from './parse-file.js';
import { scanLogFile } from './log-file-scan.js';

/** What became of one file. */
export type FileOutcome = { path: string } & ParsedFile;

/**
 * Expands --events paths into files: a file as given, a directory walked recursively in name order.
 * A path that does not exist is an input error; a directory seen twice (a symlink loop) is walked once.
 */
export async function listEventFiles(paths: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  const seenDirectories = new Set<string>();
  const walk = async (dir: string): Promise<void> => {
    const real = await realpath(dir);
    if (seenDirectories.has(real)) return;
    seenDirectories.add(real);
    const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const full = childPath(dir, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (entry.isFile()) files.push(full);
      else if (entry.isSymbolicLink()) {
        const target = await stat(full).catch(() => undefined);
        if (target?.isDirectory()) await walk(full);
        else files.push(full); // a dangling link is reported when it cannot be read
      }
    }
  };
  for (const path of paths) {
    const info = await stat(path).catch((error: NodeJS.ErrnoException) => {
      throw new InputError(error.code === 'ENOENT' ? `--events ${path}: no such file or directory` : `--events ${path}: ${error.message}`);
    });
    if (info.isDirectory()) await walk(normalize(path));
    else files.push(path);
  }
  return files;
}

/**
 * join(dir, name) for a normalised dir, without join's character-by-character rebuilding: its result costs
 * ~870 bytes of heap a path (a deep rope of pieces), which on a 35,000-file archive is 30 MB held all run.
 */
function childPath(dir: string, name: string): string {
  if (dir === '.') return name;
  return dir.endsWith(sep) ? dir + name : dir + sep + name;
}

/** V8 cannot hold a longer string: a file beyond it cannot be parsed as one document. */
const MAX_DOCUMENT_BYTES = 0x1fffffe8;
const GZIP_MAGIC_0 = 0x1f;
const GZIP_MAGIC_1 = 0x8b;

/** Reads, gunzips (by content, not by name) and recognises one file. Never throws. */
export async function readEventFile(path: string): Promise<FileOutcome> {
  const read = readTrailBytes(path);
  if (!('bytes' in read)) return read;
  return { path, ...parseTrailText(path, read.bytes.toString('utf8')) };
}

/**
 * Reads one file straight to its digest. A CloudTrail log file is scanned in place (log-file-scan.ts) unless
 * `scan` is false; anything else, or a log file the scan hands back, is parsed whole. Never throws.
 */
export function digestEventFile(path: string, catalog: EventCatalog, scan = true): FileDigest {
  const read = readTrailBytes(path);
  if (!('bytes' in read)) return digestOutcome(read, catalog);
  if (scan && !JSON_LINES_NAME.test(path)) {
    const scanned = scanLogFile(path, read.bytes, catalog);
    if (scanned === 'insights') return digestOutcome({ path, kind: 'insights' }, catalog);
    if (scanned !== undefined) return scanned;
  }
  return digestOutcome({ path, ...parseTrailText(path, read.bytes.toString('utf8')) }, catalog);
}

/**
 * The gzip trailer states the uncompressed size (mod 2^32, of the last member): one output chunk of that size
 * spares zlib's growing and joining chunks (about a quarter of gunzip's time here). Only a hint, bounded.
 */
function outputChunkSize(gz: Buffer): number {
  const stated = gz.length >= 18 ? gz.readUInt32LE(gz.length - 4) : 0;
  return Math.min(Math.max(stated + 16, 16 * 1024), 64 * 1024 * 1024);
}

/** A file's bytes, gunzipped and checked to be UTF-8 text one document can hold, or why not. */
function readTrailBytes(path: string): { bytes: Buffer } | FileOutcome {
  const byPath = classifyPath(path);
  if (byPath) return { path, kind: byPath };
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    return e.code === 'EACCES'
      ? { path, kind: 'unreadable', code: 'permission-denied', reason: 'permission denied' }
      : { path, kind: 'unreadable', code: 'cannot-read', reason: `cannot read (${e.code ?? e.message})` };
  }
  if (bytes[0] === GZIP_MAGIC_0 && bytes[1] === GZIP_MAGIC_1) {
    try {
      bytes = gunzipSync(bytes, { chunkSize: outputChunkSize(bytes) });
    } catch (error) {
      return { path, kind: 'unreadable', code: 'bad-gzip', reason: `bad gzip (${(error as Error).message})` };
    }
  }
  if (bytes.includes(0)) return { path, kind: 'unreadable', code: 'binary', reason: 'binary data, not CloudTrail JSON' };
  // Decoding invalid UTF-8 would silently replace bytes inside names and ids: refuse the file instead.
  if (!isUtf8(bytes)) return { path, kind: 'unreadable', code: 'invalid-utf8', reason: 'not valid UTF-8 text' };
  if (bytes.length > MAX_DOCUMENT_BYTES) {
    return { path, kind: 'unreadable', code: 'too-large', reason: `${bytes.length} bytes is more than one JSON document can hold here (${MAX_DOCUMENT_BYTES}); split it or use JSON Lines` };
  }
  return { bytes };
}
