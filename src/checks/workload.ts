/** Workload: what the clients got done. */
import { clientErrors } from './client-errors.ts';
import type { History } from '../evidence/history.ts';
import type { CommitLatency, WorkloadMetric, WorkloadPace } from './types.ts';

/**
 * Counts outcomes and the acknowledged throughput over `durationMs` (the workload's run), or
 * over the history's own span (first invocation to last completion) when no duration is given,
 * and the longest stall (see maxStallSeconds). Null when there were no operations at all, i.e.
 * the scenario had no workload.
 */
export function summariseWorkload(
  history: History,
  durationMs?: number,
  /** `workload.rate`, and when the first fault struck (same clock as the history) */
  pacing?: { rate: number; firstFaultAt?: number },
): WorkloadMetric | null {
  if (history.ops.length === 0) return null;
  let acknowledged = 0;
  let failed = 0;
  let unknown = 0;
  let start = Infinity;
  let end = -Infinity;
  for (const op of history.ops) {
    if (op.outcome === 'ok') acknowledged++;
    else if (op.outcome === 'fail') failed++;
    else unknown++;
    if (op.invokedAt < start) start = op.invokedAt;
    if (op.completedAt > end) end = op.completedAt;
  }
  const spanMs = durationMs ?? end - start;
  const latency = commitLatency(history);
  return {
    acknowledged,
    failed,
    unknown,
    throughput: spanMs > 0 ? (acknowledged * 1000) / spanMs : null,
    maxStallSeconds: longestStallMs(history, start, end) / 1000,
    errors: clientErrors(history.ops),
    latency,
    latencyP99: latency?.p99 ?? null,
    ...(pacing ? { pace: paceOf(history, pacing.rate, start, Math.min(end, pacing.firstFaultAt ?? end)) } : {}),
  };
}

/** A pace within this share of the rate asked is kept (a timer's jitter, a connection's first round trip). */
export const PACE_KEPT = 0.95;
const MIN_WINDOW_MS = 1_000;

/** Acknowledged writes per second invoked in [from, to): the cluster's healthy stretch. */
function paceOf(history: History, asked: number, from: number, to: number): WorkloadPace {
  const windowSeconds = Math.max(0, to - from) / 1000;
  if (to - from < MIN_WINDOW_MS)
    return {
      asked,
      reached: null,
      windowSeconds,
      kept: null,
      reason: `the first fault came ${windowSeconds.toFixed(2)} s after the workload started: too soon to tell its pace`,
    };
  // By invocation: a write sent in the healthy stretch and acknowledged as the fault landed was kept pace with.
  const acknowledged = history.ops.filter((op) => op.outcome === 'ok' && op.invokedAt >= from && op.invokedAt < to);
  const reached = acknowledged.length / windowSeconds;
  return { asked, reached, windowSeconds, kept: reached >= PACE_KEPT * asked };
}

/**
 * The longest interval without an acknowledgement: between consecutive acknowledged writes (by
 * completion), from the first invocation to the first acknowledgement and from the last one to
 * the last completion. With no acknowledgement at all, the whole span.
 */
function longestStallMs(history: History, start: number, end: number): number {
  const acks = history.ops
    .filter((op) => op.outcome === 'ok')
    .map((op) => op.completedAt)
    .sort((a, b) => a - b);
  let longest = 0;
  let previous = start;
  for (const at of [...acks, end]) {
    if (at - previous > longest) longest = at - previous;
    previous = at;
  }
  return longest;
}

/**
 * Nearest-rank percentiles of invocation-to-acknowledgement time over the acknowledged writes
 * (failed and unknown ones have no commit to time), rounded to 0.1 ms. Null with none.
 */
export function commitLatency(history: History): CommitLatency | null {
  const ms = history.ops
    .filter((op) => op.outcome === 'ok')
    .map((op) => op.completedAt - op.invokedAt)
    .sort((a, b) => a - b);
  if (ms.length === 0) return null;
  const rank = (p: number) => round(ms[Math.max(0, Math.ceil((p / 100) * ms.length) - 1)] as number);
  return { count: ms.length, p50: rank(50), p95: rank(95), p99: rank(99), max: round(ms[ms.length - 1] as number) };
}

const round = (ms: number) => Math.round(ms * 10) / 10;
