/**
 * rejoin: a node that left the topology (a killed, stopped or partitioned former primary) comes
 * back as a replica of the current primary. pg_rewind first: it undoes whatever the node wrote
 * after the timelines forked (PostgreSQL 13+ runs crash recovery itself for a killed node), and
 * says "no rewind required" when nothing diverged.
 */
import type { RejoinStep } from './steps.ts';
import type { RunContext } from '../steps/context.ts';
import type { PostgresMember } from '../topology/runtime.ts';
import { StepFailedError, errorMessage } from '../errors.ts';
import { FOLLOW_TIMEOUT_MS, rewindFrom, startAsStandby, streamsFrom } from './standby.ts';

export async function rejoin(ctx: RunContext, step: RejoinStep): Promise<string> {
  const node = ctx.cluster.resolve(typeof step.target === 'string' ? step.target : 'primary');
  await rejoinAsReplica(ctx, node, ctx.cluster.primary());
  return node.name;
}

/**
 * Like Patroni: start the node as a standby first (its crash recovery then writes no WAL of its
 * own), and rewind only if it cannot follow. pg_rewind's automatic crash recovery would append an
 * end-of-recovery checkpoint past the fork point and could misjudge the divergence it caused.
 */
export async function rejoinAsReplica(ctx: RunContext, node: PostgresMember, primary: PostgresMember): Promise<void> {
  if (node === primary) throw new StepFailedError(`rejoin: ${node.name} is the primary; there is nothing to rejoin`);
  if (!primary.alive) throw new StepFailedError(`rejoin: the primary ${primary.name} is not running`);
  if (node.state === 'paused') throw new StepFailedError(`rejoin: ${node.name} is paused; resume it first`);
  if (node.state === 'killed') {
    await node.restartHeld();
    ctx.recorder.event('procedure', `rejoin: container of ${node.name} started again, PostgreSQL held down`, node.name);
  } else if (node.state === 'running') {
    await node.stopPostgres('fast');
  }
  await primary.query(
    `SELECT pg_create_physical_replication_slot($1, true)
      WHERE NOT EXISTS (SELECT 1 FROM pg_replication_slots WHERE slot_name = $1)`,
    [node.slotName],
  );
  await startAsStandby(node, primary);
  if (await streamsFrom(ctx, primary, node, FOLLOW_TIMEOUT_MS)) {
    ctx.recorder.event(
      'procedure',
      `${node.name} follows ${primary.name} without a rewind: its WAL ended before the fork`,
      node.name,
    );
  } else {
    ctx.recorder.event(
      'procedure',
      `${node.name} cannot follow ${primary.name}: its WAL diverged; rewinding`,
      node.name,
    );
    await node.stopPostgres('fast');
    const rewind = await rewindFrom(node, primary);
    ctx.recorder.event('procedure', `pg_rewind ${node.name} from ${primary.name}: ${rewind}`, node.name);
    await startAsStandby(node, primary);
    if (!(await streamsFrom(ctx, primary, node, FOLLOW_TIMEOUT_MS))) {
      throw new StepFailedError(
        `rejoin: ${node.name} still cannot stream from ${primary.name} after pg_rewind (${rewind}); see its log`,
      );
    }
  }
  node.role = 'replica';
  ctx.recorder.role({ node: node.name, role: 'replica', atMs: ctx.now() });
  ctx.recorder.event('procedure', `${node.name} rejoined as a replica of ${primary.name}`, node.name);
}
