import { describe, expect, it } from 'vitest';
import { presentable } from './presentable.ts';

describe('presentable', () => {
  it('rounds float noise to microseconds, deep, and leaves integers, nulls and strings alone', () => {
    expect(presentable({ a: 1.0006162600000006, b: [0.1 + 0.2, 7], c: null, d: 'x', e: { f: 5867.86277 } })).toEqual({
      a: 1.000616,
      b: [0.3, 7],
      c: null,
      d: 'x',
      e: { f: 5867.86277 },
    });
  });
});
