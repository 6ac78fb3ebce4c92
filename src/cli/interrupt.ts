/**
 * Ctrl-C and SIGTERM: abort the drill, remove its containers, exit 130/143. A second signal
 * exits at once; `pgdrill clean` then removes what is left.
 */
import { removeActiveRuns } from '../topology/active-runs.ts';
import { progress } from './output.ts';

export function installInterruptHandler(controller: AbortController): () => void {
  let interrupted = false;
  const onSignal = (signal: NodeJS.Signals) => {
    const code = signal === 'SIGINT' ? 130 : 143;
    if (interrupted) {
      progress('pgdrill: interrupted again, exiting now — run `pgdrill clean` to remove leftovers');
      process.exit(code);
    }
    interrupted = true;
    progress(`pgdrill: ${signal}: stopping the drill and removing its containers…`);
    controller.abort(new Error(`interrupted by ${signal}`));
    void removeActiveRuns().finally(() => process.exit(code));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return () => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
}
