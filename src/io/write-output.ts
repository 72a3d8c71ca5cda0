import { readFileSync, statSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import { InputError, UsageError } from '../errors.js';

/** First lines of config-cost's text reports, and the marker of its JSON ones. */
const OWN_TEXT = [
  /^AWS Config estimate for container resources/,
  /^AWS Config plan: /,
  /^Rule sets compared on /,
  /^### AWS Config: /,
  /^kind,ruleSet,name,/,
  /^# Usage for infracost, made by config-cost/,
];
const OWN_JSON = /^\{\s*"generator": "config-cost"/;
const OWN_HTML = /<meta name="generator" content="config-cost">/;

/** True when the file at `path` is a report config-cost wrote, so overwriting it loses nothing of the user's. */
export function isOwnReport(path: string): boolean {
  let head: string;
  try {
    head = readFileSync(path, 'utf8').slice(0, 600);
  } catch {
    return false;
  }
  return OWN_JSON.test(head) || OWN_HTML.test(head) || OWN_TEXT.some((re) => re.test(head));
}

/** Refuses to overwrite a file config-cost did not write, unless forced. */
export function checkOverwrite(path: string, force: boolean): void {
  let exists = false;
  try {
    exists = statSync(path).isFile();
  } catch {
    return;
  }
  if (exists && !force && !isOwnReport(path)) {
    throw new UsageError(`--out ${path}: the file exists and is not a config-cost report; give --force to overwrite it`);
  }
}

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
