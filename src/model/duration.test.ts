import { describe, expect, it } from 'vitest';
import { DurationFormatError, parseDuration } from './duration.ts';

describe('parseDuration', () => {
  it.each([
    ['500ms', 500],
    ['5s', 5_000],
    ['0.5s', 500],
    ['0.7s', 700],
    ['2m', 120_000],
    ['1.5m', 90_000],
    ['1m30s', 90_000],
    ['1h', 3_600_000],
    ['1h30m', 5_400_000],
    ['1m5ms', 60_005],
    ['0s', 0],
  ])('reads %s as %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', '5', '5x', '5S', ' 5s', '5 s', '-1s', '30s1m', '1s1s', 's', '.5s', '5.s', '1d'])(
    'rejects %j',
    (text) => {
      expect(() => parseDuration(text)).toThrow(DurationFormatError);
    },
  );

  it('says what a duration looks like', () => {
    expect(() => parseDuration('5x')).toThrow(/invalid duration "5x": .*e\.g\. 500ms, 5s/);
  });

  it('suggests a unit for a bare number', () => {
    expect(() => parseDuration('30')).toThrow(/add a unit .* e\.g\. 30s/);
  });

  it('rejects precision finer than a millisecond', () => {
    expect(() => parseDuration('0.0005s')).toThrow(/whole milliseconds/);
  });

  it('MUST refuse a duration past a day, which no drill means (and Node timers overflow past 24.8 days)', () => {
    expect(parseDuration('24h')).toBe(86_400_000);
    expect(() => parseDuration('24h0m0s1ms')).toThrow(/at most 24h/);
    expect(() => parseDuration('100000000h')).toThrow(/at most 24h/);
  });
});
