import { describe, expect, it } from 'vitest';
import { summariseWorkload } from './workload.ts';
import { op } from './test-evidence.ts';

describe('summariseWorkload', () => {
  const ops = [op(1, 'ok', 100), op(2, 'ok', 200), op(3, 'fail', 300), op(4, 'unknown', 400), op(5, 'ok', 2_099)];

  it('counts outcomes and acknowledged throughput over the given duration', () => {
    expect(summariseWorkload({ ops }, 1_500)).toEqual({ acknowledged: 3, failed: 1, unknown: 1, throughput: 2 });
  });

  it('without a duration, uses the span from the first invocation to the last completion', () => {
    expect(summariseWorkload({ ops })?.throughput).toBe(1.5); // 3 acks over 99..2099
  });

  it('no operations means no workload: null, not zeros', () => {
    expect(summariseWorkload({ ops: [] }, 1_000)).toBeNull();
  });

  it('a zero-length run has no throughput', () => {
    expect(summariseWorkload({ ops: [op(1, 'ok', 5)] }, 0)?.throughput).toBeNull();
  });
});
