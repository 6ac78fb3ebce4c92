import { describe, expect, it } from 'vitest';
import type { ExpectationResult } from '../checks/types.ts';
import type { ScenarioResult } from './result.ts';
import { applyExpectedFailure, judgeExpectedFailure } from './expected-failure.ts';

const lost: ExpectationResult = {
  name: 'rpo.lostTransactions',
  expected: '<= 0',
  actual: 644,
  passed: false,
  verdict: 'failed',
};
const checksums: ExpectationResult = {
  name: 'checksums',
  expected: 'match',
  actual: 'match',
  passed: true,
  verdict: 'held',
};
type Outcome = Pick<ScenarioResult, 'status' | 'verdict' | 'expectations' | 'error'>;
const failedBy = (expectations: ExpectationResult[], error?: ScenarioResult['error']): Outcome => ({
  status: 'failed',
  verdict: 'failed',
  expectations,
  ...(error ? { error } : {}),
});
const stepError = (step: number, message: string) => ({
  code: 'PGDRILL_STEP_FAILED',
  message: `step ${step} (procedure script full-backup.sh on primary): ${message}`,
});

describe('xfail, judged', () => {
  const reason = 'archive_timeout = 300 loses up to five minutes';

  it('passes a drill that failed the declared expectation', () => {
    expect(
      judgeExpectedFailure({ reason, expectation: 'rpo.lostTransactions' }, failedBy([lost, checksums])),
    ).toMatchObject({
      outcome: 'failed-as-expected',
      detail: 'failed as expected: rpo.lostTransactions',
    });
  });

  it('passes a drill that failed at the declared step with the declared message', () => {
    const outcome = failedBy([], stepError(2, 'pg_restore cannot read a gzip file'));
    expect(judgeExpectedFailure({ reason, step: 2, message: 'gzip' }, outcome).outcome).toBe('failed-as-expected');
  });

  it('MUST fail a drill that held when it was expected to fail (strict)', () => {
    const held: Outcome = {
      status: 'passed',
      verdict: 'held',
      expectations: [{ ...lost, actual: 0, passed: true, verdict: 'held' }],
    };
    const judged = judgeExpectedFailure({ reason, expectation: 'rpo.lostTransactions' }, held);
    expect(judged.outcome).toBe('held-unexpectedly');
    expect(judged.detail).toContain('it held');
  });

  it('MUST fail a drill that failed some other way: another expectation, another step, another message', () => {
    const otherExpectation = failedBy([
      { ...lost, actual: 0, passed: true, verdict: 'held' },
      { ...checksums, actual: 'differ', passed: false, verdict: 'failed' },
    ]);
    expect(judgeExpectedFailure({ reason, expectation: 'rpo.lostTransactions' }, otherExpectation)).toMatchObject({
      outcome: 'failed-otherwise',
      detail: 'failed, but not as declared: rpo.lostTransactions did not fail (held)',
    });
    const otherStep = failedBy([], stepError(3, 'pg_restore cannot read a gzip file'));
    expect(judgeExpectedFailure({ reason, step: 2 }, otherStep).outcome).toBe('failed-otherwise');
    const otherMessage = failedBy([], stepError(2, 'relation "pg_stat_statements" does not exist'));
    expect(judgeExpectedFailure({ reason, step: 2, message: 'gzip' }, otherMessage).outcome).toBe('failed-otherwise');
  });

  it('MUST NOT count a drill that measured nothing as failing as declared', () => {
    const unmeasured: Outcome = {
      status: 'failed',
      verdict: 'not-measured',
      expectations: [
        {
          name: 'rpo.lostTransactions',
          expected: '<= 0',
          actual: null,
          passed: false,
          verdict: 'not-measured',
          why: 'no final state',
        },
      ],
    };
    expect(judgeExpectedFailure({ reason, expectation: 'rpo.lostTransactions' }, unmeasured).outcome).toBe(
      'failed-otherwise',
    );
    expect(judgeExpectedFailure({ reason, message: 'no final state' }, unmeasured).outcome).toBe('failed-otherwise');
  });

  it('sets the status by the declaration and keeps the drill’s own verdict; an error stays an error', () => {
    const base = {
      scenario: 's',
      status: 'failed',
      verdict: 'failed',
      expectations: [lost],
    } as unknown as ScenarioResult;
    const applied = applyExpectedFailure({ reason, expectation: 'rpo.lostTransactions' }, base);
    expect(applied.status).toBe('passed');
    expect(applied.verdict).toBe('failed');
    const errored = { ...base, status: 'error', verdict: null } as ScenarioResult;
    expect(applyExpectedFailure({ reason, expectation: 'rpo.lostTransactions' }, errored)).toBe(errored);
    expect(applyExpectedFailure(undefined, base)).toBe(base);
  });
});
