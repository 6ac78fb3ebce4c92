/** Fixtures for report tests: a complete, plausible passed kill-primary result to override from. */
import type { Metrics, RecoveryCheck, RecoveryMetric } from '../checks/types.ts';
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

export const DIGEST = {
  orders: 'a1b2c3d4e5f60718293a4b5c6d7e8f90',
  ordersOvershot: 'f0e1d2c3b4a5968778695a4b3c2d1e0f',
  audit: '0123456789abcdef0123456789abcdef',
} as const;

/** A restore's verdict; `partial` replaces whole fields. */
export function makeRecoveryCheck(partial: Partial<RecoveryCheck> = {}): RecoveryCheck {
  return {
    kind: 'pitr',
    stepIndex: 6,
    node: 'pg-restore-1',
    backup: 'base-1',
    method: 'pg_basebackup',
    target: 'mark before-delete by xid 1234 (inclusive, then pause)',
    expectedSource: 'mark before-delete',
    passed: true,
    tables: [
      { table: 'public.orders', expected: { rows: 1523, digest: DIGEST.orders }, actual: { rows: 1523, digest: DIGEST.orders }, match: true },
      { table: 'public.audit', expected: { rows: 12, digest: DIGEST.audit }, actual: { rows: 12, digest: DIGEST.audit }, match: true },
    ],
    missingKeys: [],
    missingKeysTotal: 0,
    extraKeys: [],
    extraKeysTotal: 0,
    durationSeconds: 4.2,
    sizeBytes: 31_457_280,
    timeline: 1,
    endedAs: 'paused',
    archive: { location: '/backups/wal', from: '000000010000000000000002', to: '000000010000000000000004', missing: [], missingTotal: 0 },
    reason: 'equal to the snapshot of mark before-delete: 2 tables, 1523 workload rows',
    ...partial,
  };
}

/**
 * A pg_dump and a pg_basebackup (with its WAL range), one mark, a PITR to it that matched and one
 * that overshot by key 1524 while the archive lacked segment 000000010000000000000005.
 */
export function makeRecoveryMetric(): RecoveryMetric {
  const snapshot = [{ table: 'public.orders', rows: 1523, digest: DIGEST.orders }, { table: 'public.audit', rows: 12, digest: DIGEST.audit }];
  return {
    backups: [
      {
        name: 'nightly', method: 'pg_dump', node: 'pg-1', stepIndex: 1, durationSeconds: 1.25, sizeBytes: 2_400_000,
        verification: { tool: 'pg_restore --list', passed: true }, startLsn: null, endLsn: null, timeline: null, tables: snapshot, heldSeconds: null,
      },
      {
        name: 'base-1', method: 'pg_basebackup', node: 'pg-2', stepIndex: 2, durationSeconds: 3.5, sizeBytes: 31_457_280,
        verification: { tool: 'pg_verifybackup', passed: true }, startLsn: '0/2000028', endLsn: '0/2000138', timeline: 1, tables: snapshot, heldSeconds: 0.8,
      },
    ],
    marks: [{ name: 'before-delete', stepIndex: 4, node: 'pg-1', time: '2025-01-02 03:04:20.123456+00', xid: '1234', lsn: '0/3000060', timeline: 1, tables: snapshot, heldSeconds: 0.05 }],
    recoveries: [
      makeRecoveryCheck(),
      makeRecoveryCheck({
        stepIndex: 8,
        node: 'pg-restore-2',
        target: 'mark before-delete by time 2025-01-02 03:04:20.123456+00 (exclusive, then promote)',
        passed: false,
        tables: [
          { table: 'public.orders', expected: { rows: 1523, digest: DIGEST.orders }, actual: { rows: 1524, digest: DIGEST.ordersOvershot }, match: false },
          { table: 'public.audit', expected: { rows: 12, digest: DIGEST.audit }, actual: { rows: 12, digest: DIGEST.audit }, match: true },
        ],
        extraKeys: [1524],
        extraKeysTotal: 1,
        durationSeconds: 5.5,
        timeline: 2,
        endedAs: 'promoted',
        archive: { location: '/backups/wal', from: '000000010000000000000002', to: '000000010000000000000006', missing: ['000000010000000000000005'], missingTotal: 1 },
        reason: 'overshot: 1 transaction after the target is present (key 1524)',
      }),
    ],
    allMatch: false,
  };
}

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
