import { describe, expect, it } from 'vitest';
import type { BackupRecord } from '../evidence/recovery-evidence.ts';
import { backupChain } from './incremental.ts';

const backup = (name: string, more: Partial<BackupRecord> = {}): BackupRecord => ({
  name,
  method: 'pg_basebackup',
  stepIndex: 0,
  node: 'pg-1',
  startedAtMs: 0,
  completedAtMs: 1,
  location: `/var/lib/pgdrill/backup/${name}`,
  sizeBytes: 1,
  backupType: 'full',
  verification: { tool: 'pg_verifybackup', passed: true, output: '' },
  snapshot: { node: 'pg-1', atMs: 0, tables: [], keys: [] },
  ...more,
});

describe('backupChain', () => {
  const full = backup('full');
  const monday = backup('monday', { backupType: 'incr', prior: 'full' });
  const tuesday = backup('tuesday', { backupType: 'incr', prior: 'monday' });
  const other = backup('other');

  it('goes back from an incremental backup to its full one, oldest first', () => {
    expect(backupChain([full, monday, other, tuesday], tuesday).map((b) => b.name)).toEqual([
      'full',
      'monday',
      'tuesday',
    ]);
  });

  it('is the backup alone for a full one', () => {
    expect(backupChain([full, monday], full)).toEqual([full]);
  });

  it('MUST refuse a chain with a link missing: pg_combinebackup cannot make a backup of it', () => {
    expect(() => backupChain([full, tuesday], tuesday)).toThrow(
      'backup tuesday builds on monday, which was not taken: the chain cannot be combined',
    );
  });
});
