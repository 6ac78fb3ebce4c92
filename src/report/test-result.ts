/** Fixtures for report tests: a complete, plausible passed kill-primary result to override from. */
import type { Metrics, RecoveryCheck, RecoveryMetric } from '../checks/types.ts';
import type { RunSummary, ScenarioResult } from '../result/result.ts';
import type { NodeSample } from '../evidence/evidence.ts';

/** Fully measured metrics of a clean failover, sampled all along; `partial` replaces whole sections. */
export function makeMetrics(partial: Partial<Metrics> = {}): Metrics {
  return {
    rpo: {
      lostTransactions: 0,
      seconds: 0,
      lostKeys: [],
      lostKeysTotal: 0,
      unknownCommitted: 1,
      unknownAbsent: 2,
      failedButPresent: [],
      failedButPresentTotal: 0,
    },
    rto: {
      seconds: 4.2,
      detectionSeconds: 1.05,
      promotionSeconds: 2.5,
      faultToWritableSeconds: 2.5,
      phases: [
        { name: 'detection', seconds: 1.05 },
        { name: 'promotion', seconds: 1.45 },
        { name: 'client recovery', seconds: 1.7 },
      ],
      longestPhase: 'client recovery',
      downAtLeastSeconds: null,
      faultAtMs: 5000,
      firstAckAtMs: 9200,
    },
    workload: {
      acknowledged: 4210,
      failed: 37,
      unknown: 3,
      throughput: 421.5,
      maxStallSeconds: 4.35,
      errors: { 'connection refused': 37, 'server closed the connection': 3 },
      latency: { count: 4210, p50: 1.8, p95: 3.9, p99: 12.4, max: 5012.3 },
      latencyP99: 12.4,
    },
    observed: {
      samples: 96,
      maxLagBytes: { value: 9_000_000, node: 'pg-2', atMs: 5_250 },
      maxLagSeconds: { value: 0.75, node: 'pg-2', atMs: 5_250 },
      archiveFailures: 0,
      maxWalBytes: { value: 50_331_648, node: 'pg-1', atMs: 4_750 },
      walReceiverDrops: 1,
      unreachable: [{ node: 'pg-1', fromMs: 5_000, toMs: 12_000 }],
    },
    checksums: { match: true, nodes: ['pg-1', 'pg-2'], tables: 3, differences: [], leftOut: [] },
    convergence: { seconds: 1.3, converged: true, replicas: 1, laggingReplicas: [] },
    splitBrain: { detected: false, incidents: [], incidentsTotal: 0 },
    recovery: { backups: [], marks: [], recoveries: [], allMatch: null },
    ...partial,
  };
}

/** The observed metric of a run in which no node was sampled. */
export const UNSAMPLED: Metrics['observed'] = {
  samples: 0,
  maxLagBytes: null,
  maxLagSeconds: null,
  archiveFailures: null,
  maxWalBytes: null,
  walReceiverDrops: null,
  unreachable: [],
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
      {
        table: 'public.orders',
        expected: { rows: 1523, digest: DIGEST.orders },
        actual: { rows: 1523, digest: DIGEST.orders },
        match: true,
      },
      {
        table: 'public.audit',
        expected: { rows: 12, digest: DIGEST.audit },
        actual: { rows: 12, digest: DIGEST.audit },
        match: true,
      },
    ],
    missingKeys: [],
    missingKeysTotal: 0,
    extraKeys: [],
    extraKeysTotal: 0,
    durationSeconds: 4.2,
    sizeBytes: 31_457_280,
    timeline: 1,
    endedAs: 'paused',
    archive: {
      location: '/backups/wal',
      from: '000000010000000000000002',
      to: '000000010000000000000004',
      missing: [],
      missingTotal: 0,
    },
    archiveLoss: null,
    reason: 'equal to the snapshot of mark before-delete: 2 tables, 1523 workload rows',
    ...partial,
  };
}

/**
 * A pg_dump and a pg_basebackup (with its WAL range), one mark, a PITR to it that matched and one
 * that overshot by key 1524 while the archive lacked segment 000000010000000000000005.
 */
export function makeRecoveryMetric(): RecoveryMetric {
  const snapshot = [
    { table: 'public.orders', rows: 1523, digest: DIGEST.orders },
    { table: 'public.audit', rows: 12, digest: DIGEST.audit },
  ];
  return {
    backups: [
      {
        name: 'nightly',
        method: 'pg_dump',
        node: 'pg-1',
        stepIndex: 1,
        durationSeconds: 1.25,
        sizeBytes: 2_400_000,
        type: null,
        buildsOn: null,
        verification: { tool: 'pg_restore --list', passed: true },
        startLsn: null,
        endLsn: null,
        timeline: null,
        tables: snapshot,
        heldSeconds: null,
      },
      {
        name: 'base-1',
        method: 'pg_basebackup',
        node: 'pg-2',
        stepIndex: 2,
        durationSeconds: 3.5,
        sizeBytes: 31_457_280,
        type: 'full',
        buildsOn: null,
        verification: { tool: 'pg_verifybackup', passed: true },
        startLsn: '0/2000028',
        endLsn: '0/2000138',
        timeline: 1,
        tables: snapshot,
        heldSeconds: 0.8,
      },
    ],
    marks: [
      {
        name: 'before-delete',
        stepIndex: 4,
        node: 'pg-1',
        time: '2025-01-02 03:04:20.123456+00',
        xid: '1234',
        lsn: '0/3000060',
        timeline: 1,
        tables: snapshot,
        heldSeconds: 0.05,
      },
    ],
    recoveries: [
      makeRecoveryCheck(),
      makeRecoveryCheck({
        stepIndex: 8,
        node: 'pg-restore-2',
        target: 'mark before-delete by time 2025-01-02 03:04:20.123456+00 (exclusive, then promote)',
        passed: false,
        tables: [
          {
            table: 'public.orders',
            expected: { rows: 1523, digest: DIGEST.orders },
            actual: { rows: 1524, digest: DIGEST.ordersOvershot },
            match: false,
          },
          {
            table: 'public.audit',
            expected: { rows: 12, digest: DIGEST.audit },
            actual: { rows: 12, digest: DIGEST.audit },
            match: true,
          },
        ],
        extraKeys: [1524],
        extraKeysTotal: 1,
        durationSeconds: 5.5,
        timeline: 2,
        endedAs: 'promoted',
        archive: {
          location: '/backups/wal',
          from: '000000010000000000000002',
          to: '000000010000000000000006',
          missing: ['000000010000000000000005'],
          missingTotal: 1,
        },
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
      { name: 'rpo.lostTransactions', expected: '<= 0', actual: 0, passed: true, verdict: 'held' },
      { name: 'rto.maxSeconds', expected: '<= 15', actual: 4.2, passed: true, verdict: 'held' },
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

/**
 * A drill whose RTO target could not be measured (its only fault stopped a replica) while the rest
 * held: status "failed", verdict "not-measured", and no RTO number anywhere.
 */
export function makeUnmeasuredResult(): ScenarioResult {
  const base = makeMetrics();
  const why = 'no fault cut the clients off writing';
  return makeResult({
    scenario: 'stop-replica',
    status: 'failed',
    verdict: 'not-measured',
    metrics: {
      ...base,
      rto: {
        seconds: null,
        detectionSeconds: null,
        promotionSeconds: null,
        faultToWritableSeconds: null,
        phases: [],
        longestPhase: null,
        downAtLeastSeconds: null,
        faultAtMs: null,
        firstAckAtMs: null,
        reason: why,
      },
    },
    expectations: [
      { name: 'rpo.lostTransactions', expected: '<= 0', actual: 0, passed: true, verdict: 'held' },
      {
        name: 'rto.maxSeconds',
        expected: '<= 15',
        actual: null,
        passed: false,
        verdict: 'not-measured',
        why,
        reason: `not measured: ${why}`,
      },
    ],
  });
}

export function makeSummary(partial: Partial<RunSummary> = {}): RunSummary {
  return {
    runId: 'r-20250102-030405',
    startedAt: '2025-01-02T03:04:05.000Z',
    durationMs: 40_000,
    reportDir: '/tmp/reports/r-20250102-030405',
    scenarios: [
      { scenario: 'kill-primary', status: 'passed', dir: 'kill-primary', failedExpectations: [] },
      {
        scenario: 'lag-replica',
        status: 'failed',
        dir: 'lag-replica',
        failedExpectations: ['rpo.lostTransactions', 'rto.maxSeconds'],
      },
      { scenario: 'partition', status: 'error', dir: 'partition', failedExpectations: [] },
    ],
    exitCode: 3,
    ...partial,
  };
}

/**
 * A result with everything the audit page draws: environment, per-second client outcomes,
 * per-node checksums, a partition that is healed, a failover; `partial` replaces top-level fields.
 */
export function makeAuditResult(partial: Partial<ScenarioResult> = {}): ScenarioResult {
  return makeResult({
    steps: [
      { index: 0, title: 'wait 5s', startedAtMs: 10, durationMs: 5000, status: 'ok' },
      { index: 1, title: 'fault kill primary', startedAtMs: 5010, durationMs: 120, status: 'ok', node: 'pg-1' },
      { index: 2, title: 'fault lag replica', startedAtMs: 5200, durationMs: 50, status: 'ok', node: 'pg-3' },
      { index: 3, title: 'procedure failover', startedAtMs: 6050, durationMs: 2400, status: 'ok', node: 'pg-2' },
      { index: 4, title: 'fault heal', startedAtMs: 9000, durationMs: 30, status: 'ok' },
      { index: 5, title: 'wait converged', startedAtMs: 9100, durationMs: 1200, status: 'ok' },
    ],
    timeline: [
      { atMs: 0, kind: 'observation', message: 'cluster up: pg-1 (primary), pg-2 (replica), pg-3 (replica)' },
      { atMs: 100, kind: 'observation', message: 'workload: 4 client(s) at 200 tx/s' },
      { atMs: 5000, kind: 'fault', node: 'pg-1', message: 'kill pg-1 (SIGKILL)' },
      { atMs: 5240, kind: 'fault', node: 'pg-3', message: 'lag on pg-3: bandwidth 1mbit on pg-1 → pg-3' },
      { atMs: 7550, kind: 'procedure', node: 'pg-2', message: 'pg-2 promoted on timeline 2' },
      { atMs: 9020, kind: 'fault', node: 'pg-3', message: 'healed: bandwidth 1mbit on pg-2 → pg-3' },
      { atMs: 10_400, kind: 'check', message: 'rto.maxSeconds: expected <= 15, got 4.2 — pass' },
    ],
    environment: {
      ranBy: 'ci@runner-7',
      ciJobUrl: 'https://ci.example.test/jobs/42',
      components: {
        postgres: 'postgres (PostgreSQL) 15.18',
        pgbouncer: 'PgBouncer 1.18.0',
        patroni: 'patroni 3.0.2',
        etcd: 'etcd Version: 3.4.23',
        haproxy: null,
        pgbackrest: 'pgBackRest 2.45',
      },
    },
    harness: {
      version: '0.1.0',
      node: 'v20.19.0',
      image: 'pgdrill/node:15',
      imageId: 'sha256:c26c1af9da3c5892be1c4ae1e7a33e77d1b763a75731a2df13e4f8b4635f9484',
      postgres: '15.18',
    },
    clients: {
      startMs: 0,
      bucketMs: 1000,
      acknowledged: [200, 200, 200, 200, 200, 40, 0, 0, 0, 150, 200, 200],
      failed: [0, 0, 0, 0, 0, 60, 90, 80, 70, 10, 0, 0],
      unknown: [0, 0, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0],
      latencyMs: {
        p50: [2.1, 2.3, 2.2, 2.4, 2.2, 3.5, null, null, null, 8.2, 2.6, 2.3],
        p99: [9.8, 11, 10.4, 12.1, 9.9, 240, null, null, null, 95, 14, 12],
        max: [15, 19, 14, 22, 16, 812, null, null, null, 420, 25, 18],
      },
    },
    checksums: [
      {
        node: 'pg-2',
        tables: [
          { table: 'public.accounts', rows: 1000, digest: DIGEST.orders },
          { table: 'public.audit', rows: 12, digest: DIGEST.audit },
        ],
      },
      {
        node: 'pg-3',
        tables: [
          { table: 'public.accounts', rows: 1000, digest: DIGEST.orders },
          { table: 'public.audit', rows: 12, digest: DIGEST.audit },
        ],
      },
    ],
    artifacts: [
      'report.md',
      'report.html',
      'logs/pg-1.log',
      'logs/pg-2.log',
      'logs/pg-3.log',
      'samples.json',
      'runbook-step-4.log',
    ],
    ...partial,
  });
}

/**
 * Samples every 500 ms of the audit result's three nodes: pg-1 primary until the kill at 5 s (then
 * unreachable, no longer sampled), pg-2 replica then primary on timeline 2 from 7.5 s, pg-3 a
 * replica whose lag grows under the shaped link and recovers.
 */
export function makeSamples(): NodeSample[] {
  const out: NodeSample[] = [];
  const blank = {
    currentLsn: null,
    receiveLsn: null,
    replayLsn: null,
    walReceiver: null,
    archivedCount: null,
    archiveFailedCount: null,
    walBytes: null,
    disk: null,
  };
  for (let at = 0; at <= 12_000; at += 500) {
    if (at <= 5500) {
      const down = at > 5000;
      out.push({
        ...blank,
        atMs: at,
        node: 'pg-1',
        reachable: !down,
        role: down ? null : 'primary',
        timeline: down ? null : 1,
        lagBytes: null,
        lagSeconds: null,
      });
    }
    const promoted = at >= 7500;
    out.push({
      ...blank,
      atMs: at,
      node: 'pg-2',
      reachable: true,
      role: promoted ? 'primary' : 'replica',
      timeline: promoted ? 2 : 1,
      lagBytes: promoted ? null : 0,
      lagSeconds: promoted ? null : 0,
    });
    const lag = at >= 5500 && at < 9000 ? (at - 5000) * 2000 : 0;
    out.push({
      ...blank,
      atMs: at,
      node: 'pg-3',
      reachable: true,
      role: 'replica',
      timeline: at >= 8000 ? 2 : 1,
      lagBytes: at > 5000 && at < 7500 ? null : lag,
      lagSeconds: lag ? lag / 1e6 : 0,
    });
  }
  return out;
}
