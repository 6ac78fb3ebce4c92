import { describe, expect, it } from 'vitest';
import { PERCENT_PATTERN, PercentFormatError, parsePercent } from './percent.ts';

describe('parsePercent', () => {
  it.each([
    [0, 0],
    [5, 5],
    [100, 100],
    [0.5, 0.5],
    ['5%', 5],
    ['0.5%', 0.5],
    ['100%', 100],
  ])('reads %j as %d', (value, percent) => {
    expect(parsePercent(value)).toBe(percent);
  });

  it.each([-1, 100.5, '101%', '5', '5 %', '%', 'five', '-5%'])('rejects %j', (value) => {
    expect(() => parsePercent(value)).toThrow(PercentFormatError);
  });

  it('publishes the text form it reads', () => {
    expect(new RegExp(PERCENT_PATTERN).test('12.5%')).toBe(true);
    expect(new RegExp(PERCENT_PATTERN).test('12.5')).toBe(false);
  });

  it('suggests the missing % for a number written as text', () => {
    expect(() => parsePercent('5')).toThrow('invalid percentage "5": add "%", e.g. 5%');
  });
});
