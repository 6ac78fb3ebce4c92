import { describe, expect, it } from 'vitest';
import { forkPointOf, rewindAdvice } from './standby.ts';

describe('forkPointOf', () => {
  it("reads the newest timeline's switchpoint: the last entry of its history", () => {
    expect(forkPointOf('1\t0/1BD7FF8\tno recovery target specified\n')).toBe('0/1BD7FF8');
    const twice = '1\t0/3000000\tno recovery target specified\n\n2\t0/5A0F1C8\tno recovery target specified\n';
    expect(forkPointOf(twice)).toBe('0/5A0F1C8');
  });

  it('skips comments and blank lines', () => {
    expect(forkPointOf('# a comment\n\n1\t16/B374D848\tbefore 2026-12-04\n')).toBe('16/B374D848');
  });

  it('has none for an empty history or one that is not a history file', () => {
    expect(forkPointOf('')).toBeNull();
    expect(forkPointOf('# only a comment\n')).toBeNull();
    expect(forkPointOf('1\tnot-an-lsn\treason\n')).toBeNull();
  });
});

describe('rewindAdvice', () => {
  it('names wal_log_hints and data checksums when pg_rewind refuses a target without either', () => {
    const said = 'pg_rewind: error: target server needs to use either data checksums or "wal_log_hints = on"';
    const advice = rewindAdvice('pg-1', said);
    expect(advice).toContain('wal_log_hints = on');
    expect(advice).toContain('data checksums');
    expect(advice).not.toContain('wal_keep_size');
  });

  it('points at the kept WAL for any other refusal', () => {
    const said = 'pg_rewind: error: could not find previous WAL record at 0/3000060';
    expect(rewindAdvice('pg-1', said)).toContain('wal_keep_size');
  });
});
