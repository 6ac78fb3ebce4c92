/**
 * The presentation model shared by the Markdown, HTML and terminal writers, so the three say
 * the same thing in the same words. Values are plain text; each writer escapes for its medium.
 */
import { rtoPhasesText } from './rto-phases.ts';
import type {
  ReadYourWritesMetric,
  WriteFates,
  ChecksumDifference,
  ExpectationResult,
  Metrics,
  SplitBrainIncident,
  WorkloadMetric,
} from '../checks/types.ts';
import type { ScenarioResult, StepResult } from '../result/result.ts';
import type { Verdict } from '../checks/verdict.ts';
import { type ShownStatus, expectationVerdict, whyNotMeasured } from '../result/verdicts.ts';
import { capped, formatDuration, formatNumber, formatOffset, na, seconds } from './format-values.ts';
import { maxStall, observedRows, paceText } from './format-observed.ts';
import { recoveryMetricRows } from './format-recovery.ts';

export {
  LIST_CAP,
  capped,
  formatBytes,
  formatDuration,
  formatNumber,
  formatOffset,
  na,
  seconds,
} from './format-values.ts';
export { maxStall, observedHeadlines, observedRows, paceText } from './format-observed.ts';

export { shownStatus, expectationVerdict, whyNotMeasured, type ShownStatus } from '../result/verdicts.ts';

/** A scenario's verdict word; a drill that failed only for want of a measurement reads NOT MEASURED, never FAILED. */
export const VERDICT: Record<ShownStatus, string> = {
  passed: 'PASSED',
  failed: 'FAILED',
  'not-measured': 'NOT MEASURED',
  error: 'ERROR',
  xfailed: 'FAILED AS EXPECTED',
  xpassed: 'HELD, EXPECTED TO FAIL',
};

/** An expectation's verdict word, the same in every report. */
export const EXPECTATION_VERDICT: Record<Verdict, string> = {
  held: 'pass',
  failed: 'FAIL',
  'not-measured': 'NOT MEASURED',
};

/** The achieved value; an expectation that was not measured reads `NOT MEASURED (why)`, never a number. */
export function formatActual(e: ExpectationResult): string {
  if (expectationVerdict(e) === 'not-measured') return `NOT MEASURED (${whyNotMeasured(e)})`;
  if (e.actual === null) return na(e.reason);
  const value = typeof e.actual === 'number' ? formatNumber(e.actual) : String(e.actual);
  return e.reason ? `${value} (${e.reason})` : value;
}

export const stepStatus: Record<StepResult['status'], string> = {
  ok: 'ok',
  failed: 'FAILED',
  'expected-failure': 'failed as expected',
  'not-applied': 'not applied',
  'unexpected-success': 'UNEXPECTED SUCCESS',
  skipped: 'skipped',
};

export interface MetricRow {
  area: string;
  metric: string;
  value: string;
}

/** Every metric a report shows, in order; unmeasured ones read `n/a (reason)`. */
export function metricRows(metrics: Metrics | null): MetricRow[] {
  if (metrics === null) return [{ area: 'all', metric: 'metrics', value: na('the drill did not reach the checks') }];
  const { rpo, rto, workload, checksums: cs, convergence: conv } = metrics;
  const noWorkload = na('no workload');
  const rows: [string, string, string][] = [
    [
      'RPO',
      'lost transactions (acknowledged, missing)',
      rpo.lostTransactions === null ? na(rpo.reason) : String(rpo.lostTransactions),
    ],
    ['RPO', 'data-loss window', seconds(rpo.seconds, rpo.reason)],
    ['RPO', 'data read from', rpo.survivor ?? na(rpo.reason ?? 'not recorded')],
    ['RPO', 'lost keys', lostKeys(metrics)],
    [
      'RPO',
      'unknown-outcome writes',
      rpo.unknownCommitted === null || rpo.unknownAbsent === null
        ? na(rpo.reason)
        : `${rpo.unknownCommitted} committed, ${rpo.unknownAbsent} absent`,
    ],
    ['RPO', 'failed but present', keyList(rpo.failedButPresent, rpo.failedButPresentTotal, rpo.reason)],
    ['RTO', 'total (fault → first acknowledged write)', seconds(rto.seconds, rto.reason)],
    ['RTO', 'detection (fault → failover began)', seconds(rto.detectionSeconds, rto.reason)],
    // not "promotion": that phase alone is in the phases row; older result.json files lack the clear name
    ['RTO', 'fault → new primary writable', seconds(rto.faultToWritableSeconds ?? rto.promotionSeconds, rto.reason)],
    ['RTO', 'phases (what took the time)', rtoPhasesText(rto, formatNumber) || na(rto.reason)],
    ['Workload', 'acknowledged', workload ? String(workload.acknowledged) : noWorkload],
    ['Workload', 'failed', workload ? String(workload.failed) : noWorkload],
    ['Workload', 'unknown outcome', workload ? String(workload.unknown) : noWorkload],
    [
      'Workload',
      'throughput',
      workload ? (workload.throughput === null ? na() : `${formatNumber(workload.throughput)} tx/s`) : noWorkload,
    ],
    [
      'Workload',
      'pace (workload.rate)',
      workload ? (workload.pace ? paceText(workload.pace) : na('no rate asked: as fast as possible')) : noWorkload,
    ],
    ['Workload', 'longest stall (no acknowledged write)', workload ? maxStall(workload.maxStallSeconds) : noWorkload],
    ['Workload', 'commit latency (acknowledged writes)', workload ? latencyText(workload.latency) : noWorkload],
    ['Workload', 'what clients saw when a write failed', workload ? clientErrorText(workload.errors) : noWorkload],
    [
      'Workload',
      "read-your-writes (each write reads its client's earlier ones)",
      workload ? readYourWritesText(workload.readYourWrites) : noWorkload,
    ],
    ...readRows(metrics.reads),
    ...observedRows(metrics.observed).map(([metric, value]): [string, string, string] => ['Observed', metric, value]),
    ['Checksums', 'match', checksumMatch(metrics)],
    [
      'Checksums',
      'nodes compared',
      cs.nodes.length === 0 ? na(cs.reason) : `${cs.nodes.length} (${cs.nodes.join(', ')}), ${cs.tables} table(s)`,
    ],
    ['Checksums', 'differences', differences(metrics)],
    [
      'Convergence',
      'time to converge',
      seconds(conv.seconds, conv.reason ?? (conv.converged === false ? 'never converged' : undefined)),
    ],
    ['Convergence', 'lagging replicas', conv.laggingReplicas.length === 0 ? 'none' : conv.laggingReplicas.join(', ')],
    ['Split-brain', 'detected', splitBrain(metrics)],
    ...recoveryMetricRows(metrics.recovery).map(([metric, value]): [string, string, string] => [
      'Recovery',
      metric,
      value,
    ]),
  ];
  return rows.map(([area, metric, value]) => ({ area, metric, value }));
}

function lostKeys({ rpo }: Metrics): string {
  return keyList(rpo.lostKeys, rpo.lostTransactions === null ? null : rpo.lostKeysTotal, rpo.reason);
}

/** A capped key list with its true total; `total` null means unmeasured. */
function keyList(keys: number[], total: number | null, reason?: string): string {
  if (total === null) return na(reason);
  if (total === 0) return 'none';
  return `${total} in total: ${capped(keys, total, String)}`;
}

export function checksumMatch({ checksums }: Metrics): string {
  if (checksums.match === null) return na(checksums.reason);
  return checksums.match ? 'match' : 'MISMATCH';
}

function differences({ checksums }: Metrics): string {
  if (checksums.match === null) return na(checksums.reason);
  const d = checksums.differences;
  if (d.length === 0) return 'none';
  return `${d.length}: ${capped(d, d.length, difference)}`;
}

function difference(x: ChecksumDifference): string {
  switch (x.kind) {
    case 'missing':
      return `${x.table} missing on ${x.node} (present on ${x.reference})`;
    case 'extra':
      return `${x.table} only on ${x.node} (absent on ${x.reference})`;
    case 'unreadable':
      return `${x.table} unreadable on ${x.node} (${x.error ?? 'damaged data'})`;
    case 'content':
      return x.rows === x.referenceRows
        ? `${x.table} differs on ${x.node} (same ${x.rows ?? '?'} rows as ${x.reference}, other content)`
        : `${x.table} differs on ${x.node} (${x.rows ?? '?'} rows vs ${x.referenceRows ?? '?'} on ${x.reference})`;
  }
}

export function splitBrain({ splitBrain: sb }: Metrics): string {
  if (sb.detected === null) return na(sb.reason);
  if (!sb.detected) return 'none';
  const show = (i: SplitBrainIncident) =>
    i.kind === 'stale-primary'
      ? `${i.node} acknowledged key ${i.key} at ${formatOffset(i.atMs)} after ${i.newPrimary} was promoted at ${formatOffset(i.promotedAtMs)}`
      : `${i.node} acknowledged key ${i.key} at ${formatOffset(i.atMs)} while ${i.newPrimary} was also acknowledging (since ${formatOffset(i.promotedAtMs)})`;
  return `DETECTED, ${sb.incidentsTotal} incident(s): ${capped(sb.incidents, sb.incidentsTotal, show)}`;
}

/** Header facts about the run, as label/value pairs. */
const checksumsNote = (on: boolean | null | undefined): string =>
  on === true ? ' (data checksums on)' : on === false ? ' (data checksums off)' : '';

export function runFacts(r: ScenarioResult): [string, string][] {
  return [
    ...(r.expectedFailure
      ? [
          ['Expected to fail', `${r.expectedFailure.detail} (declared: ${r.expectedFailure.reason})`] as [
            string,
            string,
          ],
        ]
      : []),
    ['Scenario file', r.file],
    ['Run', r.runId],
    ['Started', r.startedAt],
    ['Duration', formatDuration(r.durationMs)],
    ['Tags', r.tags.length ? r.tags.join(', ') : 'none'],
    [
      'Harness',
      `pgdrill ${r.harness.version}, Node ${r.harness.node}, image ${r.harness.image ?? 'n/a'}${r.harness.imageId ? ` (${r.harness.imageId.slice(0, 19)})` : ''}, PostgreSQL ${r.harness.postgres ?? 'n/a'}${checksumsNote(r.environment?.dataChecksums)}`,
    ],
    ...provenanceFacts(r),
  ];
}

/** The scenario's SHA-256 and commit, with the files that differed from it; nothing for older results. */
function provenanceFacts(r: ScenarioResult): [string, string][] {
  const prov = r.provenance;
  if (prov === undefined) return [];
  const uncommitted = prov.uncommitted?.length ? ` (uncommitted: ${prov.uncommitted.join(', ')})` : '';
  return [
    ['Scenario SHA-256', `${prov.scenario.sha256} (its text as run: scenario.yaml)`],
    ['Commit', `${prov.commit ?? 'none (not in a git repository)'}${uncommitted}`],
    ...prov.inputs.map((f): [string, string] => [`Input (${f.role})`, `${f.path} sha256 ${f.sha256}`]),
  ];
}

/** `37 connection refused, 3 server closed the connection`, or `none`. */
export function clientErrorText(errors: Partial<Record<string, number>>): string {
  const parts = Object.entries(errors).map(([cls, n]) => `${n} ${cls}`);
  return parts.length ? parts.join(', ') : 'none';
}

/** `p50 1.8 ms · p95 3.9 ms · p99 12.4 ms · max 5012.3 ms (4210 writes)`; older result.json files have none. */
function latencyText(latency: WorkloadMetric['latency'] | undefined): string {
  if (latency === undefined) return na('not recorded by this version');
  if (latency === null) return na('no write was acknowledged');
  const ms = (v: number) => `${formatNumber(v)} ms`;
  return `p50 ${ms(latency.p50)} · p95 ${ms(latency.p95)} · p99 ${ms(latency.p99)} · max ${ms(latency.max)} (${latency.count} writes)`;
}

/** The reads' rows, only where the workload read (`workload.reads`). */
function readRows(reads: Metrics['reads']): [string, string, string][] {
  if (!reads) return [];
  const why = reads.reason;
  const worst = reads.worst;
  const first = reads.firstNonMonotonic;
  return [
    ['Reads', 'reads (answered, failed)', `${reads.reads} answered, ${reads.failed} failed`],
    [
      'Reads',
      'stale reads (missed a write acknowledged before they began)',
      reads.reads === 0 ? na(why) : `${reads.stale} of ${reads.reads}`,
    ],
    [
      'Reads',
      'staleness (max, p95)',
      reads.maxStalenessSeconds === null
        ? na(why)
        : `${formatNumber(reads.maxStalenessSeconds)} s, p95 ${formatNumber(reads.p95StalenessSeconds ?? 0)} s${
            worst
              ? ` — worst at ${formatOffset(worst.atMs)} via ${worst.via}${worst.node ? ` (${worst.node})` : ''}: key ${worst.key} of client ${worst.client}, acknowledged at ${formatOffset(worst.ackedAt)}, not seen`
              : ''
          }`,
    ],
    [
      'Reads',
      'non-monotonic reads (saw less than an earlier read)',
      reads.reads === 0
        ? na(why)
        : `${reads.nonMonotonic}${first ? ` — first at ${formatOffset(first.atMs)} via ${first.via}${first.node ? ` (${first.node})` : ''}: client ${first.client} seen up to key ${first.sawBefore}, then ${first.sawNow}` : ''}`,
    ],
    ...(reads.fates === undefined
      ? []
      : [
          [
            'Reads',
            'fate of every acknowledged write (stable, stale, never read, lost; unknown outcomes)',
            reads.fates === null
              ? na('the surviving primary could not be read: no final state')
              : describeFates(reads.fates),
          ] as [string, string, string],
        ]),
  ];
}

/** Read-your-writes per writing client: held over how many writes, or the first write whose server lacked its client's last one. */
export function readYourWritesText(metric: ReadYourWritesMetric | null | undefined): string {
  if (!metric) return na('the history records no read of own writes');
  if (metric.checked === 0) return na(metric.reason);
  const first = metric.first;
  if (metric.violations === 0 || !first)
    return `held: each of ${metric.checked} writes found its client's last acknowledged write on its server`;
  const acked = `acknowledged${first.ackedOn ? ` by ${first.ackedOn}` : ''}${first.ackedAt === null ? '' : ` at ${formatOffset(first.ackedAt)}`}`;
  return `${metric.violations} of ${metric.checked} writes (${metric.clients} client(s)) found their server without their client's last acknowledged write — first at ${formatOffset(first.atMs)}${first.on ? ` on ${first.on}` : ''}: client ${first.client}'s key ${first.laterKey} found no key ${first.key} (${acked}); the newest of its own keys there was ${first.sawOwn}, ${first.missed} acknowledged write(s) after it missing`;
}

/** Jepsen set-full's classes, with the keys of the anomalies. */
export function describeFates(f: WriteFates): string {
  const keys = (list: number[], total: number) =>
    list.length ? ` (key${total > 1 ? 's' : ''} ${list.join(', ')}${total > list.length ? ', …' : ''})` : '';
  const longest = f.longestStale
    ? `, longest ${formatNumber(f.longestStale.seconds)} s: key ${f.longestStale.key} of client ${f.longestStale.client}, acknowledged at ${formatOffset(f.longestStale.ackedAt)}`
    : '';
  return [
    `${f.acknowledged} acknowledged: ${f.stable} stable`,
    `${f.stale} stale${keys(f.staleKeys, f.stale)}${longest}`,
    `${f.neverRead} never read`,
    `${f.lost} lost${f.lostAfterRead ? `, ${f.lostAfterRead} of them after a read had seen them${keys(f.lostAfterReadKeys, f.lostAfterRead)}` : ''}`,
    `unknown outcomes: ${f.recovered} recovered, ${f.unknownAbsent} absent`,
  ].join('; ');
}

/** `12 passed, 3 failed as expected, 1 failed, 0 error`: a drill that held when it was expected to fail counts as failed. */
export function runCounts(count: (s: ShownStatus) => number): string {
  const xfailed = count('xfailed') ? `, ${count('xfailed')} failed as expected` : '';
  const unmeasured = count('not-measured') ? `, ${count('not-measured')} not measured` : '';
  return `${count('passed')} passed${xfailed}, ${count('failed') + count('xpassed')} failed${unmeasured}, ${count('error')} error`;
}
