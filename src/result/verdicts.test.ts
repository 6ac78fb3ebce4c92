import { describe, expect, it } from 'vitest';
import { expectationVerdict, shownStatus, whyNotMeasured } from './verdicts.ts';

describe('shownStatus', () => {
  it('shows a drill that failed only for want of a measurement as not measured', () => {
    expect(shownStatus({ status: 'failed', verdict: 'not-measured' })).toBe('not-measured');
  });
  it('MUST show a real failure as failed, and results older than the verdict by their status', () => {
    expect(shownStatus({ status: 'failed', verdict: 'failed' })).toBe('failed');
    expect(shownStatus({ status: 'failed' })).toBe('failed');
    expect(shownStatus({ status: 'passed', verdict: 'held' })).toBe('passed');
    expect(shownStatus({ status: 'error', verdict: null })).toBe('error');
  });
});

describe('expectationVerdict', () => {
  it('reads the verdict, or derives it from an older result', () => {
    expect(expectationVerdict({ passed: false, verdict: 'not-measured' })).toBe('not-measured');
    expect(expectationVerdict({ passed: true })).toBe('held');
    expect(expectationVerdict({ passed: false, reason: 'not measured: no fault was injected' })).toBe('not-measured');
    expect(expectationVerdict({ passed: false })).toBe('failed');
  });
  it('says why an expectation was not measured, and nothing for a failure', () => {
    const base = { name: 'rto.maxSeconds', expected: '<= 1', passed: false } as const;
    expect(
      whyNotMeasured({ ...base, actual: null, verdict: 'not-measured', why: 'no fault was injected', reason: 'x' }),
    ).toBe('no fault was injected');
    expect(whyNotMeasured({ ...base, actual: 4, verdict: 'failed' })).toBeNull();
  });
});
