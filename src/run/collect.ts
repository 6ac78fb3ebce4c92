/**
 * Evidence read from the nodes after the steps: the workload keys on the surviving primary
 * and an order-independent digest of every user table on every live node.
 */
import type { FinalState, NodeChecksums } from '../evidence/evidence.ts';
import type { StartedTopology } from '../topology/runtime.ts';
import type { PostgresMember } from '../topology/runtime.ts';
import { tableDigests } from '../evidence/table-digests.ts';
import { WORKLOAD_DATABASE, WORKLOAD_TABLE, nodeQuery } from '../topology/workload-database.ts';

export async function collectFinalState(cluster: StartedTopology): Promise<FinalState> {
  const primary = cluster.primary();
  const rows = await primary.query<{ key: string }>(`SELECT key::text FROM ${WORKLOAD_TABLE}`, [], WORKLOAD_DATABASE);
  return { primary: primary.name, presentKeys: rows.map((r) => Number(r.key)) };
}

/**
 * Digests of every user table on each of `nodes` (the caller decides which: the primary and the
 * replicas that caught up with it).
 */
export async function collectChecksums(nodes: PostgresMember[]): Promise<NodeChecksums[]> {
  return Promise.all(nodes.map(async (node) => ({ node: node.name, tables: await tableDigests(nodeQuery(node)) })));
}
