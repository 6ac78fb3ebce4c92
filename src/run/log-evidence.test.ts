import { describe, expect, it } from 'vitest';
import { notableLogEvents } from './log-evidence.ts';

const clock = { wallAtStart: Date.parse('2026-11-21T05:00:00.000Z'), monoAtStart: 1000, t0: 1000 };

describe('notableLogEvents', () => {
  it('places notable lines on the run clock and ignores the rest', () => {
    const log = [
      '2026-11-21 05:00:01.500 UTC [42] LOG:  checkpoint starting: time',
      '2026-11-21 05:00:02.250 UTC [42] PANIC:  could not write to file "pg_wal/xlogtemp.42": No space left on device',
      'not a log line',
    ].join('\n');
    expect(notableLogEvents({ 'pg-1': log }, clock)).toEqual([
      {
        atMs: 2250,
        kind: 'observation',
        node: 'pg-1',
        message: 'log: PANIC: could not write to file "pg_wal/xlogtemp.42": No space left on device',
      },
    ]);
  });

  it('keeps a message that comes back after something else happened: a reconnect is evidence', () => {
    const log = [
      '2026-11-21 05:00:01.000 UTC [7] LOG:  started streaming WAL from primary at 0/3000000 on timeline 1',
      '2026-11-21 05:00:03.000 UTC [7] FATAL:  terminating walreceiver due to timeout',
      '2026-11-21 05:00:09.000 UTC [9] LOG:  started streaming WAL from primary at 0/3000000 on timeline 1',
    ].join('\n');
    expect(notableLogEvents({ 'pg-2': log }, clock).map((e) => e.atMs)).toEqual([1000, 3000, 9000]);
  });

  it("reads Patroni's own lines too", () => {
    const log = '2026-11-21 05:00:04,250 INFO: demoting self because DCS is not accessible and I was a leader';
    expect(notableLogEvents({ 'pg-1': log }, clock)).toEqual([
      {
        atMs: 4250,
        kind: 'observation',
        node: 'pg-1',
        message: 'log: patroni INFO: demoting self because DCS is not accessible and I was a leader',
      },
    ]);
  });

  it('counts consecutive repeats instead of repeating them', () => {
    const line = (s: number) => `2026-11-21 05:00:0${s}.000 UTC [7] LOG:  archive command failed with exit code ${s}`;
    const events = notableLogEvents({ 'pg-2': [line(1), line(2), line(3)].join('\n') }, clock);
    expect(events).toHaveLength(1);
    expect(events[0]!.message).toMatch(/\(×3\)$/);
  });
});
