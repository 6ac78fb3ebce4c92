/**
 * The read workload (`workload.reads`): reads of the write workload's table at a steady rate,
 * through the replica path (HAProxy's replica port, else each live replica in turn) or through
 * the client endpoint. Each read records, per writing client, the highest key it saw; the
 * checker (checks/reads.ts) turns that into stale reads, their age and non-monotonic reads.
 */
import pg from 'pg';
import type { ReadOperation } from '../evidence/history.ts';
import type { EndpointTarget } from '../topology/runtime.ts';
import { WORKLOAD_TABLE } from '../topology/workload-database.ts';
import { sleep } from '../poll.ts';

export interface ReadWorkloadOptions {
  /** reads per second across all paths */
  rate: number;
  /** where the next read may go, asked before each one (replicas come and go) */
  targets: () => EndpointTarget[];
  credentials: { user: string; password: string; database: string };
  now: () => number;
  nodeAt?: (ip: string) => string | undefined;
  /** @default 2000 */
  timeoutMs?: number;
}

/** One row: the server, and each client's highest visible key. */
const READ = `SELECT host(inet_server_addr()) AS server,
  coalesce((SELECT json_object_agg(client, k) FROM (SELECT client, max(key) AS k FROM ${WORKLOAD_TABLE} GROUP BY client) s), '{}') AS seen`;

export class ReadWorkload {
  private readonly reads: ReadOperation[] = [];
  private readonly lifetime = new AbortController();
  private readonly connections = new Map<string, pg.Client>();
  private loop?: Promise<void>;

  constructor(private readonly options: ReadWorkloadOptions) {}

  start(): void {
    this.loop = this.run();
  }

  /** Stops reading, closes every connection and returns the reads. Idempotent. */
  async stop(): Promise<ReadOperation[]> {
    this.lifetime.abort();
    await this.loop;
    await Promise.all([...this.connections.values()].map((db) => closeQuietly(db)));
    this.connections.clear();
    return this.reads;
  }

  private async run(): Promise<void> {
    const { signal } = this.lifetime;
    const intervalMs = 1000 / this.options.rate;
    let turn = 0;
    let nextAt = this.options.now();
    while (!signal.aborted) {
      nextAt += intervalMs;
      const wait = nextAt - this.options.now();
      if (wait > 0) await sleep(wait, signal).catch(() => {});
      else if (wait < -1000) nextAt = this.options.now(); // after a stall, no burst
      if (signal.aborted) break;
      const targets = this.options.targets();
      const target = targets[turn++ % Math.max(1, targets.length)];
      if (target) this.reads.push(await this.readOnce(target));
    }
  }

  private async readOnce(target: EndpointTarget): Promise<ReadOperation> {
    const via = target.node;
    const invokedAt = this.options.now();
    try {
      const db = await this.connection(target);
      const { rows } = await db.query<{ server: string | null; seen: Record<string, string | number> }>(READ);
      const row = rows[0];
      const node = (row?.server && this.options.nodeAt?.(row.server)) || undefined;
      const seen = Object.fromEntries(Object.entries(row?.seen ?? {}).map(([client, key]) => [client, Number(key)]));
      return { via, ...(node ? { node } : {}), invokedAt, completedAt: this.options.now(), outcome: 'ok', seen };
    } catch (error) {
      const db = this.connections.get(via);
      this.connections.delete(via);
      if (db) void closeQuietly(db);
      const message = (error instanceof Error ? error.message : String(error)).slice(0, 200);
      return { via, invokedAt, completedAt: this.options.now(), outcome: 'fail', error: message };
    }
  }

  private async connection(target: EndpointTarget): Promise<pg.Client> {
    const open = this.connections.get(target.node);
    if (open) return open;
    const timeoutMs = this.options.timeoutMs ?? 2_000;
    const db = new pg.Client({
      host: target.host,
      port: target.port,
      ...this.options.credentials,
      ...(target.database ? { database: target.database } : {}),
      connectionTimeoutMillis: timeoutMs,
      query_timeout: timeoutMs,
      application_name: 'pgdrill-reads',
    });
    db.on('error', () => this.connections.delete(target.node));
    await db.connect().catch(async (error: unknown) => {
      await closeQuietly(db);
      throw error;
    });
    this.connections.set(target.node, db);
    return db;
  }
}

/** Ends a connection, giving up after a second (a partitioned peer never answers). */
async function closeQuietly(db: pg.Client): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      db.connection?.stream?.destroy();
      resolve();
    }, 1_000);
  });
  await Promise.race([db.end().catch(() => {}), timedOut]);
  clearTimeout(timer);
}
