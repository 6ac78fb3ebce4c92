/**
 * How a result's verdict reads in the reports: four outcomes a reader must tell apart (passed,
 * failed, not measured, error). Reads result.json files older than `verdict` too, by their status.
 */
import type { ExpectationResult } from '../checks/types.ts';
import type { Verdict } from '../checks/verdict.ts';
import type { ExpectedFailureResult, ScenarioResult, ScenarioStatus } from './result.ts';

/**
 * What a report shows for a scenario: its status, except that a drill that failed only for want
 * of a measurement shows as not measured, and a drill declared to fail (`xfail`) shows as failed
 * as expected, or as held unexpectedly (a failure).
 */
export type ShownStatus = ScenarioStatus | 'not-measured' | 'xfailed' | 'xpassed';

export function shownStatus(r: {
  status: ScenarioStatus;
  verdict?: Verdict | null;
  expected?: ExpectedFailureResult['outcome'];
  expectedFailure?: Pick<ExpectedFailureResult, 'outcome'>;
}): ShownStatus {
  const expected = r.expected ?? r.expectedFailure?.outcome;
  if (expected === 'failed-as-expected') return 'xfailed';
  if (expected === 'held-unexpectedly') return 'xpassed';
  return r.status === 'failed' && r.verdict === 'not-measured' ? 'not-measured' : r.status;
}

/** Passed or failed as expected: what CI counts as a pass. */
export const shownAsPass = (s: ShownStatus) => s === 'passed' || s === 'xfailed';

/** An expectation's verdict; files older than the field said "not measured: …" in `reason`. */
export function expectationVerdict(e: Pick<ExpectationResult, 'passed' | 'reason'> & { verdict?: Verdict }): Verdict {
  if (e.verdict) return e.verdict;
  if (e.passed) return 'held';
  return e.reason?.startsWith('not measured') ? 'not-measured' : 'failed';
}

/** Why an expectation could not be measured, or null when it was. */
export function whyNotMeasured(e: ExpectationResult): string | null {
  if (expectationVerdict(e) !== 'not-measured') return null;
  return 'why' in e ? e.why : (e.reason?.replace(/^not measured: /, '') ?? 'no reason recorded');
}

/**
 * The drill's own outcome, whatever the scenario declared: a drill expected to fail (`xfail`)
 * that failed as declared has status "passed" but did fail — what a claim's verdict is about.
 */
export function drillStatus(r: Pick<ScenarioResult, 'status' | 'verdict' | 'expectedFailure'>): ScenarioStatus {
  if (!r.expectedFailure || r.status === 'error') return r.status;
  return r.verdict === 'held' ? 'passed' : 'failed';
}
