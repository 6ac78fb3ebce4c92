/**
 * How a result's verdict reads in the reports: four outcomes a reader must tell apart (passed,
 * failed, not measured, error). Reads result.json files older than `verdict` too, by their status.
 */
import type { ExpectationResult } from '../checks/types.ts';
import type { Verdict } from '../checks/verdict.ts';
import type { ScenarioStatus } from './result.ts';

/** What a report shows for a scenario: its status, except that a drill that failed only for want of a measurement shows as not measured. */
export type ShownStatus = ScenarioStatus | 'not-measured';

export function shownStatus(r: { status: ScenarioStatus; verdict?: Verdict | null }): ShownStatus {
  return r.status === 'failed' && r.verdict === 'not-measured' ? 'not-measured' : r.status;
}

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
