/**
 * Exit codes, mapped to the process exit in one place (src/index.ts).
 * 0 done, 1 over budget, 2 usage or input error, 3 finished but the input was incomplete.
 */
export const ExitCode = {
  ok: 0,
  overBudget: 1,
  usage: 2,
  incomplete: 3,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** An error a user can fix: printed as one line, never with a stack trace. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode = ExitCode.usage,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** Bad flags or flag values. */
export class UsageError extends CliError {
  constructor(message: string) {
    super(message, ExitCode.usage);
    this.name = 'UsageError';
  }
}

/** Input that cannot be used at all (a missing path, a data file that fails validation). */
export class InputError extends CliError {
  constructor(message: string) {
    super(message, ExitCode.usage);
    this.name = 'InputError';
  }
}

/** --dry-run stops after the summary: exit 0, one line saying so. */
export class DryRunFinished extends CliError {
  constructor(message = 'dry run: nothing downloaded (run again without --dry-run to fetch and estimate)') {
    super(message, ExitCode.ok);
    this.name = 'DryRunFinished';
  }
}
