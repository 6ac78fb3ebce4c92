/**
 * failover / switchover with `method: script`: the team's own runbook does the promotion (a
 * trigger file, `pg_ctl promote`, …) on the candidate. pgdrill then checks the runbook's claim —
 * a replica is now the primary — and, as the rest of the team's procedure would, points the
 * clients and the other replicas at it (under Patroni, only the clients: Patroni moves the
 * replicas). A runbook that exits 0 without promoting anyone fails.
 */
import type { ProcedureStep } from '../scenario/model.ts';
import type { RunContext } from '../run/context.ts';
import type { PgNode } from '../topology/pg-node.ts';
import { StepFailedError } from '../errors.ts';
import { sleep } from '../run/context.ts';
import { lastLines } from './node-shell.ts';
import { adoptNewPrimary, mostAdvancedReplica } from './replication.ts';
import { recordPatroniLeader } from './patroni-switchover.ts';
import { diagnose, runRunbook } from './runbook.ts';

/** How long a runbook's promotion may take to show after the runbook returned. */
const PROMOTION_TIMEOUT_MS = 60_000;

export async function scriptedRoleChange(ctx: RunContext, step: ProcedureStep): Promise<string> {
  const startedAtMs = ctx.now();
  const candidate = step.candidate ? ctx.cluster.resolve(step.candidate) : await mostAdvancedReplica(ctx);
  const run = await runRunbook(ctx, step, candidate);
  if (run.exitCode !== 0) {
    const why = await diagnose(candidate, run.output, run.running);
    throw new StepFailedError(`${run.exited}: ${lastLines(run.output, 4)}${why.length ? `\nWhy: ${why.join('; ')}` : ''}`);
  }
  const promoted = await awaitPromotedReplica(ctx);
  if (!promoted) {
    throw new StepFailedError(`${run.exited}, but no replica left recovery within ${PROMOTION_TIMEOUT_MS / 1000} s: the runbook did not promote anyone`);
  }
  const at = { requestedAtMs: startedAtMs, completedAtMs: promoted.atMs, procedureStartedAtMs: startedAtMs };
  // Under Patroni the runbook asked Patroni, which moves the replicas itself.
  if (ctx.cluster.managed) await recordPatroniLeader(ctx, promoted.node, at);
  else await adoptNewPrimary(ctx, promoted.node, at);
  return promoted.node.name;
}

/** The first live replica seen out of recovery, and when it was seen. */
async function awaitPromotedReplica(ctx: RunContext): Promise<{ node: PgNode; atMs: number } | null> {
  const deadline = ctx.now() + PROMOTION_TIMEOUT_MS;
  while (ctx.now() < deadline) {
    for (const node of ctx.cluster.liveReplicas()) {
      const row = await node.queryOne<{ r: boolean }>('SELECT pg_is_in_recovery() AS r').catch(() => null);
      if (row && !row.r) return { node, atMs: ctx.now() };
    }
    await sleep(100, ctx.signal);
  }
  return null;
}
