import { describe, expect, it } from 'vitest';
import type { Operation, OwnWritesSeen } from '../evidence/history.ts';
import { checkReadYourWrites } from './read-your-writes.ts';

/** client c's write `key`, acknowledged by `node` at `at` ms, with what its server held of the client's own writes */
const write = (key: number, client: number, at: number, own?: OwnWritesSeen, node = 'pg-1'): Operation => ({
  key,
  client,
  invokedAt: at - 2,
  completedAt: at,
  outcome: 'ok',
  node,
  ...(own ? { ownWrites: own } : {}),
});
const held = (lastAcked: number): OwnWritesSeen => ({ lastAcked, held: true, newest: lastAcked });

describe('checkReadYourWrites', () => {
  it('holds when every write’s server held its client’s last acknowledged one, and counts only writes that asked', () => {
    const ops = [
      write(1, 0, 100),
      write(2, 1, 200),
      write(3, 0, 300, held(1)),
      write(4, 1, 400, held(2)),
      write(5, 0, 500, held(3)),
    ];
    expect(checkReadYourWrites({ ops })).toEqual({ checked: 3, violations: 0, clients: 0, first: null });
  });

  it('MUST report a write whose server lacked its client’s last acknowledged write (lost in a failover), with when and where', () => {
    // client 0's keys 3 and 5 were acknowledged by pg-1; its key 7, on pg-2 after the failover, found neither
    const ops = [
      write(1, 0, 100),
      write(2, 1, 150),
      write(3, 0, 300, held(1)),
      write(5, 0, 500, held(3)),
      write(7, 0, 1_000, { lastAcked: 5, held: false, newest: 1 }, 'pg-2'),
      write(8, 0, 1_100, held(7), 'pg-2'),
      write(9, 1, 1_200, held(2), 'pg-2'),
    ];
    const metric = checkReadYourWrites({ ops }, 50);
    expect(metric).toMatchObject({ checked: 5, violations: 1, clients: 1 });
    expect(metric?.first).toEqual({
      client: 0,
      key: 5,
      ackedAt: 450,
      ackedOn: 'pg-1',
      missed: 2,
      atMs: 948,
      laterKey: 7,
      on: 'pg-2',
      sawOwn: 1,
    });
  });

  it('MUST report the loss even when a later write of unknown outcome committed on the new server (its key is newer than the lost one)', () => {
    // key 3 (pg-1) is lost; key 5 reached pg-2 but its client never heard back; key 7 finds 5, not 3
    const ops = [
      write(1, 0, 100),
      write(3, 0, 300, held(1)),
      { ...write(5, 0, 600), outcome: 'unknown' as const },
      write(7, 0, 1_000, { lastAcked: 3, held: false, newest: 5 }, 'pg-2'),
    ];
    const metric = checkReadYourWrites({ ops });
    expect(metric).toMatchObject({ checked: 2, violations: 1, clients: 1 });
    expect(metric?.first).toMatchObject({ key: 3, ackedOn: 'pg-1', laterKey: 7, sawOwn: 5, missed: 1 });
  });

  it('MUST count a client sent back and forth between two primaries once per write that missed its own', () => {
    const ops = [
      write(1, 0, 100, undefined, 'pg-1'),
      write(2, 0, 200, { lastAcked: 1, held: false, newest: 0 }, 'pg-2'),
      write(3, 0, 300, { lastAcked: 2, held: false, newest: 1 }, 'pg-1'),
      write(4, 1, 320, undefined, 'pg-1'),
      write(5, 1, 340, held(4), 'pg-1'),
    ];
    const metric = checkReadYourWrites({ ops });
    expect(metric).toMatchObject({ checked: 3, violations: 2, clients: 1 });
    expect(metric?.first).toMatchObject({ key: 1, laterKey: 2, on: 'pg-2', missed: 1 });
  });

  it('reads a client’s writes by key, whatever order the history lists them in', () => {
    const ops = [
      write(5, 0, 500, { lastAcked: 3, held: false, newest: 1 }, 'pg-2'),
      write(3, 0, 300),
      write(1, 0, 100),
    ];
    expect(checkReadYourWrites({ ops })?.first).toMatchObject({ key: 3, ackedAt: 300, missed: 1 });
  });

  it('says why nothing was checked rather than claiming the guarantee held', () => {
    expect(checkReadYourWrites({ ops: [] })).toBeNull();
    expect(checkReadYourWrites({ ops: [write(1, 0, 100), write(2, 1, 200)] })).toMatchObject({
      checked: 0,
      reason: 'no client had a write acknowledged after an earlier one of its own',
    });
    expect(checkReadYourWrites({ ops: [write(1, 0, 100), write(2, 0, 200)] })).toMatchObject({
      checked: 0,
      reason: 'the history records no read of own writes',
    });
  });
});
