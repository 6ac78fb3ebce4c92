/**
 * The runtime seam: what the run needs from whatever hosts the cluster. Docker (testcontainers
 * and dockerode, behind topology) is the one implementation today; a Kubernetes runtime
 * (CloudNativePG or a Patroni operator, Chaos Mesh for faults) would implement the same
 * interfaces without touching faults, procedures or checks. docs/kubernetes.md maps each part.
 * Types only: the Docker implementation is ./docker-runtime.ts, which the run alone imports.
 */
import type pg from 'pg';
import type { Member } from './member.ts';
import type { NodeAddress, NodeRole } from './pg-node.ts';
import type { ConnectionOptions } from './pg-connection.ts';
import type { StandbyIdentity } from './postgres-conf.ts';
import type { TopologySpec, VolumeName } from '../model/model.ts';
import type { ClusterSecrets } from './secrets.ts';

/** What `Runtime.start` brings up: the scenario's topology, for one run. */
export interface ClusterOptions {
  runId: string;
  scenario: string;
  image: string;
  topology: TopologySpec;
  secrets: ClusterSecrets;
  /** @default 120_000 */
  startupTimeoutMs?: number;
  /** volumes that get a filesystem of their own, of this many bytes, so disk-full can fill them */
  limitedVolumes?: Partial<Record<VolumeName, number>>;
  /**
   * the run takes backups: every node mounts a shared backup volume at BACKUP_DIR (and pushes WAL
   * to pgBackRest, if it is used; summarises WAL for incremental pg_basebackup)
   */
  backups?: { pgbackrest: boolean; summarizeWal: boolean };
  /** a logical subscriber follows the primary: wal_level = logical on every node */
  logicalSubscriber?: boolean;
}

/** How a fresh node starts: initialised as an empty primary, or with nothing running (a restore fills it). */
export type FreshNodeStart = 'primary' | 'idle';

export interface EndpointTarget {
  /** node the endpoint routes to right now */
  node: string;
  host: string;
  port: number;
  /** the database name to ask for, when not the workload's own (a team's pgbouncer.ini names its own) */
  database?: string;
}

/**
 * Where the workload's clients connect: the primary's own port (what an application with a
 * connection string does), PgBouncer, or HAProxy.
 */
export interface ClientEndpoint {
  readonly kind: 'direct' | 'pgbouncer' | 'haproxy';
  target(): EndpointTarget;
  /**
   * Makes new connections go to `node` (an operator editing the connection string). Resolves to
   * null when they will, or to why they will not: an endpoint nobody moves stays where it was.
   */
  repoint(node: PostgresMember): Promise<string | null>;
}

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
  /** where a read-only client connects: HAProxy's replica port, else each live replica */
  replicaPath(): EndpointTarget[];
  node(name: string): PostgresMember | undefined;
  resolve(ref: string): PostgresMember;
  resolveAny(ref: string): PostgresMember | Member;
  nodeAt(ip: string): string | undefined;
  recordPromotion(node: PostgresMember): void;
  refreshRoles(): Promise<void>;
  startFreshNode(prefix: string, start: FreshNodeStart): Promise<PostgresMember>;
  /** a node startFreshNode started, by name */
  freshNode(name: string): PostgresMember | undefined;
  logs(): Promise<Record<string, string>>;
  dispose(): Promise<void>;
}

export interface Runtime {
  /** `docker` today */
  readonly name: string;
  /** Brings up the topology `options` describe; a failed start removes what it had started. */
  start(options: ClusterOptions): Promise<StartedTopology>;
}
