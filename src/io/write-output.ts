import { rename, writeFile } from 'node:fs/promises';
import { InputError } from '../errors.js';

/** Writes through a temporary file and a rename, so an interrupted run leaves no half-written report. */
export async function writeFileAtomic(path: string, text: string): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    await writeFile(temporary, text);
    await rename(temporary, path);
  } catch (error) {
    throw new InputError(`cannot write ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}
