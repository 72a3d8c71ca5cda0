import { runCli } from '../../src/cli.js';
import { ExitCode } from '../../src/errors.js';
import { CliError } from '../../src/errors.js';

export const SHARED = new URL('../../../shared/', import.meta.url).pathname;
export const DATASETS = `${SHARED}datasets/`;

/** Runs the CLI in-process, as the entry point does, and collects what it prints. */
export async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io = { stdout: (s: string) => void (stdout += s), stderr: (s: string) => void (stderr += s) };
  let code: number;
  try {
    code = await runCli(args, io);
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    stderr += `config-cost: ${error.message}\n`;
    code = error.exitCode;
  }
  return { code, stdout, stderr };
}

export { ExitCode };
