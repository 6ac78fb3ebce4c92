import { describe, expect, it } from 'vitest';
import { CHECKS, describeBound, evaluateExpectations } from './expectations.ts';
import type { Metrics } from './types.ts';

/** A run where everything went well: nothing lost, 4.2 s RTO, all nodes identical, converged in 1.5 s, samples taken. */
function metrics(over: { [K in keyof Metrics]?: Partial<NonNullable<Metrics[K]>> } = {}): Metrics {
  return {
    rpo: {
      lostTransactions: 0,
      seconds: 0,
      lostKeys: [],
      lostKeysTotal: 0,
      unknownCommitted: 0,
      unknownAbsent: 0,
      failedButPresent: [],
      failedButPresentTotal: 0,
      ...over.rpo,
    },
    rto: {
      seconds: 4.2,
      detectionSeconds: 0.1,
      promotionSeconds: 1,
      faultToWritableSeconds: 1,
      phases: [],
      longestPhase: null,
      downAtLeastSeconds: null,
      faultAtMs: 1_000,
      firstAckAtMs: 5_200,
      ...over.rto,
    },
    workload: {
      acknowledged: 100,
      failed: 0,
      unknown: 0,
      throughput: 50,
      maxStallSeconds: 0.5,
      errors: {},
      latency: { count: 100, p50: 2, p95: 4, p99: 9, max: 30 },
      latencyP99: 9,
      ...over.workload,
    },
    observed: {
      samples: 40,
      maxLagBytes: { value: 8_192, node: 'pg-2', atMs: 3_000 },
      maxLagSeconds: { value: 0.2, node: 'pg-2', atMs: 3_000 },
      archiveFailures: 0,
      maxWalBytes: { value: 33_554_432, node: 'pg-1', atMs: 4_000 },
      walReceiverDrops: 1,
      unreachable: [],
      ...over.observed,
    },
    checksums: { match: true, nodes: ['pg-1', 'pg-2'], tables: 1, differences: [], leftOut: [], ...over.checksums },
    convergence: { seconds: 1.5, converged: true, replicas: 1, laggingReplicas: [], ...over.convergence },
    splitBrain: { detected: false, incidents: [], incidentsTotal: 0, ...over.splitBrain },
    recovery: { backups: [], marks: [], recoveries: [], allMatch: null, ...over.recovery },
  };
}

describe('describeBound', () => {
  it('reads max, min and both', () => {
    expect(describeBound({ max: 0 })).toBe('<= 0');
    expect(describeBound({ min: 1 })).toBe('>= 1');
    expect(describeBound({ min: 1, max: 5 })).toBe('1..5');
    expect(describeBound({ max: 0.001 })).toBe('<= 0.001');
  });
});

describe('CHECKS', () => {
  it('answer every expectation key once, each check in one place', () => {
    const keys = CHECKS.flatMap((c) => c.answers);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).toContain('rto.maxSeconds');
    expect(keys).toContain('splitBrain');
  });

  it('each check answers only the keys it declares', () => {
    const all = {
      rpo: { lostTransactions: { max: 0 }, seconds: { max: 0 } },
      rto: { maxSeconds: { max: 15 } },
      workload: { acknowledged: { min: 1 }, failed: { max: 0 }, unknown: { max: 0 }, maxStallSeconds: { max: 1 } },
      observed: {
        maxLagBytes: { min: 0 },
        maxLagSeconds: { max: 9 },
        archiveFailures: { max: 0 },
        maxWalBytes: { max: 1e12 },
        walReceiverDrops: { min: 0 },
      },
      checksums: 'match',
      convergence: { withinMs: 30_000 },
      splitBrain: 'none',
    } as const;
    for (const check of CHECKS)
      for (const judged of check.evaluate(metrics(), all)) expect(check.answers).toContain(judged.name);
  });
});

describe('evaluateExpectations', () => {
  it('no expectations, no results', () => {
    expect(evaluateExpectations({}, metrics())).toEqual([]);
  });

  it('one result per stated expectation, named as in the scenario, in a fixed order', () => {
    const results = evaluateExpectations(
      {
        splitBrain: 'none',
        convergence: { withinMs: 30_000 },
        checksums: 'match',
        rto: { maxSeconds: { max: 15 } },
        rpo: { seconds: { max: 0 }, lostTransactions: { max: 0 } },
      },
      metrics(),
    );
    expect(results).toEqual([
      { name: 'rpo.lostTransactions', expected: '<= 0', actual: 0, passed: true, verdict: 'held' },
      { name: 'rpo.seconds', expected: '<= 0', actual: 0, passed: true, verdict: 'held' },
      { name: 'rto.maxSeconds', expected: '<= 15', actual: 4.2, passed: true, verdict: 'held' },
      { name: 'checksums', expected: 'match', actual: 'match', passed: true, verdict: 'held' },
      { name: 'convergence.within', expected: '<= 30s', actual: 1.5, passed: true, verdict: 'held' },
      { name: 'splitBrain', expected: 'none', actual: 'none', passed: true, verdict: 'held' },
    ]);
  });

  describe('bounds', () => {
    const lost = (n: number | null, reason?: string) =>
      metrics({ rpo: { lostTransactions: n, ...(reason ? { reason } : {}) } });
    const judge = (bound: { min?: number; max?: number }, n: number | null, reason?: string) =>
      evaluateExpectations({ rpo: { lostTransactions: bound } }, lost(n, reason))[0]!;

    it('max is inclusive and fails above it', () => {
      expect(judge({ max: 0 }, 0).passed).toBe(true);
      expect(judge({ max: 0 }, 1)).toMatchObject({ expected: '<= 0', actual: 1, passed: false });
    });

    it('min proves a fault bit: fails below it', () => {
      expect(judge({ min: 1 }, 0)).toMatchObject({ expected: '>= 1', actual: 0, passed: false });
      expect(judge({ min: 1 }, 1).passed).toBe(true);
      expect(judge({ min: 1 }, 500).passed).toBe(true);
    });

    it('both bounds: inside passes, either side fails', () => {
      expect(judge({ min: 1, max: 5 }, 0).passed).toBe(false);
      expect(judge({ min: 1, max: 5 }, 1).passed).toBe(true);
      expect(judge({ min: 1, max: 5 }, 5).passed).toBe(true);
      expect(judge({ min: 1, max: 5 }, 6)).toMatchObject({ expected: '1..5', passed: false });
    });

    it("MUST NOT pass an unmeasured metric, whatever the bound: not measured, with the metric's reason", () => {
      for (const bound of [{ max: 0 }, { min: 0 }, { min: 0, max: 1e9 }]) {
        expect(judge(bound, null, 'no final state')).toEqual({
          name: 'rpo.lostTransactions',
          expected: describeBound(bound),
          actual: null,
          passed: false,
          verdict: 'not-measured',
          why: 'no final state',
          reason: 'not measured: no final state',
        });
      }
    });
  });

  it('leaves rto.maxSeconds not measured when no write was acknowledged after the fault and none was sent', () => {
    const [rto] = evaluateExpectations(
      { rto: { maxSeconds: { max: 15 } } },
      metrics({ rto: { seconds: null, firstAckAtMs: null, reason: 'no acknowledged write after the fault' } }),
    );
    expect(rto).toEqual({
      name: 'rto.maxSeconds',
      expected: '<= 15',
      actual: null,
      passed: false,
      verdict: 'not-measured',
      why: 'no acknowledged write after the fault',
      reason: 'not measured: no acknowledged write after the fault',
    });
  });

  it('leaves rto.maxSeconds not measured (never passed) when no fault cut the clients off writing', () => {
    const rto = {
      seconds: null,
      detectionSeconds: null,
      promotionSeconds: null,
      faultToWritableSeconds: null,
      phases: [],
      longestPhase: null,
      downAtLeastSeconds: null,
      faultAtMs: null,
      firstAckAtMs: null,
      reason: 'no fault cut the clients off writing',
    };
    expect(evaluateExpectations({ rto: { maxSeconds: { max: 15 } } }, metrics({ rto }))[0]).toEqual({
      name: 'rto.maxSeconds',
      expected: '<= 15',
      actual: null,
      passed: false,
      verdict: 'not-measured',
      why: 'no fault cut the clients off writing',
      reason: 'not measured: no fault cut the clients off writing',
    });
  });

  it('MUST fail rto.maxSeconds when clients were still cut off longer than the bound at the end', () => {
    const [rto] = evaluateExpectations(
      { rto: { maxSeconds: { max: 15 } } },
      metrics({
        rto: {
          seconds: null,
          firstAckAtMs: null,
          downAtLeastSeconds: 20.00000000000004,
          reason: 'no acknowledged write after the fault',
        },
      }),
    );
    expect(rto).toMatchObject({ name: 'rto.maxSeconds', actual: null, passed: false, verdict: 'failed' });
    expect(rto!.reason).toMatch(/never recovered.*at least 20 s$/);
  });

  it('leaves rto.maxSeconds not measured when the run ended before the bound was exceeded', () => {
    const [rto] = evaluateExpectations(
      { rto: { maxSeconds: { max: 15 } } },
      metrics({
        rto: {
          seconds: null,
          firstAckAtMs: null,
          downAtLeastSeconds: 3,
          reason: 'no acknowledged write after the fault',
        },
      }),
    );
    expect(rto).toMatchObject({ verdict: 'not-measured', actual: null, why: 'no acknowledged write after the fault' });
  });

  it('rto.maxSeconds fails a slow recovery', () => {
    expect(evaluateExpectations({ rto: { maxSeconds: { max: 0.001 } } }, metrics())[0]).toMatchObject({
      expected: '<= 0.001',
      actual: 4.2,
      passed: false,
      verdict: 'failed',
    });
  });

  it('rpo.seconds uses its own value', () => {
    expect(evaluateExpectations({ rpo: { seconds: { max: 1 } } }, metrics({ rpo: { seconds: 2.5 } }))[0]).toMatchObject(
      { actual: 2.5, passed: false },
    );
  });

  describe('checksums', () => {
    const differ = metrics({
      checksums: {
        match: false,
        differences: [
          {
            table: 'public.accounts',
            node: 'pg-2',
            reference: 'pg-1',
            kind: 'content',
            digest: 'b',
            rows: 9,
            referenceDigest: 'a',
            referenceRows: 10,
          },
        ],
      },
    });

    it('match passes only on a match, and a mismatch names table and node', () => {
      expect(evaluateExpectations({ checksums: 'match' }, metrics())[0]!.passed).toBe(true);
      const [r] = evaluateExpectations({ checksums: 'match' }, differ);
      expect(r).toMatchObject({ actual: 'differ', passed: false, verdict: 'failed' });
      expect(r!.reason).toMatch(/public\.accounts on pg-2/);
    });

    it('differ passes only on a difference', () => {
      expect(evaluateExpectations({ checksums: 'differ' }, differ)[0]!.passed).toBe(true);
      expect(evaluateExpectations({ checksums: 'differ' }, metrics())[0]).toMatchObject({
        actual: 'match',
        passed: false,
      });
    });

    it('MUST NOT pass either when nothing could be compared: not measured', () => {
      const unread = metrics({
        checksums: { match: null, nodes: [], tables: 0, reason: 'no live node could be read' },
      });
      for (const expected of ['match', 'differ'] as const) {
        expect(evaluateExpectations({ checksums: expected }, unread)[0]).toMatchObject({
          actual: null,
          passed: false,
          verdict: 'not-measured',
          why: 'no live node could be read',
          reason: 'not measured: no live node could be read',
        });
      }
    });
  });

  describe('convergence.within', () => {
    const within = (withinMs: number, conv: Partial<Metrics['convergence']>) =>
      evaluateExpectations({ convergence: { withinMs } }, metrics({ convergence: conv }))[0]!;

    it('passes at or under the limit, fails over it', () => {
      expect(within(1_500, {}).passed).toBe(true);
      expect(within(1_499, {})).toMatchObject({ expected: '<= 1.499s', actual: 1.5, passed: false });
    });

    it('MUST fail when a replica never caught up', () => {
      const r = within(30_000, {
        converged: false,
        seconds: null,
        laggingReplicas: ['pg-3'],
        reason: "pg-3 did not replay pg-2's LSN 0/3000060 within 30s",
      });
      // a replica that never caught up is a failure, not a missing measurement
      expect(r).toMatchObject({ actual: null, passed: false, verdict: 'failed' });
      expect(r.reason).toMatch(/^never converged: pg-3/);
    });

    it('not converged fails even if the metric carries a time', () => {
      expect(within(30_000, { converged: false, seconds: 1, laggingReplicas: ['pg-3'] }).passed).toBe(false);
    });

    it('MUST NOT pass when convergence was not measured: not measured, with why', () => {
      expect(within(30_000, { converged: null, seconds: null, reason: 'no `wait: converged` step ran' })).toMatchObject(
        {
          passed: false,
          verdict: 'not-measured',
          why: 'no `wait: converged` step ran',
          reason: 'not measured: no `wait: converged` step ran',
        },
      );
    });
  });

  describe('workload.*', () => {
    const all = { acknowledged: { min: 1 }, failed: { max: 0 }, unknown: { max: 0 }, maxStallSeconds: { max: 1 } };

    it('judges each count and the longest stall by its bound, named as in the scenario', () => {
      expect(evaluateExpectations({ workload: all }, metrics())).toEqual([
        { name: 'workload.acknowledged', expected: '>= 1', actual: 100, passed: true, verdict: 'held' },
        { name: 'workload.failed', expected: '<= 0', actual: 0, passed: true, verdict: 'held' },
        { name: 'workload.unknown', expected: '<= 0', actual: 0, passed: true, verdict: 'held' },
        { name: 'workload.maxStallSeconds', expected: '<= 1', actual: 0.5, passed: true, verdict: 'held' },
      ]);
    });

    it('MUST fail a workload that stalled, lost its writes or was never acknowledged', () => {
      const bad = metrics({ workload: { acknowledged: 0, failed: 12, unknown: 3, maxStallSeconds: 9.5 } });
      expect(evaluateExpectations({ workload: all }, bad).map((r) => [r.name, r.actual, r.passed, r.verdict])).toEqual([
        ['workload.acknowledged', 0, false, 'failed'],
        ['workload.failed', 12, false, 'failed'],
        ['workload.unknown', 3, false, 'failed'],
        ['workload.maxStallSeconds', 9.5, false, 'failed'],
      ]);
    });

    it('leaves every workload expectation not measured (never passed) when no workload ran', () => {
      const none = { ...metrics(), workload: null };
      for (const result of evaluateExpectations({ workload: all }, none)) {
        expect(result).toMatchObject({
          actual: null,
          passed: false,
          verdict: 'not-measured',
          why: 'no workload ran',
          reason: 'not measured: no workload ran',
        });
      }
    });

    it('MUST fail a p99 commit latency over its bound (milliseconds); none acknowledged is not measured', () => {
      const slow = metrics({ workload: { latencyP99: 240 } });
      expect(evaluateExpectations({ workload: { latencyP99: { max: 50 } } }, slow)[0]).toMatchObject({
        name: 'workload.latencyP99',
        expected: '<= 50',
        actual: 240,
        passed: false,
        verdict: 'failed',
      });
      const none = metrics({ workload: { latency: null, latencyP99: null } });
      expect(evaluateExpectations({ workload: { latencyP99: { max: 50 } } }, none)[0]).toMatchObject({
        actual: null,
        verdict: 'not-measured',
        why: 'no write was acknowledged: nothing to time',
      });
    });

    it('MUST fail writes that could not see their own client’s earlier ones; none checked is not measured', () => {
      const readYourWrites = { checked: 900, violations: 3, clients: 2, first: null };
      const broken = metrics({ workload: { readYourWrites, readYourWritesViolations: 3 } });
      expect(evaluateExpectations({ workload: { readYourWritesViolations: { max: 0 } } }, broken)[0]).toMatchObject({
        name: 'workload.readYourWritesViolations',
        expected: '<= 0',
        actual: 3,
        verdict: 'failed',
      });
      const held = metrics({
        workload: { readYourWrites: { ...readYourWrites, violations: 0, clients: 0 }, readYourWritesViolations: 0 },
      });
      expect(evaluateExpectations({ workload: { readYourWritesViolations: { max: 0 } } }, held)[0]).toMatchObject({
        actual: 0,
        verdict: 'held',
      });
      const unchecked = metrics({
        workload: {
          readYourWrites: { checked: 0, violations: 0, clients: 0, first: null, reason: 'no write was acknowledged' },
          readYourWritesViolations: null,
        },
      });
      expect(evaluateExpectations({ workload: { readYourWritesViolations: { max: 0 } } }, unchecked)[0]).toMatchObject({
        actual: null,
        verdict: 'not-measured',
        why: 'no write was acknowledged',
      });
    });

    it('a null stall is not measured, never passed', () => {
      expect(
        evaluateExpectations(
          { workload: { maxStallSeconds: { max: 5 } } },
          metrics({ workload: { maxStallSeconds: null } }),
        )[0],
      ).toMatchObject({ actual: null, passed: false, verdict: 'not-measured' });
    });
  });

  describe('reads.*', () => {
    const reads = {
      reads: 40,
      failed: 0,
      stale: 3,
      maxStalenessSeconds: 2.4,
      p95StalenessSeconds: 1.1,
      worst: null,
      nonMonotonic: 1,
      firstNonMonotonic: null,
      byPath: {},
    };

    it('MUST fail stale and non-monotonic reads over their bounds', () => {
      const results = evaluateExpectations(
        { reads: { stale: { max: 0 }, maxStalenessSeconds: { max: 1 }, nonMonotonic: { max: 0 } } },
        { ...metrics(), reads },
      );
      expect(results.map((r) => [r.name, r.actual, r.verdict])).toEqual([
        ['reads.stale', 3, 'failed'],
        ['reads.maxStalenessSeconds', 2.4, 'failed'],
        ['reads.nonMonotonic', 1, 'failed'],
      ]);
    });

    it('holds when the reads were fresh; not measured when no read answered or none was made', () => {
      const fresh = { ...reads, stale: 0, maxStalenessSeconds: 0, nonMonotonic: 0 };
      expect(evaluateExpectations({ reads: { stale: { max: 0 } } }, { ...metrics(), reads: fresh })[0]?.verdict).toBe(
        'held',
      );
      const none = { ...reads, reads: 0, failed: 5, stale: 0, maxStalenessSeconds: null, reason: 'no read succeeded' };
      expect(evaluateExpectations({ reads: { stale: { max: 0 } } }, { ...metrics(), reads: none })[0]).toMatchObject({
        actual: null,
        verdict: 'not-measured',
      });
      expect(evaluateExpectations({ reads: { stale: { max: 0 } } }, metrics())[0]).toMatchObject({
        verdict: 'not-measured',
      });
    });
  });

  describe('observed.*', () => {
    const all = {
      maxLagBytes: { min: 1_024 },
      maxLagSeconds: { max: 1 },
      archiveFailures: { max: 0 },
      maxWalBytes: { max: 1_073_741_824 },
      walReceiverDrops: { min: 1 },
    };

    it('judges peaks by their value and counters as they are, after workload expectations', () => {
      const results = evaluateExpectations(
        { observed: all, workload: { failed: { max: 0 } }, checksums: 'match' },
        metrics(),
      );
      expect(results).toEqual([
        { name: 'workload.failed', expected: '<= 0', actual: 0, passed: true, verdict: 'held' },
        { name: 'observed.maxLagBytes', expected: '>= 1024', actual: 8_192, passed: true, verdict: 'held' },
        { name: 'observed.maxLagSeconds', expected: '<= 1', actual: 0.2, passed: true, verdict: 'held' },
        { name: 'observed.archiveFailures', expected: '<= 0', actual: 0, passed: true, verdict: 'held' },
        { name: 'observed.maxWalBytes', expected: '<= 1073741824', actual: 33_554_432, passed: true, verdict: 'held' },
        { name: 'observed.walReceiverDrops', expected: '>= 1', actual: 1, passed: true, verdict: 'held' },
        { name: 'checksums', expected: 'match', actual: 'match', passed: true, verdict: 'held' },
      ]);
    });

    it('MUST fail a fault that did not bite, and a cluster that went past its limits', () => {
      const calm = metrics({
        observed: {
          maxLagBytes: { value: 0, node: 'pg-2', atMs: 1 },
          walReceiverDrops: 0,
          archiveFailures: 3,
          maxLagSeconds: { value: 4, node: 'pg-2', atMs: 9 },
        },
      });
      expect(
        evaluateExpectations({ observed: all }, calm)
          .filter((r) => !r.passed)
          .map((r) => [r.name, r.actual, r.verdict]),
      ).toEqual([
        ['observed.maxLagBytes', 0, 'failed'],
        ['observed.maxLagSeconds', 4, 'failed'],
        ['observed.archiveFailures', 3, 'failed'],
        ['observed.walReceiverDrops', 0, 'failed'],
      ]);
    });

    it('MUST NOT pass what was not measured: not measured, with the reason for that metric or for the whole sampling', () => {
      const partly = metrics({
        observed: { archiveFailures: null, reasons: { archiveFailures: 'no node reported pg_stat_archiver' } },
      });
      expect(evaluateExpectations({ observed: { archiveFailures: { max: 0 } } }, partly)[0]).toEqual({
        name: 'observed.archiveFailures',
        expected: '<= 0',
        actual: null,
        passed: false,
        verdict: 'not-measured',
        why: 'no node reported pg_stat_archiver',
        reason: 'not measured: no node reported pg_stat_archiver',
      });
      const unsampled = metrics({
        observed: {
          samples: 0,
          maxLagBytes: null,
          maxLagSeconds: null,
          archiveFailures: null,
          maxWalBytes: null,
          walReceiverDrops: null,
          reason: 'no node was sampled',
        },
      });
      const results = evaluateExpectations({ observed: all }, unsampled);
      expect(results).toHaveLength(5);
      for (const result of results)
        expect(result).toMatchObject({
          actual: null,
          passed: false,
          verdict: 'not-measured',
          reason: 'not measured: no node was sampled',
        });
    });
  });

  describe('splitBrain', () => {
    const detected = metrics({
      splitBrain: {
        detected: true,
        incidentsTotal: 1,
        incidents: [
          { kind: 'stale-primary', node: 'pg-1', key: 42, atMs: 2_200, newPrimary: 'pg-2', promotedAtMs: 2_000 },
        ],
      },
    });

    it('none passes without incidents and fails with one, saying which', () => {
      expect(evaluateExpectations({ splitBrain: 'none' }, metrics())[0]!.passed).toBe(true);
      const [r] = evaluateExpectations({ splitBrain: 'none' }, detected);
      expect(r).toMatchObject({ expected: 'none', actual: 'detected', passed: false, verdict: 'failed' });
      expect(r!.reason).toMatch(/pg-1 acknowledged key 42 while pg-2 was primary/);
    });

    it('detected passes only when detected', () => {
      expect(evaluateExpectations({ splitBrain: 'detected' }, detected)[0]!.passed).toBe(true);
      expect(evaluateExpectations({ splitBrain: 'detected' }, metrics())[0]!.passed).toBe(false);
    });

    it('MUST NOT pass none or detected when nothing was acknowledged to judge: not measured', () => {
      const unmeasured = metrics({
        splitBrain: { detected: null, reason: 'no write was acknowledged, so no two nodes could acknowledge at once' },
      });
      for (const expected of ['none', 'detected'] as const) {
        expect(evaluateExpectations({ splitBrain: expected }, unmeasured)[0]).toEqual({
          name: 'splitBrain',
          expected,
          actual: null,
          passed: false,
          verdict: 'not-measured',
          why: 'no write was acknowledged, so no two nodes could acknowledge at once',
          reason: 'not measured: no write was acknowledged, so no two nodes could acknowledge at once',
        });
      }
    });
  });
});
