import { InputError } from '../../errors.js';

/** How a runner waits for a query: fixed pauses until a deadline. Tests pass a `sleep` that returns at once. */
export interface PollOptions {
  /** Pause between status checks (default 2 s). */
  pollIntervalMs?: number | undefined;
  /** Give up (and cancel the query) after this long (default 30 minutes). */
  timeoutMs?: number | undefined;
  sleep?: ((ms: number) => Promise<void>) | undefined;
  now?: (() => number) | undefined;
  /** The client's region, named in the one-line error of a failed call. */
  region?: string | undefined;
}

export const DEFAULT_POLL_INTERVAL_MS = 2_000;
export const DEFAULT_TIMEOUT_MS = 30 * 60_000;

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** One line, whatever the service put in its message. */
export const oneLine = (text: string): string => text.replace(/\s+/g, ' ').trim();

/** Sends an SDK command; a service error becomes one InputError line naming the engine, the call and (given) the region. */
export async function call<T>(engine: string, action: string, send: () => Promise<T>, region?: string): Promise<T> {
  try {
    return await send();
  } catch (error) {
    if (error instanceof InputError) throw error;
    const e = error as { name?: string; message?: string };
    const name = e.name && e.name !== 'Error' ? `${e.name}: ` : '';
    throw new InputError(oneLine(`${engine} ${action}${region ? ` in ${region}` : ''} failed: ${name}${e.message ?? String(error)}`));
  }
}

/**
 * Asks for the state until `settled` says the query is done (returns true) or has failed (throws); past the
 * deadline, `cancel` runs (its failure is ignored) and the run stops with one line.
 */
export async function pollUntilDone<S>(
  check: () => Promise<S>,
  settled: (state: S) => boolean,
  onTimeout: { cancel: () => Promise<unknown>; message: string },
  options: PollOptions,
): Promise<S> {
  const sleep = options.sleep ?? realSleep;
  const now = options.now ?? Date.now;
  const interval = options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS;
  const deadline = now() + (options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  for (;;) {
    const state = await check();
    if (settled(state)) return state;
    if (now() >= deadline) {
      await onTimeout.cancel().catch(() => undefined);
      throw new InputError(onTimeout.message);
    }
    await sleep(interval);
  }
}
