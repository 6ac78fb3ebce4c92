/**
 * The clusters this process has running, so that a signal handler can remove them before the
 * process exits (testcontainers installs no handler of its own, and Ryuk is off).
 */
import { sleep } from '../poll.ts';
import { removeResources } from './resources.ts';

const active = new Set<string>();

export const trackRun = (runId: string) => active.add(runId);
export const untrackRun = (runId: string) => active.delete(runId);

/**
 * Removes every tracked run. Swept twice: a container whose creation was already on its way to
 * the engine when the first sweep listed containers would otherwise survive the exit.
 */
export async function removeActiveRuns(): Promise<void> {
  const ids = [...active];
  for (const delayMs of [0, 750]) {
    await sleep(delayMs);
    await Promise.allSettled(ids.map((id) => removeResources(id)));
  }
  active.clear();
}
