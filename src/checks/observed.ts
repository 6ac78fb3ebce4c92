/** Observed: what the periodic samples of every node saw while the drill ran. */
import type { Evidence, NodeSample } from '../evidence/evidence.ts';
import type { ObservedMetric, ObservedName, ObservedPeak, UnreachableSpan } from './types.ts';

/**
 * Peaks, counters and outages from `evidence.samples`: the largest replica lag (bytes and
 * seconds) and WAL retained, archive failures during the run, WAL receiver drops and the spans
 * in which a node could not be sampled. A metric no sample could measure is null with a reason
 * in `reasons`; with no samples at all, everything is null and `reason` says so.
 *
 * @param originMs subtracted from every reported instant (the run's start on the evidence clock)
 */
export function checkObserved(evidence: Evidence, originMs = 0): ObservedMetric {
  const samples = [...evidence.samples].sort((a, b) => a.atMs - b.atMs);
  if (samples.length === 0) {
    return {
      samples: 0,
      maxLagBytes: null,
      maxLagSeconds: null,
      archiveFailures: null,
      maxWalBytes: null,
      walReceiverDrops: null,
      unreachable: [],
      reason: 'no node was sampled',
    };
  }
  const byNode = groupByNode(samples);
  const metric: ObservedMetric = {
    samples: samples.length,
    maxLagBytes: peak(samples, (s) => s.lagBytes, originMs),
    maxLagSeconds: peak(samples, (s) => s.lagSeconds, originMs),
    archiveFailures: archiveFailures(byNode),
    maxWalBytes: peak(samples, (s) => s.walBytes, originMs),
    walReceiverDrops: walReceiverDrops(byNode),
    unreachable: unreachableSpans(byNode, originMs),
  };
  const reasons: Partial<Record<ObservedName, string>> = {};
  for (const [name, why] of Object.entries(NULL_REASONS) as [ObservedName, string][]) {
    if (metric[name] === null) reasons[name] = why;
  }
  return Object.keys(reasons).length > 0 ? { ...metric, reasons } : metric;
}

const NULL_REASONS: Record<ObservedName, string> = {
  maxLagBytes: 'no replica reported its lag',
  maxLagSeconds: 'no replica reported its replay delay',
  archiveFailures: 'no node reported pg_stat_archiver',
  maxWalBytes: 'no node reported the size of pg_wal',
  walReceiverDrops: 'no replica was sampled',
};

/** Samples per node, each list in time order (the input is). */
function groupByNode(samples: NodeSample[]): Map<string, NodeSample[]> {
  const byNode = new Map<string, NodeSample[]>();
  for (const sample of samples) {
    const list = byNode.get(sample.node);
    if (list) list.push(sample);
    else byNode.set(sample.node, [sample]);
  }
  return byNode;
}

/** The largest value `pick` finds, the earliest sample on a tie; null when no sample has one. */
function peak(
  samples: NodeSample[],
  pick: (sample: NodeSample) => number | null,
  originMs: number,
): ObservedPeak | null {
  let best: ObservedPeak | null = null;
  for (const sample of samples) {
    const value = pick(sample);
    if (value !== null && (best === null || value > best.value))
      best = { value, node: sample.node, atMs: sample.atMs - originMs };
  }
  return best;
}

/** Per node, how far pg_stat_archiver.failed_count moved during the run (max - min), summed. */
function archiveFailures(byNode: Map<string, NodeSample[]>): number | null {
  let total: number | null = null;
  for (const samples of byNode.values()) {
    let min = Infinity;
    let max = -Infinity;
    for (const { archiveFailedCount: count } of samples) {
      if (count === null) continue;
      if (count < min) min = count;
      if (count > max) max = count;
    }
    if (max >= min) total = (total ?? 0) + max - min;
  }
  return total;
}

/**
 * Per node that was ever sampled as a replica: how often a 'streaming' WAL receiver was found
 * anything else in the next sample, an unreachable node included; summed over those nodes.
 */
function walReceiverDrops(byNode: Map<string, NodeSample[]>): number | null {
  let total: number | null = null;
  for (const samples of byNode.values()) {
    if (!samples.some((s) => s.role === 'replica')) continue;
    let drops = 0;
    let wasStreaming = false;
    for (const sample of samples) {
      const streaming = sample.reachable && sample.walReceiver === 'streaming';
      if (wasStreaming && !streaming) drops++;
      wasStreaming = streaming;
    }
    total = (total ?? 0) + drops;
  }
  return total;
}

/** Runs of `reachable: false` samples per node, ordered by start. */
function unreachableSpans(byNode: Map<string, NodeSample[]>, originMs: number): UnreachableSpan[] {
  const spans: UnreachableSpan[] = [];
  for (const [node, samples] of byNode) {
    let open: UnreachableSpan | null = null;
    for (const sample of samples) {
      if (sample.reachable) open = null;
      else if (open) open.toMs = sample.atMs - originMs;
      else {
        open = { node, fromMs: sample.atMs - originMs, toMs: sample.atMs - originMs };
        spans.push(open);
      }
    }
  }
  return spans.sort((a, b) => a.fromMs - b.fromMs || a.node.localeCompare(b.node));
}
