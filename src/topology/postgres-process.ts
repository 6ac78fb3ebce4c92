/**
 * PostgreSQL's own shutdown and start (pg_ctl) inside a node container that stays up, so its
 * log and data remain for the evidence: the node's own operations, under the names faults and
 * procedures call them by.
 */
import type { PgNode } from './pg-node.ts';

export const stopPostgres = (node: PgNode, mode: string): Promise<void> => node.stopPostgres(mode);

export const startPostgres = (node: PgNode): Promise<void> => node.startPostgres();
