/** Where a command writes; tests pass collectors, the entry point passes the process streams. */
export interface CommandIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Whether each stream is a terminal (progress and colour only then); absent: not a terminal. */
  stdoutIsTTY?: boolean;
  stderrIsTTY?: boolean;
  /** The environment, for NO_COLOR; absent: empty. */
  env?: Readonly<Record<string, string | undefined>>;
}
