import { describe, expect, it } from 'vitest';
import type { Operation, ReadOperation } from '../evidence/history.ts';
import { classifyWrites } from './write-fates.ts';

/** client c's write `key`, acknowledged at `at` ms */
const write = (key: number, client: number, at: number, outcome: Operation['outcome'] = 'ok'): Operation => ({
  key,
  client,
  invokedAt: at - 2,
  completedAt: at,
  outcome,
});
const read = (at: number, seen: Record<string, number>): ReadOperation => ({
  via: 'haproxy:5001',
  node: 'pg-2',
  invokedAt: at,
  completedAt: at + 3,
  outcome: 'ok',
  seen,
});

// client 0 writes keys 1, 3, 5 at 100, 300, 500 ms; client 1 writes 2, 4 at 200, 400 ms
const ops = [write(1, 0, 100), write(2, 1, 200), write(3, 0, 300), write(4, 1, 400), write(5, 0, 500)];
const all = new Set([1, 2, 3, 4, 5]);

describe('classifyWrites (set-full)', () => {
  it('calls a write stable when every read after its acknowledgement saw it', () => {
    const fates = classifyWrites({ ops, reads: [read(600, { 0: 5, 1: 4 }), read(900, { 0: 5, 1: 4 })] }, all);
    expect(fates).toMatchObject({ acknowledged: 5, stable: 5, stale: 0, neverRead: 0, lost: 0, lostAfterRead: 0 });
    expect(fates.longestStale).toBeNull();
  });

  it('MUST call a write stale when a read that began after its acknowledgement missed it, and say for how long', () => {
    // key 3 (acked at 300) is missed by the reads at 350 and 800, key 5 (500) by the one at 800;
    // both are seen at 1,000; client 1's keys are seen by every read after them
    const reads = [read(350, { 0: 1, 1: 2 }), read(800, { 0: 1, 1: 4 }), read(1_000, { 0: 5, 1: 4 })];
    const fates = classifyWrites({ ops, reads }, all);
    expect(fates.stale).toBe(2);
    expect(fates.staleKeys).toEqual([3, 5]);
    expect(fates.longestStale).toEqual({ key: 3, client: 0, ackedAt: 300, seconds: 0.5 });
    expect(fates.stable).toBe(3);
  });

  it('MUST call a write never read when no read began after its acknowledgement', () => {
    const fates = classifyWrites({ ops, reads: [read(450, { 0: 3, 1: 4 })] }, all);
    expect(fates.neverRead).toBe(1); // key 5, acked at 500
    expect(fates.stable).toBe(4);
  });

  it('MUST call an acknowledged write the final state lacks lost, and lost after a read when a read had seen it', () => {
    // client 0's key 5 was read at 600 and is gone; key 3 too, but no read saw it below the next survivor
    const present = new Set([1, 2, 4, 7]);
    const withLater = [...ops, write(7, 0, 900)];
    const reads = [read(250, { 0: 1, 1: 2 }), read(600, { 0: 5, 1: 4 })];
    const fates = classifyWrites({ ops: withLater, reads }, present);
    expect(fates.lost).toBe(2);
    expect(fates.lostAfterRead).toBe(2); // 3 and 5: the read at 600 saw client 0 up to 5, below its survivor 7
    expect(fates.lostAfterReadKeys).toEqual([3, 5]);
  });

  it('does not claim a lost write was read when the read may have seen a later key on the new timeline', () => {
    // key 3 is lost; client 0's next survivor is 5, and the only read saw client 0 up to 5
    const present = new Set([1, 2, 4, 5]);
    const fates = classifyWrites({ ops, reads: [read(600, { 0: 5, 1: 4 })] }, present);
    expect(fates.lost).toBe(1);
    expect(fates.lostAfterRead).toBe(0);
  });

  it('MUST count an unknown write the final state holds as recovered, and one it lacks as absent', () => {
    const withUnknown = [...ops, write(6, 1, 700, 'unknown'), write(8, 1, 800, 'unknown')];
    const fates = classifyWrites({ ops: withUnknown, reads: [] }, new Set([...all, 6]));
    expect(fates.recovered).toBe(1);
    expect(fates.unknownAbsent).toBe(1);
    expect(fates.acknowledged).toBe(5); // unknown writes are not acknowledged ones
    expect(fates.neverRead).toBe(5);
  });

  it('reports offsets from the run start', () => {
    const reads = [read(350, { 0: 1, 1: 2 }), read(1_000, { 0: 5, 1: 4 })];
    expect(classifyWrites({ ops, reads }, all, 100).longestStale?.ackedAt).toBe(200);
  });
});

describe('classifyWrites at scale', () => {
  it('classifies 100,000 writes against 10,000 reads, a quarter of them lost, without quadratic scans', () => {
    const many: Operation[] = [];
    for (let k = 1; k <= 100_000; k++) many.push(write(k, k % 4, k));
    const reads = Array.from({ length: 10_000 }, (_, i) =>
      read(i * 10, { 0: i * 10 - 40, 1: i * 10 - 40, 2: i * 10 - 40, 3: i * 10 - 40 }),
    );
    const present = new Set(many.filter((w) => w.key % 4 !== 0).map((w) => w.key));
    const fates = classifyWrites({ ops: many, reads }, present);
    expect(fates.acknowledged).toBe(100_000);
    expect(fates.lost).toBe(25_000);
    expect(fates.stable + fates.stale + fates.neverRead + fates.lost).toBe(100_000);
  });
});
