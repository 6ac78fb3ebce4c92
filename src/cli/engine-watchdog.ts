/**
 * Watches the Docker engine while drills run. An engine that stops answering (dockerd stopped,
 * crashed or restarted) would otherwise surface as a tangle of step errors and timeouts, or a
 * hang in a call that never returns; instead the run is aborted with exit 3 and what to do.
 */
import { InfrastructureError } from '../errors.ts';
import { sleep } from '../poll.ts';

export interface EngineWatchdogOptions {
  /** answers true when the engine answered within the time given */
  ping: (signal: AbortSignal) => Promise<boolean>;
  intervalMs?: number;
  /** one ping's patience */
  timeoutMs?: number;
  /** consecutive unanswered pings before the run is given up */
  misses?: number;
}

/** Starts watching; the run is aborted through `controller` when the engine is lost. Returns `stop`. */
export function watchEngine(controller: AbortController, options: EngineWatchdogOptions): () => void {
  const { ping, intervalMs = 2_000, timeoutMs = 5_000, misses = 2 } = options;
  const stopped = new AbortController();
  const watching = AbortSignal.any([stopped.signal, controller.signal]);
  void (async () => {
    let missed = 0;
    let answeredAt = Date.now();
    while (!watching.aborted) {
      await sleep(intervalMs, watching).catch(() => {});
      if (watching.aborted) return;
      const answered = await ping(AbortSignal.any([watching, AbortSignal.timeout(timeoutMs)])).catch(() => false);
      if (answered) answeredAt = Date.now();
      missed = answered ? 0 : missed + 1;
      if (missed >= misses && !watching.aborted) {
        controller.abort(engineLost(`no answer for ${Math.round((Date.now() - answeredAt) / 1000)}s`));
      }
    }
  })();
  return () => stopped.abort();
}

/** The engine was lost: whatever the drill concluded without it is no verdict. */
export function engineLost(detail: string): InfrastructureError {
  return new InfrastructureError(
    'PGDRILL_ENGINE_LOST',
    `the Docker engine stopped answering during the drill (${detail}): the drill was abandoned, with no verdict`,
    {
      hint: 'Start Docker again (`pgdrill setup` does it), then `pgdrill clean` removes what the drill left, and run the drill again.',
    },
  );
}

/**
 * `work`'s outcome, unless the engine is lost (the watchdog aborts `signal` with an
 * InfrastructureError) and `work` has not ended `graceMs` later: a call into a dying engine can
 * hang for ever, and the user is owed exit 3, not a wait. The abandoned work is not awaited.
 */
export function unlessEngineLost<T>(work: Promise<T>, signal: AbortSignal, graceMs = 10_000): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined;
    const onAbort = () => {
      if (!(signal.reason instanceof InfrastructureError)) return; // Ctrl-C: the interrupt handler owns the exit
      timer = setTimeout(() => reject(signal.reason), graceMs);
      timer.unref();
    };
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
