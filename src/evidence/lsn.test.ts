import { describe, expect, it } from 'vitest';
import { lsnAtLeast, parseLsn } from './lsn.ts';

describe('LSNs', () => {
  it('compares across the 32-bit boundary, where string comparison would be wrong', () => {
    expect(parseLsn('1/0')).toBeGreaterThan(parseLsn('0/FFFFFFFF'));
    expect(lsnAtLeast('A/0', '9/FFFFFFFF')).toBe(true);
    expect(lsnAtLeast('0/3000000', '0/3000001')).toBe(false);
  });

  it('treats an unknown position as not caught up', () => {
    expect(lsnAtLeast(null, '0/0')).toBe(false);
  });

  it('rejects what is not an LSN', () => {
    expect(() => parseLsn('42')).toThrow(/not an LSN/);
  });
});
