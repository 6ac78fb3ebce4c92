/** Split-brain: two nodes acknowledging writes at the same time. */
import type { Evidence } from '../evidence/evidence.ts';
import type { SplitBrainIncident, SplitBrainMetric } from './types.ts';
import { LIST_LIMIT } from '../evidence/evidence.ts';

/** A stretch of time from one primary-making event to the next; `primary` null when unknown. */
interface Epoch {
  startMs: number;
  primary: string | null;
}

/**
 * Two rules, both about acknowledged (`ok`) writes and the node that acknowledged them:
 *
 * - stale primary: once a node is made primary during the run (a promotion, or a later role
 *   change to primary) at T, it is the only legitimate primary until the next such event. An ack
 *   by any other node completing after T is an incident. (A node that acknowledges a write was
 *   writable, so this needs no record of who "had been primary".)
 * - concurrent primaries: where no event says who the primary is (before the first promotion,
 *   or after two nodes were made primary at the same instant), an ack by node X at t is an
 *   incident when another node Y acknowledged writes both at or before t and at or after t.
 *   A clean handover (X stops, then Y starts) is not; interleaved acks are.
 *
 * The run records every node's initial role in `roleChanges` at cluster start (the initial
 * primary as 'primary'). A node's first recorded role is that starting state, not an event that
 * made it primary: it does not open an epoch. Before the first promotion, the initial primary is
 * judged like any other node by the concurrent-primaries rule, so a failover nobody recorded
 * (Patroni electing a leader on its own, a runbook's pg_promote()) is not mistaken for a second
 * primary unless both nodes really acknowledged writes at the same time.
 *
 * With no acknowledged write at all (or none that names its node) there is nothing to judge:
 * `detected` is null with a reason, never a clean `false`.
 *
 * @param originMs subtracted from the incidents' instants (the run's start on the evidence clock)
 */
export function checkSplitBrain(evidence: Evidence, originMs = 0): SplitBrainMetric {
  const ops = evidence.history.ops;
  if (!ops.some((op) => op.outcome === 'ok')) {
    return {
      detected: null,
      incidents: [],
      incidentsTotal: 0,
      reason: 'no write was acknowledged, so no two nodes could acknowledge at once',
    };
  }
  if (!ops.some((op) => op.outcome === 'ok' && op.node !== undefined)) {
    return {
      detected: null,
      incidents: [],
      incidentsTotal: 0,
      reason: 'no acknowledged write names the node that took it',
    };
  }
  const epochs = epochsOf(evidence);
  const incidents: SplitBrainIncident[] = [];
  // For the concurrent-primaries rule: per epoch without a known primary, each node's ack span.
  const spans = new Map<number, Map<string, { first: number; last: number }>>();
  const epochOfOp = new Int32Array(ops.length).fill(-1);

  ops.forEach((op, i) => {
    if (op.outcome !== 'ok' || op.node === undefined) return;
    const e = epochAt(epochs, op.completedAt);
    const epoch = epochs[e]!;
    if (epoch.primary !== null) {
      if (op.node !== epoch.primary) {
        incidents.push({
          kind: 'stale-primary',
          node: op.node,
          key: op.key,
          atMs: op.completedAt - originMs,
          newPrimary: epoch.primary,
          promotedAtMs: epoch.startMs - originMs,
        });
      }
      return;
    }
    epochOfOp[i] = e;
    let nodes = spans.get(e);
    if (!nodes) {
      nodes = new Map();
      spans.set(e, nodes);
    }
    const span = nodes.get(op.node);
    if (!span) nodes.set(op.node, { first: op.completedAt, last: op.completedAt });
    else {
      span.first = Math.min(span.first, op.completedAt);
      span.last = Math.max(span.last, op.completedAt);
    }
  });

  ops.forEach((op, i) => {
    const e = epochOfOp[i]!;
    if (e < 0) return;
    const t = op.completedAt;
    let other: { node: string; first: number } | null = null;
    for (const [node, span] of spans.get(e)!) {
      if (node !== op.node && span.first <= t && t <= span.last && (other === null || span.first < other.first))
        other = { node, first: span.first };
    }
    if (other) {
      incidents.push({
        kind: 'concurrent-primaries',
        node: op.node!,
        key: op.key,
        atMs: t - originMs,
        newPrimary: other.node,
        promotedAtMs: other.first - originMs,
      });
    }
  });

  incidents.sort((a, b) => a.atMs - b.atMs || a.key - b.key);
  return {
    detected: incidents.length > 0,
    incidents: incidents.slice(0, LIST_LIMIT),
    incidentsTotal: incidents.length,
  };
}

/**
 * Epoch 0 (before any event) has no known primary; so has one started by a tie between nodes.
 * Events are promotions and role changes to primary, except each node's first recorded role:
 * that is its initial role, recorded at cluster start, not a change.
 */
function epochsOf(evidence: Evidence): Epoch[] {
  const seen = new Set<string>();
  const changes = [...evidence.roleChanges]
    .sort((a, b) => a.atMs - b.atMs)
    .filter((r) => {
      const initial = !seen.has(r.node);
      seen.add(r.node);
      return !initial && r.role === 'primary';
    });
  const events = [
    ...evidence.promotions.map((p) => ({ node: p.node, atMs: p.completedAtMs })),
    ...changes.map((r) => ({ node: r.node, atMs: r.atMs })),
  ].sort((a, b) => a.atMs - b.atMs);
  const epochs: Epoch[] = [{ startMs: -Infinity, primary: null }];
  for (const event of events) {
    const last = epochs.at(-1)!;
    if (last.startMs === event.atMs) {
      // The recorder logs a promotion also as a role change: same node, same instant, one event.
      if (last.primary !== event.node) last.primary = null;
    } else {
      epochs.push({ startMs: event.atMs, primary: event.node });
    }
  }
  return epochs;
}

/** Index of the epoch an ack completing at `t` belongs to: the last one started strictly before t. */
function epochAt(epochs: Epoch[], t: number): number {
  let lo = 0;
  let hi = epochs.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (epochs[mid]!.startMs < t) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
