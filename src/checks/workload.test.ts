import { describe, expect, it } from 'vitest';
import { summariseWorkload } from './workload.ts';
import { op } from './test-evidence.ts';

describe('summariseWorkload', () => {
  const ops = [op(1, 'ok', 100), op(2, 'ok', 200), op(3, 'fail', 300), op(4, 'unknown', 400), op(5, 'ok', 2_099)];

  it('counts outcomes and acknowledged throughput over the given duration', () => {
    expect(summariseWorkload({ ops }, 1_500)).toEqual({
      acknowledged: 3,
      failed: 1,
      unknown: 1,
      throughput: 2,
      maxStallSeconds: 1.899,
      errors: { other: 2 },
      latency: { count: 3, p50: 1, p95: 1, p99: 1, max: 1 },
      latencyP99: 1,
    });
  });

  describe('commit latency', () => {
    const timed = (key: number, outcome: 'ok' | 'fail' | 'unknown', invokedAt: number, tookMs: number) => ({
      ...op(key, outcome, invokedAt + tookMs),
      invokedAt,
    });

    it('gives nearest-rank percentiles of the acknowledged writes only', () => {
      const history = {
        ops: [
          ...Array.from({ length: 98 }, (_, i) => timed(i + 1, 'ok', i * 10, 2)),
          timed(99, 'ok', 990, 40),
          timed(100, 'ok', 1000, 900),
          timed(101, 'unknown', 1010, 5_000),
          timed(102, 'fail', 1020, 3_000),
        ],
      };
      const summary = summariseWorkload(history);
      expect(summary?.latency).toEqual({ count: 100, p50: 2, p95: 2, p99: 40, max: 900 });
      expect(summary?.latencyP99).toBe(40);
    });

    it('MUST show a slow tail: one commit in a hundred waiting seconds moves p99, not p50', () => {
      const history = {
        ops: Array.from({ length: 100 }, (_, i) => timed(i + 1, 'ok', i * 10, i >= 98 ? 2_500 : 3)),
      };
      const latency = summariseWorkload(history)?.latency;
      expect(latency?.p50).toBe(3);
      expect(latency?.p99).toBe(2_500);
    });

    it('is null, not zero, when nothing was acknowledged', () => {
      const summary = summariseWorkload({ ops: [timed(1, 'fail', 0, 10), timed(2, 'unknown', 20, 5_000)] });
      expect(summary?.latency).toBeNull();
      expect(summary?.latencyP99).toBeNull();
    });
  });

  it('without a duration, uses the span from the first invocation to the last completion', () => {
    expect(summariseWorkload({ ops })?.throughput).toBe(1.5); // 3 acks over 99..2099
  });

  describe('maxStallSeconds', () => {
    it('MUST find the longest time between acknowledged writes', () => {
      // acks at 100, 200 and 2099: 1.899 s without an acknowledgement in between
      expect(summariseWorkload({ ops })?.maxStallSeconds).toBe(1.899);
    });

    it('counts from the first invocation to the first acknowledgement', () => {
      const slowStart = [op(1, 'fail', 3_000, { invokedAt: 0 }), op(2, 'ok', 3_500), op(3, 'ok', 4_000)];
      expect(summariseWorkload({ ops: slowStart })?.maxStallSeconds).toBe(3.5);
    });

    it('counts from the last acknowledgement to the last completion', () => {
      const deadEnd = [
        op(1, 'ok', 100, { invokedAt: 0 }),
        op(2, 'ok', 200),
        op(3, 'unknown', 5_200),
        op(4, 'fail', 3_000),
      ];
      expect(summariseWorkload({ ops: deadEnd })?.maxStallSeconds).toBe(5);
    });

    it('sorts acknowledgements by completion, whatever the order of the history', () => {
      const shuffled = [op(3, 'ok', 900, { invokedAt: 0 }), op(1, 'ok', 100, { invokedAt: 0 }), op(2, 'ok', 500)];
      expect(summariseWorkload({ ops: shuffled })?.maxStallSeconds).toBe(0.4);
    });

    it('with no acknowledgement at all, the whole run was a stall', () => {
      expect(
        summariseWorkload({ ops: [op(1, 'fail', 1_000, { invokedAt: 0 }), op(2, 'unknown', 2_500)] })?.maxStallSeconds,
      ).toBe(2.5);
    });
  });

  it('no operations means no workload: null, not zeros', () => {
    expect(summariseWorkload({ ops: [] }, 1_000)).toBeNull();
  });

  it('a zero-length run has no throughput', () => {
    expect(summariseWorkload({ ops: [op(1, 'ok', 5)] }, 0)?.throughput).toBeNull();
  });

  describe('pace (workload.rate)', () => {
    /** `perSecond` acknowledged writes a second for `seconds`, from t=0, then a fault */
    const paced = (perSecond: number, seconds: number) =>
      Array.from({ length: perSecond * seconds }, (_, i) => {
        const invokedAt = Math.floor((i * 1000) / perSecond);
        return op(i + 1, 'ok', invokedAt + 2, { invokedAt });
      });

    it('is kept when the clients reached the rate asked before the first fault', () => {
      const pace = summariseWorkload({ ops: paced(200, 3) }, undefined, { rate: 200, firstFaultAt: 3_000 })?.pace;
      expect(pace).toMatchObject({ asked: 200, kept: true });
      expect(pace!.windowSeconds).toBeCloseTo(3, 1); // first invocation to the last completion before the fault
      expect(pace!.reached).toBeCloseTo(200, 0);
    });

    it('MUST say the pace was not kept when the clients fell short of the rate', () => {
      const pace = summariseWorkload({ ops: paced(150, 3) }, undefined, { rate: 200, firstFaultAt: 3_000 })?.pace;
      expect(pace?.kept).toBe(false);
      expect(pace!.reached).toBeCloseTo(150, 0);
    });

    it('counts only the healthy stretch: what the fault did afterwards is not the pace', () => {
      const ops = [...paced(200, 2), op(9_999, 'fail', 2_500), op(10_000, 'fail', 9_000)];
      const pace = summariseWorkload({ ops }, undefined, { rate: 200, firstFaultAt: 2_000 })?.pace;
      expect(pace?.kept).toBe(true);
    });

    it('counts a write sent before the fault and acknowledged as it landed (one in flight per client)', () => {
      const ops = [...paced(200, 3).filter((o) => o.invokedAt < 2_980), op(9_001, 'ok', 3_030, { invokedAt: 2_985 })];
      const pace = summariseWorkload({ ops }, undefined, { rate: 200, firstFaultAt: 3_000 })?.pace;
      expect(pace!.reached).toBeCloseTo((200 * 3 - 3) / 3, 0);
    });

    it('is not measured (null, with why) when the first fault came within a second', () => {
      const pace = summariseWorkload({ ops: paced(200, 2) }, undefined, { rate: 200, firstFaultAt: 500 })?.pace;
      expect(pace).toMatchObject({ reached: null, kept: null });
      expect(pace?.reason).toMatch(/too soon to tell/);
    });

    it('is absent without a rate', () => {
      expect(summariseWorkload({ ops: paced(200, 2) })?.pace).toBeUndefined();
    });
  });
});
