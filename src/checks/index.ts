/** The checks stage: evidence in, metrics and a verdict out. Pure: no I/O, no clock. */
import type { Evidence } from '../evidence/evidence.ts';
import type { Expectations } from '../model/model.ts';
import type { ExpectationResult, Metrics, ReadYourWritesMetric, WorkloadMetric } from './types.ts';
import { checkRpo } from './rpo.ts';
import { checkRto } from './rto.ts';
import { checkChecksums } from './checksums.ts';
import { checkConvergence } from './convergence.ts';
import { checkSplitBrain } from './split-brain.ts';
import { summariseWorkload } from './workload.ts';
import { checkReadYourWrites } from './read-your-writes.ts';
import { checkReads } from './reads.ts';
import { checkObserved } from './observed.ts';
import { CHECKS, evaluateExpectations } from './expectations.ts';
import { mergeVerdicts, type Verdict } from './verdict.ts';
import { checkRecoveries, checkRecovery } from './recovery.ts';

export {
  checkRpo,
  checkRto,
  checkChecksums,
  checkConvergence,
  checkSplitBrain,
  summariseWorkload,
  checkReadYourWrites,
  checkObserved,
  evaluateExpectations,
  mergeVerdicts,
  CHECKS,
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
export function computeMetrics(
  evidence: Evidence,
  durationMs?: number,
  originMs = 0,
  /** `workload.rate`, when the scenario paces its clients */
  rate?: number,
): Metrics {
  // the healthy stretch ends when the first fault was issued, not when it had taken effect
  const firstFault = Math.min(...evidence.faults.map((f) => f.issuedAtMs ?? f.atMs));
  return {
    rpo: checkRpo(evidence),
    recovery: checkRecoveries(evidence, originMs),
    rto: checkRto(evidence, originMs),
    workload: withReadYourWrites(
      summariseWorkload(
        evidence.history,
        durationMs,
        rate ? { rate, ...(Number.isFinite(firstFault) ? { firstFaultAt: firstFault } : {}) } : undefined,
      ),
      checkReadYourWrites(evidence.history, originMs),
    ),
    reads: checkReads(
      evidence.history,
      evidence.finalState ? new Set(evidence.finalState.presentKeys) : undefined,
      originMs,
    ),
    observed: checkObserved(evidence, originMs),
    checksums: checkChecksums(evidence),
    convergence: checkConvergence(evidence),
    splitBrain: checkSplitBrain(evidence, originMs),
  };
}

export type { Verdict };

/**
 * The verdict: `held` only when every stated expectation held (none stated: held), else the worst
 * of them (failed > not-measured). `passed` is `verdict === 'held'`: not measured is never a pass.
 */
export function judge(
  expect: Expectations,
  metrics: Metrics,
): { passed: boolean; verdict: Verdict; expectations: ExpectationResult[] } {
  const expectations = evaluateExpectations(expect, metrics);
  const verdict = mergeVerdicts(expectations.map((e) => e.verdict));
  return { passed: verdict === 'held', verdict, expectations };
}

function withReadYourWrites(
  workload: WorkloadMetric | null,
  readYourWrites: ReadYourWritesMetric | null,
): WorkloadMetric | null {
  if (!workload) return null;
  const measured = readYourWrites && readYourWrites.checked > 0 ? readYourWrites.violations : null;
  return { ...workload, readYourWrites, readYourWritesViolations: measured };
}
