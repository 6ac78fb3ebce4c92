import { describe, expect, it } from 'vitest';
import { mergeVerdicts } from './verdict.ts';

describe('mergeVerdicts', () => {
  it('holds when every part held, or when there is nothing to judge', () => {
    expect(mergeVerdicts(['held', 'held'])).toBe('held');
    expect(mergeVerdicts([])).toBe('held');
  });

  it('MUST NOT hold when one part was not measured', () => {
    expect(mergeVerdicts(['held', 'not-measured', 'held'])).toBe('not-measured');
  });

  it('MUST fail when one part failed, whatever else was not measured', () => {
    expect(mergeVerdicts(['not-measured', 'failed', 'held'])).toBe('failed');
    expect(mergeVerdicts(['failed', 'not-measured'])).toBe('failed');
  });
});
