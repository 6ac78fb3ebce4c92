import { describe, expect, it } from 'vitest';
import { StepFailedError } from '../errors.ts';
import { EvidenceRecorder } from '../evidence/recorder.ts';
import type { BackupRecord, MarkRecord } from '../evidence/recovery-evidence.ts';
import { fillPlaceholders } from './runbook.ts';

function recorderWith(): EvidenceRecorder {
  const recorder = new EvidenceRecorder(0, () => 0);
  recorder.marks.push({
    name: 'before-delete',
    time: '2026-12-02 10:00:00+00',
    xid: '812',
    lsn: '0/3000060',
  } as MarkRecord);
  recorder.backups.push({ name: 'nightly', location: '/backups/nightly.dump' } as BackupRecord);
  return recorder;
}

describe('fillPlaceholders: a runbook argument naming a mark or a backup', () => {
  const ctx = { recorder: recorderWith() };

  it('fills every field of a mark and a backup’s path, leaving the rest of the argument alone', () => {
    expect(fillPlaceholders(ctx, '--xid={mark.before-delete.xid} --lsn={mark.before-delete.lsn}')).toBe(
      '--xid=812 --lsn=0/3000060',
    );
    expect(fillPlaceholders(ctx, '{mark.before-delete.time}|{mark.before-delete.name}')).toBe(
      '2026-12-02 10:00:00+00|before-delete',
    );
    expect(fillPlaceholders(ctx, 'restore {backup.nightly.path}')).toBe('restore /backups/nightly.dump');
    expect(fillPlaceholders(ctx, 'plain {braces} stay')).toBe('plain {braces} stay');
  });

  it('fails the step, naming the placeholder, for a mark or backup that was never made', () => {
    expect(() => fillPlaceholders(ctx, '{mark.later.xid}')).toThrow(StepFailedError);
    expect(() => fillPlaceholders(ctx, '{mark.later.xid}')).toThrow('{mark.later.xid}: no mark named later was set');
    expect(() => fillPlaceholders(ctx, '{backup.weekly.path}')).toThrow('no backup named weekly was taken');
  });

  it('fails for a field a mark or a backup does not have', () => {
    expect(() => fillPlaceholders(ctx, '{mark.before-delete.size}')).toThrow('a mark has time, xid, lsn and name');
    expect(() => fillPlaceholders(ctx, '{backup.nightly.size}')).toThrow('a backup has a path only');
  });
});
