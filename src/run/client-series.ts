/**
 * What the clients saw over time, in buckets, for the report's timeline: the throughput curve
 * that drops at a fault and comes back at recovery. Pure.
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
  for (const op of history.ops) {
    const bucket = Math.floor((op.completedAt - originMs - startMs) / bucketMs);
    const counts = op.outcome === 'ok' ? series.acknowledged : op.outcome === 'fail' ? series.failed : series.unknown;
    counts[bucket]! += 1;
  }
  return series;
}
