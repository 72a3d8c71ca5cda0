/** Reading and writing price list files (the format of pricing/aws-config.json) for `pricing update` and `pricing show`. */
import { readFileSync, statSync } from 'node:fs';
import { mkdir, rename, unlink, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { loadPriceBook } from '../../data/load.js';
import { InputError, UsageError } from '../../errors.js';
import type { PriceListFile } from '../../sources/price-list/types.js';

/** A price list file, validated with the project's schema (loadPriceBook), as data. */
export function readPriceListFile(path: string): PriceListFile {
  loadPriceBook(path); // throws an InputError naming the path and the first problem
  return JSON.parse(readFileSync(path, 'utf8')) as PriceListFile;
}

/** Refuses an --out that exists and is not a price list: overwriting it would lose something that is not ours. */
export function checkPriceListOut(path: string, flag = '--out'): void {
  let isFile = false;
  try {
    const stat = statSync(path);
    if (stat.isDirectory()) throw new UsageError(`${flag} ${path}: is a folder; name the price list file to write`);
    isFile = stat.isFile();
  } catch (error) {
    if (error instanceof UsageError) throw error;
    return;
  }
  if (!isFile) throw new UsageError(`${flag} ${path}: not a regular file`);
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    data = undefined;
  }
  const looksLikePriceList = typeof data === 'object' && data !== null && Array.isArray((data as { priceSets?: unknown }).priceSets);
  if (!looksLikePriceList) throw new UsageError(`${flag} ${path}: the file exists and is not a price list; choose another path`);
}

const code = (error: unknown): string => (error as NodeJS.ErrnoException).code ?? (error as Error).message;

/**
 * Writes the price list through a temporary file beside `path`, validates that file with the project's
 * schema, then renames it into place: an interrupted or invalid run leaves `path` as it was.
 */
export async function writePriceListAtomic(path: string, file: PriceListFile): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(temporary, `${JSON.stringify(file, null, 2)}\n`);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw new InputError(`cannot write ${path}: ${code(error)}`);
  }
  try {
    loadPriceBook(temporary);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    const reason = (error as Error).message.replace(`${temporary}: `, '');
    throw new InputError(`the refreshed price list does not validate (${reason}); ${path} left unchanged`);
  }
  try {
    await rename(temporary, path);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw new InputError(`cannot write ${path}: ${code(error)}`);
  }
}
