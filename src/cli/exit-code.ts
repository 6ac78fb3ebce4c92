import type { ExitCode } from '../errors.ts';
import type { ScenarioResult } from '../report/result.ts';

/** A scenario error or an infrastructure error outranks a failed drill: it is never a verdict. */
export function exitCodeFor(results: Pick<ScenarioResult, 'status'>[]): ExitCode {
  if (results.some((r) => r.status === 'error')) return 3;
  if (results.some((r) => r.status === 'failed')) return 1;
  return 0;
}
