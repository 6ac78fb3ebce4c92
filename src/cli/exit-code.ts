import type { ExitCode } from '../errors.ts';
import type { ScenarioResult } from '../result/result.ts';

/**
 * A scenario error (exit 2) or an infrastructure error (exit 3) outranks a failed drill: neither
 * is ever a verdict. A scenario can turn out invalid only once it runs (its seed SQL is rejected).
 * A drill whose expectation could not be measured is not a pass: exit 1, like a failure. A drill
 * declared to fail (`xfail`) is judged by its status alone: failed as declared passes.
 */
export function exitCodeFor(
  results: Pick<ScenarioResult, 'status' | 'error' | 'verdict' | 'expectedFailure'>[],
): ExitCode {
  const errors = results.filter((r) => r.status === 'error');
  if (errors.some((r) => r.error?.code === 'PGDRILL_SCENARIO_INVALID')) return 2;
  if (errors.length > 0) return 3;
  const failed = (r: (typeof results)[number]) =>
    r.status === 'failed' || (!r.expectedFailure && (r.verdict === 'failed' || r.verdict === 'not-measured'));
  if (results.some(failed)) return 1;
  return 0;
}
