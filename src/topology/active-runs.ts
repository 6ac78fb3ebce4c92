/**
 * The clusters this process has running, so that a signal handler can remove them before the
 * process exits (testcontainers installs no handler of its own, and Ryuk is off).
 */
import { removeResources } from './resources.ts';

const active = new Set<string>();

export const trackRun = (runId: string) => active.add(runId);
export const untrackRun = (runId: string) => active.delete(runId);

export async function removeActiveRuns(): Promise<void> {
  await Promise.allSettled([...active].map((id) => removeResources(id)));
  active.clear();
}
