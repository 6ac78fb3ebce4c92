/** Checksums: every user table identical on every live node. */
import type { Evidence, TableDigest } from '../evidence/evidence.ts';
import type { ChecksumDifference, ChecksumMetric } from './types.ts';

/**
 * Compares every node's table digests with the first node's (the reference). A table missing on
 * a node, a table the reference lacks, or a different digest or row count is one difference
 * naming table and node. A table a node could not read (damaged data) is a difference too, even
 * on a lone node: it equals nothing. With no nodes read, `match` is null; with one readable node
 * it is trivially true and `reason` says there was nothing to compare.
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
  for (const ref of reference.tables.filter((t) => t.unreadable !== undefined)) {
    differences.push(unreadable(ref, reference.node, reference.node));
  }
  for (const node of others) {
    const tables = byName(node.tables);
    for (const [name, ref] of referenceTables) {
      const mine = tables.get(name);
      if (mine?.unreadable !== undefined) {
        differences.push(unreadable(mine, node.node, reference.node));
      } else if (ref.unreadable !== undefined) {
        // already told as the reference's own difference
      } else if (mine === undefined) {
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
      if (!referenceTables.has(name) && mine.unreadable !== undefined) {
        differences.push(unreadable(mine, node.node, reference.node));
      } else if (!referenceTables.has(name)) {
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

function unreadable(table: TableDigest, node: string, reference: string): ChecksumDifference {
  return {
    table: table.table,
    node,
    reference,
    kind: 'unreadable',
    digest: null,
    rows: null,
    referenceDigest: null,
    referenceRows: null,
    error: table.unreadable,
  };
}
