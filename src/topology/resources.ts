/**
 * Removal of everything pgdrill created, by label: a run's own teardown, the signal handler
 * of an interrupted run, and `pgdrill clean` for the leftovers of a killed process.
 */
import { dockerClient, LABEL_MANAGED, LABEL_RUN_ID } from './docker-client.ts';

export interface RemovedResources {
  containers: string[];
  networks: string[];
  volumes: string[];
}

function labelFilter(runId?: string): string {
  return JSON.stringify({ label: [runId ? `${LABEL_RUN_ID}=${runId}` : `${LABEL_MANAGED}=true`] });
}

const ignoreGone = (error: unknown) => {
  const status = (error as { statusCode?: number }).statusCode;
  if (status !== 404 && status !== 409) throw error;
};

/** Removes the containers, then the networks and volumes, of one run (or of every run). */
export async function removeResources(runId?: string): Promise<RemovedResources> {
  const docker = dockerClient();
  const filters = labelFilter(runId);
  const containers = await docker.listContainers({ all: true, filters });
  await Promise.all(
    containers.map((c) => docker.getContainer(c.Id).remove({ force: true, v: true }).catch(ignoreGone)),
  );
  const networks = await docker.listNetworks({ filters });
  await Promise.all(networks.map((n) => docker.getNetwork(n.Id).remove().catch(ignoreGone)));
  const { Volumes: volumes = [] } = await docker.listVolumes({ filters });
  await Promise.all(volumes.map((v) => docker.getVolume(v.Name).remove({ force: true }).catch(ignoreGone)));
  return {
    containers: containers.map((c) => c.Names[0]?.replace(/^\//, '') ?? c.Id),
    networks: networks.map((n) => n.Name),
    volumes: volumes.map((v) => v.Name),
  };
}

/** What `pgdrill clean` would remove, without removing it. */
export async function listResources(): Promise<RemovedResources> {
  const docker = dockerClient();
  const filters = labelFilter();
  const [containers, networks, { Volumes: volumes = [] }] = await Promise.all([
    docker.listContainers({ all: true, filters }),
    docker.listNetworks({ filters }),
    docker.listVolumes({ filters }),
  ]);
  return {
    containers: containers.map((c) => c.Names[0]?.replace(/^\//, '') ?? c.Id),
    networks: networks.map((n) => n.Name),
    volumes: volumes.map((v) => v.Name),
  };
}
