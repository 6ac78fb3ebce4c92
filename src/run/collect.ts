/**
 * Evidence read from the nodes after the steps: the workload keys on the surviving primary
 * and an order-independent digest of every user table on every live node.
 */
import type { FinalState, NodeChecksums } from '../evidence/evidence.ts';
import type { StartedTopology } from '../topology/runtime.ts';
import type { PostgresMember } from '../topology/runtime.ts';
import { tableDigests } from '../evidence/table-digests.ts';
import { errorMessage } from '../errors.ts';
import { WORKLOAD_DATABASE, WORKLOAD_TABLE, nodeQuery } from '../topology/workload-database.ts';

export async function collectFinalState(cluster: StartedTopology): Promise<FinalState> {
  const primary = cluster.primary();
  const rows = await primary.query<{ key: string }>(`SELECT key::text FROM ${WORKLOAD_TABLE}`, [], WORKLOAD_DATABASE);
  return { primary: primary.name, presentKeys: rows.map((r) => Number(r.key)) };
}

/**
 * Digests of every user table on each of `nodes` (the caller decides which: the primary and the
 * replicas that caught up with it). A node that cannot be read is not compared: it is returned
 * among `unread`, with PostgreSQL's or the network's error, so the verdict names it.
 */
export async function collectChecksums(
  nodes: PostgresMember[],
): Promise<{ read: NodeChecksums[]; unread: { node: string; error: string }[] }> {
  const settled = await Promise.allSettled(
    nodes.map(async (node) => ({ node: node.name, tables: await tableDigests(nodeQuery(node)) })),
  );
  const read: NodeChecksums[] = [];
  const unread: { node: string; error: string }[] = [];
  settled.forEach((outcome, i) => {
    if (outcome.status === 'fulfilled') read.push(outcome.value);
    else unread.push({ node: nodes[i]!.name, error: errorMessage(outcome.reason) });
  });
  return { read, unread };
}
