import { describe, expect, it } from 'vitest';
import type { ScenarioResult } from '../result/result.ts';
import { makeMetrics, makeResult } from './test-result.ts';
import { describeDistribution, spread, trialDistributions, trialName, trialOf } from './trials.ts';

/** One trial of kill-primary: its status, RTO and lost writes. */
function trial(
  n: number,
  status: ScenarioResult['status'],
  rto: number | null,
  lost: number | null,
  passed = status === 'passed',
): ScenarioResult {
  const base = makeMetrics();
  return makeResult({
    scenario: trialName('kill-primary', n),
    status,
    metrics:
      status === 'error'
        ? null
        : makeMetrics({
            rto: { ...base.rto, seconds: rto },
            rpo: { ...base.rpo, lostTransactions: lost },
          }),
    expectations: [
      passed
        ? { name: 'rpo.lostTransactions', expected: '<= 0', actual: lost ?? 0, passed: true, verdict: 'held' }
        : { name: 'rpo.lostTransactions', expected: '<= 0', actual: lost ?? 0, passed: false, verdict: 'failed' },
    ],
  });
}

describe('repeated trials', () => {
  it('names trials and finds their scenario back, leaving other drills alone', () => {
    expect(trialName('kill-primary@pg17', 3)).toBe('kill-primary@pg17@trial3');
    expect(trialOf('kill-primary@pg17@trial3')).toBe('kill-primary@pg17');
    expect(trialOf('kill-primary')).toBeUndefined();
    expect(trialOf('kill-primary@trialX')).toBeUndefined();
  });

  it('gives ten identical verdicts with RTO percentiles and lost writes min/max, not flaky', () => {
    const rtos = [4.1, 3.9, 4.4, 5.2, 4.0, 4.2, 3.8, 4.3, 9.7, 4.1];
    const [d] = trialDistributions(rtos.map((rto, i) => trial(i + 1, 'passed', rto, 0)));
    expect(d).toMatchObject({
      scenario: 'kill-primary',
      trials: 10,
      byStatus: { passed: 10 },
      flaky: false,
      flakyExpectations: [],
      rtoSeconds: { measured: 10, min: 3.8, p50: 4.1, p95: 9.7, max: 9.7 },
      lostWrites: { measured: 10, min: 0, p50: 0, max: 0 },
    });
  });

  it('MUST report a verdict that changes between identical runs as flaky, naming the expectation, never averaged', () => {
    const results = [trial(1, 'passed', 4, 0), trial(2, 'failed', 4, 37, false), trial(3, 'passed', 5, 0)];
    const [d] = trialDistributions(results);
    expect(d?.flaky).toBe(true);
    expect(d?.byStatus).toEqual({ passed: 2, failed: 1 });
    expect(d?.flakyExpectations).toEqual(['rpo.lostTransactions']);
    expect(d?.lostWrites).toMatchObject({ min: 0, max: 37 });
    expect(describeDistribution(d!).join('\n')).toContain('FLAKY');
  });

  it('says not measured, never 0, when no trial measured RTO (errored trials count only as verdicts)', () => {
    const [d] = trialDistributions([trial(1, 'error', null, null), trial(2, 'passed', null, 0)]);
    expect(d?.rtoSeconds).toBeNull();
    expect(d?.lostWrites).toMatchObject({ measured: 1 });
    expect(describeDistribution(d!).join('\n')).toContain('RTO: not measured in any trial');
  });

  it('takes nearest-rank percentiles', () => {
    expect(spread([1, 2, 3, 4])).toEqual({ measured: 4, min: 1, p50: 2, p95: 4, max: 4 });
    expect(spread([null, undefined])).toBeNull();
  });
});
