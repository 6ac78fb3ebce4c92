/** sql, checkpoint, switch-wal: single statements an operator (or an accident) runs on a node. */
import type { CheckpointStep } from './steps.ts';
import type { SqlStep } from './steps.ts';
import type { SwitchWalStep } from './steps.ts';
import type { RunContext } from '../steps/context.ts';
import { WORKLOAD_DATABASE } from '../topology/workload-database.ts';

function targetOf(ctx: RunContext, step: SqlStep | CheckpointStep | SwitchWalStep) {
  return ctx.cluster.resolve(step.target);
}

export async function sql(ctx: RunContext, step: SqlStep): Promise<string> {
  const node = targetOf(ctx, step);
  await node.query(step.sql, [], WORKLOAD_DATABASE);
  ctx.recorder.event('procedure', `sql on ${node.name}: ${(step.sql).slice(0, 120)}`, node.name);
  return node.name;
}

export async function checkpoint(ctx: RunContext, step: CheckpointStep): Promise<string> {
  const node = targetOf(ctx, step);
  await node.query('CHECKPOINT');
  ctx.recorder.event('procedure', `CHECKPOINT on ${node.name}`, node.name);
  return node.name;
}

export async function switchWal(ctx: RunContext, step: SwitchWalStep): Promise<string> {
  const node = targetOf(ctx, step);
  const row = await node.queryOne<{ lsn: string }>('SELECT pg_switch_wal()::text AS lsn');
  ctx.recorder.event('procedure', `pg_switch_wal() on ${node.name} at ${row.lsn}`, node.name);
  return node.name;
}
