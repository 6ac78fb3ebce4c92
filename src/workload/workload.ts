/**
 * The write workload: N clients, each inserting one uniquely keyed row per transaction through
 * the client endpoint, reconnecting to wherever the endpoint points after a failure. Every
 * attempt lands in the history as invoke -> ok | fail | unknown.
 */
import pg from 'pg';
import type { ClientEndpoint } from '../topology/runtime.ts';
import type { WorkloadSpec } from '../model/model.ts';
import type { History, Operation } from '../evidence/history.ts';
import { WORKLOAD_DATABASE, WORKLOAD_TABLE } from '../topology/workload-database.ts';
import { sleep } from '../poll.ts';
import { classifyWriteError } from './classify.ts';

export const WORKLOAD_DDL = `CREATE TABLE IF NOT EXISTS ${WORKLOAD_TABLE} (
  key bigint PRIMARY KEY,
  client integer NOT NULL,
  written_at timestamptz NOT NULL DEFAULT clock_timestamp()
)`;

export interface WorkloadOptions {
  spec: WorkloadSpec;
  endpoint: ClientEndpoint;
  credentials: { user: string; password: string; database: string };
  /** monotonic clock, ms */
  now?: () => number;
  /** a write (or a connect) that takes longer is abandoned: unknown (fail for a connect). @default 5000 */
  writeTimeoutMs?: number;
  /** pause between a failed attempt and the next, so an outage is not a busy loop. @default 50 */
  retryDelayMs?: number;
  /**
   * Names the node behind a server address: the server that acknowledged a write says where it
   * is (inet_server_addr()), which behind PgBouncer or HAProxy is not where the client connected.
   */
  nodeAt?: (ip: string) => string | undefined;
  /** makes the pg client; a seam for unit tests. @default config => new pg.Client(config) */
  newClient?: (config: pg.ClientConfig) => pg.Client;
}

/**
 * One uniquely keyed row per transaction; the server that acknowledged it says where it is and,
 * after the client's first acknowledged write, what it holds of the client's own writes
 * (read-your-writes, checks/read-your-writes.ts): whether it has the client's last acknowledged
 * key (a primary-key lookup) and the newest of its earlier keys (the primary key walked down from
 * this one). Both run on the statement's snapshot, through the same endpoint, on the same server.
 */
function writeOf(key: number, client: number, lastAcked: number | undefined): string {
  const [k, c] = [Math.trunc(key), Math.trunc(client)];
  const own =
    lastAcked === undefined
      ? ''
      : `, EXISTS (SELECT 1 FROM ${WORKLOAD_TABLE} WHERE key = ${Math.trunc(lastAcked)}) AS held, (SELECT coalesce(max(key), 0) FROM ${WORKLOAD_TABLE} WHERE client = ${c} AND key < ${k}) AS newest`;
  return `INSERT INTO ${WORKLOAD_TABLE} (key, client) VALUES (${k}, ${c}) RETURNING host(inet_server_addr()) AS server${own}`;
}

interface WriteRow {
  server: string | null;
  held?: boolean | null;
  newest?: string | null;
}

/** How long closing a connection may take before its socket is destroyed (a partitioned peer never answers the FIN). */
const CLOSE_TIMEOUT_MS = 1_000;

/** One client's connection, and whether node-postgres has given up on it. */
interface Connection {
  readonly db: pg.Client;
  readonly node: string;
  /**
   * Set on the client's 'error' or 'end' event. A dead pg.Client rejects the next query at
   * once, without sending it ("not queryable"), so it must be replaced before a write, or a
   * write that never left the harness would be recorded as unknown.
   */
  dead: boolean;
}

/** pgdrill's one sleep, ending at once when `signal` aborts; a client loop then checks why, so it never rejects. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return sleep(ms, signal).catch(() => {});
}

export class Workload {
  private readonly ops: Operation[] = [];
  private nextKey = 1;
  /** owns every wait of every client loop: stop() aborts it and the waits end at once */
  private readonly lifetime = new AbortController();
  private loops: Promise<void>[] = [];
  /** closes started without waiting, so a client can reconnect at once; stop() awaits them */
  private readonly closing = new Set<Promise<void>>();
  private readonly now: () => number;
  startedAtMs: number | null = null;
  stoppedAtMs: number | null = null;

  constructor(private readonly options: WorkloadOptions) {
    this.now = options.now ?? (() => performance.now());
  }

  start(): void {
    this.startedAtMs = this.now();
    const { clients } = this.options.spec;
    this.loops = Array.from({ length: clients }, (_, i) => this.runClient(i));
  }

  /**
   * Stops every client and returns the history. Pacing and retry sleeps end at once; a write
   * or connect in flight finishes first (bounded by writeTimeoutMs), so its outcome is recorded.
   * Idempotent.
   */
  async stop(): Promise<History> {
    this.lifetime.abort();
    await Promise.all(this.loops);
    this.stoppedAtMs ??= this.now();
    await Promise.all(this.closing);
    return this.history();
  }

  history(): History {
    return { ops: this.ops };
  }

  /** Acknowledged writes that completed in the last `windowMs`: the live throughput a terminal shows. */
  acknowledgedWithin(windowMs: number): number {
    const since = this.now() - windowMs;
    let count = 0;
    // Completions are appended in time order (give or take a client): read back from the end only.
    for (let i = this.ops.length - 1; i >= 0 && this.ops[i]!.completedAt >= since; i--)
      if (this.ops[i]!.outcome === 'ok') count++;
    return count;
  }

  private async runClient(client: number): Promise<void> {
    const { spec, writeTimeoutMs = 5_000, retryDelayMs = 50 } = this.options;
    const signal = this.lifetime.signal;
    const intervalMs = spec.rate ? (1000 * spec.clients) / spec.rate : 0;
    let connection: Connection | null = null;
    /** this client's last acknowledged key: its next write asks whether its server holds it */
    let lastAcked: number | undefined;
    let nextAt = this.now();
    try {
      while (!signal.aborted) {
        if (intervalMs > 0) {
          nextAt += intervalMs;
          const wait = nextAt - this.now();
          if (wait > 0) await pause(wait, signal);
          else if (wait < -1000) nextAt = this.now(); // after an outage, do not burst to catch up
          if (signal.aborted) break;
        }
        if (connection?.dead) {
          // Its server went away while it sat idle: nothing was sent on it, nothing to record.
          this.closeInBackground(connection);
          connection = null;
        }
        const key = this.nextKey++;
        const invokedAt = this.now();
        if (!connection) {
          try {
            connection = await this.connect(writeTimeoutMs);
          } catch (error) {
            this.record({
              key,
              client,
              invokedAt,
              outcome: classifyWriteError(error, 'connect'),
              error: message(error),
              ...codeOf(error),
            });
            await pause(retryDelayMs, signal);
            continue;
          }
        }
        try {
          // One message, one packet (the simple protocol): node-postgres writes each message of
          // the extended protocol (Bind, Describe, Execute, Sync) as a packet of its own, and a
          // write waits for each. Both values are integers of ours.
          const result = await connection.db.query<WriteRow>(writeOf(key, client, lastAcked));
          const row = result.rows?.[0];
          const node = (row?.server && this.options.nodeAt?.(row.server)) || connection.node;
          const ownWrites =
            lastAcked !== undefined && typeof row?.held === 'boolean'
              ? { ownWrites: { lastAcked, held: row.held, newest: Number(row.newest ?? 0) } }
              : {};
          this.record({ key, client, invokedAt, outcome: 'ok', node, ...ownWrites });
          lastAcked = key;
        } catch (error) {
          this.record({
            key,
            client,
            invokedAt,
            outcome: classifyWriteError(error, 'write'),
            node: connection.node,
            error: message(error),
            ...codeOf(error),
          });
          // Whatever broke, the next write gets a fresh connection through the endpoint.
          this.closeInBackground(connection);
          connection = null;
          await pause(retryDelayMs, signal);
        }
      }
    } finally {
      if (connection) await this.close(connection);
    }
  }

  /**
   * Opens a connection to wherever the endpoint points now. Any failure here, including the
   * connection dying before it could be used, means the write was never sent.
   */
  private async connect(timeoutMs: number): Promise<Connection> {
    const target = this.options.endpoint.target();
    const newClient = this.options.newClient ?? ((config: pg.ClientConfig) => new pg.Client(config));
    const db = newClient({
      host: target.host,
      port: target.port,
      ...this.options.credentials,
      ...(target.database ? { database: target.database } : {}),
      connectionTimeoutMillis: timeoutMs,
      query_timeout: timeoutMs,
      keepAlive: true,
      application_name: 'pgdrill-workload',
    });
    const connection: Connection = { db, node: target.node, dead: false };
    // A failing query reports its own error; these events only say the client is done for.
    db.on('error', () => (connection.dead = true));
    db.on('end', () => (connection.dead = true));
    try {
      await db.connect();
      // The server may have closed it in the same read as its ReadyForQuery.
      if (connection.dead) throw new Error(`connection to ${target.node} closed as soon as it opened`);
    } catch (error) {
      await this.close(connection);
      throw error;
    }
    return connection;
  }

  private closeInBackground(connection: Connection): void {
    const closed = this.close(connection).finally(() => this.closing.delete(closed));
    this.closing.add(closed);
  }

  /**
   * Ends a connection politely, but for at most CLOSE_TIMEOUT_MS: a peer behind a partition
   * never answers, and stop() must not wait for TCP keepalive. Deliberately not tied to the
   * lifetime signal, which is already aborted when stop() closes the last connections.
   */
  private async close(connection: Connection): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const ended = connection.db.end().then(
      () => true,
      () => true,
    );
    const timedOut = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), CLOSE_TIMEOUT_MS);
    });
    try {
      if (!(await Promise.race([ended, timedOut]))) connection.db.connection?.stream?.destroy();
    } finally {
      clearTimeout(timer);
    }
  }

  private record(op: Omit<Operation, 'completedAt'>): void {
    this.ops.push({ ...op, completedAt: this.now() });
  }
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error)).slice(0, 200);

const codeOf = (error: unknown): { errorCode?: string } => {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? { errorCode: code } : {};
};
