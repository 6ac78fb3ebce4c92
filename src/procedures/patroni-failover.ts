/**
 * failover (method: patroni) — the operator does nothing: Patroni notices the leader is gone
 * (its key in etcd expires after ttl), the healthiest replica takes the leader lock and promotes
 * itself. The drill waits for that election and records who won and when.
 */
import type { FailoverStep } from './steps.ts';
import type { RunContext } from '../steps/context.ts';
import type { PostgresMember } from '../topology/runtime.ts';
import { POSTGRES_LOG } from '../topology/node-layout.ts';
import { StepFailedError } from '../errors.ts';
import { done, notYet, pollUntil } from '../poll.ts';
import { recordNewPrimary } from './replication.ts';
import type { EvidenceRecorder } from '../evidence/recorder.ts';
import type { RoleChange } from '../evidence/evidence.ts';

export async function patroniFailover(ctx: RunContext, step: FailoverStep): Promise<string> {
  const startedAtMs = ctx.now();
  // Not the node that leads now: Patroni may have elected the new leader before this step began
  // (right after a `patronictl resume`), and the roles read before each step already show it.
  const record = leaderOfRecord(ctx.recorder);
  const old = record && ctx.cluster.node(record.node);
  const timeoutMs = ctx.cluster.managed?.electionTimeoutMs ?? 60_000;
  const leader = await pollUntil(
    async () => {
      for (const node of ctx.cluster.nodes.filter((n) => n.alive && n !== old)) {
        const row = await node.queryOne<{ r: boolean }>('SELECT pg_is_in_recovery() AS r').catch(() => null);
        if (row && !row.r) return done(node);
      }
      return notYet('every live node still in recovery');
    },
    {
      what: 'a new Patroni leader',
      timeoutMs,
      intervalMs: 100,
      signal: ctx.signal,
      onTimeout: () =>
        new StepFailedError(
          `Patroni elected no new leader within ${timeoutMs / 1000}s (ttl + 2 × loop_wait + retry_timeout + 15 s) after ${old?.name ?? 'the leader'} failed`,
        ),
    },
  );
  if (step.candidate && ctx.cluster.node(step.candidate) && leader.name !== step.candidate) {
    ctx.recorder.event('procedure', `Patroni chose ${leader.name}, not the expected ${step.candidate}`, leader.name);
  }
  const completedAtMs = ctx.now();
  // Detection is Patroni's, not the drill's: the moment the winner took the leader lock.
  const lockedAtMs = await leaderLockAt(ctx, leader, record?.atMs ?? startedAtMs);
  if (lockedAtMs !== null)
    ctx.recorder.event('procedure', `${leader.name} took the leader lock in etcd`, leader.name, lockedAtMs);
  const began = lockedAtMs ?? startedAtMs;
  const elected = `Patroni elected ${leader.name}`;
  const waited = `${((completedAtMs - startedAtMs) / 1000).toFixed(1)} s after the drill began waiting`;
  await recordNewPrimary(
    ctx,
    leader,
    { requestedAtMs: began, completedAtMs, procedureStartedAtMs: began },
    (timeline) => `${elected} (timeline ${timeline}) ${waited}`,
  );
  return leader.name;
}

/** The leader pgdrill last recorded, at the start or by a promotion, and since when. */
export function leaderOfRecord(recorder: EvidenceRecorder): RoleChange | undefined {
  return [...recorder.roleChanges].reverse().find((change) => change.role === 'primary');
}

const LOCK_LINE =
  /^(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}),(\d{3}) INFO: (promoted self to leader by acquiring session lock|acquired session lock as a leader)/;

/**
 * When Patroni on `leader` logged taking the lock after `sinceMs` (when the previous leader was
 * recorded: not a lock it took at bootstrap or in an earlier term), on the run's clock; null if
 * it did not say.
 */
async function leaderLockAt(ctx: RunContext, leader: PostgresMember, sinceMs: number): Promise<number | null> {
  const log = await leader.readFile(POSTGRES_LOG).catch(() => '');
  const wallToMono = Date.now() - ctx.now();
  for (const line of log.split('\n')) {
    const match = LOCK_LINE.exec(line);
    if (!match) continue;
    const atMs = Date.parse(`${match[1]!.replace(' ', 'T')}.${match[2]}Z`) - wallToMono;
    if (atMs >= sinceMs) return atMs;
  }
  return null;
}
