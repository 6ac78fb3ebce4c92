/**
 * The write workload: N clients, each inserting one uniquely keyed row per transaction through
 * the client endpoint, reconnecting to wherever the endpoint points after a failure. Every
 * attempt lands in the history as invoke -> ok | fail | unknown.
 */
import pg from 'pg';
import type { ClientEndpoint } from '../topology/endpoint.ts';
import type { WorkloadSpec } from '../scenario/model.ts';
import type { History, Operation } from './history.ts';
import { classifyWriteError } from './classify.ts';

export const WORKLOAD_TABLE = 'pgdrill_writes';
export const WORKLOAD_DATABASE = 'app';

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
  /** a write that takes longer is abandoned as unknown. @default 5000 */
  writeTimeoutMs?: number;
  /** pause between a failed attempt and the next, so an outage is not a busy loop. @default 50 */
  retryDelayMs?: number;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export class Workload {
  private readonly ops: Operation[] = [];
  private nextKey = 1;
  private stopping = false;
  private loops: Promise<void>[] = [];
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

  /** Stops every client after its in-flight write and returns the history. */
  async stop(): Promise<History> {
    this.stopping = true;
    await Promise.all(this.loops);
    this.stoppedAtMs ??= this.now();
    return this.history();
  }

  history(): History {
    return { ops: this.ops };
  }

  /** acknowledged writes in the last `windowMs`, for progress output */
  recentThroughput(windowMs = 1000): number {
    const since = this.now() - windowMs;
    let acked = 0;
    for (let i = this.ops.length - 1; i >= 0; i--) {
      const op = this.ops[i]!;
      if (op.completedAt < since) break;
      if (op.outcome === 'ok') acked++;
    }
    return (acked * 1000) / windowMs;
  }

  private async runClient(client: number): Promise<void> {
    const { spec, writeTimeoutMs = 5_000, retryDelayMs = 50 } = this.options;
    const intervalMs = spec.rate ? (1000 * spec.clients) / spec.rate : 0;
    let connection: { db: pg.Client; node: string } | null = null;
    let nextAt = this.now();
    try {
      while (!this.stopping) {
        if (intervalMs > 0) {
          nextAt += intervalMs;
          const wait = nextAt - this.now();
          if (wait > 0) await sleep(wait);
          else if (wait < -1000) nextAt = this.now(); // after an outage, do not burst to catch up
          if (this.stopping) break;
        }
        const key = this.nextKey++;
        const invokedAt = this.now();
        if (!connection) {
          try {
            connection = await this.connect(writeTimeoutMs);
          } catch (error) {
            this.record({ key, client, invokedAt, outcome: classifyWriteError(error, 'connect'), error: message(error) });
            await sleep(retryDelayMs);
            continue;
          }
        }
        try {
          await connection.db.query(`INSERT INTO ${WORKLOAD_TABLE} (key, client) VALUES ($1, $2)`, [key, client]);
          this.record({ key, client, invokedAt, outcome: 'ok', node: connection.node });
        } catch (error) {
          this.record({ key, client, invokedAt, outcome: classifyWriteError(error, 'write'), node: connection.node, error: message(error) });
          // Whatever broke, the next write gets a fresh connection through the endpoint.
          await connection.db.end().catch(() => {});
          connection = null;
          await sleep(retryDelayMs);
        }
      }
    } finally {
      await connection?.db.end().catch(() => {});
    }
  }

  private async connect(timeoutMs: number): Promise<{ db: pg.Client; node: string }> {
    const target = this.options.endpoint.target();
    const db = new pg.Client({
      host: target.host,
      port: target.port,
      ...this.options.credentials,
      connectionTimeoutMillis: timeoutMs,
      query_timeout: timeoutMs,
      keepAlive: true,
      application_name: 'pgdrill-workload',
    });
    db.on('error', () => {}); // surfaced through the failing query instead
    try {
      await db.connect();
    } catch (error) {
      await db.end().catch(() => {});
      throw error;
    }
    return { db, node: target.node };
  }

  private record(op: Omit<Operation, 'completedAt'>): void {
    this.ops.push({ ...op, completedAt: this.now() });
  }
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error)).slice(0, 200);
