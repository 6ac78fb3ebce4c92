import { describe, expect, it } from 'vitest';
import type { Operation } from '../evidence/history.ts';
import { checkReadYourWrites } from './read-your-writes.ts';

/** client c's write `key`, acknowledged by `node` at `at` ms, having seen `sawOwn` of its own */
const write = (key: number, client: number, at: number, sawOwn: number | undefined, node = 'pg-1'): Operation => ({
  key,
  client,
  invokedAt: at - 2,
  completedAt: at,
  outcome: 'ok',
  node,
  ...(sawOwn === undefined ? {} : { sawOwn }),
});

describe('checkReadYourWrites', () => {
  it('holds when every write saw its client’s last acknowledged one, and counts only writes that could have missed one', () => {
    const ops = [
      write(1, 0, 100, 0),
      write(2, 1, 200, 0),
      write(3, 0, 300, 1),
      write(4, 1, 400, 2),
      write(5, 0, 500, 3),
    ];
    const metric = checkReadYourWrites({ ops });
    expect(metric).toEqual({ checked: 3, violations: 0, clients: 0, first: null });
  });

  it('MUST report a write whose server lacked its client’s earlier acknowledged writes (lost in a failover), with when and where', () => {
    // client 0's keys 3 and 5 were acknowledged by pg-1; its key 7, on pg-2 after the failover, saw only key 1
    const ops = [
      write(1, 0, 100, 0),
      write(2, 1, 150, 0),
      write(3, 0, 300, 1),
      write(5, 0, 500, 3),
      { ...write(6, 0, 700, undefined), outcome: 'unknown' as const },
      write(7, 0, 1_000, 1, 'pg-2'),
      write(8, 0, 1_100, 7, 'pg-2'),
      write(9, 1, 1_200, 2, 'pg-2'),
    ];
    const metric = checkReadYourWrites({ ops }, 50);
    expect(metric).toMatchObject({ checked: 5, violations: 1, clients: 1 });
    expect(metric?.first).toEqual({
      client: 0,
      key: 3,
      ackedAt: 250,
      ackedOn: 'pg-1',
      missed: 2,
      atMs: 948,
      laterKey: 7,
      on: 'pg-2',
      sawOwn: 1,
    });
  });

  it('MUST count a client sent back and forth between two primaries once per write that missed its own', () => {
    const ops = [
      write(1, 0, 100, 0, 'pg-1'),
      write(2, 0, 200, 0, 'pg-2'),
      write(3, 0, 300, 1, 'pg-1'),
      write(4, 1, 320, 0, 'pg-1'),
      write(5, 1, 340, 4, 'pg-1'),
    ];
    const metric = checkReadYourWrites({ ops });
    expect(metric).toMatchObject({ checked: 3, violations: 2, clients: 1 });
    expect(metric?.first).toMatchObject({ key: 1, laterKey: 2, on: 'pg-2', missed: 1 });
  });

  it('says why nothing was checked rather than claiming the guarantee held', () => {
    expect(checkReadYourWrites({ ops: [] })).toBeNull();
    expect(checkReadYourWrites({ ops: [write(1, 0, 100, 0), write(2, 1, 200, 0)] })).toMatchObject({
      checked: 0,
      reason: 'no client had a write acknowledged after an earlier one of its own',
    });
    expect(checkReadYourWrites({ ops: [write(1, 0, 100, undefined), write(2, 0, 200, undefined)] })).toMatchObject({
      checked: 0,
      reason: 'the history records no read of own writes',
    });
  });
});
