/**
 * A role change pgdrill adopts rather than makes. failover / switchover with `method: script`:
 * the team's own runbook does the promotion (a trigger file, `pg_ctl promote`, …) on the
 * candidate. With `method: external` a manager pgdrill does not drive promotes (repmgrd, a
 * team's own daemon) and nothing is run. pgdrill then checks the claim — a replica is now the
 * primary — and, as the rest of the team's procedure would, points the clients and the other
 * replicas at it (under Patroni, only the clients: Patroni moves the replicas). A runbook that
 * exits 0 without promoting anyone fails, and so does a manager that promotes no one within the
 * step's timeout. A switchover runbook that also turned the old primary into a standby (repmgr's
 * `standby switchover` does) leaves it a replica here too, once it is seen following the new
 * primary.
 */
import type { FailoverStep } from './steps.ts';
import type { ScriptedRoleChange } from './steps.ts';
import type { SwitchoverStep } from './steps.ts';
import type { RunContext } from '../steps/context.ts';
import type { PostgresMember } from '../topology/runtime.ts';
import { StepFailedError } from '../errors.ts';
import { done, notYet, pollWithin } from '../poll.ts';
import { lastLines } from './node-shell.ts';
import { adoptNewPrimary, mostAdvancedReplica } from './replication.ts';
import { currentTimeline, followsOnTimeline } from './standby.ts';
import { recordPatroniLeader } from './patroni-switchover.ts';
import { diagnose, runRunbook } from './runbook.ts';

/** How long a runbook's promotion may take to show after the runbook returned, unless the step says. */
const PROMOTION_TIMEOUT_MS = 60_000;
/** How long a switchover runbook's old primary may take to show up as the new one's standby. */
const DEMOTED_FOLLOW_MS = 10_000;

export async function adoptedRoleChange(ctx: RunContext, step: FailoverStep | SwitchoverStep): Promise<string> {
  const startedAtMs = ctx.now();
  const formerPrimary = ctx.cluster.primary();
  const ran = step.method === 'script' ? await runRunbookOnCandidate(ctx, step) : 'no runbook was run';
  const timeoutMs = step.promotionTimeoutMs ?? PROMOTION_TIMEOUT_MS;
  const promoted = await awaitPromotedReplica(ctx, timeoutMs);
  if (!promoted) {
    const within = `no replica left recovery within ${timeoutMs / 1000} s`;
    throw new StepFailedError(
      step.method === 'script'
        ? `${ran}, but ${within}: the runbook did not promote anyone`
        : `${within}: the manager that should fail over (method: external) promoted no one`,
    );
  }
  // An external manager's detection and promotion are one step to pgdrill, which sees only the
  // result: the failover "began" when the promotion showed, so RTO's detection phase holds both.
  const began = step.method === 'external' ? promoted.atMs : startedAtMs;
  const at = { requestedAtMs: began, completedAtMs: promoted.atMs, procedureStartedAtMs: began };
  // Under Patroni the runbook asked Patroni, which moves the replicas itself.
  if (ctx.cluster.managed) await recordPatroniLeader(ctx, promoted.node, at);
  else await adoptNewPrimary(ctx, promoted.node, at);
  if (step.procedure === 'switchover' && !ctx.cluster.managed)
    await recordDemotedPrimary(ctx, formerPrimary, promoted.node);
  return promoted.node.name;
}

/** Runs the step's runbook on its candidate (default: the most advanced replica); a non-zero exit fails the step. */
async function runRunbookOnCandidate(
  ctx: RunContext,
  step: ScriptedRoleChange<'failover' | 'switchover'>,
): Promise<string> {
  const candidate = step.candidate ? ctx.cluster.resolve(step.candidate) : await mostAdvancedReplica(ctx);
  const run = await runRunbook(ctx, step, candidate);
  if (run.exitCode !== 0) {
    const why = await diagnose(candidate, run.output, run.running);
    throw new StepFailedError(
      `${run.exited}: ${lastLines(run.output, 4)}${why.length ? `\nWhy: ${why.join('; ')}` : ''}`,
    );
  }
  return run.exited;
}

/**
 * After a scripted switchover: the old primary counts as a replica only if it streams from the
 * new primary on its timeline. If the runbook left it out, it stays a former primary, for a
 * `rejoin` step to bring back.
 */
async function recordDemotedPrimary(ctx: RunContext, old: PostgresMember, primary: PostgresMember): Promise<void> {
  if (old === primary || !old.alive) return;
  const timeline = await currentTimeline(primary);
  const follows = await pollWithin(
    async () => ((await followsOnTimeline(old, timeline)) ? done(undefined) : notYet('not following')),
    {
      what: `${old.name} following ${primary.name}`,
      timeoutMs: DEMOTED_FOLLOW_MS,
      intervalMs: 200,
      signal: ctx.signal,
    },
  );
  if (follows.reached) {
    old.role = 'replica';
    ctx.recorder.role({ node: old.name, role: 'replica', atMs: ctx.now() });
    ctx.recorder.event(
      'procedure',
      `${old.name} follows ${primary.name} on timeline ${timeline}: the runbook made it a standby`,
      old.name,
    );
    return;
  }
  ctx.recorder.event(
    'procedure',
    `${old.name} does not follow ${primary.name}: the runbook left it out (a rejoin step brings it back)`,
    old.name,
  );
}

/** The first live replica seen out of recovery, and when it was seen. */
async function awaitPromotedReplica(
  ctx: RunContext,
  timeoutMs: number,
): Promise<{ node: PostgresMember; atMs: number } | null> {
  const promoted = await pollWithin(
    async () => {
      for (const node of ctx.cluster.liveReplicas()) {
        const row = await node.queryOne<{ r: boolean }>('SELECT pg_is_in_recovery() AS r').catch(() => null);
        if (row && !row.r) return done({ node, atMs: ctx.now() });
      }
      return notYet('every live replica still in recovery');
    },
    { what: 'a promoted replica', timeoutMs, intervalMs: 100, signal: ctx.signal },
  );
  return promoted.reached ? promoted.value : null;
}
