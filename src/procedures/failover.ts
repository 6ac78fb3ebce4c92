/**
 * failover (method: promote) — what an operator does when the primary is gone: pick the most
 * advanced replica (or the named candidate), pg_promote() it, point the other replicas and
 * the client endpoint at it.
 */
import type { FailoverStep } from './steps.ts';
import type { RunContext } from '../steps/context.ts';
import { StepFailedError } from '../errors.ts';
import { mostAdvancedReplica, promoteAndRepoint } from './replication.ts';
import { patroniFailover } from './patroni-failover.ts';
import { adoptedRoleChange } from './adopted-role-change.ts';

export async function failover(ctx: RunContext, step: FailoverStep): Promise<string> {
  if (step.method === 'patroni') return patroniFailover(ctx, step);
  if (step.method === 'script' || step.method === 'external') return adoptedRoleChange(ctx, step);
  const startedAtMs = ctx.now();
  const candidate = step.candidate ? ctx.cluster.resolve(step.candidate) : await mostAdvancedReplica(ctx);
  if (candidate.role !== 'replica' || !candidate.alive) {
    throw new StepFailedError(
      `failover candidate ${candidate.name} is not a live replica (it is a ${candidate.state} ${candidate.role})`,
    );
  }
  await promoteAndRepoint(ctx, candidate, startedAtMs, 'failover');
  return candidate.name;
}
