import { describe, expect, it } from 'vitest';
import { drillStatus, expectationVerdict, shownStatus, whyNotMeasured } from './verdicts.ts';

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

describe('a drill declared to fail (xfail)', () => {
  const declared = { reason: 'as written', declared: 'rpo.lostTransactions', detail: '' };
  const xfailed = {
    status: 'passed' as const,
    verdict: 'failed' as const,
    expectedFailure: { ...declared, outcome: 'failed-as-expected' as const },
  };
  const xpassed = {
    status: 'failed' as const,
    verdict: 'held' as const,
    expectedFailure: { ...declared, outcome: 'held-unexpectedly' as const },
  };

  it('shows as failed as expected, or as held unexpectedly, from a result or a summary entry', () => {
    expect(shownStatus(xfailed)).toBe('xfailed');
    expect(shownStatus(xpassed)).toBe('xpassed');
    expect(shownStatus({ status: 'passed', verdict: 'failed', expected: 'failed-as-expected' })).toBe('xfailed');
  });

  it('MUST keep the drill’s own outcome where a claim is judged: failed as expected is still a failure', () => {
    expect(drillStatus(xfailed)).toBe('failed');
    expect(drillStatus(xpassed)).toBe('passed');
    expect(drillStatus({ status: 'error', verdict: null })).toBe('error');
    expect(drillStatus({ status: 'failed', verdict: 'not-measured' })).toBe('failed');
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
