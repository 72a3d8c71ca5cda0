/** Where a command writes; tests pass collectors, the entry point passes the process streams. */
export interface CommandIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}
