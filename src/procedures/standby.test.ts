import { describe, expect, it } from 'vitest';
import { forkPointOf } from './standby.ts';

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
