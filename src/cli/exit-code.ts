import type { ExitCode } from '../errors.ts';
import type { ScenarioResult } from '../result/result.ts';

/**
 * A scenario error (exit 2) or an infrastructure error (exit 3) outranks a failed drill: neither
 * is ever a verdict. A scenario can turn out invalid only once it runs (its seed SQL is rejected).
 */
export function exitCodeFor(results: Pick<ScenarioResult, 'status' | 'error'>[]): ExitCode {
  const errors = results.filter((r) => r.status === 'error');
  if (errors.some((r) => r.error?.code === 'PGDRILL_SCENARIO_INVALID')) return 2;
  if (errors.length > 0) return 3;
  if (results.some((r) => r.status === 'failed')) return 1;
  return 0;
}
