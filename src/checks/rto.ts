/** RTO: how long clients could not write after the fault. */
import type { Evidence } from '../evidence/evidence.ts';
import type { RtoMetric } from './types.ts';
import { firstDisruptiveFault, firstFault } from './common.ts';
import { rtoPhases } from './rto-phases.ts';

/**
 * The fault instant is the first applied fault that cut the clients off writing
 * (`AppliedFault.disruptsWrites`): a lag or a replica's outage before it does not start the
 * clock. RTO runs from that instant to recovery: the completion of the first acknowledged (`ok`)
 * write *invoked* after the outage began. The outage begins at the fault, or — when writes went
 * on succeeding for a while (a full WAL disk bites only when the next segment is needed) — at the
 * first write after the fault that did not succeed. A write sent before the fault and
 * acknowledged just after it (e.g. in the same event-loop turn) says nothing about recovery.
 *
 * Also splits out detection (fault -> failover procedure began) and fault -> new primary writable
 * from the first promotion completed after the fault, and RTO's phases (see rto-phases.ts).
 *
 * Every value is null, with a reason, when it could not be measured: all of them when no fault
 * cut the clients off (or none was injected), `seconds` when no write sent after the fault was
 * acknowledged. A null `seconds` leaves `rto.maxSeconds` not measured, unless the clients were
 * still cut off longer than the bound allows (`downAtLeastSeconds`): then it failed.
 *
 * @param originMs subtracted from `faultAtMs` / `firstAckAtMs` (the run's start on the evidence clock)
 */
export function checkRto(evidence: Evidence, originMs = 0): RtoMetric {
  const fault = firstDisruptiveFault(evidence);
  if (fault === null) {
    const reason = firstFault(evidence) === null ? 'no fault was injected' : 'no fault cut the clients off writing';
    return {
      seconds: null,
      detectionSeconds: null,
      promotionSeconds: null,
      faultToWritableSeconds: null,
      phases: [],
      longestPhase: null,
      downAtLeastSeconds: null,
      faultAtMs: null,
      firstAckAtMs: null,
      reason,
    };
  }
  let outageFrom = fault.atMs;
  let firstFailure = Infinity;
  for (const op of evidence.history.ops) {
    if (op.outcome !== 'ok' && op.invokedAt >= fault.atMs && op.invokedAt < firstFailure) firstFailure = op.invokedAt;
  }
  if (firstFailure !== Infinity) outageFrom = firstFailure;
  let firstAck = Infinity;
  for (const op of evidence.history.ops) {
    if (op.outcome === 'ok' && op.invokedAt >= outageFrom && op.completedAt < firstAck) firstAck = op.completedAt;
  }
  // Never recovered: the last write attempt's end bounds the outage from below.
  let lastAttemptEnd = -Infinity;
  for (const op of evidence.history.ops)
    if (op.invokedAt >= outageFrom && op.completedAt > lastAttemptEnd) lastAttemptEnd = op.completedAt;
  let promotion: Evidence['promotions'][number] | null = null;
  for (const p of evidence.promotions) {
    if (p.completedAtMs > fault.atMs && (promotion === null || p.completedAtMs < promotion.completedAtMs))
      promotion = p;
  }

  const reasons: string[] = [];
  if (firstAck === Infinity) {
    reasons.push(
      evidence.history.ops.length === 0
        ? 'no workload ran: no write to acknowledge'
        : 'no acknowledged write after the fault (none sent after it was acknowledged)',
    );
  }
  if (promotion === null) reasons.push('no promotion after the fault');
  const seconds = firstAck === Infinity ? null : (firstAck - fault.atMs) / 1000;
  const detectionSeconds = promotion === null ? null : (promotion.procedureStartedAtMs - fault.atMs) / 1000;
  const writableSeconds = promotion === null ? null : (promotion.completedAtMs - fault.atMs) / 1000;
  const { phases, longest } = rtoPhases(seconds, detectionSeconds, writableSeconds);
  return {
    seconds,
    detectionSeconds,
    promotionSeconds: writableSeconds,
    faultToWritableSeconds: writableSeconds,
    phases,
    longestPhase: longest,
    downAtLeastSeconds:
      seconds === null && lastAttemptEnd !== -Infinity ? Math.max(0, lastAttemptEnd - fault.atMs) / 1000 : null,
    faultAtMs: fault.atMs - originMs,
    firstAckAtMs: firstAck === Infinity ? null : firstAck - originMs,
    ...(reasons.length > 0 ? { reason: reasons.join('; ') } : {}),
  };
}
