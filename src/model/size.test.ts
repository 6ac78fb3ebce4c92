import { describe, expect, it } from 'vitest';
import { SIZE_PATTERN, SizeFormatError, parseSize } from './size.ts';

describe('parseSize', () => {
  it.each([
    ['0B', 0],
    ['512B', 512],
    ['512kB', 524_288],
    ['1KB', 1_024],
    ['1MB', 1_048_576],
    ['16MiB', 16_777_216],
    ['1 MB', 1_048_576],
    ['1.5GB', 1_610_612_736],
    ['2GiB', 2_147_483_648],
    ['0.5kB', 512],
  ])('reads %s as %d bytes (kB = 1024, as in postgresql.conf)', (text, bytes) => {
    expect(parseSize(text)).toBe(bytes);
    expect(new RegExp(SIZE_PATTERN).test(text)).toBe(true);
  });

  it.each(['', '1', '1mb', 'MB', '1 zB', '-1MB', '1TB', '1.MB', '1  MB'])(
    'rejects %j, as the published pattern does',
    (text) => {
      expect(() => parseSize(text)).toThrow(SizeFormatError);
      expect(new RegExp(SIZE_PATTERN).test(text)).toBe(false);
    },
  );

  it('says what a size looks like, and which unit was meant', () => {
    expect(() => parseSize('1mb')).toThrow(
      'invalid size "1mb": write a number with a unit (B, kB, KB, MB, MiB, GB, GiB), e.g. 512kB, 16MB, 1GB, 16MiB (did you mean MB?)',
    );
    expect(() => parseSize('64')).toThrow(/add a unit .* e\.g\. 64MB, or write a plain number of bytes/);
  });
});
