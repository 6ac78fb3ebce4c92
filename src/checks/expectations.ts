/** Expectations: the scenario's `expect` block judged against the metrics. */
import type { Bound, Expectations } from '../scenario/model.ts';
import type { ExpectationResult, Metrics, ObservedName } from './types.ts';

const WORKLOAD_NAMES = ['acknowledged', 'failed', 'unknown', 'maxStallSeconds'] as const;
const OBSERVED_NAMES: readonly ObservedName[] = [
  'maxLagBytes',
  'maxLagSeconds',
  'archiveFailures',
  'maxWalBytes',
  'walReceiverDrops',
];

/**
 * One result per stated expectation, in a fixed order, named as in the scenario
 * (`rpo.lostTransactions`, `rpo.seconds`, `rto.maxSeconds`, `workload.acknowledged`,
 * `workload.failed`, `workload.unknown`, `workload.maxStallSeconds`, `observed.maxLagBytes`,
 * `observed.maxLagSeconds`, `observed.archiveFailures`, `observed.maxWalBytes`,
 * `observed.walReceiverDrops`, `checksums`, `convergence.within`, `splitBrain`). A metric that
 * was not measured fails its expectation with the metric's reason: an unmeasured drill never
 * passes silently.
 */
export function evaluateExpectations(expect: Expectations, metrics: Metrics): ExpectationResult[] {
  const results: ExpectationResult[] = [];
  const { rpo, rto, workload, observed, checksums, convergence, splitBrain } = metrics;
  if (expect.rpo?.lostTransactions)
    results.push(bounded('rpo.lostTransactions', expect.rpo.lostTransactions, rpo.lostTransactions, rpo.reason));
  if (expect.rpo?.seconds) results.push(bounded('rpo.seconds', expect.rpo.seconds, rpo.seconds, rpo.reason));
  if (expect.rto?.maxSeconds) results.push(bounded('rto.maxSeconds', expect.rto.maxSeconds, rto.seconds, rto.reason));

  for (const name of WORKLOAD_NAMES) {
    const bound = expect.workload?.[name];
    if (bound)
      results.push(
        bounded(`workload.${name}`, bound, workload?.[name] ?? null, workload ? undefined : 'no workload ran'),
      );
  }
  for (const name of OBSERVED_NAMES) {
    const bound = expect.observed?.[name];
    if (!bound) continue;
    const value = observed[name];
    const actual = value === null ? null : typeof value === 'number' ? value : value.value;
    results.push(bounded(`observed.${name}`, bound, actual, observed.reasons?.[name] ?? observed.reason));
  }

  if (expect.checksums) {
    const actual = checksums.match === null ? null : checksums.match ? 'match' : 'differ';
    const result: ExpectationResult = {
      name: 'checksums',
      expected: expect.checksums,
      actual,
      passed: actual === expect.checksums,
    };
    if (actual === null) result.reason = notMeasured(checksums.reason);
    else if (checksums.differences.length > 0) {
      const first = checksums.differences.slice(0, 3).map((d) => `${d.table} on ${d.node} (${d.kind})`);
      const more = checksums.differences.length - first.length;
      result.reason = `differs from ${checksums.differences[0]!.reference}: ${first.join(', ')}${more > 0 ? `, +${more} more` : ''}`;
    } else if (!result.passed) result.reason = 'every table is identical on every node';
    results.push(result);
  }

  if (expect.convergence) {
    const { withinMs } = expect.convergence;
    const result: ExpectationResult = {
      name: 'convergence.within',
      expected: `<= ${withinMs / 1000}s`,
      actual: convergence.seconds,
      passed: convergence.converged === true && convergence.seconds !== null && convergence.seconds * 1000 <= withinMs,
    };
    if (convergence.converged === null) result.reason = notMeasured(convergence.reason);
    else if (convergence.converged === false)
      result.reason = `never converged: ${convergence.reason ?? convergence.laggingReplicas.join(', ')}`;
    results.push(result);
  }

  if (expect.splitBrain) {
    const actual = splitBrain.detected === null ? null : splitBrain.detected ? 'detected' : 'none';
    const result: ExpectationResult = {
      name: 'splitBrain',
      expected: expect.splitBrain,
      actual,
      passed: actual === expect.splitBrain,
    };
    const first = splitBrain.incidents[0];
    if (actual === null) result.reason = notMeasured(splitBrain.reason);
    else if (first)
      result.reason = `${splitBrain.incidentsTotal} write(s) acknowledged by a second primary, first: ${first.node} acknowledged key ${first.key} while ${first.newPrimary} was primary`;
    results.push(result);
  }
  return results;
}

/** `{max}` reads "<= max", `{min}` ">= min", both "min..max"; bounds are inclusive. */
export function describeBound(bound: Bound): string {
  if (bound.min !== undefined && bound.max !== undefined) return `${bound.min}..${bound.max}`;
  if (bound.max !== undefined) return `<= ${bound.max}`;
  if (bound.min !== undefined) return `>= ${bound.min}`;
  return 'measured';
}

function bounded(
  name: string,
  bound: Bound,
  actual: number | null,
  metricReason: string | undefined,
): ExpectationResult {
  const expected = describeBound(bound);
  if (actual === null) return { name, expected, actual, passed: false, reason: notMeasured(metricReason) };
  const passed = (bound.min === undefined || actual >= bound.min) && (bound.max === undefined || actual <= bound.max);
  return { name, expected, actual, passed };
}

const notMeasured = (reason: string | undefined) => `not measured: ${reason ?? 'no reason recorded'}`;
