/** The Observed block and the workload's longest stall, in the words every report uses. */
import type { ObservedMetric, ObservedName, ObservedPeak, UnreachableSpan, WorkloadPace } from '../checks/types.ts';
import { capped, formatBytes, formatNumber, formatOffset, na, seconds } from './format-values.ts';

/** The workload's longest time without an acknowledged write: `4.35 s`, or n/a. */
export const maxStall = (s: number | null) => seconds(s, 'no operation');

/**
 * A paced workload's pace while the cluster was healthy: `200 of 200 tx/s asked (first 3.0 s)`,
 * `153 of 200 tx/s asked (first 3.0 s): below the rate asked`, or n/a with why.
 */
export function paceText(pace: WorkloadPace): string {
  if (pace.reached === null) return na(pace.reason);
  const text = `${formatNumber(pace.reached)} of ${formatNumber(pace.asked)} tx/s asked (first ${pace.windowSeconds.toFixed(1)} s, before any fault)`;
  return pace.kept ? text : `${text}: below the rate asked — the clients could not keep it`;
}

/** The Observed block: what the periodic node samples saw, one [metric, value] per line; n/a (reason) when unmeasured. */
export function observedRows(observed: ObservedMetric): [string, string][] {
  const why = (name: ObservedName) => observed.reasons?.[name] ?? observed.reason;
  const count = (name: 'archiveFailures' | 'walReceiverDrops') => {
    const value = observed[name];
    return value === null ? na(why(name)) : String(value);
  };
  return [
    ['samples taken', observed.samples === 0 ? na(observed.reason) : String(observed.samples)],
    ['max replica lag (bytes)', observedPeak(observed.maxLagBytes, bytesExact, why('maxLagBytes'))],
    [
      'max replica lag (seconds)',
      observedPeak(observed.maxLagSeconds, (v) => `${formatNumber(v)} s`, why('maxLagSeconds')),
    ],
    ['archive failures', count('archiveFailures')],
    ['max WAL retained (pg_wal)', observedPeak(observed.maxWalBytes, bytesExact, why('maxWalBytes'))],
    ['WAL receiver drops', count('walReceiverDrops')],
    ['unreachable', unreachable(observed)],
  ];
}

/**
 * The Observed block in brief, for the terminal verdict: `[label, value]` lines for lag, WAL and
 * outages, or one n/a line when nothing was sampled.
 */
export function observedHeadlines(observed: ObservedMetric): [string, string][] {
  if (observed.samples === 0) return [['observed', na(observed.reason)]];
  const why = (name: ObservedName) => observed.reasons?.[name] ?? observed.reason;
  const counted = (value: number | null, what: string, reason?: string) =>
    value === null ? `${what} n/a (${reason})` : `${value} ${what}`;
  const lag =
    observed.maxLagBytes === null && observed.maxLagSeconds === null
      ? [na(why('maxLagBytes'))]
      : [
          observedPeak(observed.maxLagBytes, formatBytes, why('maxLagBytes')),
          observedPeak(observed.maxLagSeconds, (v) => `${formatNumber(v)} s`, why('maxLagSeconds')),
        ];
  const wal = [
    observedPeak(observed.maxWalBytes, (v) => `${formatBytes(v)} retained`, why('maxWalBytes')),
    counted(observed.archiveFailures, 'archive failure(s)', why('archiveFailures')),
    counted(observed.walReceiverDrops, 'receiver drop(s)', why('walReceiverDrops')),
  ];
  return [
    ['max lag', lag.join('; ')],
    ['WAL', wal.join('; ')],
    ['unreachable', unreachable(observed)],
  ];
}

/** `8.6 MB (9000000 bytes)`: readable, and exact to compare with a bound. */
const bytesExact = (bytes: number) =>
  Math.abs(bytes) < 1024 ? formatBytes(bytes) : `${formatBytes(bytes)} (${bytes} bytes)`;

/** `8.6 MB (9000000 bytes) on pg-2 at +3.250s`, or n/a (reason). */
function observedPeak(peak: ObservedPeak | null, show: (value: number) => string, reason?: string): string {
  return peak === null ? na(reason) : `${show(peak.value)} on ${peak.node} at ${formatOffset(peak.atMs)}`;
}

/** Nodes that could not be sampled, with when: `pg-1 +5.000s → +9.250s`; none; or n/a without samples. */
function unreachable(observed: ObservedMetric): string {
  if (observed.samples === 0) return na(observed.reason);
  const spans = observed.unreachable;
  if (spans.length === 0) return 'none';
  const show = (x: UnreachableSpan) =>
    x.fromMs === x.toMs
      ? `${x.node} at ${formatOffset(x.fromMs)}`
      : `${x.node} ${formatOffset(x.fromMs)} → ${formatOffset(x.toMs)}`;
  return `${spans.length} span(s): ${capped(spans, spans.length, show)}`;
}
