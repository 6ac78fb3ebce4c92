/**
 * Removal of everything pgdrill created, by label: a run's own teardown, the signal handler
 * of an interrupted run, and `pgdrill clean` for the leftovers of a killed process.
 */
import { hostname } from 'node:os';
import { dockerClient, LABEL_MANAGED, LABEL_OWNER, LABEL_RUN_ID } from './docker-client.ts';
import { InfrastructureError, errorMessage } from '../errors.ts';
import { done, notYet, pollUntil } from '../poll.ts';

export interface RemovedResources {
  containers: string[];
  networks: string[];
  volumes: string[];
}

function labelFilter(runId?: string): string {
  return JSON.stringify({ label: [runId ? `${LABEL_RUN_ID}=${runId}` : `${LABEL_MANAGED}=true`] });
}

const ignoreGone = (error: unknown) => {
  if ((error as { statusCode?: number }).statusCode !== 404) throw error;
};

type Labels = Record<string, string> | null | undefined;

/**
 * True when the resource belongs to a pgdrill process still running on this host: another
 * drill in progress, not a leftover. A run with no owner label, or another host's, is orphaned.
 */
export function ownedByLiveProcess(labels: Labels, isAlive: (pid: number) => boolean = processAlive): boolean {
  const [host, pid] = (labels?.[LABEL_OWNER] ?? '').split(':');
  return host === hostname() && pid !== undefined && pid !== String(process.pid) && isAlive(Number(pid));
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

interface Selection {
  runId?: string;
  /** also what live pgdrill processes own (`clean --all`) */
  includeLive?: boolean;
}

async function select({ runId, includeLive = runId !== undefined }: Selection) {
  const docker = dockerClient();
  const filters = labelFilter(runId);
  const keep = (labels: Labels) => includeLive || !ownedByLiveProcess(labels);
  const [containers, networks, { Volumes: volumes = [] }] = await Promise.all([
    docker.listContainers({ all: true, filters }),
    docker.listNetworks({ filters }),
    docker.listVolumes({ filters }),
  ]);
  return {
    containers: containers.filter((c) => keep(c.Labels)),
    networks: networks.filter((n) => keep(n.Labels)),
    volumes: volumes.filter((v) => keep(v.Labels)),
  };
}

const names = (s: Awaited<ReturnType<typeof select>>): RemovedResources => ({
  containers: s.containers.map((c) => c.Names[0]?.replace(/^\//, '') ?? c.Id),
  networks: s.networks.map((n) => n.Name),
  volumes: s.volumes.map((v) => v.Name),
});

/**
 * Removes the containers, then the networks and volumes, of one run — or, for `clean`, of every
 * run no live pgdrill process owns (all of them with `includeLive`).
 */
export async function removeResources(selection: string | Selection = {}): Promise<RemovedResources> {
  const docker = dockerClient();
  const chosen = await select(typeof selection === 'string' ? { runId: selection } : selection);
  await Promise.all(chosen.containers.map((c) => removeContainer(c.Id)));
  // A network still attached to a container being removed answers 409: once more, after.
  for (const n of chosen.networks) await removeNetwork(n.Id);
  await Promise.all(chosen.volumes.map((v) => docker.getVolume(v.Name).remove({ force: true }).catch(ignoreGone)));
  return names(chosen);
}

/**
 * Docker sometimes answers a forced removal with 500 "failed to remove root filesystem … device or
 * resource busy" (the overlay mount still held for a moment after a kill) or 409 "removal … already
 * in progress" (a run's own teardown racing `clean`): both pass within seconds, so they are tried
 * again; one that does not pass is Docker's failure (exit 3), not pgdrill's bug.
 */
export function isTransientRemovalError(error: unknown): boolean {
  const { statusCode } = error as { statusCode?: number };
  const message = errorMessage(error);
  return (
    (statusCode === 500 && /device or resource busy|failed to remove root filesystem/i.test(message)) ||
    (statusCode === 409 && /already in progress/i.test(message))
  );
}

const REMOVE_HINT =
  'A Docker engine stopped while containers ran leaves their file systems mounted: stop dockerd, run `pgdrill setup` (it unmounts them before it starts the engine), then `pgdrill clean` again.';

async function removeContainer(id: string): Promise<void> {
  const failed = (message: string, cause: unknown) =>
    new InfrastructureError('PGDRILL_DOCKER_REMOVE', `Docker could not remove container ${id.slice(0, 12)}${message}`, {
      cause,
      hint: REMOVE_HINT,
    });
  // an InfrastructureError from the probe ends the wait at once (pollUntil's default `fatal`)
  await pollUntil(
    async () => {
      try {
        await dockerClient().getContainer(id).remove({ force: true, v: true });
      } catch (error) {
        if ((error as { statusCode?: number }).statusCode === 404) return done(undefined);
        if (isTransientRemovalError(error)) return notYet(errorMessage(error));
        throw failed(`: ${errorMessage(error)}`, error);
      }
      return done(undefined);
    },
    {
      what: `container ${id.slice(0, 12)} removed`,
      timeoutMs: 10_000,
      intervalMs: 500,
      onTimeout: (t) => failed(` within ${t.timeoutMs / 1000} s: ${t.last}`, t.lastError),
    },
  );
}

async function removeNetwork(id: string): Promise<void> {
  const status = (error: unknown) => (error as { statusCode?: number }).statusCode;
  await pollUntil(
    async () => {
      await dockerClient()
        .getNetwork(id)
        .remove()
        .catch((error: unknown) => {
          if (status(error) !== 404) throw error; // already gone is removed
        });
      return done(undefined);
    },
    {
      what: `network ${id.slice(0, 12)} removed`,
      timeoutMs: 2_000,
      intervalMs: 200,
      fatal: (error) => status(error) !== 409, // 409: a container is still detaching
      onTimeout: (t) => (t.lastError instanceof Error ? t.lastError : new Error(t.message)),
    },
  );
}

/** What `pgdrill clean` would remove (leftovers no live pgdrill process owns), without removing it. */
export async function listResources(selection: Selection = {}): Promise<RemovedResources> {
  return names(await select(selection));
}
