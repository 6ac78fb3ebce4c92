/**
 * `xfail`, judged: did the drill fail in the way the scenario declares? Strict, as pytest's
 * strict xfail: failing as declared passes, holding fails, failing some other way fails. The
 * drill's own verdict is left as it was (a report still says what broke); the status says
 * whether the run went as the scenario declares. Pure.
 */
import type { ExpectedFailure } from '../model/model.ts';
import type { ExpectedFailureResult, ScenarioResult } from './result.ts';
import { expectationVerdict } from './verdicts.ts';

/** The result with `xfail` applied: an error (no verdict) stays an error. */
export function applyExpectedFailure(xfail: ExpectedFailure | undefined, result: ScenarioResult): ScenarioResult {
  if (!xfail || result.status === 'error') return result;
  const judged = judgeExpectedFailure(xfail, result);
  return { ...result, status: judged.outcome === 'failed-as-expected' ? 'passed' : 'failed', expectedFailure: judged };
}

export function judgeExpectedFailure(
  xfail: ExpectedFailure,
  result: Pick<ScenarioResult, 'status' | 'verdict' | 'expectations' | 'error'>,
): ExpectedFailureResult {
  const declared = describeDeclared(xfail);
  const base = { reason: xfail.reason, declared };
  if (result.status === 'passed')
    return { ...base, outcome: 'held-unexpectedly', detail: `it held: expected to fail (${declared})` };
  const failedExpectations = result.expectations.filter((e) => expectationVerdict(e) === 'failed');
  const misses: string[] = [];
  if (xfail.expectation !== undefined && !failedExpectations.some((e) => e.name === xfail.expectation)) {
    const stated = result.expectations.find((e) => e.name === xfail.expectation);
    misses.push(
      stated
        ? `${xfail.expectation} did not fail (${stated.verdict ?? 'held'})`
        : `${xfail.expectation} was not judged`,
    );
  }
  if (xfail.step !== undefined && !failedAtStep(result.error, xfail.step))
    misses.push(`it did not fail at step ${xfail.step}${result.error ? ` (${firstWords(result.error.message)})` : ''}`);
  if (xfail.message !== undefined) {
    const messages = [result.error?.message ?? '', ...failedExpectations.map((e) => e.reason ?? '')];
    if (!messages.some((m) => m.includes(xfail.message as string)))
      misses.push(`no failure message contains ${JSON.stringify(xfail.message)}`);
  }
  if (result.verdict === 'not-measured' && misses.length === 0)
    misses.push('an expectation could not be measured: a drill that measured nothing did not fail as declared');
  return misses.length === 0
    ? { ...base, outcome: 'failed-as-expected', detail: `failed as expected: ${declared}` }
    : { ...base, outcome: 'failed-otherwise', detail: `failed, but not as declared: ${misses.join('; ')}` };
}

/** `rpo.lostTransactions at step 4 ("pg_restore")` */
export function describeDeclared(xfail: ExpectedFailure): string {
  return [
    ...(xfail.expectation !== undefined ? [xfail.expectation] : []),
    ...(xfail.step !== undefined ? [`at step ${xfail.step}`] : []),
    ...(xfail.message !== undefined ? [`saying ${JSON.stringify(xfail.message)}`] : []),
  ].join(' ');
}

/** Step failures read `step N (title): …` (1-based). */
function failedAtStep(error: ScenarioResult['error'], step: number): boolean {
  return error?.code === 'PGDRILL_STEP_FAILED' && error.message.startsWith(`step ${step} (`);
}

const firstWords = (text: string) => (text.length > 80 ? `${text.slice(0, 77)}…` : text);
