/**
 * Ctrl-C and SIGTERM: abort the drill, remove its containers, exit 130/143. The handler owns
 * the exit: whatever the aborted run throws meanwhile, `main` waits for `pendingInterrupt()`.
 * A second signal exits at once; `pgdrill clean` then removes what is left.
 */
import { removeActiveRuns } from '../topology/active-runs.ts';
import { progress } from './output.ts';

let pending: Promise<number> | null = null;
const UNWIND_GRACE_MS = 2_000;

/** The exit code of an interruption under way (after its cleanup), or null when there is none. */
export const pendingInterrupt = (): Promise<number> | null => pending;

export function installInterruptHandler(controller: AbortController): () => void {
  const onSignal = (signal: NodeJS.Signals) => {
    const code = signal === 'SIGINT' ? 130 : 143;
    if (pending) {
      progress('pgdrill: interrupted again, exiting now — run `pgdrill clean` to remove leftovers');
      process.exit(code);
    }
    progress(`pgdrill: ${signal}: stopping the drill and removing its containers…`);
    controller.abort(new Error(`interrupted by ${signal}`));
    pending = removeActiveRuns().then(
      () => code,
      () => code,
    );
    // The aborted run unwinds and `main` exits with the code. A wait that does not listen to the
    // abort (a node still starting, a leader election's poll) would keep the process alive with
    // nothing left to wait for: once the containers are gone, it gets a grace period, then exits.
    void pending.then((exit) => setTimeout(() => process.exit(exit), UNWIND_GRACE_MS).unref());
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return () => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
}
