/**
 * Wait steps as objects behind one interface, each with a name, a timeout and a poll interval;
 * a timeout says what was awaited, for how long, and where things stood.
 */
import type { WaitStep } from '../model/model.ts';
import type { ConvergenceObservation } from '../evidence/evidence.ts';
import type { RunContext } from '../steps/context.ts';
import { done, notYet, pollUntil, pollWithin, sleep } from '../poll.ts';
import { StepFailedError } from '../errors.ts';
import { lsnAtLeast } from '../evidence/lsn.ts';
import { WORKLOAD_DATABASE } from '../topology/workload-database.ts';
import type { PostgresMember } from '../topology/runtime.ts';
import { POSTGRES_LOG, logMessage } from '../topology/node-layout.ts';
import { currentTimeline, followsOnTimeline } from '../procedures/standby.ts';

const POLL_MS = 100;

export interface WaitStrategy {
  readonly description: string;
  wait(ctx: RunContext): Promise<void>;
}

export function waitStrategyFor(step: WaitStep): WaitStrategy {
  switch (step.wait.kind) {
    case 'duration':
      return new DurationWait(step.wait.ms);
    case 'converged':
      return new ConvergenceWait(step.timeoutMs);
    case 'until':
      return new SqlWait(step.wait.sql, step.wait.target, step.timeoutMs);
  }
}

export class DurationWait implements WaitStrategy {
  constructor(private readonly ms: number) {}
  get description() {
    return `wait ${this.ms / 1000}s`;
  }
  async wait(ctx: RunContext): Promise<void> {
    await sleep(this.ms, ctx.signal);
  }
}

/**
 * A replica's last FATAL line and its DETAIL (the WAL receiver's own words: an invalidated slot,
 * a timeline it cannot follow), or undefined when its log says nothing.
 */
async function receiverComplaint(node: PostgresMember | undefined): Promise<string | undefined> {
  if (!node) return undefined;
  const said = await node
    .shell(`grep -E -A1 'FATAL:' ${POSTGRES_LOG} | tail -n 2`, { user: 'postgres' })
    .catch(() => '');
  const text = said
    .split('\n')
    .map((l) => logMessage(l).trim())
    .filter((l) => l && l !== '--')
    .join(' ');
  return text || undefined;
}

/**
 * The primary and its WAL position now. Under Patroni a failover may be under way as the wait
 * begins (the old leader shutting down to rejoin, its successor still promoting): roles are
 * re-read until a primary answers, within the wait's budget. Without Patroni nothing changes
 * roles behind pgdrill's back, so a primary that does not answer fails the wait at once.
 */
async function primaryPosition(ctx: RunContext, timeoutMs: number): Promise<{ primary: PostgresMember; lsn: string }> {
  const read = async () => {
    const primary = ctx.cluster.primary();
    const { lsn } = await primary.queryOne<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn');
    return { primary, lsn };
  };
  if (!ctx.cluster.managed) return read();
  const found = await pollWithin(
    async () => {
      await ctx.cluster.refreshRoles();
      return done(await read());
    },
    { what: 'a primary that answers', timeoutMs, intervalMs: 500, signal: ctx.signal },
  );
  if (!found.reached) throw new StepFailedError(found.timeout.message);
  return found.value;
}

/**
 * Until every live replica streams from the current primary and has replayed the primary's WAL
 * position taken when the wait began. Both halves matter: a replica left on a dead timeline can
 * hold a larger LSN than the new primary without ever following it.
 */
export class ConvergenceWait implements WaitStrategy {
  constructor(
    private readonly timeoutMs: number,
    /** record the observation as the drill's convergence evidence (false for the silent settle before checksums) */
    private readonly recordAsEvidence = true,
  ) {}

  get description() {
    return 'wait converged';
  }

  async wait(ctx: RunContext): Promise<void> {
    const observation = await this.observe(ctx);
    if (observation.reachedAtMs === null) {
      const lagging = await Promise.all(
        observation.replicas
          .filter((r) => !r.caughtUp)
          .map(async (r) => {
            const why = r.streaming ? undefined : await receiverComplaint(ctx.cluster.node(r.node));
            return `${r.node} (${r.streaming ? 'streaming' : 'not streaming from the primary'}, replayed ${r.replayLsn ?? 'unknown'}${why ? `; its log: ${why}` : ''})`;
          }),
      );
      throw new StepFailedError(
        `replicas did not catch up with ${observation.primary}'s LSN ${observation.targetLsn} within ${this.timeoutMs / 1000}s: ${lagging.join(', ')}`,
      );
    }
  }

  async observe(ctx: RunContext): Promise<ConvergenceObservation> {
    const startedAtMs = ctx.now();
    const { primary, lsn: targetLsn } = await primaryPosition(ctx, this.timeoutMs);
    const timeline = await currentTimeline(primary);
    // Under Patroni a node that is not the leader is to follow it, whatever pgdrill last saw it as
    // (an old leader is rejoined by Patroni itself): every running one must converge.
    const replicas = ctx.cluster.managed
      ? ctx.cluster.nodes.filter((n) => n.alive && n !== primary)
      : ctx.cluster.liveReplicas();
    const replay = new Map<string, string | null>();
    const onTimeline = new Set<string>();
    let streaming = new Set<string>();
    // Seen streaming by its sender (the primary, or the upstream of a cascading standby), and
    // receiving the primary's timeline itself.
    const isStreaming = (node: PostgresMember) =>
      node.applicationNames.some((n) => streaming.has(n)) && onTimeline.has(node.name);
    const caughtUp = (node: PostgresMember) =>
      isStreaming(node) && lsnAtLeast(replay.get(node.name) ?? null, targetLsn);
    const converged = await pollWithin(
      async () => {
        const [senders] = await Promise.all([
          Promise.all(
            [primary, ...replicas].map((sender) =>
              sender
                .query<{ name: string }>(
                  "SELECT application_name AS name FROM pg_stat_replication WHERE state = 'streaming'",
                )
                .catch(() => []),
            ),
          ).then((rows) => rows.flat()),
          ...replicas.map(async (r) => {
            const row = await r
              .queryOne<{ lsn: string | null }>('SELECT pg_last_wal_replay_lsn()::text AS lsn')
              .catch(() => null);
            if (row) replay.set(r.name, row.lsn); // an unreachable replica simply has not caught up
            if (await followsOnTimeline(r, timeline)) onTimeline.add(r.name);
            else onTimeline.delete(r.name);
          }),
        ]);
        streaming = new Set(senders.map((s) => s.name));
        return replicas.every((r) => caughtUp(r)) ? done(ctx.now()) : notYet('replicas behind');
      },
      // The budget counts from before the target LSN was read, as it always did.
      {
        what: 'convergence',
        timeoutMs: Math.max(0, startedAtMs + this.timeoutMs - ctx.now()),
        intervalMs: POLL_MS,
        signal: ctx.signal,
      },
    );
    const reachedAtMs = converged.reached ? converged.value : null;
    const observation: ConvergenceObservation = {
      startedAtMs,
      reachedAtMs,
      targetLsn,
      primary: primary.name,
      timeoutMs: this.timeoutMs,
      replicas: replicas.map((r) => ({
        node: r.name,
        replayLsn: replay.get(r.name) ?? null,
        streaming: isStreaming(r),
        caughtUp: caughtUp(r),
      })),
    };
    if (this.recordAsEvidence) {
      ctx.recorder.convergence.push(observation);
      const took = reachedAtMs === null ? 'not reached' : `${((reachedAtMs - startedAtMs) / 1000).toFixed(3)}s`;
      ctx.recorder.event(
        'observation',
        `convergence to ${targetLsn} on ${primary.name} (${replicas.length} replica(s)): ${took}`,
      );
    }
    return observation;
  }
}

/** Until a SQL query on a node returns true. */
export class SqlWait implements WaitStrategy {
  constructor(
    private readonly sql: string,
    private readonly target: string,
    private readonly timeoutMs: number,
  ) {}

  get description() {
    return `wait until (${this.sql}) on ${this.target}`;
  }

  async wait(ctx: RunContext): Promise<void> {
    await pollUntil(
      async () => {
        const node = ctx.cluster.resolve(this.target);
        const [row] = await node.query(this.sql, [], WORKLOAD_DATABASE);
        const value = row ? Object.values(row)[0] : undefined;
        return value === true || value === 't' || value === 'true'
          ? done(undefined)
          : notYet(`returned ${JSON.stringify(value)}`);
      },
      {
        what: this.description,
        timeoutMs: this.timeoutMs,
        intervalMs: POLL_MS,
        signal: ctx.signal,
        fatal: () => false, // a node down for now is what this wait may be waiting out
        onTimeout: (t) =>
          new StepFailedError(`${this.description} did not hold within ${this.timeoutMs / 1000}s (last: ${t.last})`),
      },
    );
  }
}
