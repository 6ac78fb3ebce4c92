import { describe, expect, it } from 'vitest';
import type { BackupRecord, MarkRecord } from '../evidence/recovery-evidence.ts';
import { pgbackrestRestoreCommand } from './pgbackrest.ts';
import { latestPhysicalBackup, targetValue } from './pitr.ts';
import { pgbackrestOptions, recoverySettings } from './restored-node.ts';

const backup = (name: string, method: BackupRecord['method'], stepIndex: number) =>
  ({ name, method, stepIndex, location: `${name}-set` }) as BackupRecord;

describe('latestPhysicalBackup: which backup a PITR starts from', () => {
  const taken = [backup('base', 'pg_basebackup', 1), backup('dump', 'pg_dump', 3), backup('incr', 'pgbackrest', 5)];

  it('takes the last physical backup before the mark, skipping dumps (they cannot replay WAL)', () => {
    expect(latestPhysicalBackup(taken, 4)?.name).toBe('base');
    expect(latestPhysicalBackup(taken, 6)?.name).toBe('incr');
  });

  it('never takes a backup from the mark’s own step or after it', () => {
    expect(latestPhysicalBackup(taken, 5)?.name).toBe('base');
    expect(latestPhysicalBackup(taken, 1)).toBeUndefined();
  });

  it('finds nothing when only dumps were taken', () => {
    expect(latestPhysicalBackup([backup('dump', 'pg_dump', 0)], 9)).toBeUndefined();
  });
});

describe('targetValue: the mark’s field each recovery_target_* reads', () => {
  const mark = {
    name: 'before-delete',
    time: '2026-12-02 10:00:00.123456+00',
    xid: '812',
    lsn: '0/3000060',
  } as MarkRecord;
  it('maps every kind to its own field', () => {
    expect(targetValue(mark, 'time')).toBe(mark.time);
    expect(targetValue(mark, 'xid')).toBe('812');
    expect(targetValue(mark, 'lsn')).toBe('0/3000060');
    expect(targetValue(mark, 'name')).toBe('before-delete');
    expect(targetValue(mark, 'immediate')).toBe('immediate');
  });
});

describe('recoverySettings: the lines a pg_basebackup PITR appends to postgresql.auto.conf', () => {
  it('names the target kind, quotes its value and carries inclusive and action', () => {
    expect(recoverySettings({ by: 'xid', value: '812', inclusive: false, action: 'pause' })).toEqual([
      `restore_command = 'cp /var/lib/pgdrill/archive/%f "%p"'`,
      "recovery_target_xid = '812'",
      'recovery_target_inclusive = off',
      "recovery_target_action = 'pause'",
    ]);
  });

  it('doubles a quote inside a restore point name, so the setting cannot be cut short', () => {
    expect(recoverySettings({ by: 'name', value: "o'clock", inclusive: true, action: 'promote' })[1]).toBe(
      "recovery_target_name = 'o''clock'",
    );
  });

  it('uses recovery_target = immediate, with no value', () => {
    expect(recoverySettings({ by: 'immediate', inclusive: true, action: 'promote' })[1]).toBe(
      "recovery_target = 'immediate'",
    );
  });
});

describe('pgbackrestOptions and pgbackrestRestoreCommand', () => {
  const set = backup('full', 'pgbackrest', 1);

  it('restores to the end of the backup when no target is asked for', () => {
    expect(pgbackrestRestoreCommand(pgbackrestOptions(set))).toMatch(
      /--set=full-set --type=immediate --target-action=promote restore$/,
    );
  });

  it('passes the target quoted, and --target-exclusive only where pgBackRest accepts it', () => {
    const byTime = pgbackrestOptions(set, { by: 'time', value: '2026-12-02 10:00', inclusive: false, action: 'pause' });
    expect(pgbackrestRestoreCommand(byTime)).toContain(
      "--type=time --target-action=pause --target='2026-12-02 10:00' --target-exclusive",
    );
    const byName = pgbackrestOptions(set, { by: 'name', value: 'm', inclusive: false, action: 'pause' });
    expect(pgbackrestRestoreCommand(byName)).not.toContain('--target-exclusive');
  });
});
