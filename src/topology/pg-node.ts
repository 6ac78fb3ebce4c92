/**
 * A started PostgreSQL node: its container, its admin connection over the mapped port, and
 * its role as pgdrill last saw it. Roles change only through the cluster (promote, kill).
 */
import pg from 'pg';
import type { StartedTestContainer } from 'testcontainers';
import { InfrastructureError, StepFailedError, errorMessage } from '../errors.ts';
import { done, notYet, pollUntil } from '../poll.ts';
import { dockerCall } from './docker-client.ts';
import { ContainerMember, type MemberState } from './member.ts';
import { tarOfOneFile } from './container-file.ts';
import type { StandbyIdentity } from './postgres-conf.ts';
import { POSTGRES_LOG } from './node-layout.ts';
import { type ConnectionOptions, superuserConnection } from './pg-connection.ts';

/** A smart shutdown waits for every client to leave: give up after this long. */
const SHUTDOWN_TIMEOUT_S = 30;

/** What the node is in the replication topology, as pgdrill last saw it. */
export type NodeRole = 'primary' | 'replica' | 'former-primary';

/** Whether its PostgreSQL can answer: faults move a node between these. */
export type NodeState = MemberState;

/** The harness observes through this port; clients use 5432 (see compose/node/pgdrill-node). */
export const ADMIN_PORT = 5433;
export const CLIENT_PORT = 5432;

export interface NodeAddress {
  host: string;
  port: number;
}

export class PgNode extends ContainerMember {
  role: NodeRole;
  private readonly pools = new Map<string, pg.Pool>();

  constructor(
    /** pgdrill's name for the node, e.g. `pg-2` */
    name: string,
    /** the container's name: also its host name on the run's network */
    hostname: string,
    container: StartedTestContainer,
    role: NodeRole,
    readonly superuserPassword: string,
    /** the node's address on the run's network, and that network's gateway (where host traffic comes from) */
    network: { ip: string; gateway: string },
    /** the slot and application_name it streams with whenever it is a standby */
    readonly standby: StandbyIdentity,
  ) {
    super(name, hostname, container, network);
    this.role = role;
    this.ports = { admin: container.getMappedPort(ADMIN_PORT), client: container.getMappedPort(CLIENT_PORT) };
  }

  /** host ports the node's admin and client ports are mapped to (they change if the container restarts) */
  private ports: { admin: number; client: number };

  /** physical replication slot the node streams through as a standby */
  get slotName(): string {
    return this.standby.slot;
  }

  /** the application_name pgdrill gives the node's WAL receiver (synchronous_standby_names lists it) */
  get applicationName(): string {
    return this.standby.applicationName;
  }

  /** How this node may name itself to its primary (pg_stat_replication.application_name): pgdrill's name for it, or Patroni's member name. */
  get applicationNames(): string[] {
    return [...new Set([this.applicationName, this.slotName, this.name])];
  }

  /** the node's PostgreSQL as the harness reaches it (loopback, mapped admin port) */
  get address(): NodeAddress {
    return { host: this.container.getHost(), port: this.ports.admin };
  }

  /** the node's PostgreSQL as clients reach it (loopback, mapped client port) */
  get clientAddress(): NodeAddress {
    return { host: this.container.getHost(), port: this.ports.client };
  }

  /** Runs SQL as the superuser. Each database gets a small pool; a dead node's errors surface here. */
  async query<R extends pg.QueryResultRow = Record<string, unknown>>(
    sql: string,
    params: unknown[] = [],
    database = 'postgres',
    /** for statements that wait on purpose (pg_promote): longer than their own wait. @default 15_000 */
    timeoutMs?: number,
  ): Promise<R[]> {
    const config: pg.QueryConfig & { query_timeout?: number } = { text: sql, values: params };
    if (timeoutMs !== undefined) config.query_timeout = timeoutMs;
    const result = await this.pool(database).query<R>(config);
    return result.rows;
  }

  async queryOne<R extends pg.QueryResultRow = Record<string, unknown>>(
    sql: string,
    params: unknown[] = [],
    database = 'postgres',
  ): Promise<R> {
    const [row] = await this.query<R>(sql, params, database);
    if (!row) throw new InfrastructureError('PGDRILL_QUERY_EMPTY', `${this.name}: query returned no row: ${sql}`);
    return row;
  }

  private pool(database: string): pg.Pool {
    let pool = this.pools.get(database);
    if (!pool) {
      pool = new pg.Pool({
        ...this.connectionSettings({ database, purpose: 'admin', connectTimeoutMs: 3_000, queryTimeoutMs: 15_000 }),
        max: 2,
        idleTimeoutMillis: 2_000,
      });
      // An idle connection dies with its node; that is expected, not a crash.
      pool.on('error', () => {});
      this.pools.set(database, pool);
    }
    return pool;
  }

  /** Settings for a connection of the caller's own to this node's PostgreSQL, as the superuser. */
  connectionSettings(options: ConnectionOptions): pg.ClientConfig {
    return superuserConnection(this.address, this.superuserPassword, options);
  }

  /** SIGKILL of the whole container: the node is gone, as with a power cut. */
  override async kill(): Promise<void> {
    await this.closeConnections();
    await super.kill();
  }

  /** pg_ctl stop inside the container, which stays up (its log and data remain for the evidence). */
  async stopPostgres(mode: string): Promise<void> {
    await this.closeConnections();
    await this.pgCtl(`stop -m ${mode} -w -t ${SHUTDOWN_TIMEOUT_S}`);
    this.moveTo('stopped');
  }

  async startPostgres(): Promise<void> {
    await this.pgCtl(`start -l ${POSTGRES_LOG} -w -t 120`);
    this.moveTo('running');
  }

  /**
   * What a procedure that drives PostgreSQL by its own scripts (a runbook, a restore) found:
   * a server seen running is running; one seen down is stopped unless a fault already says more.
   */
  postgresSeen(running: boolean): void {
    if (running) this.moveTo('running');
    else if (this.state === 'running') this.moveTo('stopped');
  }

  private async pgCtl(args: string): Promise<void> {
    try {
      await this.shell(`pg_ctl -D "$PGDATA" ${args}`, { user: 'postgres' });
    } catch (error) {
      throw new StepFailedError(`${this.name}: pg_ctl ${args.split(' ')[0]} failed: ${errorMessage(error)}`, {
        cause: error,
      });
    }
  }

  /**
   * Starts a killed node's container again with PostgreSQL held down (a marker the entrypoint
   * honours), so a rejoin can rewind it before it ever runs as the primary it was.
   */
  async restartHeld(): Promise<void> {
    const docker = this.docker();
    const marker = tarOfOneFile('run/pgdrill/hold', 'held for a rejoin by pgdrill\n');
    await dockerCall(`mark ${this.name} held`, () => docker.putArchive(marker, { path: '/' }));
    await dockerCall(`start ${this.name} again`, () => docker.start());
    const info = await dockerCall(`inspect ${this.name}`, () => docker.inspect());
    const port = (p: number) => Number(info.NetworkSettings.Ports[`${p}/tcp`]?.[0]?.HostPort);
    this.ports = { admin: port(ADMIN_PORT), client: port(CLIENT_PORT) };
    const ip = Object.values(info.NetworkSettings.Networks)[0]?.IPAddress;
    if (ip) this.network = { ...this.network, ip };
    this.moveTo('stopped');
    // The entrypoint is up once its firewall chain exists (it is set up before the hold check).
    // 100 probes 100 ms apart, each an exec of up to ~100 ms, was the budget before: about 15 s.
    await pollUntil(
      async () => {
        const probe = await this.container.exec(['iptables', '-S', 'PGDRILL']);
        return probe.exitCode === 0 ? done(undefined) : notYet('no PGDRILL firewall chain yet');
      },
      {
        what: `${this.name}'s entrypoint up`,
        timeoutMs: 15_000,
        intervalMs: 100,
        fatal: () => false,
        onTimeout: (t) =>
          new InfrastructureError(
            'PGDRILL_NODE_NOT_READY',
            `${this.name} did not come back after a restart (last: ${t.last})`,
          ),
      },
    );
  }

  /**
   * The node's PostgreSQL log, complete, also after the node died; what the node's entrypoint
   * printed before PostgreSQL started comes first.
   */
  async logs(): Promise<string> {
    const [postgresLog, output] = await Promise.all([this.readFile(POSTGRES_LOG).catch(() => null), this.output()]);
    if (postgresLog === null) return output;
    const entrypointLines = output.split('\n').filter((line) => line.startsWith('pgdrill-node['));
    return [...entrypointLines, postgresLog].join('\n');
  }

  async closeConnections(): Promise<void> {
    const pools = [...this.pools.values()];
    this.pools.clear();
    await Promise.allSettled(pools.map((p) => p.end()));
  }
}
