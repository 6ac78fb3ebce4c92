import { describe, expect, it } from 'vitest';
import { computeMetrics, judge } from './index.ts';
import { fault, makeEvidence, op, sample } from './test-evidence.ts';
import type { Evidence } from '../evidence/evidence.ts';

/** kill-primary with a manual failover, as the runner records it; `lose` drops acknowledged keys from the survivor. */
function killPrimary(lose: number[] = []): Evidence {
  const ops = [
    op(1, 'ok', 1_000),
    op(2, 'ok', 1_500),
    op(3, 'unknown', 2_050),
    op(4, 'fail', 2_500, { node: undefined }),
    op(5, 'ok', 4_000, { node: 'pg-2' }),
    op(6, 'ok', 4_500, { node: 'pg-2' }),
  ];
  return makeEvidence({
    history: { ops },
    faults: [fault('kill', 2_000)],
    promotions: [
      { node: 'pg-2', procedureStartedAtMs: 2_100, requestedAtMs: 2_150, completedAtMs: 3_000, timeline: 2 },
    ],
    roleChanges: [
      { node: 'pg-1', role: 'primary', atMs: 600 },
      { node: 'pg-2', role: 'replica', atMs: 600 },
      { node: 'pg-3', role: 'replica', atMs: 600 },
      { node: 'pg-1', role: 'down', atMs: 2_000 },
      { node: 'pg-2', role: 'primary', atMs: 3_000, timeline: 2 },
    ],
    checksums: ['pg-2', 'pg-3'].map((node) => ({
      node,
      tables: [{ table: 'public.pgdrill_writes', rows: 4, digest: 'x' }],
    })),
    convergence: [],
    finalState: { primary: 'pg-2', presentKeys: [1, 2, 5, 6].filter((k) => !lose.includes(k)) },
  });
}

const expect_ = {
  rpo: { lostTransactions: { max: 0 } },
  rto: { maxSeconds: { max: 15 } },
  checksums: 'match' as const,
  splitBrain: 'none' as const,
};

describe('computeMetrics + judge', () => {
  it('a good kill-primary drill passes', () => {
    const metrics = computeMetrics(killPrimary(), 4_000, 500);
    expect(metrics.rpo).toMatchObject({ lostTransactions: 0, seconds: 0, unknownAbsent: 1 });
    expect(metrics.rto).toMatchObject({
      seconds: 2,
      detectionSeconds: 0.1,
      promotionSeconds: 1,
      faultAtMs: 1_500,
      firstAckAtMs: 3_500,
    });
    expect(metrics.workload).toEqual({
      acknowledged: 4,
      failed: 1,
      unknown: 1,
      throughput: 1,
      maxStallSeconds: 2.5,
      errors: { other: 2 },
      latency: { count: 4, p50: 1, p95: 1, p99: 1, max: 1 },
      latencyP99: 1,
      // the synthetic history has no own-write reads: not measured, never a 0
      readYourWrites: {
        checked: 0,
        violations: 0,
        clients: 0,
        first: null,
        reason: 'the history records no read of own writes',
      },
      readYourWritesViolations: null,
    });
    expect(metrics.observed).toMatchObject({ samples: 0, maxLagBytes: null, reason: 'no node was sampled' });
    expect(metrics.checksums).toMatchObject({ match: true, nodes: ['pg-2', 'pg-3'], leftOut: [] });
    expect(metrics.convergence.converged).toBeNull();
    expect(metrics.splitBrain.detected).toBe(false);
    const verdict = judge(expect_, metrics);
    expect(verdict.passed).toBe(true);
    expect(verdict.expectations.map((e) => e.name)).toEqual([
      'rpo.lostTransactions',
      'rto.maxSeconds',
      'checksums',
      'splitBrain',
    ]);
  });

  it("judges the workload's pace up to when the first fault was issued, not when the engine said it took effect", () => {
    // 20 tx/s from t=0; the kill is sent at 2 s and the node dies at once, but the engine answers at 2.5 s
    const acked = Array.from({ length: 40 }, (_, i) => op(i + 1, 'ok', i * 50 + 5, { invokedAt: i * 50 }));
    const refused = Array.from({ length: 40 }, (_, i) =>
      op(i + 41, 'fail', 2_000 + i * 50 + 5, { invokedAt: 2_000 + i * 50 }),
    );
    const ops = [...acked, ...refused];
    const paceWith = (issuedAtMs?: number) =>
      computeMetrics(
        makeEvidence({
          history: { ops },
          faults: [fault('kill', 2_500, issuedAtMs === undefined ? {} : { issuedAtMs })],
        }),
        undefined,
        0,
        20,
      ).workload!.pace!;
    expect(paceWith(2_000)).toMatchObject({ windowSeconds: 2, reached: 20, kept: true });
    // timed from the engine's answer, the dying node's half second would count as slow clients
    expect(paceWith(undefined)).toMatchObject({ windowSeconds: 2.5, reached: 16, kept: false });
  });

  it('one lost acknowledged write fails the whole verdict, and only that expectation', () => {
    const verdict = judge(expect_, computeMetrics(killPrimary([2])));
    expect(verdict.passed).toBe(false);
    expect(verdict.expectations.filter((e) => !e.passed).map((e) => e.name)).toEqual(['rpo.lostTransactions']);
  });

  it('a drill with no expectations passes and still reports metrics', () => {
    expect(judge({}, computeMetrics(killPrimary([2])))).toEqual({ passed: true, verdict: 'held', expectations: [] });
  });

  it('fills the observed metrics from the samples, as run offsets, and judges them', () => {
    const evidence = {
      ...killPrimary(),
      samples: [
        sample('pg-2', 1_000, { lagBytes: 4_096 }),
        sample('pg-2', 2_000, { reachable: false }),
        sample('pg-2', 3_000, { role: 'primary', walReceiver: 'none' }),
      ],
    };
    const metrics = computeMetrics(evidence, 4_000, 500);
    expect(metrics.observed).toMatchObject({
      samples: 3,
      maxLagBytes: { value: 4_096, node: 'pg-2', atMs: 500 },
      walReceiverDrops: 1,
      unreachable: [{ node: 'pg-2', fromMs: 1_500, toMs: 1_500 }],
    });
    const verdict = judge(
      { observed: { walReceiverDrops: { max: 0 } }, workload: { maxStallSeconds: { max: 3 } } },
      metrics,
    );
    expect(verdict.expectations.map((e) => [e.name, e.actual, e.passed])).toEqual([
      ['workload.maxStallSeconds', 2.5, true],
      ['observed.walReceiverDrops', 1, false],
    ]);
    expect(verdict.passed).toBe(false);
  });

  it('metrics that cannot be measured are null, never 0', () => {
    const metrics = computeMetrics(makeEvidence());
    expect(metrics.workload).toBeNull();
    expect(metrics.rpo.lostTransactions).toBeNull();
    expect(metrics.rto.seconds).toBeNull();
    expect(metrics.checksums.match).toBeNull();
    expect(metrics.convergence.seconds).toBeNull();
    expect(metrics.splitBrain.detected).toBeNull();
    expect(metrics.recovery).toEqual({ backups: [], marks: [], recoveries: [], allMatch: null });
    const verdict = judge({ ...expect_, convergence: { withinMs: 30_000 } }, metrics);
    expect(verdict.passed).toBe(false);
    expect(verdict.expectations.filter((e) => e.passed)).toEqual([]);
  });

  it('MUST NOT pass a drill without a workload: kill + promote, survivor read, both survivors checksummed', () => {
    const evidence = { ...killPrimary(), history: { ops: [] } };
    const verdict = judge(expect_, computeMetrics(evidence));
    expect(verdict.passed).toBe(false);
    expect(verdict.expectations.map((e) => [e.name, e.actual, e.passed, e.reason])).toEqual([
      ['rpo.lostTransactions', null, false, 'not measured: no write was acknowledged, so none could be lost'],
      ['rto.maxSeconds', null, false, 'not measured: no workload ran: no write to acknowledge'],
      ['checksums', 'match', true, undefined],
      ['splitBrain', null, false, 'not measured: no write was acknowledged, so no two nodes could acknowledge at once'],
    ]);
  });

  it('MUST fail a slow recovery that an earlier replica kill would have hidden', () => {
    // a replica dies at 1 s (writes go on), the primary at 5 s; writes resume at 20 s
    const evidence = makeEvidence({
      history: {
        ops: [
          op(1, 'ok', 900),
          op(2, 'ok', 1_300),
          op(3, 'ok', 4_800),
          op(4, 'fail', 6_000, { node: undefined }),
          op(5, 'ok', 20_000, { node: 'pg-2', invokedAt: 19_990 }),
        ],
      },
      faults: [fault('kill', 1_000, { node: 'pg-3', disruptsWrites: false }), fault('kill', 5_000)],
      promotions: [{ node: 'pg-2', procedureStartedAtMs: 6_000, requestedAtMs: 6_050, completedAtMs: 19_000 }],
      finalState: { primary: 'pg-2', presentKeys: [1, 2, 3, 5] },
    });
    const metrics = computeMetrics(evidence);
    expect(metrics.rto).toMatchObject({ seconds: 15, faultAtMs: 5_000, firstAckAtMs: 20_000, promotionSeconds: 14 });
    const verdict = judge({ rto: { maxSeconds: { max: 1 } } }, metrics);
    expect(verdict).toEqual({
      passed: false,
      verdict: 'failed',
      expectations: [{ name: 'rto.maxSeconds', expected: '<= 1', actual: 15, passed: false, verdict: 'failed' }],
    });
  });

  it('MUST NOT pass an rto expectation when only a lag was injected: not measured, the scenario too', () => {
    const evidence = makeEvidence({
      history: { ops: [op(1, 'ok', 900), op(2, 'ok', 1_300)] },
      faults: [fault('lag', 1_000, { node: 'pg-2' })],
      finalState: { primary: 'pg-1', presentKeys: [1, 2] },
    });
    const metrics = computeMetrics(evidence);
    expect(metrics.rto).toMatchObject({ seconds: null, reason: 'no fault cut the clients off writing' });
    expect(metrics.rpo).toMatchObject({ lostTransactions: 0, seconds: 0 });
    const verdict = judge({ rto: { maxSeconds: { max: 15 } }, rpo: { lostTransactions: { max: 0 } } }, metrics);
    expect(verdict).toMatchObject({ passed: false, verdict: 'not-measured' });
    expect(verdict.expectations).toEqual([
      { name: 'rpo.lostTransactions', expected: '<= 0', actual: 0, passed: true, verdict: 'held' },
      {
        name: 'rto.maxSeconds',
        expected: '<= 15',
        actual: null,
        passed: false,
        verdict: 'not-measured',
        why: 'no fault cut the clients off writing',
        reason: 'not measured: no fault cut the clients off writing',
      },
    ]);
    // a failure elsewhere outranks the missing measurement
    expect(judge({ rto: { maxSeconds: { max: 15 } }, rpo: { lostTransactions: { min: 1 } } }, metrics).verdict).toBe(
      'failed',
    );
  });
});
