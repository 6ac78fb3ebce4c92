import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { checkRpo } from './rpo.ts';
import { fault, makeEvidence, op } from './test-evidence.ts';
import type { Operation } from '../evidence/history.ts';

const kill = (atMs: number) => fault('kill', atMs);
const final = (presentKeys: number[]) => ({ primary: 'pg-2', presentKeys });

describe('checkRpo', () => {
  it('nothing lost: 0 transactions, 0 seconds', () => {
    const rpo = checkRpo(
      makeEvidence({
        history: { ops: [op(1, 'ok', 100), op(2, 'ok', 200)] },
        faults: [kill(300)],
        finalState: final([1, 2]),
      }),
    );
    expect(rpo).toMatchObject({
      lostTransactions: 0,
      seconds: 0,
      lostKeys: [],
      lostKeysTotal: 0,
      unknownCommitted: 0,
      unknownAbsent: 0,
    });
    expect(rpo.reason).toBeUndefined();
  });

  it('MUST detect an acknowledged write that vanished: counts it, names the key, measures the window', () => {
    const rpo = checkRpo(
      makeEvidence({
        history: { ops: [op(1, 'ok', 100), op(2, 'ok', 1_500), op(3, 'ok', 1_900)] },
        faults: [kill(2_000)],
        finalState: final([1]),
      }),
    );
    expect(rpo.lostTransactions).toBe(2);
    expect(rpo.lostKeys).toEqual([2, 3]);
    expect(rpo.lostKeysTotal).toBe(2);
    expect(rpo.seconds).toBe(0.5); // earliest lost ack at 1500, fault at 2000
  });

  it('a write lost after the fault has a zero window, never a negative one', () => {
    const rpo = checkRpo(
      makeEvidence({ history: { ops: [op(7, 'ok', 2_500)] }, faults: [kill(2_000)], finalState: final([]) }),
    );
    expect(rpo).toMatchObject({ lostTransactions: 1, seconds: 0, lostKeys: [7] });
  });

  it('measures the window from the first fault, whatever the order faults are listed in, ignoring heal', () => {
    const rpo = checkRpo(
      makeEvidence({
        history: { ops: [op(1, 'ok', 1_000)] },
        faults: [fault('heal', 1_100), kill(4_000), fault('partition', 3_000)],
        finalState: final([]),
      }),
    );
    expect(rpo.seconds).toBe(2);
  });

  it('an unknown-outcome write that vanished is NOT lost; one that survived is counted as committed', () => {
    const rpo = checkRpo(
      makeEvidence({
        history: { ops: [op(1, 'ok', 100), op(2, 'unknown', 150), op(3, 'unknown', 160), op(4, 'fail', 170)] },
        faults: [kill(200)],
        finalState: final([1, 3]),
      }),
    );
    expect(rpo).toMatchObject({
      lostTransactions: 0,
      seconds: 0,
      lostKeys: [],
      unknownCommitted: 1,
      unknownAbsent: 1,
      failedButPresent: [],
    });
  });

  it('measures the window from the fault that cut the clients off, not from an earlier replica lag', () => {
    const rpo = checkRpo(
      makeEvidence({
        history: { ops: [op(1, 'ok', 1_000)] },
        faults: [fault('lag', 1_500, { node: 'pg-2' }), kill(4_000)],
        finalState: final([]),
      }),
    );
    expect(rpo.seconds).toBe(3);
  });

  it('without a fault that cut the clients off, measures the window from the first fault', () => {
    const rpo = checkRpo(
      makeEvidence({
        history: { ops: [op(1, 'ok', 1_000), op(2, 'ok', 1_200)] },
        faults: [fault('kill', 2_500, { node: 'pg-3', disruptsWrites: false }), fault('lag', 1_500, { node: 'pg-2' })],
        finalState: final([]),
      }),
    );
    expect(rpo).toMatchObject({ lostTransactions: 2, seconds: 0.5 });
  });

  it('reports writes that failed but are present anyway', () => {
    const rpo = checkRpo(
      makeEvidence({
        history: { ops: [op(5, 'fail', 100), op(4, 'fail', 90), op(6, 'fail', 95), op(7, 'ok', 99)] },
        finalState: final([4, 5, 7]),
      }),
    );
    expect(rpo).toMatchObject({ lostTransactions: 0, failedButPresent: [4, 5], failedButPresentTotal: 2 });
  });

  it('MUST NOT claim 0 lost when no write was acknowledged: lost and window null, the other counts still measured', () => {
    const rpo = checkRpo(
      makeEvidence({
        history: { ops: [op(5, 'fail', 100), op(4, 'fail', 90), op(6, 'unknown', 95)] },
        faults: [kill(50)],
        finalState: final([4, 6]),
      }),
    );
    expect(rpo).toEqual({
      lostTransactions: null,
      seconds: null,
      survivor: 'pg-2 (the surviving primary)',
      lostKeys: [],
      lostKeysTotal: 0,
      unknownCommitted: 1,
      unknownAbsent: 0,
      failedButPresent: [4],
      failedButPresentTotal: 1,
      reason: 'no write was acknowledged, so none could be lost',
    });
  });

  it('counts against the recovered node, and says so, when no primary survived and the archive was recovered', () => {
    const rpo = checkRpo(
      makeEvidence({
        history: { ops: [op(1, 'ok', 10), op(2, 'ok', 20), op(3, 'ok', 30)] },
        faults: [kill(50)],
        finalState: { primary: 'pitr-1', presentKeys: [1], recoveredAtStep: 4 },
      }),
    );
    expect(rpo).toMatchObject({
      lostTransactions: 2,
      lostKeys: [2, 3],
      survivor: 'pitr-1 (recovered from the WAL archive at step 5)',
    });
  });

  it('MUST NOT claim 0 lost without a workload: everything null, even with a final state', () => {
    const rpo = checkRpo(makeEvidence({ faults: [kill(50)], finalState: final([]) }));
    expect(rpo).toEqual({
      lostTransactions: null,
      seconds: null,
      survivor: 'pg-2 (the surviving primary)',
      lostKeys: [],
      lostKeysTotal: 0,
      unknownCommitted: null,
      unknownAbsent: null,
      failedButPresent: [],
      failedButPresentTotal: null,
      reason: 'no write was acknowledged, so none could be lost',
    });
  });

  it('no acknowledged write and no final state: both reasons', () => {
    const rpo = checkRpo(makeEvidence({ history: { ops: [op(1, 'fail', 100)] } }));
    expect(rpo).toMatchObject({ lostTransactions: null, unknownCommitted: null, failedButPresentTotal: null });
    expect(rpo.reason).toBe(
      'no write was acknowledged, so none could be lost; the surviving primary could not be read: no final state',
    );
  });

  it('lost writes but no fault: lost is counted, the window is null with a reason', () => {
    const rpo = checkRpo(makeEvidence({ history: { ops: [op(1, 'ok', 100)] }, finalState: final([]) }));
    expect(rpo.lostTransactions).toBe(1);
    expect(rpo.seconds).toBeNull();
    expect(rpo.reason).toMatch(/no fault/);
  });

  it('no final state: nothing measured, null (never 0) with a reason', () => {
    const rpo = checkRpo(
      makeEvidence({ history: { ops: [op(1, 'ok', 100), op(2, 'unknown', 110)] }, faults: [kill(200)] }),
    );
    expect(rpo).toMatchObject({
      lostTransactions: null,
      seconds: null,
      unknownCommitted: null,
      unknownAbsent: null,
      failedButPresentTotal: null,
    });
    expect(rpo.reason).toMatch(/final state/);
  });

  it('caps the listed keys at 100, sorted, and still counts them all', () => {
    const ops = Array.from({ length: 250 }, (_, i) => op(250 - i, 'ok', 10 + i));
    const rpo = checkRpo(makeEvidence({ history: { ops }, faults: [kill(1_000)], finalState: final([]) }));
    expect(rpo.lostTransactions).toBe(250);
    expect(rpo.lostKeysTotal).toBe(250);
    expect(rpo.lostKeys).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
  });

  it('handles a million operations (no spread of huge arrays, no quadratic lookups)', () => {
    const n = 1_000_000;
    const ops: Operation[] = new Array(n);
    const present: number[] = [];
    for (let i = 0; i < n; i++) {
      ops[i] = { key: i, client: i % 8, invokedAt: i, completedAt: i + 1, outcome: 'ok', node: 'pg-1' };
      if (i !== 123_456) present.push(i);
    }
    const rpo = checkRpo(makeEvidence({ history: { ops }, faults: [kill(n + 10)], finalState: final(present) }));
    expect(rpo).toMatchObject({ lostTransactions: 1, lostKeys: [123_456] });
  });

  describe('properties', () => {
    const outcome = fc.constantFrom('ok' as const, 'fail' as const, 'unknown' as const);
    /** ops with unique keys; a subset of non-ok keys survives too, as in real life */
    const history = fc
      .uniqueArray(
        fc.record({
          key: fc.integer({ min: 0, max: 1_000_000 }),
          outcome,
          completedAt: fc.integer({ min: 0, max: 10_000 }),
          survives: fc.boolean(),
        }),
        { selector: (o) => o.key, minLength: 1, maxLength: 200 },
      )
      .map((rows) => ({
        ops: rows.map((r) => op(r.key, r.outcome, r.completedAt)),
        present: rows.filter((r) => r.outcome === 'ok' || r.survives).map((r) => r.key),
      }));

    it('when every acknowledged key is present, nothing is lost', () => {
      const withOk = history.filter(({ ops }) => ops.some((o) => o.outcome === 'ok'));
      fc.assert(
        fc.property(withOk, ({ ops, present }) => {
          const rpo = checkRpo(makeEvidence({ history: { ops }, faults: [kill(5_000)], finalState: final(present) }));
          expect(rpo.lostTransactions).toBe(0);
          expect(rpo.lostKeys).toEqual([]);
          expect(rpo.seconds).toBe(0);
        }),
      );
    });

    it('removing any one acknowledged key makes exactly that one lost', () => {
      const withOk = history.filter(({ ops }) => ops.some((o) => o.outcome === 'ok'));
      fc.assert(
        fc.property(withOk, fc.nat(), ({ ops, present }, pick) => {
          const okKeys = ops.filter((o) => o.outcome === 'ok').map((o) => o.key);
          const removed = okKeys[pick % okKeys.length]!;
          const rpo = checkRpo(
            makeEvidence({
              history: { ops },
              faults: [kill(5_000)],
              finalState: final(present.filter((k) => k !== removed)),
            }),
          );
          expect(rpo.lostTransactions).toBe(1);
          expect(rpo.lostKeys).toEqual([removed]);
          expect(rpo.lostKeysTotal).toBe(1);
        }),
      );
    });

    it('without an acknowledged write, lost is null, never 0', () => {
      const noOk = history.map(({ ops, present }) => ({ ops: ops.filter((o) => o.outcome !== 'ok'), present }));
      fc.assert(
        fc.property(noOk, ({ ops, present }) => {
          const rpo = checkRpo(makeEvidence({ history: { ops }, faults: [kill(5_000)], finalState: final(present) }));
          expect(rpo.lostTransactions).toBeNull();
          expect(rpo.seconds).toBeNull();
        }),
      );
    });
  });
});
