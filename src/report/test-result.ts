/** Fixtures for report tests: a complete, plausible passed kill-primary result to override from. */
import type { Metrics } from '../checks/types.ts';
import type { RunSummary, ScenarioResult } from './result.ts';

/** Fully measured metrics of a clean failover, sampled all along; `partial` replaces whole sections. */
export function makeMetrics(partial: Partial<Metrics> = {}): Metrics {
  return {
    rpo: { lostTransactions: 0, seconds: 0, lostKeys: [], lostKeysTotal: 0, unknownCommitted: 1, unknownAbsent: 2, failedButPresent: [], failedButPresentTotal: 0 },
    rto: { seconds: 4.2, detectionSeconds: 1.05, promotionSeconds: 2.5, faultAtMs: 5000, firstAckAtMs: 9200 },
    workload: { acknowledged: 4210, failed: 37, unknown: 3, throughput: 421.5, maxStallSeconds: 4.35, errors: { 'connection refused': 37, 'server closed the connection': 3 } },
    observed: {
      samples: 96,
      maxLagBytes: { value: 9_000_000, node: 'pg-2', atMs: 5_250 },
      maxLagSeconds: { value: 0.75, node: 'pg-2', atMs: 5_250 },
      archiveFailures: 0,
      maxWalBytes: { value: 50_331_648, node: 'pg-1', atMs: 4_750 },
      walReceiverDrops: 1,
      unreachable: [{ node: 'pg-1', fromMs: 5_000, toMs: 12_000 }],
    },
    checksums: { match: true, nodes: ['pg-1', 'pg-2'], tables: 3, differences: [] },
    convergence: { seconds: 1.3, converged: true, replicas: 1, laggingReplicas: [] },
    splitBrain: { detected: false, incidents: [], incidentsTotal: 0 },
    recovery: { backups: [], marks: [], recoveries: [], allMatch: null },
    ...partial,
  };
}

/** The observed metric of a run in which no node was sampled. */
export const UNSAMPLED: Metrics['observed'] = {
  samples: 0, maxLagBytes: null, maxLagSeconds: null, archiveFailures: null, maxWalBytes: null, walReceiverDrops: null, unreachable: [],
  reason: 'no node was sampled',
};

/** A passed scenario result; `partial` replaces top-level fields. */
export function makeResult(partial: Partial<ScenarioResult> = {}): ScenarioResult {
  return {
    scenario: 'kill-primary',
    file: 'scenarios/failover/kill-primary.yaml',
    description: 'Kill the primary under write load, promote the replica, prove nothing acknowledged was lost.',
    tags: ['failover', 'smoke'],
    status: 'passed',
    startedAt: '2025-01-02T03:04:05.000Z',
    durationMs: 12_345,
    runId: 'r-20250102-030405-1',
    harness: { version: '0.1.0', node: 'v20.19.0', image: 'pgdrill/node:15' },
    metrics: makeMetrics(),
    expectations: [
      { name: 'rpo.lostTransactions', expected: '<= 0', actual: 0, passed: true },
      { name: 'rto.maxSeconds', expected: '<= 15', actual: 4.2, passed: true },
    ],
    steps: [
      { index: 0, title: 'wait 5s', startedAtMs: 10, durationMs: 5000, status: 'ok' },
      { index: 1, title: 'fault kill primary', startedAtMs: 5010, durationMs: 120, status: 'ok', node: 'pg-1' },
      { index: 2, title: 'procedure failover', startedAtMs: 6050, durationMs: 2400, status: 'ok', node: 'pg-2' },
    ],
    timeline: [
      { atMs: 0, kind: 'observation', message: 'cluster up: pg-1 (primary), pg-2 (replica)' },
      { atMs: 5000, kind: 'fault', node: 'pg-1', message: 'kill pg-1 (SIGKILL)' },
      { atMs: 7550, kind: 'procedure', node: 'pg-2', message: 'promoted pg-2' },
    ],
    artifacts: [],
    ...partial,
  };
}

export function makeSummary(partial: Partial<RunSummary> = {}): RunSummary {
  return {
    runId: 'r-20250102-030405',
    startedAt: '2025-01-02T03:04:05.000Z',
    durationMs: 40_000,
    reportDir: '/tmp/reports/r-20250102-030405',
    scenarios: [
      { scenario: 'kill-primary', status: 'passed', dir: 'kill-primary', failedExpectations: [] },
      { scenario: 'lag-replica', status: 'failed', dir: 'lag-replica', failedExpectations: ['rpo.lostTransactions', 'rto.maxSeconds'] },
      { scenario: 'partition', status: 'error', dir: 'partition', failedExpectations: [] },
    ],
    exitCode: 3,
    ...partial,
  };
}
