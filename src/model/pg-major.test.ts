import { describe, expect, it } from 'vitest';
import { dataChecksumsOf, initdbChecksumsByDefault } from './pg-major.ts';

describe('data checksums', () => {
  it("follow each major's initdb default: off before 18, on from 18", () => {
    expect([15, 17, 18].map(initdbChecksumsByDefault)).toEqual([false, false, true]);
    expect(dataChecksumsOf({ version: 15 })).toBe(false);
    expect(dataChecksumsOf({ version: 18 })).toBe(true);
  });

  it('are what the scenario says when it says, on any major', () => {
    expect(dataChecksumsOf({ version: 15, dataChecksums: true })).toBe(true);
    expect(dataChecksumsOf({ version: 18, dataChecksums: false })).toBe(false);
  });
});
