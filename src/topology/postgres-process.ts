/**
 * PostgreSQL's own shutdown and start (pg_ctl) inside a node container that stays up, so its
 * log and data remain for the evidence. The node's state changes here and nowhere else.
 */
import type { PgNode } from './pg-node.ts';
import { StepFailedError, errorMessage } from '../errors.ts';

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
