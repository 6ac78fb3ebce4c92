/** Expectations: the scenario's `expect` block judged against the metrics, by a table of checks. */
import type { Bound, Expectations } from '../model/model.ts';
import type { Check, Judged } from './check.ts';
import type { ExpectationResult, Metrics, ObservedName } from './types.ts';
import type { Outcome } from './verdict.ts';

const WORKLOAD_NAMES = [
  'acknowledged',
  'failed',
  'unknown',
  'maxStallSeconds',
  'latencyP99',
  'readYourWritesViolations',
] as const;
const OBSERVED_NAMES: readonly ObservedName[] = [
  'maxLagBytes',
  'maxLagSeconds',
  'archiveFailures',
  'maxWalBytes',
  'walReceiverDrops',
];

const rpoCheck: Check = {
  name: 'rpo',
  answers: ['rpo.lostTransactions', 'rpo.seconds'],
  evaluate: ({ rpo }, expect) => [
    ...(expect.rpo?.lostTransactions
      ? [bounded('rpo.lostTransactions', expect.rpo.lostTransactions, rpo.lostTransactions, rpo.reason)]
      : []),
    ...(expect.rpo?.seconds ? [bounded('rpo.seconds', expect.rpo.seconds, rpo.seconds, rpo.reason)] : []),
  ],
};

/** A client endpoint still down at the end of the run has missed any bound it already exceeded; otherwise RTO is unknown. */
const rtoCheck: Check = {
  name: 'rto',
  answers: ['rto.maxSeconds'],
  evaluate: ({ rto }, expect) => {
    const bound = expect.rto?.maxSeconds;
    if (!bound) return [];
    const down = rto.downAtLeastSeconds;
    if (rto.seconds === null && down !== null && bound.max !== undefined && down > bound.max) {
      const reason = `never recovered: no write sent after the fault was acknowledged, clients were down at least ${Number(down.toFixed(3))} s`;
      return [{ name: 'rto.maxSeconds', expected: describeBound(bound), actual: null, outcome: failed(reason) }];
    }
    return [bounded('rto.maxSeconds', bound, rto.seconds, rto.reason)];
  },
};

const workloadCheck: Check = {
  name: 'workload',
  answers: WORKLOAD_NAMES.map((n) => `workload.${n}`),
  evaluate: ({ workload }, expect) =>
    WORKLOAD_NAMES.flatMap((name) => {
      const bound = expect.workload?.[name];
      return bound
        ? [bounded(`workload.${name}`, bound, workload?.[name] ?? null, workloadReason(workload, name))]
        : [];
    }),
};

function workloadReason(workload: Metrics['workload'], name: (typeof WORKLOAD_NAMES)[number]): string | undefined {
  if (!workload) return 'no workload ran';
  if (name === 'readYourWritesViolations' && workload.readYourWritesViolations == null)
    return workload.readYourWrites?.reason ?? 'the history records no read of own writes';
  if (name !== 'latencyP99' || workload.latencyP99 !== null) return undefined;
  // undefined: a result.json from before latency was measured
  return 'no write was acknowledged: nothing to time';
}

const READ_NAMES = ['stale', 'maxStalenessSeconds', 'nonMonotonic', 'failed'] as const;

/** A scenario without `workload.reads` made no read: its reads expectations are not measured. */
const readsCheck: Check = {
  name: 'reads',
  answers: READ_NAMES.map((n) => `reads.${n}`),
  evaluate: ({ reads }, expect) =>
    READ_NAMES.flatMap((name) => {
      const bound = expect.reads?.[name];
      if (!bound) return [];
      // no read answered: nothing was stale because nothing was seen, which is not a 0
      const measured = reads && (name === 'failed' || reads.reads > 0);
      const why = reads ? reads.reason : 'no read was made: give the workload `reads`';
      return [bounded(`reads.${name}`, bound, measured ? reads[name] : null, why)];
    }),
};

const observedCheck: Check = {
  name: 'observed',
  answers: OBSERVED_NAMES.map((n) => `observed.${n}`),
  evaluate: ({ observed }, expect) =>
    OBSERVED_NAMES.flatMap((name) => {
      const bound = expect.observed?.[name];
      if (!bound) return [];
      const value = observed[name];
      const actual = value === null ? null : typeof value === 'number' ? value : value.value;
      return [bounded(`observed.${name}`, bound, actual, observed.reasons?.[name] ?? observed.reason)];
    }),
};

const checksumsCheck: Check = {
  name: 'checksums',
  answers: ['checksums'],
  evaluate: ({ checksums }, expect) => {
    const expected = expect.checksums;
    if (!expected) return [];
    if (checksums.match === null)
      return [{ name: 'checksums', expected, actual: null, outcome: notMeasured(checksums.reason) }];
    const actual = checksums.match ? 'match' : 'differ';
    let outcome: Outcome = { verdict: actual === expected ? 'held' : 'failed' };
    if (checksums.differences.length > 0) {
      const first = checksums.differences.slice(0, 3).map((d) => `${d.table} on ${d.node} (${d.kind})`);
      const more = checksums.differences.length - first.length;
      const reason = `differs from ${checksums.differences[0]!.reference}: ${first.join(', ')}${more > 0 ? `, +${more} more` : ''}`;
      outcome = outcome.verdict === 'held' ? { verdict: 'held', reason } : failed(reason);
    } else if (outcome.verdict === 'failed') outcome = failed('every table is identical on every node');
    return [{ name: 'checksums', expected, actual, outcome }];
  },
};

const convergenceCheck: Check = {
  name: 'convergence',
  answers: ['convergence.within'],
  evaluate: ({ convergence }, expect) => {
    if (!expect.convergence) return [];
    const { withinMs } = expect.convergence;
    const judged = { name: 'convergence.within', expected: `<= ${withinMs / 1000}s`, actual: convergence.seconds };
    if (convergence.converged === null) return [{ ...judged, actual: null, outcome: notMeasured(convergence.reason) }];
    if (convergence.converged === false)
      return [
        {
          ...judged,
          outcome: failed(`never converged: ${convergence.reason ?? convergence.laggingReplicas.join(', ')}`),
        },
      ];
    const held = convergence.seconds !== null && convergence.seconds * 1000 <= withinMs;
    return [{ ...judged, outcome: { verdict: held ? 'held' : 'failed' } }];
  },
};

const splitBrainCheck: Check = {
  name: 'splitBrain',
  answers: ['splitBrain'],
  evaluate: ({ splitBrain }, expect) => {
    const expected = expect.splitBrain;
    if (!expected) return [];
    if (splitBrain.detected === null)
      return [{ name: 'splitBrain', expected, actual: null, outcome: notMeasured(splitBrain.reason) }];
    const actual = splitBrain.detected ? 'detected' : 'none';
    const first = splitBrain.incidents[0];
    const reason = first
      ? `${splitBrain.incidentsTotal} write(s) acknowledged by a second primary, first: ${first.node} acknowledged key ${first.key} while ${first.newPrimary} was primary`
      : undefined;
    const outcome: Outcome = actual === expected ? { verdict: 'held', ...(reason ? { reason } : {}) } : failed(reason);
    return [{ name: 'splitBrain', expected, actual, outcome }];
  },
};

/** Every check, in the order results are reported. */
export const CHECKS: readonly Check[] = [
  rpoCheck,
  rtoCheck,
  workloadCheck,
  readsCheck,
  observedCheck,
  checksumsCheck,
  convergenceCheck,
  splitBrainCheck,
];

/**
 * One result per stated expectation, in a fixed order, named as in the scenario
 * (`rpo.lostTransactions`, `rpo.seconds`, `rto.maxSeconds`, `workload.acknowledged`,
 * `workload.failed`, `workload.unknown`, `workload.maxStallSeconds`, `observed.maxLagBytes`,
 * `observed.maxLagSeconds`, `observed.archiveFailures`, `observed.maxWalBytes`,
 * `observed.walReceiverDrops`, `checksums`, `convergence.within`, `splitBrain`). A metric that
 * was not measured leaves its expectation `not-measured` with the metric's reason (and `passed`
 * false): an unmeasured drill never passes silently, nor fails with a made-up number.
 */
export function evaluateExpectations(
  expect: Expectations,
  metrics: Metrics,
  checks: readonly Check[] = CHECKS,
): ExpectationResult[] {
  return checks.flatMap((check) => check.evaluate(metrics, expect).map(toResult));
}

/** A check's answer as result.json has it: `passed` and `reason` as before, `verdict` (and `why`) beside them. */
export function toResult({ name, expected, actual, outcome }: Judged): ExpectationResult {
  switch (outcome.verdict) {
    case 'held':
      return { name, expected, actual, passed: true, verdict: 'held', ...reasonOf(outcome.reason) };
    case 'failed':
      return { name, expected, actual, passed: false, verdict: 'failed', ...reasonOf(outcome.reason) };
    case 'not-measured':
      return {
        name,
        expected,
        actual: null,
        passed: false,
        verdict: 'not-measured',
        why: outcome.why,
        reason: `not measured: ${outcome.why}`,
      };
  }
}

const reasonOf = (reason: string | undefined) => (reason === undefined ? {} : { reason });

/** `{max}` reads "<= max", `{min}` ">= min", both "min..max"; bounds are inclusive. */
export function describeBound(bound: Bound): string {
  if (bound.min !== undefined && bound.max !== undefined) return `${bound.min}..${bound.max}`;
  if (bound.max !== undefined) return `<= ${bound.max}`;
  if (bound.min !== undefined) return `>= ${bound.min}`;
  return 'measured';
}

function bounded(name: string, bound: Bound, actual: number | null, metricReason: string | undefined): Judged {
  const expected = describeBound(bound);
  if (actual === null) return { name, expected, actual, outcome: notMeasured(metricReason) };
  const held = (bound.min === undefined || actual >= bound.min) && (bound.max === undefined || actual <= bound.max);
  return { name, expected, actual, outcome: { verdict: held ? 'held' : 'failed' } };
}

const notMeasured = (why: string | undefined): Outcome => ({
  verdict: 'not-measured',
  why: why ?? 'no reason recorded',
});
const failed = (reason: string | undefined): Outcome => ({ verdict: 'failed', ...reasonOf(reason) });
