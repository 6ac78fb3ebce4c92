/** Checksums: every user table identical on every live node. */
import type { Evidence, LeftOutNode, TableDigest } from '../evidence/evidence.ts';
import type { ChecksumDifference, ChecksumMetric } from './types.ts';

/**
 * Compares every node's table digests with the first node's (the reference). A table missing on
 * a node, a table the reference lacks, or a different digest or row count is one difference
 * naming table and node. A table a node could not read (damaged data) is a difference too, even
 * on a lone node: it equals nothing. Any difference makes `match` false. Without one, `match` is
 * true only when at least two nodes were compared and no live node was left out; otherwise it is
 * null (not measured) and `reason` names what was missing, since agreement of fewer than every
 * live node proves nothing about the cluster.
 */
export function checkChecksums(evidence: Evidence): ChecksumMetric {
  const { checksums, checksumsLeftOut: leftOut } = evidence;
  if (checksums === null) {
    return { match: null, nodes: [], tables: 0, differences: [], leftOut, reason: 'checksums were not collected' };
  }
  const [reference, ...others] = checksums;
  if (reference === undefined) {
    const reason = notComparedReason([], leftOut) ?? 'no live node could be read';
    return { match: null, nodes: [], tables: 0, differences: [], leftOut, reason };
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
  const nodes = checksums.map((n) => n.node);
  const metric = { nodes, tables: allTables.size, differences, leftOut };
  if (differences.length > 0) return { match: false, ...metric };
  const unmeasured = notComparedReason(nodes, leftOut);
  return unmeasured === null ? { match: true, ...metric } : { match: null, ...metric, reason: unmeasured };
}

/** Why an agreement of `nodes` says nothing about every live node, or null when it does. */
function notComparedReason(nodes: string[], leftOut: LeftOutNode[]): string | null {
  const left = leftOut.map((l) => `${l.node} was left out: ${l.reason}`).join('; ');
  if (nodes.length === 0) return left === '' ? 'no live node could be read' : `no node was read; ${left}`;
  if (nodes.length < 2) {
    const only = `only ${nodes.join('')} was read`;
    return left === '' ? `${only} and no other node is live: nothing to compare it with` : `${only}; ${left}`;
  }
  return left === '' ? null : `${nodes.join(', ')} agree, but ${left}`;
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
