/**
 * The one way pgdrill waits for something to become true (a leader elected, a replica streaming,
 * a container answering), and its one sleep. A leaf module beside errors.ts, so topology, run,
 * faults and procedures can all use it without an edge between layers.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { InfrastructureError, StepFailedError, errorMessage } from './errors.ts';

const isInfrastructure = (error: unknown) => error instanceof InfrastructureError;

/** Node's timers overflow past this to 1 ms. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Resolves after `ms`; rejects with the signal's reason (the interrupt's own error) the moment the
 * signal aborts, so an interrupted run stops waiting at once.
 */
export async function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  try {
    await delay(Math.min(Math.max(ms, 0), MAX_TIMER_MS), undefined, { signal });
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    throw error;
  }
}

/** One probe's answer: done with a value, or not yet, with where things stand. */
export type Poll<T> = { done: true; value: T } | { done: false; state: string };

export const done = <T>(value: T): Poll<T> => ({ done: true, value });
export const notYet = (state: string): Poll<never> => ({ done: false, state });

/** What a timed-out poll knew: the caller turns it into its own kind of error. */
export interface PollTimeout {
  /** `<what> not reached within <s>s (last: <state or error>)` */
  message: string;
  what: string;
  timeoutMs: number;
  /** the last probe's state, or `failed: <error>` */
  last: string;
  lastError: unknown;
}

export interface PollOptions {
  /** what is awaited, for the timeout message, e.g. `etcd cluster healthy` */
  what: string;
  timeoutMs: number;
  intervalMs: number;
  signal?: AbortSignal;
  /**
   * a probe error that ends the wait at once, thrown as it is. @default an InfrastructureError
   * (Docker failing is exit 3, never "not yet")
   */
  fatal?: (error: unknown) => boolean;
  /** the error a timeout throws. @default a StepFailedError with the message */
  onTimeout?: (timeout: PollTimeout) => Error;
}

/**
 * Calls `probe` every `intervalMs` until it answers done, and returns its value. A probe that
 * throws counts as not yet (its error is the `last` of a timeout), unless `fatal`. The probe always runs at least
 * once; an aborted signal ends the wait with the signal's reason.
 */
export async function pollUntil<T>(probe: () => Promise<Poll<T>>, options: PollOptions): Promise<T> {
  const outcome = await pollWithin(probe, options);
  if (outcome.reached) return outcome.value;
  const { timeout } = outcome;
  throw options.onTimeout
    ? options.onTimeout(timeout)
    : new StepFailedError(timeout.message, { cause: timeout.lastError });
}

/** The same wait, for callers to whom a timeout is an answer (a node that never follows), not an error. */
export async function pollWithin<T>(
  probe: () => Promise<Poll<T>>,
  options: Omit<PollOptions, 'onTimeout'>,
): Promise<{ reached: true; value: T } | { reached: false; timeout: PollTimeout }> {
  const { what, timeoutMs, intervalMs, signal } = options;
  const deadline = performance.now() + timeoutMs;
  let last = 'not probed';
  let lastError: unknown;
  for (;;) {
    if (signal?.aborted) throw signal.reason;
    try {
      const answer = await probe();
      if (answer.done) return { reached: true, value: answer.value };
      last = answer.state;
    } catch (error) {
      if ((options.fatal ?? isInfrastructure)(error)) throw error;
      lastError = error;
      last = `failed: ${errorMessage(error)}`;
    }
    const remaining = deadline - performance.now();
    if (remaining <= 0) break;
    await sleep(Math.min(intervalMs, remaining), signal);
  }
  const message = `${what} not reached within ${Number((timeoutMs / 1000).toFixed(3))}s (last: ${last})`;
  return { reached: false, timeout: { message, what, timeoutMs, last, lastError } };
}
