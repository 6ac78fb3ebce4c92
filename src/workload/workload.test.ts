import { EventEmitter } from 'node:events';
import pg from 'pg';
import { describe, expect, it, vi } from 'vitest';
import type { ClientEndpoint } from '../topology/runtime.ts';
import { Workload, type WorkloadOptions } from './workload.ts';

/** Just enough of pg.Client, behaving like node-postgres where it matters here. */
class FakeClient extends EventEmitter {
  dead = false;
  ended = false;
  queries = 0;
  readonly connection = { stream: { destroy: vi.fn(() => this.emit('end')) } };
  constructor(
    readonly behaviour: {
      connect?: () => Promise<void>;
      query?: () => Promise<unknown>;
      end?: () => Promise<void>;
    } = {},
  ) {
    super();
  }
  async connect() {
    await this.behaviour.connect?.();
  }
  async query() {
    // what node-postgres does after its 'error' event: reject without sending anything
    if (this.dead) throw new Error('Client has encountered a connection error and is not queryable');
    this.queries++;
    return this.behaviour.query ? this.behaviour.query() : { rows: [] };
  }
  async end() {
    this.ended = true;
    await this.behaviour.end?.();
  }
  /** the server went away while the client sat idle */
  die() {
    this.dead = true;
    this.emit('error', new Error('Connection terminated unexpectedly'));
    this.emit('end');
  }
}

const endpoint: ClientEndpoint = {
  kind: 'direct',
  target: () => ({ node: 'pg-1', host: '127.0.0.1', port: 5432 }),
  repoint: async () => null,
};

function workload(clients: FakeClient[] | (() => FakeClient), options: Partial<WorkloadOptions> = {}) {
  const next =
    typeof clients === 'function'
      ? clients
      : () => clients.shift() ?? new FakeClient({ connect: () => Promise.reject(refused()) });
  return new Workload({
    spec: { clients: 1, rate: 200 },
    endpoint,
    credentials: { user: 'app', password: 'x', database: 'app' },
    retryDelayMs: 1,
    newClient: () => next() as unknown as pg.Client,
    ...options,
  });
}

const refused = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });

describe('Workload', () => {
  it('stops at once even when the pacing sleep is long', async () => {
    const w = workload([], { spec: { clients: 4, rate: 0.01 } }); // 400 s between writes
    w.start();
    const started = performance.now();
    const history = await w.stop();
    expect(performance.now() - started).toBeLessThan(500);
    expect(history.ops).toEqual([]);
  });

  it('stops at once during a retry pause', async () => {
    const w = workload(() => new FakeClient({ connect: () => Promise.reject(refused()) }), { retryDelayMs: 60_000 });
    w.start();
    await vi.waitFor(() => expect(w.history().ops.length).toBeGreaterThan(0));
    const started = performance.now();
    await w.stop();
    expect(performance.now() - started).toBeLessThan(500);
    expect(w.history().ops.map((o) => o.outcome)).toEqual(['fail']);
  });

  it('lets the write in flight finish and records it', async () => {
    let release!: () => void;
    const first = new FakeClient({ query: () => new Promise((r) => (release = () => r({ rows: [] }))) });
    const w = workload([first]);
    w.start();
    await vi.waitFor(() => expect(first.queries).toBe(1));
    const stopped = w.stop();
    setTimeout(() => release(), 20);
    const history = await stopped;
    expect(history.ops.map((o) => o.outcome)).toEqual(['ok']);
    expect(first.ended).toBe(true);
  });

  it('replaces a connection that died while idle: a write that could not be sent is fail, never unknown', async () => {
    const first = new FakeClient();
    const w = workload([first]); // every later connect is refused
    w.start();
    await vi.waitFor(() => expect(w.history().ops.length).toBeGreaterThanOrEqual(2));
    first.die();
    await vi.waitFor(() =>
      expect(w.history().ops.filter((o) => o.outcome === 'fail').length).toBeGreaterThanOrEqual(2),
    );
    const history = await w.stop();
    const outcomes = history.ops.map((o) => o.outcome);
    expect(outcomes).not.toContain('unknown');
    expect(outcomes.slice(0, 2)).toEqual(['ok', 'ok']);
    expect(history.ops.find((o) => o.outcome === 'fail')?.error).toMatch(/ECONNREFUSED/);
    expect(first.ended).toBe(true);
  });

  it('a write cut off mid-flight is unknown; a server error is fail', async () => {
    const reset = new FakeClient({
      query: () => Promise.reject(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' })),
    });
    const readOnly = new FakeClient({
      query: () =>
        Promise.reject(
          Object.assign(new pg.DatabaseError('cannot execute INSERT in a read-only transaction', 90, 'error'), {
            code: '25006',
          }),
        ),
    });
    const w = workload([reset, readOnly]);
    w.start();
    await vi.waitFor(() => expect(w.history().ops.length).toBeGreaterThanOrEqual(2));
    const history = await w.stop();
    expect(history.ops.slice(0, 2).map((o) => [o.outcome, o.node])).toEqual([
      ['unknown', 'pg-1'],
      ['fail', 'pg-1'],
    ]);
  });

  it('asks, with each write after the first acknowledged one, whether its server holds the client’s last acknowledged write', async () => {
    const statements: string[] = [];
    let queried = 0;
    const server = new FakeClient({
      query: async () =>
        queried++ === 0
          ? { rows: [{ server: '172.20.0.3' }] }
          : { rows: [{ server: '172.20.0.3', held: queried === 2, newest: '0' }] },
    });
    const query = server.query.bind(server);
    server.query = async (...args: unknown[]) => {
      statements.push(String(args[0]));
      return query();
    };
    const w = workload([server], { nodeAt: (ip) => (ip === '172.20.0.3' ? 'pg-2' : undefined) });
    w.start();
    await vi.waitFor(() => expect(w.history().ops.length).toBeGreaterThanOrEqual(3));
    const history = await w.stop();
    const [first, second, third] = history.ops;
    expect(first).toMatchObject({ outcome: 'ok', node: 'pg-2' });
    expect(first?.ownWrites).toBeUndefined();
    expect(statements[0]).not.toContain('EXISTS');
    expect(statements[1]).toContain(`WHERE key = ${first?.key})`);
    expect(second?.ownWrites).toEqual({ lastAcked: first?.key, held: true, newest: 0 });
    expect(third?.ownWrites).toEqual({ lastAcked: second?.key, held: false, newest: 0 });
  });

  it('does not wait forever to close a connection whose peer never answers', async () => {
    const stuck = new FakeClient({ end: () => new Promise(() => {}) });
    const w = workload([stuck]);
    w.start();
    await vi.waitFor(() => expect(stuck.queries).toBeGreaterThan(0));
    const started = performance.now();
    await w.stop();
    expect(performance.now() - started).toBeLessThan(3_000);
    expect(stuck.connection.stream.destroy).toHaveBeenCalled();
  });
});
