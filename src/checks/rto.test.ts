import { describe, expect, it } from 'vitest';
import { checkRto } from './rto.ts';
import { fault, makeEvidence, op } from './test-evidence.ts';

const kill = (atMs: number) => fault('kill', atMs);
const promotion = (procedureStartedAtMs: number, completedAtMs: number, node = 'pg-2') => ({
  node,
  procedureStartedAtMs,
  requestedAtMs: procedureStartedAtMs + 5,
  completedAtMs,
});

describe('checkRto', () => {
  it('fault -> first acknowledged write after it, with detection and promotion', () => {
    const rto = checkRto(
      makeEvidence({
        history: {
          ops: [
            op(1, 'ok', 900),
            op(2, 'ok', 1_000), // completes exactly at the fault: not a recovery
            op(3, 'unknown', 1_100),
            op(4, 'fail', 2_000),
            op(6, 'ok', 5_000, { node: 'pg-2' }),
            op(5, 'ok', 4_500, { node: 'pg-2' }), // out of order in the history: still the first ack
          ],
        },
        faults: [kill(1_000)],
        promotions: [promotion(1_250, 3_000)],
      }),
    );
    expect(rto).toEqual({
      seconds: 3.5,
      detectionSeconds: 0.25,
      promotionSeconds: 2,
      faultToWritableSeconds: 2,
      phases: [
        { name: 'detection', seconds: 0.25 },
        { name: 'promotion', seconds: 1.75 },
        { name: 'client recovery', seconds: 1.5 },
      ],
      longestPhase: 'promotion',
      downAtLeastSeconds: null,
      faultAtMs: 1_000,
      firstAckAtMs: 4_500,
    });
  });

  it('reports instants relative to the given origin, durations unchanged', () => {
    const rto = checkRto(makeEvidence({ history: { ops: [op(1, 'ok', 10_400)] }, faults: [kill(10_000)] }), 9_000);
    expect(rto).toMatchObject({ seconds: 0.4, faultAtMs: 1_000, firstAckAtMs: 1_400 });
  });

  it('no fault: everything null, "no fault was injected"', () => {
    const rto = checkRto(makeEvidence({ history: { ops: [op(1, 'ok', 100)] } }));
    expect(rto).toEqual({
      seconds: null,
      detectionSeconds: null,
      promotionSeconds: null,
      faultToWritableSeconds: null,
      phases: [],
      longestPhase: null,
      downAtLeastSeconds: null,
      faultAtMs: null,
      firstAckAtMs: null,
      reason: 'no fault was injected',
    });
  });

  it('MUST NOT report a recovery that never happened: no ack after the fault -> seconds null with the reason', () => {
    const rto = checkRto(
      makeEvidence({
        history: { ops: [op(1, 'ok', 900), op(2, 'fail', 1_500), op(3, 'unknown', 2_000)] },
        faults: [kill(1_000)],
        promotions: [promotion(1_200, 1_800)],
      }),
    );
    expect(rto.seconds).toBeNull();
    expect(rto.firstAckAtMs).toBeNull();
    expect(rto.reason).toMatch(/^no acknowledged write after the fault/);
    expect(rto.promotionSeconds).toBe(0.8); // the promotion itself was measured
    expect(rto.faultToWritableSeconds).toBe(0.8);
    expect(rto.phases).toEqual([]); // no RTO, no split of it
    expect(rto.downAtLeastSeconds).toBe(1); // the last attempt ended 1 s after the fault: down at least that long
  });

  it('no workload at all: seconds null, said so, and no lower bound on the outage', () => {
    const rto = checkRto(makeEvidence({ faults: [kill(1_000)] }));
    expect(rto.seconds).toBeNull();
    expect(rto.downAtLeastSeconds).toBeNull();
    expect(rto.reason).toMatch(/no workload/);
  });

  it('no promotion: detection and promotion null, the RTO itself still measured', () => {
    const rto = checkRto(makeEvidence({ history: { ops: [op(1, 'ok', 1_300)] }, faults: [fault('restart', 1_000)] }));
    expect(rto).toMatchObject({
      seconds: 0.3,
      detectionSeconds: null,
      promotionSeconds: null,
      reason: 'no promotion after the fault',
    });
  });

  it('a promotion before the fault (an earlier switchover) is not the response to it', () => {
    const rto = checkRto(
      makeEvidence({
        history: { ops: [op(1, 'ok', 6_000)] },
        faults: [kill(5_000)],
        promotions: [promotion(1_000, 1_500, 'pg-2'), promotion(5_500, 5_800, 'pg-3')],
      }),
    );
    expect(rto).toMatchObject({ detectionSeconds: 0.5, promotionSeconds: 0.8 });
  });

  it('MUST time RTO from the first fault that cut the clients off, not from an earlier replica kill', () => {
    const rto = checkRto(
      makeEvidence({
        history: {
          ops: [
            op(1, 'ok', 500),
            op(2, 'ok', 1_500), // the replica is gone, the primary still acknowledges
            op(3, 'ok', 4_900),
            op(4, 'fail', 6_000),
            op(5, 'ok', 20_000, { node: 'pg-2', invokedAt: 19_000 }),
          ],
        },
        faults: [fault('kill', 5_000), fault('kill', 1_000, { node: 'pg-2', disruptsWrites: false })], // listed out of order
        promotions: [promotion(6_000, 9_000)],
      }),
    );
    expect(rto).toEqual({
      seconds: 15,
      detectionSeconds: 1,
      promotionSeconds: 4,
      faultToWritableSeconds: 4,
      phases: [
        { name: 'detection', seconds: 1 },
        { name: 'promotion', seconds: 3 },
        { name: 'client recovery', seconds: 11 },
      ],
      longestPhase: 'client recovery',
      downAtLeastSeconds: null,
      faultAtMs: 5_000,
      firstAckAtMs: 20_000,
    });
  });

  it('MUST NOT count a write sent before the fault and acknowledged just after it as the first ack', () => {
    const rto = checkRto(
      makeEvidence({
        history: {
          ops: [
            op(1, 'ok', 1_001, { invokedAt: 999 }), // in flight across the fault: says nothing about recovery
            op(2, 'ok', 1_002, { invokedAt: 990 }),
            op(3, 'ok', 3_000, { node: 'pg-2', invokedAt: 2_000 }),
          ],
        },
        faults: [kill(1_000)],
      }),
    );
    expect(rto).toMatchObject({ seconds: 2, firstAckAtMs: 3_000 });
  });

  it('MUST time the outage a fault causes later: writes that still succeed after it are not recovery', () => {
    // A full WAL disk: writes go on until the segment runs out (PANIC at 1.5 s), the replica is
    // promoted and the first write sent after the failures is acknowledged at 3.8 s.
    const rto = checkRto(
      makeEvidence({
        history: {
          ops: [
            op(1, 'ok', 1_100, { invokedAt: 1_050 }),
            op(2, 'ok', 1_400, { invokedAt: 1_350 }),
            op(3, 'unknown', 1_500, { invokedAt: 1_450 }),
            op(4, 'fail', 2_000, { invokedAt: 1_900 }),
            op(5, 'ok', 3_800, { node: 'pg-2', invokedAt: 3_700 }),
          ],
        },
        faults: [fault('disk-full', 1_000)],
      }),
    );
    expect(rto).toMatchObject({ seconds: 2.8, firstAckAtMs: 3_800 });
  });

  it('a write invoked exactly at the fault instant counts', () => {
    const rto = checkRto(
      makeEvidence({ history: { ops: [op(1, 'ok', 1_250, { invokedAt: 1_000 })] }, faults: [kill(1_000)] }),
    );
    expect(rto.seconds).toBe(0.25);
  });

  it('only writes in flight across the fault were acknowledged: seconds null', () => {
    const rto = checkRto(
      makeEvidence({ history: { ops: [op(1, 'ok', 1_100, { invokedAt: 900 })] }, faults: [kill(1_000)] }),
    );
    expect(rto.seconds).toBeNull();
    expect(rto.reason).toMatch(/^no acknowledged write after the fault/);
  });

  it('MUST NOT measure an RTO when no fault cut the clients off (a lag, a replica outage): all null, said so', () => {
    const rto = checkRto(
      makeEvidence({
        history: { ops: [op(1, 'ok', 500), op(2, 'ok', 1_500), op(3, 'ok', 2_500)] },
        faults: [
          fault('lag', 1_000, { node: 'pg-2' }),
          fault('kill', 2_000, { node: 'pg-3', disruptsWrites: false }),
          fault('heal', 3_000),
        ],
        promotions: [promotion(2_100, 2_200)],
      }),
    );
    expect(rto).toEqual({
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
    });
  });

  it('a heal alone is no fault', () => {
    expect(checkRto(makeEvidence({ faults: [fault('heal', 1_000)] })).reason).toBe('no fault was injected');
  });
});
