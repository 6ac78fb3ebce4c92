/**
 * What the clients saw over time, in buckets, for the report's timeline: the throughput curve
 * that drops at a fault and comes back at recovery, and the commit latency of each bucket. Pure.
 */
import type { History } from '../evidence/history.ts';
import type { ClientSeries } from '../result/result.ts';

/**
 * Counts operations by the bucket their completion fell in (an unknown outcome counts where
 * the client gave up). Buckets run from the first operation's invocation to the last completion.
 * @param originMs the run's start on the history's clock: the series is in run offsets
 */
export function clientSeries(history: History, originMs: number, bucketMs = 1_000): ClientSeries | null {
  if (history.ops.length === 0) return null;
  const first = Math.min(...history.ops.map((o) => o.invokedAt)) - originMs;
  const startMs = Math.floor(first / bucketMs) * bucketMs;
  const last = Math.max(...history.ops.map((o) => o.completedAt)) - originMs;
  const length = Math.floor((last - startMs) / bucketMs) + 1;
  const series: ClientSeries = {
    startMs,
    bucketMs,
    acknowledged: new Array<number>(length).fill(0),
    failed: new Array<number>(length).fill(0),
    unknown: new Array<number>(length).fill(0),
  };
  const latencies = Array.from({ length }, () => [] as number[]);
  for (const op of history.ops) {
    const bucket = Math.floor((op.completedAt - originMs - startMs) / bucketMs);
    const counts = op.outcome === 'ok' ? series.acknowledged : op.outcome === 'fail' ? series.failed : series.unknown;
    counts[bucket]! += 1;
    if (op.outcome === 'ok') latencies[bucket]!.push(op.completedAt - op.invokedAt);
  }
  for (const list of latencies) list.sort((a, b) => a - b);
  const rank = (list: number[], p: number) =>
    list.length === 0 ? null : round(list[Math.max(0, Math.ceil((p / 100) * list.length) - 1)] as number);
  series.latencyMs = {
    p50: latencies.map((l) => rank(l, 50)),
    p99: latencies.map((l) => rank(l, 99)),
    max: latencies.map((l) => (l.length === 0 ? null : round(l.at(-1) as number))),
  };
  return series;
}

const round = (ms: number) => Math.round(ms * 10) / 10;
