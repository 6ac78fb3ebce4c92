/**
 * The runtime seam: what the run needs from whatever hosts the cluster. Docker (testcontainers
 * and dockerode, behind topology) is the one implementation today; a Kubernetes runtime
 * (CloudNativePG or a Patroni operator, Chaos Mesh for faults) would implement the same
 * interfaces without touching faults, procedures or checks. docs/kubernetes.md maps each part.
 */
import type pg from 'pg';
import type { Member } from './member.ts';
import type { NodeAddress, NodeRole } from './pg-node.ts';
import type { ConnectionOptions } from './pg-connection.ts';
import type { StandbyIdentity } from './postgres-conf.ts';
import type { ClientEndpoint } from './endpoint.ts';
import type { ClusterOptions, FreshNodeStart } from './cluster.ts';
import { PgCluster, type StartedCluster } from './cluster.ts';

/** A member that runs one PostgreSQL server of the cluster. */
export interface PostgresMember extends Member {
  /** what it is in the replication topology, as pgdrill last saw it */
  role: NodeRole;
  readonly standby: StandbyIdentity;
  /** its physical slot on the primary, and the application_name it streams with */
  readonly slotName: string;
  readonly applicationName: string;
  readonly applicationNames: string[];
  /** where the harness reaches it, and where clients do */
  readonly address: NodeAddress;
  readonly clientAddress: NodeAddress;
  query<R extends pg.QueryResultRow = Record<string, unknown>>(
    sql: string,
    params?: unknown[],
    database?: string,
    timeoutMs?: number,
  ): Promise<R[]>;
  queryOne<R extends pg.QueryResultRow = Record<string, unknown>>(
    sql: string,
    params?: unknown[],
    database?: string,
  ): Promise<R>;
  connectionSettings(options: ConnectionOptions): pg.ClientConfig;
  /** PostgreSQL's own shutdown and start, the member staying up */
  stopPostgres(mode: string): Promise<void>;
  startPostgres(): Promise<void>;
  /** a killed member back, its PostgreSQL held down for a rejoin to rewind it first */
  restartHeld(): Promise<void>;
  /** what a procedure that drives PostgreSQL itself found */
  postgresSeen(running: boolean): void;
  /** its PostgreSQL log, also after it died */
  logs(): Promise<string>;
  closeConnections(): Promise<void>;
}

/** A started topology: the only handle on running members; dispose() removes all it started. */
export interface StartedTopology extends AsyncDisposable {
  readonly runId: string;
  readonly nodes: readonly PostgresMember[];
  readonly endpoint: ClientEndpoint;
  /** a manager (Patroni) runs the cluster: it elects, and moves the replicas itself */
  readonly managed?: { readonly electionTimeoutMs: number };
  /** PgBouncer before the nodes, and who moves it to a new primary */
  readonly pgbouncer?: { readonly movedBy: 'pgdrill' | 'nobody' | 'haproxy' };
  /** etcd members and HAProxy, when the topology has them */
  sidecars(): Member[];
  primary(): PostgresMember;
  liveReplicas(): PostgresMember[];
  node(name: string): PostgresMember | undefined;
  resolve(ref: string): PostgresMember;
  resolveAny(ref: string): PostgresMember | Member;
  nodeAt(ip: string): string | undefined;
  recordPromotion(node: PostgresMember): void;
  refreshRoles(): Promise<void>;
  startFreshNode(prefix: string, start: FreshNodeStart): Promise<PostgresMember>;
  logs(): Promise<Record<string, string>>;
  dispose(): Promise<void>;
}

export interface Runtime {
  /** `docker` today */
  readonly name: string;
  /** Brings up the topology `options` describe; a failed start removes what it had started. */
  start(options: ClusterOptions): Promise<StartedTopology>;
}

/** Containers on the local engine, started by testcontainers, faults through the engine's API. */
export const dockerRuntime: Runtime = {
  name: 'docker',
  start: (options) => new PgCluster(options).start(),
};

/** The Docker handles satisfy the seam (checked here, at compile time, not by a cast). */
type Satisfies<T extends U, U> = T;
export type DockerSatisfiesTheSeam = Satisfies<StartedCluster, StartedTopology>;
