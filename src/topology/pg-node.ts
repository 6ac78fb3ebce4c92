/**
 * A started PostgreSQL node: its container, its admin connection over the mapped port, and
 * its role as pgdrill last saw it. Roles change only through the cluster (promote, kill).
 */
import pg from 'pg';
import type { StartedTestContainer } from 'testcontainers';
import { InfrastructureError } from '../errors.ts';
import { dockerCall, dockerClient } from './docker-client.ts';
import { readContainerFile } from './container-file.ts';

const POSTGRES_LOG = '/var/log/pgdrill/postgresql.log';

/** What the node is in the replication topology, as pgdrill last saw it. */
export type NodeRole = 'primary' | 'replica' | 'former-primary';

/** Whether its PostgreSQL can answer: faults move a node between these. */
export type NodeState = 'running' | 'stopped' | 'paused' | 'killed';

/** The harness observes through this port; clients use 5432 (see compose/node/pgdrill-node). */
export const ADMIN_PORT = 5433;
export const CLIENT_PORT = 5432;

export interface NodeAddress {
  host: string;
  port: number;
}

export class PgNode {
  role: NodeRole;
  state: NodeState = 'running';
  private readonly pools = new Map<string, pg.Pool>();

  constructor(
    /** pgdrill's name for the node, e.g. `pg-2` */
    readonly name: string,
    /** the container's name: also its host name on the run's network */
    readonly hostname: string,
    readonly container: StartedTestContainer,
    role: NodeRole,
    readonly superuserPassword: string,
    /** the node's address on the run's network, and that network's gateway (where host traffic comes from) */
    readonly network: { ip: string; gateway: string },
  ) {
    this.role = role;
  }

  /** physical replication slot a replica of this name streams through */
  get slotName(): string {
    return this.name.replace(/-/g, '_');
  }

  /** PostgreSQL answers (as far as pgdrill's own faults go) */
  get alive(): boolean {
    return this.state === 'running';
  }

  /** the node's PostgreSQL as the harness reaches it (loopback, mapped admin port) */
  get address(): NodeAddress {
    return { host: this.container.getHost(), port: this.container.getMappedPort(ADMIN_PORT) };
  }

  /** the node's PostgreSQL as clients reach it (loopback, mapped client port) */
  get clientAddress(): NodeAddress {
    return { host: this.container.getHost(), port: this.container.getMappedPort(CLIENT_PORT) };
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
        ...this.address,
        user: 'postgres',
        password: this.superuserPassword,
        database,
        max: 2,
        idleTimeoutMillis: 2_000,
        connectionTimeoutMillis: 3_000,
        query_timeout: 15_000,
        application_name: 'pgdrill-admin',
      });
      // An idle connection dies with its node; that is expected, not a crash.
      pool.on('error', () => {});
      this.pools.set(database, pool);
    }
    return pool;
  }

  /** Runs a command in the container; secrets go through `env`, never argv. */
  async exec(command: string[], options: { user?: string; env?: Record<string, string> } = {}) {
    return this.container.exec(command, options);
  }

  /** SIGKILL of the whole container: the node is gone, as with a power cut. */
  async kill(): Promise<void> {
    await this.closeConnections();
    await dockerCall(`kill ${this.name}`, () => dockerClient().getContainer(this.container.getId()).kill({ signal: 'SIGKILL' }));
    this.state = 'killed';
  }

  /** Runs a shell command as root in the node; a non-zero exit is an error carrying its output. */
  async shell(script: string, options: { user?: string; env?: Record<string, string> } = {}): Promise<string> {
    const result = await dockerCall(`run a command in ${this.name}`, () =>
      this.container.exec(['bash', '-c', script], { user: options.user ?? 'root', env: options.env }),
    );
    if (result.exitCode !== 0) {
      throw new InfrastructureError('PGDRILL_EXEC_FAILED', `${this.name}: \`${script}\` exited ${result.exitCode}: ${result.output.trim().slice(0, 500)}`);
    }
    return result.output;
  }

  /**
   * The node's PostgreSQL log, complete, also after the node died; what the node's entrypoint
   * printed before PostgreSQL started comes first.
   */
  async logs(): Promise<string> {
    const container = dockerClient().getContainer(this.container.getId());
    const [postgresLog, output] = await Promise.all([
      readContainerFile(this.container.getId(), POSTGRES_LOG).catch(() => null),
      container.logs({ stdout: true, stderr: true, follow: false }).then((b) => demuxDockerLog(b as unknown as Buffer)),
    ]);
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

/** Docker's non-TTY log format prefixes each chunk with an 8-byte header (stream, size). */
export function demuxDockerLog(buffer: Buffer): string {
  const chunks: Buffer[] = [];
  let offset = 0;
  while (offset + 8 <= buffer.length) {
    const size = buffer.readUInt32BE(offset + 4);
    chunks.push(buffer.subarray(offset + 8, offset + 8 + size));
    offset += 8 + size;
  }
  return Buffer.concat(chunks).toString('utf8');
}
