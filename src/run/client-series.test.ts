import { describe, expect, it } from 'vitest';
import { clientSeries } from './client-series.ts';
import { op } from '../checks/test-evidence.ts';

describe('clientSeries', () => {
  it('counts outcomes per bucket of completion time, in run offsets', () => {
    const series = clientSeries(
      {
        ops: [
          op(1, 'ok', 1_100),
          op(2, 'ok', 1_900),
          op(3, 'fail', 2_500),
          op(4, 'unknown', 4_200),
          op(5, 'ok', 4_900),
        ],
      },
      1_000,
      1_000,
    );
    expect(series).toEqual({
      startMs: 0,
      bucketMs: 1_000,
      acknowledged: [2, 0, 0, 1],
      failed: [0, 1, 0, 0],
      unknown: [0, 0, 0, 1],
      latencyMs: { p50: [1, null, null, 1], p99: [1, null, null, 1], max: [1, null, null, 1] },
    });
  });

  it('gives each bucket the p50, p99 and max commit latency of the writes acknowledged in it', () => {
    const ops = Array.from({ length: 100 }, (_, i) => op(i + 1, 'ok', 1_000 + i, { invokedAt: 1_000 + i - (i + 1) }));
    ops.push(op(200, 'fail', 1_500, { invokedAt: 0 })); // a failure's wait is not a commit latency
    const series = clientSeries({ ops }, 0, 1_000)!;
    const at = series.acknowledged.findIndex((n) => n > 0);
    expect(series.latencyMs?.p50[at]).toBe(50);
    expect(series.latencyMs?.p99[at]).toBe(99);
    expect(series.latencyMs?.max[at]).toBe(100);
  });

  it('shows an outage as empty buckets between busy ones', () => {
    const series = clientSeries({ ops: [op(1, 'ok', 500), op(2, 'ok', 3_500)] }, 0, 1_000)!;
    expect(series.acknowledged).toEqual([1, 0, 0, 1]);
  });

  it('is null without a workload: nothing was measured', () => {
    expect(clientSeries({ ops: [] }, 0)).toBeNull();
  });
});
