/** Checksums: every user table identical on every live node. */
import type { Evidence, TableDigest } from '../evidence/evidence.ts';
import type { ChecksumDifference, ChecksumMetric } from './types.ts';

/**
 * Compares every node's table digests with the first node's (the reference). A table missing on
 * a node, a table the reference lacks, or a different digest or row count is one difference
 * naming table and node. With no nodes read, `match` is null; with one node it is trivially
 * true and `reason` says there was nothing to compare.
 */
export function checkChecksums(evidence: Evidence): ChecksumMetric {
  const { checksums } = evidence;
  if (checksums === null) {
    return { match: null, nodes: [], tables: 0, differences: [], reason: 'checksums were not collected' };
  }
  const [reference, ...others] = checksums;
  if (reference === undefined) {
    return { match: null, nodes: [], tables: 0, differences: [], reason: 'no live node could be read' };
  }
  const byName = (tables: TableDigest[]) => new Map(tables.map((t) => [t.table, t]));
  const referenceTables = byName(reference.tables);
  const allTables = new Set(referenceTables.keys());
  const differences: ChecksumDifference[] = [];
  for (const node of others) {
    const tables = byName(node.tables);
    for (const [name, ref] of referenceTables) {
      const mine = tables.get(name);
      if (mine === undefined) {
        differences.push({
          table: name,
          node: node.node,
          reference: reference.node,
          kind: 'missing',
          digest: null,
          rows: null,
          referenceDigest: ref.digest,
          referenceRows: ref.rows,
        });
      } else if (mine.digest !== ref.digest || mine.rows !== ref.rows) {
        differences.push({
          table: name,
          node: node.node,
          reference: reference.node,
          kind: 'content',
          digest: mine.digest,
          rows: mine.rows,
          referenceDigest: ref.digest,
          referenceRows: ref.rows,
        });
      }
    }
    for (const [name, mine] of tables) {
      allTables.add(name);
      if (!referenceTables.has(name)) {
        differences.push({
          table: name,
          node: node.node,
          reference: reference.node,
          kind: 'extra',
          digest: mine.digest,
          rows: mine.rows,
          referenceDigest: null,
          referenceRows: null,
        });
      }
    }
  }
  return {
    match: differences.length === 0,
    nodes: checksums.map((n) => n.node),
    tables: allTables.size,
    differences,
    ...(others.length === 0 ? { reason: 'only one live node: nothing to compare' } : {}),
  };
}
