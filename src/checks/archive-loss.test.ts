import { describe, expect, it } from 'vitest';
import { checkArchiveLoss } from './archive-loss.ts';
import { checkRecovery } from './recovery.ts';
import { fault, makeEvidence, op, sample } from './test-evidence.ts';
import type { DataSnapshot, RecoveryRecord } from '../evidence/recovery-evidence.ts';

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const snap = (keys: number[], node = 'pg-1'): DataSnapshot => ({
  node,
  atMs: 5_000,
  tables: [{ table: 'public.pgdrill_writes', rows: keys.length, digest: `d${keys.length}` }],
  keys,
});

/** backup at keys 1..200, the server killed at 10 s, recovered by latest into pitr-1 holding `recovered`. */
function latest(recovered: number[] | null, more: Partial<RecoveryRecord> = {}): RecoveryRecord {
  return {
    kind: 'pitr',
    stepIndex: 4,
    node: 'pitr-1',
    backup: 'base',
    method: 'pg_basebackup',
    target: { by: 'latest', value: 'latest', inclusive: true, action: 'promote' },
    expected: { source: 'backup base, then every write the archive holds', snapshot: snap(range(1, 200)) },
    actual: recovered === null ? null : snap(recovered, 'pitr-1'),
    startedAtMs: 10_500,
    completedAtMs: 13_000,
    sizeBytes: null,
    timeline: 2,
    endedAs: recovered === null ? null : 'promoted',
    switchedWal: false,
    archiveEnd: { redoDoneLsn: '0/2000100', lastCommitTime: null, archiveTimeout: '0' },
    ...more,
  };
}

/** 500 acknowledged writes, key k completing at 20·k ms (key 500 at 10 s, just at the kill); the primary sampled at 9.6 s. */
const evidence = makeEvidence({
  history: { ops: range(1, 500).map((k) => op(k, 'ok', 20 * k)) },
  faults: [fault('kill', 10_000)],
  samples: [
    sample('pg-1', 9_000, { role: 'primary', currentLsn: '0/3010000' }),
    sample('pg-1', 9_600, { role: 'primary', currentLsn: '0/3019C18' }),
  ],
});

describe('checkArchiveLoss', () => {
  it('counts the acknowledged commits the archive never received, their window and WAL, beside archive_timeout', () => {
    const loss = checkArchiveLoss(latest(range(1, 200)), evidence);
    expect(loss).toMatchObject({
      switchedWal: false,
      acknowledged: 500,
      lostCommits: 300,
      lastRecoveredCommitAtMs: 4_000,
      faultAtMs: 10_000,
      seconds: 6,
      // from the end of segment 0/2 (the rest of it after the switch is padding) to the last sample
      walBytes: 0x19c18,
      lsnAtFault: '0/3019C18',
      sampledSecondsBeforeFault: 0.4,
      recoveredToLsn: '0/2000100',
      archiveTimeout: '0',
    });
    expect(loss?.lostKeys.slice(0, 3)).toEqual([201, 202, 203]);
    expect(loss?.reason).toBeUndefined();
  });

  it("takes the lost server's last sample before the fault: not another node's, not a later one", () => {
    const noisy = {
      ...evidence,
      samples: [
        ...evidence.samples,
        sample('pg-2', 9_800, { role: 'primary', currentLsn: '0/5000000' }),
        sample('pg-1', 10_400, { role: 'primary', currentLsn: '0/6000000' }),
        sample('pg-1', 9_700, { role: 'replica', currentLsn: null }),
      ],
    };
    expect(checkArchiveLoss(latest(range(1, 200)), noisy)).toMatchObject({
      lsnAtFault: '0/3019C18',
      sampledSecondsBeforeFault: 0.4,
    });
  });

  it('finds nothing lost when the archive held every acknowledged commit', () => {
    expect(checkArchiveLoss(latest(range(1, 500)), evidence)).toMatchObject({ lostCommits: 0, lostKeys: [] });
  });

  it('does not measure what it cannot: an unread node, no acknowledged write, no fault, no logged end of replay', () => {
    expect(checkArchiveLoss(latest(null), evidence)).toMatchObject({
      lostCommits: null,
      seconds: null,
      walBytes: null,
      reason: 'the recovered node could not be read',
    });
    expect(checkArchiveLoss(latest(range(1, 200)), makeEvidence({ faults: evidence.faults }))).toMatchObject({
      lostCommits: null,
      reason: expect.stringMatching(/no write was acknowledged/),
    });
    const noFault = checkArchiveLoss(latest(range(1, 200)), { ...evidence, faults: [] });
    expect(noFault).toMatchObject({ lostCommits: 300, seconds: null, walBytes: null });
    expect(noFault?.reason).toMatch(/no fault was injected/);
    const noEnd = checkArchiveLoss(
      latest(range(1, 200), { archiveEnd: { redoDoneLsn: null, lastCommitTime: null, archiveTimeout: '0' } }),
      evidence,
    );
    expect(noEnd).toMatchObject({ lostCommits: 300, seconds: 6, walBytes: null });
    expect(noEnd?.reason).toMatch(/did not log where its replay ended/);
  });

  it('is null for any recovery but one to the archive’s end', () => {
    const toMark = latest(range(1, 200), {
      target: { mark: 'm1', by: 'xid', value: '9', inclusive: true, action: 'pause' },
    });
    expect(checkArchiveLoss(toMark, evidence)).toBeNull();
  });
});

describe('checkRecovery of a recovery to the archive’s end', () => {
  it('passes with rows beyond the backup (what the archive held), and says what was lost', () => {
    const record = latest(range(1, 260));
    const check = checkRecovery(record, checkArchiveLoss(record, evidence));
    expect(check).toMatchObject({ passed: true, extraKeysTotal: 0, missingKeysTotal: 0 });
    expect(check.reason).toMatch(/replayed the archive to its end \(redo done at 0\/2000100\)/);
    expect(check.reason).toMatch(/240 of 500 acknowledged commits were not in the archive/);
    expect(check.reason).toMatch(/archive_timeout 0 \(off\)/);
  });

  it('fails when it lacks rows of the backup it started from (by key or by count), stopped at a gap in the archive, or did not open', () => {
    const short = latest(range(2, 300));
    expect(checkRecovery(short, checkArchiveLoss(short, evidence))).toMatchObject({
      passed: false,
      missingKeys: [1],
    });
    const fewerRows = latest(range(1, 300));
    fewerRows.actual!.tables = [{ table: 'public.pgdrill_writes', rows: 150, digest: 'x' }];
    expect(checkRecovery(fewerRows, checkArchiveLoss(fewerRows, evidence)).passed).toBe(false);
    const gap = latest(range(1, 300), {
      archive: {
        location: '/var/lib/pgdrill/archive',
        from: '000000010000000000000002',
        to: '000000010000000000000009',
        missing: ['000000010000000000000005'],
        missingTotal: 1,
      },
    });
    const stoppedAtGap = checkRecovery(gap, checkArchiveLoss(gap, evidence));
    expect(stoppedAtGap.passed).toBe(false);
    expect(stoppedAtGap.reason).toMatch(/lacks segment 000000010000000000000005/);
    const paused = latest(range(1, 300), { endedAs: 'paused' });
    expect(checkRecovery(paused, checkArchiveLoss(paused, evidence)).passed).toBe(false);
  });
});
