import { describe, expect, it } from 'vitest';
import type { Operation, ReadOperation } from '../evidence/history.ts';
import { checkReads } from './reads.ts';

/** client c's write `key`, acknowledged at `at` ms */
const write = (key: number, client: number, at: number, outcome: Operation['outcome'] = 'ok'): Operation => ({
  key,
  client,
  invokedAt: at - 2,
  completedAt: at,
  outcome,
});
const read = (at: number, seen: Record<string, number>, via = 'haproxy:5001', node = 'pg-2'): ReadOperation => ({
  via,
  node,
  invokedAt: at,
  completedAt: at + 3,
  outcome: 'ok',
  seen,
});

// client 0 writes keys 1, 3, 5 at 100, 300, 500 ms; client 1 writes 2, 4 at 200, 400 ms
const ops = [write(1, 0, 100), write(2, 1, 200), write(3, 0, 300), write(4, 1, 400), write(5, 0, 500)];

describe('checkReads', () => {
  it('a read that saw everything acknowledged before it began is fresh: 0 s, measured', () => {
    const metric = checkReads({ ops, reads: [read(450, { 0: 3, 1: 4 }), read(1_000, { 0: 5, 1: 4 })] });
    expect(metric).toMatchObject({ reads: 2, failed: 0, stale: 0, maxStalenessSeconds: 0, worst: null });
  });

  it('MUST report a read that missed an acknowledged write as stale, with the age of the oldest write it missed', () => {
    // at 1000 ms it saw client 0 only up to key 1: key 3 (acked at 300) and 5 were missed; client 1 up to date
    const metric = checkReads({ ops, reads: [read(1_000, { 0: 1, 1: 4 }, 'haproxy:5001', 'pg-3')] });
    expect(metric?.stale).toBe(1);
    expect(metric?.maxStalenessSeconds).toBe(0.7);
    expect(metric?.worst).toEqual({
      atMs: 1_000,
      via: 'haproxy:5001',
      node: 'pg-3',
      client: 0,
      key: 3,
      ackedAt: 300,
      ageSeconds: 0.7,
    });
    expect(metric?.byPath['haproxy:5001']).toEqual({ reads: 1, failed: 0, stale: 1, maxStalenessSeconds: 0.7 });
  });

  it('does not count as stale a write acknowledged after the read began, nor one that failed', () => {
    const withFailed = [...ops, write(7, 0, 700, 'fail')];
    const metric = checkReads({ ops: withFailed, reads: [read(450, { 0: 3, 1: 4 })] });
    expect(metric?.stale).toBe(0);
  });

  it('leaves lost writes to RPO: a write the final state lacks does not make every later read stale', () => {
    const metric = checkReads({ ops, reads: [read(1_000, { 0: 3, 1: 4 })] }, new Set([1, 2, 3, 4]));
    expect(metric?.stale).toBe(0);
  });

  it('MUST report a read that went back in time (monotonic reads broken), through one path or across replicas', () => {
    const metric = checkReads({
      ops,
      reads: [read(600, { 0: 5, 1: 4 }, 'haproxy:5001', 'pg-2'), read(700, { 0: 3, 1: 4 }, 'haproxy:5001', 'pg-3')],
    });
    expect(metric?.nonMonotonic).toBe(1);
    expect(metric?.firstNonMonotonic).toEqual({
      atMs: 700,
      via: 'haproxy:5001',
      node: 'pg-3',
      client: 0,
      sawBefore: 5,
      sawNow: 3,
    });
  });

  it('a read balanced to a replica further behind goes back in time too; one that keeps up does not', () => {
    const across = checkReads({ ops, reads: [read(600, { 0: 5, 1: 4 }, 'pg-2'), read(700, { 0: 3, 1: 4 }, 'pg-3')] });
    expect(across?.nonMonotonic).toBe(1);
    const steady = checkReads({ ops, reads: [read(600, { 0: 3, 1: 4 }, 'pg-2'), read(700, { 0: 5, 1: 4 }, 'pg-3')] });
    expect(steady?.nonMonotonic).toBe(0);
  });

  it('failed reads are counted, and with no read answered staleness is not measured (null, never 0)', () => {
    const failed: ReadOperation = { via: 'pg-2', invokedAt: 10, completedAt: 20, outcome: 'fail', error: 'refused' };
    const metric = checkReads({ ops, reads: [failed] });
    expect(metric).toMatchObject({ reads: 0, failed: 1, maxStalenessSeconds: null, reason: 'no read succeeded' });
  });

  it('is null without reads in the workload', () => {
    expect(checkReads({ ops })).toBeNull();
  });
});
