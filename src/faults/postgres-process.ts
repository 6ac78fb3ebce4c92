/**
 * stop / restart: PostgreSQL's own shutdown (pg_ctl -m fast|immediate|smart) inside a node
 * that stays up, so its log and data remain for the evidence. A stop holds until healed.
 */
import type { FaultStep } from '../scenario/model.ts';
import type { RunContext } from '../steps/context.ts';
import { startPostgres, stopPostgres } from '../topology/postgres-process.ts';
import { recordFault } from './record.ts';

export async function stop(ctx: RunContext, step: FaultStep): Promise<string> {
  const node = ctx.cluster.resolve(step.target ?? 'primary');
  const mode = step.mode ?? 'fast';
  await stopPostgres(node, mode);
  recordFault(ctx, step, node, `pg_ctl stop -m ${mode} on ${node.name} (${node.role})`);
  ctx.recorder.role({ node: node.name, role: 'down', atMs: ctx.now() });
  ctx.faults.add({
    kind: 'stop',
    nodes: [node.name],
    description: `PostgreSQL stopped on ${node.name}`,
    heal: async () => {
      await startPostgres(node);
      ctx.recorder.event('fault', `healed: PostgreSQL started again on ${node.name}`, node.name);
    },
  });
  return node.name;
}

export async function restart(ctx: RunContext, step: FaultStep): Promise<string> {
  const node = ctx.cluster.resolve(step.target ?? 'primary');
  const mode = step.mode ?? 'fast';
  await stopPostgres(node, mode);
  recordFault(ctx, step, node, `pg_ctl stop -m ${mode} on ${node.name} (${node.role}), starting again`);
  await startPostgres(node);
  ctx.recorder.event('fault', `PostgreSQL on ${node.name} accepts connections again`, node.name);
  return node.name;
}
