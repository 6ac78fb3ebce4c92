/** The checks stage: evidence in, metrics and a verdict out. Pure: no I/O, no clock. */
import type { Evidence } from '../evidence/evidence.ts';
import type { Expectations } from '../scenario/model.ts';
import type { ExpectationResult, Metrics } from './types.ts';
import { checkRpo } from './rpo.ts';
import { checkRto } from './rto.ts';
import { checkChecksums } from './checksums.ts';
import { checkConvergence } from './convergence.ts';
import { checkSplitBrain } from './split-brain.ts';
import { summariseWorkload } from './workload.ts';
import { checkObserved } from './observed.ts';
import { evaluateExpectations } from './expectations.ts';
import { checkRecoveries, checkRecovery } from './recovery.ts';

export {
  checkRpo,
  checkRto,
  checkChecksums,
  checkConvergence,
  checkSplitBrain,
  summariseWorkload,
  checkObserved,
  evaluateExpectations,
  checkRecovery,
  checkRecoveries,
};

/**
 * Every metric of a run.
 * @param durationMs how long the workload ran, for its throughput
 * @param originMs the run's start on the evidence's monotonic clock: reported instants
 *   (RTO fault/first ack, split-brain incidents, observed peaks and outages) become offsets
 *   from it. @default 0 (raw clock)
 */
export function computeMetrics(evidence: Evidence, durationMs?: number, originMs = 0): Metrics {
  return {
    rpo: checkRpo(evidence),
    recovery: checkRecoveries(evidence),
    rto: checkRto(evidence, originMs),
    workload: summariseWorkload(evidence.history, durationMs),
    observed: checkObserved(evidence, originMs),
    checksums: checkChecksums(evidence),
    convergence: checkConvergence(evidence),
    splitBrain: checkSplitBrain(evidence, originMs),
  };
}

/** The verdict: passed only when every stated expectation passed (none stated: passed). */
export function judge(expect: Expectations, metrics: Metrics): { passed: boolean; expectations: ExpectationResult[] } {
  const expectations = evaluateExpectations(expect, metrics);
  return { passed: expectations.every((e) => e.passed), expectations };
}
