/**
 * stop / restart: PostgreSQL's own shutdown (pg_ctl -m fast|immediate|smart) inside a node
 * that stays up, so its log and data remain for the evidence. A stop holds until healed.
 */
import type { FaultStep } from '../scenario/model.ts';
import type { RunContext } from '../steps/context.ts';
import type { PgNode } from '../topology/pg-node.ts';
import { StepFailedError, errorMessage } from '../errors.ts';
import { recordFault } from './record.ts';

/** A smart shutdown waits for every client to leave: give up after this long. */
const SHUTDOWN_TIMEOUT_S = 30;
const LOG = '/var/log/pgdrill/postgresql.log';

async function pgCtl(node: PgNode, args: string): Promise<void> {
  try {
    await node.shell(`pg_ctl -D "$PGDATA" ${args}`, { user: 'postgres' });
  } catch (error) {
    throw new StepFailedError(`${node.name}: pg_ctl ${args.split(' ')[0]} failed: ${errorMessage(error)}`, {
      cause: error,
    });
  }
}

export async function stopPostgres(node: PgNode, mode: string): Promise<void> {
  await node.closeConnections();
  await pgCtl(node, `stop -m ${mode} -w -t ${SHUTDOWN_TIMEOUT_S}`);
  node.state = 'stopped';
}

export async function startPostgres(node: PgNode): Promise<void> {
  await pgCtl(node, `start -l ${LOG} -w -t 120`);
  node.state = 'running';
}

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
