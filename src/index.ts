import { runCli } from './cli.js';
import { CliError } from './errors.js';

/** The process entry: the only place that sets the exit code. */

// On Node 20 the AWS SDK warns on stderr that later versions need Node 22: not the tool's output. This is the
// SDK's documented switch (aws/aws-sdk-js-v3#7983); a user who set it keeps their value.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const io = {
  stdout: (text: string) => void process.stdout.write(text),
  stderr: (text: string) => void process.stderr.write(text),
  stdoutIsTTY: process.stdout.isTTY === true,
  stderrIsTTY: process.stderr.isTTY === true,
  env: process.env,
};

try {
  process.exitCode = await runCli(process.argv.slice(2), io);
} catch (error) {
  if (error instanceof CliError) {
    process.stderr.write(`config-cost: ${error.message}\n`);
    process.exitCode = error.exitCode;
  } else {
    process.stderr.write(`config-cost: internal error: ${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 70; // EX_SOFTWARE: a bug, not the user's mistake
  }
}
