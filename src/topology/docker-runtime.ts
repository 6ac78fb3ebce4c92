/** The Docker runtime: containers on the local engine, started by testcontainers (./cluster.ts). */
import { PgCluster, type StartedCluster } from './cluster.ts';
import type { Runtime, StartedTopology } from './runtime.ts';

/** Containers on the local engine, started by testcontainers, faults through the engine's API. */
export const dockerRuntime: Runtime = {
  name: 'docker',
  start: (options) => new PgCluster(options).start(),
};

/** The Docker handles satisfy the seam (checked here, at compile time, not by a cast). */
type Satisfies<T extends U, U> = T;
export type DockerSatisfiesTheSeam = Satisfies<StartedCluster, StartedTopology>;
