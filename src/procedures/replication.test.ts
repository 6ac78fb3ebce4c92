import { describe, expect, it } from 'vitest';
import { mostAdvanced, retargetedStandbyNames } from './replication.ts';

describe('retargetedStandbyNames', () => {
  it('keeps the method and count over the standbys that are left', () => {
    expect(retargetedStandbyNames('FIRST 2 (standby1, standby2, standby3)', ['standby2', 'standby3'])).toBe(
      'FIRST 2 (standby2, standby3)',
    );
    expect(retargetedStandbyNames('ANY 1 (standby1, standby2)', ['standby2'])).toBe('ANY 1 (standby2)');
  });

  it('caps the count at the standbys there are, so commits do not wait for one that cannot exist', () => {
    expect(retargetedStandbyNames('FIRST 2 (a, b, c)', ['c'])).toBe('FIRST 1 (c)');
  });

  it('reads a bare list and a bare count as FIRST, as PostgreSQL does', () => {
    expect(retargetedStandbyNames('standby1,standby2', ['standby2'])).toBe('FIRST 1 (standby2)');
    expect(retargetedStandbyNames('2 (a, b, c)', ['b', 'c'])).toBe('FIRST 2 (b, c)');
  });

  it('is empty when no standby is left', () => {
    expect(retargetedStandbyNames('FIRST 1 (a)', [])).toBe('');
  });
});

describe('mostAdvanced', () => {
  const at = (name: string, lsn: bigint) => ({ name, lsn });

  it('picks the replica that received the most WAL', () => {
    expect(mostAdvanced([at('pg-2', 100n), at('pg-3', 300n), at('pg-4', 200n)])?.name).toBe('pg-3');
  });

  it('breaks a tie by name, so the choice is the same on every run', () => {
    expect(mostAdvanced([at('pg-3', 300n), at('pg-2', 300n)])?.name).toBe('pg-2');
  });

  it('never picks a replica whose position could not be read', () => {
    expect(mostAdvanced([at('pg-2', -1n), at('pg-3', 0n)])?.name).toBe('pg-3');
    expect(mostAdvanced([at('pg-2', -1n)])).toBeUndefined();
    expect(mostAdvanced([])).toBeUndefined();
  });
});
